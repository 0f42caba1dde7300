package lessontest

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

// Tail is a slow tail scripted per attempt, for patterns that hedge: the latency of attempt `attempt` (0
// for the first call with an id, 1 for the next, as in Scenario.Answer) of request id, when it is longer
// than the scenario's Latency; 0 (or anything not above Latency) for an attempt that takes Latency. The
// real server's -tail draws its slow answers per attempt in the same way.
type Tail func(id, attempt int) time.Duration

// RunTail is Run against the fake server with a slow tail: the attempts tail picks take as long as it
// says, unless their ctx is done first (then they give up after the scenario's GiveUp, with ctx's error,
// and are recorded as Canceled), and every attempt is recorded in the Outcome like any other: its start,
// its end, the peak in flight, the attempts still in flight at the return. The scenario's Answer, if any,
// says what each attempt answers once its latency is over.
//
// Two attempts at one id made at the same virtual instant may trade their latencies: the tail is meant
// for attempts made at different moments, as hedges are.
func RunTail[T any](t *testing.T, fn string, sc Scenario, tail Tail, pattern Pattern[T]) Outcome[T] {
	t.Helper()
	slow := &slowAttempts{ctxs: map[attemptKey]context.Context{}, made: map[int]int{}, cut: map[attemptKey]bool{}}
	answer := sc.Answer
	// The fake server calls Answer once an attempt's Latency is over, before it records the attempt's end:
	// waiting here makes the attempt longer, and it is recorded as such.
	sc.Answer = func(id, attempt int) Answer {
		if err := slow.wait(id, attempt, tail(id, attempt)-sc.Latency, sc.GiveUp); err != nil {
			return Answer{Err: err}
		}
		if answer != nil {
			return answer(id, attempt)
		}
		return Answer{}
	}
	out := Run(t, fn, sc, func(ctx context.Context, fetch lesson.Fetch) T {
		return pattern(ctx, slow.track(fetch))
	})
	for i, c := range out.Calls {
		if slow.wasCut(c.ID, c.Attempt) {
			out.Calls[i].Canceled = true
		}
	}
	return out
}

type attemptKey struct{ id, attempt int }

// slowAttempts knows each attempt's ctx, so that the wait on the slow tail can end when it is done.
type slowAttempts struct {
	mu   sync.Mutex
	ctxs map[attemptKey]context.Context
	made map[int]int         // attempts made so far, by id
	cut  map[attemptKey]bool // attempts whose ctx was done during their wait on the tail
}

// track returns fetch, noting the ctx of each attempt it makes.
func (s *slowAttempts) track(fetch lesson.Fetch) lesson.Fetch {
	return func(ctx context.Context, id int) lesson.Result {
		s.mu.Lock()
		s.ctxs[attemptKey{id, s.made[id]}] = ctx
		s.made[id]++
		s.mu.Unlock()
		return fetch(ctx, id)
	}
}

// wait waits extra (nothing when it is not above 0) for the attempt, and returns nil; or, once its ctx is
// done, waits giveUp and returns ctx's error.
func (s *slowAttempts) wait(id, attempt int, extra, giveUp time.Duration) error {
	if extra <= 0 {
		return nil
	}
	key := attemptKey{id, attempt}
	s.mu.Lock()
	ctx := s.ctxs[key]
	s.mu.Unlock()
	if ctx == nil {
		ctx = context.Background()
	}
	timer := time.NewTimer(extra)
	defer timer.Stop()
	select {
	case <-timer.C:
		return nil
	case <-ctx.Done():
		if giveUp > 0 {
			time.Sleep(giveUp) // virtual time: a real request takes a moment to tear down
		}
		s.mu.Lock()
		s.cut[key] = true
		s.mu.Unlock()
		return ctx.Err()
	}
}

func (s *slowAttempts) wasCut(id, attempt int) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cut[attemptKey{id, attempt}]
}
