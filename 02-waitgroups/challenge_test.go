package main

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
	"github.com/go-concurrency-workshop/workshop/internal/lessontest"
)

// The challenge's tests. Time is virtual here too: a fake request takes exactly answerIn to answer,
// unless its ctx is done first, and callers call Do at exact moments.
const answerIn = 10 * time.Millisecond

// caller is one goroutine that calls Do in a test.
type caller struct {
	name  string        // for messages: "A"
	id    int           // the id it asks for
	at    time.Duration // when it calls Do
	leave time.Duration // when its ctx is cancelled; 0: never
	gone  bool          // its ctx is cancelled before it calls Do
}

// answer is what Do returned to a caller, and when.
type answer struct {
	caller
	r        lesson.Result
	returned time.Duration
}

// ask is the pattern lessontest.Run runs: a Dedup made with NewDedup from the fake server's fetch, and a
// goroutine per caller that calls its Do. It returns their answers, in the callers' order, or nil when
// NewDedup returned nil.
func ask(callers ...caller) lessontest.Pattern[[]answer] {
	return func(ctx context.Context, fetch lesson.Fetch) []answer {
		start := time.Now()
		d := NewDedup(fetch)
		if d == nil {
			return nil
		}
		answers := make([]answer, len(callers))
		var wg sync.WaitGroup
		for i, c := range callers {
			wg.Go(func() {
				time.Sleep(c.at)
				ctx, cancel := context.WithCancel(ctx)
				defer cancel()
				if c.gone {
					cancel()
				}
				if c.leave > 0 {
					defer time.AfterFunc(c.leave-c.at, cancel).Stop()
				}
				r := d.Do(ctx, c.id)
				answers[i] = answer{caller: c, r: r, returned: time.Since(start)}
			})
		}
		wg.Wait()
		return answers
	}
}

// runDedup runs the callers against the fake server playing sc, whose requests take answerIn, and stops
// the test if NewDedup returned nil.
func runDedup(t *testing.T, sc lessontest.Scenario, callers ...caller) lessontest.Outcome[[]answer] {
	t.Helper()
	sc.Latency, sc.Limit = answerIn, time.Minute
	out := lessontest.Run(t, "Dedup.Do", sc, ask(callers...))
	if out.Returned == nil {
		t.Fatal("NewDedup returned nil: write NewDedup first (TestNewDedup checks it), then Do.")
	}
	return out
}

// resultText says what a Result holds, for a message.
func resultText(r lesson.Result) string {
	switch {
	case r.Err != nil:
		return fmt.Sprintf("the error %q for id %d", r.Err, r.ID)
	case r.Status == 0:
		return fmt.Sprintf("an empty Result (no status, no error, id %d): is Do still the stub, or was the result "+
			"read before the request's goroutine wrote it?", r.ID)
	case len(r.Body) > 0:
		return fmt.Sprintf("%d for id %d, with the body %s", r.Status, r.ID, r.Body)
	}
	return fmt.Sprintf("%d for id %d", r.Status, r.ID)
}

// okBody is the fake server's body for its seq-th 200 OK.
func okBody(seq int) string {
	return fmt.Sprintf(`{"seq":%d,"latency_us":%d}`, seq, answerIn.Microseconds())
}

// gotAnswer checks that a caller got the 200 OK whose body is want, for its id, at the moment when.
func gotAnswer(t *testing.T, a answer, want string, when time.Duration, why string) bool {
	t.Helper()
	if a.r.Status != 200 || a.r.Err != nil || a.r.ID != a.id || string(a.r.Body) != want || a.returned != when {
		t.Errorf("caller %s (id %d, at %v) should have got 200 OK for id %d with the body %s at %v: %s. It got %s, "+
			"at %v.", a.name, a.id, a.at, a.id, want, when, why, resultText(a.r), a.returned)
		return false
	}
	return true
}

// leftAtOnce checks that a caller who left got ctx's error for its id, at the moment it left.
func leftAtOnce(t *testing.T, a answer) bool {
	t.Helper()
	when := a.leave
	if a.gone {
		when = a.at
	}
	switch {
	case a.returned != when:
		t.Errorf("caller %s's ctx was cancelled at %v, but Do returned only at %v, with %s: a caller whose ctx is "+
			"done returns at once, with ctx's error, without waiting for the request. Does it wait for the request "+
			"alone, and not for its ctx as well?", a.name, when, a.returned, resultText(a.r))
	case !errors.Is(a.r.Err, context.Canceled) || a.r.ID != a.id:
		t.Errorf("caller %s's ctx was cancelled at %v: Do should have returned ctx's error (context.Canceled) for id "+
			"%d; it returned %s.", a.name, when, a.id, resultText(a.r))
	default:
		return true
	}
	return false
}

// requestList lists calls of fetch, for a message: "id 3 at 0s (cancelled at 3ms), ...".
func requestList(calls []lessontest.Call) string {
	return lessontest.Few(calls, 4, func(c lessontest.Call) string {
		s := fmt.Sprintf("id %d at %v", c.ID, c.At)
		switch {
		case !c.Done:
			s += " (still in flight)"
		case c.Canceled:
			s += fmt.Sprintf(" (cancelled, ended at %v)", c.End)
		}
		return s
	})
}

func TestNewDedup(t *testing.T) {
	t.Run("returns a Dedup that makes its requests with the fetch it is given", func(t *testing.T) {
		out := runDedup(t, lessontest.Scenario{}, caller{name: "A", id: 4})
		if len(out.Calls) != 1 || out.Calls[0].ID != 4 {
			t.Errorf("one call of Do for id 4 should make one request for id 4, with the fetch given to NewDedup; the "+
				"requests made: %s. (If Do is still the stub, TestDedupDo says what it must do.)", requestList(out.Calls))
			return
		}
		gotAnswer(t, out.Returned[0], okBody(1), answerIn, "the answer to the request it made")
	})

	t.Run("returns Dedups that share nothing", func(t *testing.T) {
		two := func(ctx context.Context, fetch lesson.Fetch) []answer {
			d1, d2 := NewDedup(fetch), NewDedup(fetch)
			if d1 == nil || d2 == nil {
				return nil
			}
			answers := make([]answer, 2)
			var wg sync.WaitGroup
			for i, d := range []*Dedup{d1, d2} {
				wg.Go(func() { answers[i] = answer{caller: caller{id: 4}, r: d.Do(ctx, 4)} })
			}
			wg.Wait()
			return answers
		}
		out := lessontest.Run(t, "Dedup.Do", lessontest.Scenario{Latency: answerIn, Limit: time.Minute}, two)
		if out.Returned == nil {
			t.Fatal("NewDedup returned nil: it should return a Dedup ready to use.")
		}
		if len(out.Calls) != 2 {
			t.Errorf("two Dedups, made by two calls of NewDedup, each asked for id 4 at the same moment: each should "+
				"make its own request, 2 in all; the requests made: %s. Do they share their requests in flight? A "+
				"map declared at package level is one map for every Dedup: keep it in the Dedup.", requestList(out.Calls))
		}
		for _, a := range out.Returned {
			if a.r.Status != 200 || a.r.ID != 4 {
				t.Errorf("each Dedup should have returned 200 OK for id 4; one returned %s.", resultText(a.r))
				return
			}
		}
	})
}

func TestDedupDo(t *testing.T) {
	t.Run("returns the result of the request it makes", func(t *testing.T) {
		out := runDedup(t, lessontest.Scenario{}, caller{name: "A", id: 7})
		if len(out.Calls) != 1 || out.Calls[0].ID != 7 {
			t.Errorf("one call of Do for id 7 should make one request, for id 7; the requests made: %s.", requestList(out.Calls))
		}
		gotAnswer(t, out.Returned[0], okBody(1), answerIn, "the result fetch returned, as it returned it")
	})

	t.Run("does not make calls for different ids wait for each other", func(t *testing.T) {
		var callers []caller
		for id := range 10 {
			callers = append(callers, caller{name: fmt.Sprint(id), id: id})
		}
		out := runDedup(t, lessontest.Scenario{}, callers...)
		if out.PeakInFlight != 10 || len(out.Calls) != 10 {
			t.Errorf("10 callers asked for 10 different ids at the same moment: their 10 requests should be in flight "+
				"together; %d requests were made, at most %d at once. Is a lock held while a request is in flight, or "+
				"are different ids sharing a request?", len(out.Calls), out.PeakInFlight)
		}
		for _, a := range out.Returned {
			if a.r.ID != a.id || a.r.Status != 200 || a.returned != answerIn {
				t.Errorf("caller %s asked for id %d at 0s: it should have got 200 OK for id %d at %v; it got %s at %v.",
					a.name, a.id, a.id, answerIn, resultText(a.r), a.returned)
				return
			}
		}
	})

	t.Run("shares the request in flight with every caller who asks for the same id", func(t *testing.T) {
		var callers []caller
		for i := range 15 { // 15 callers, from 0 to 7ms, while the request (0 to 10ms) is in flight
			callers = append(callers, caller{name: string(rune('A' + i)), id: 3, at: time.Duration(i) * answerIn / 20})
		}
		out := runDedup(t, lessontest.Scenario{}, callers...)
		if len(out.Calls) != 1 {
			t.Errorf("15 callers asked for id 3 between 0 and 7ms, while the first request for it (0 to 10ms) was in "+
				"flight: want 1 request, shared by all of them; the requests made: %s. A caller who finds a request "+
				"for its id in flight waits for it instead of sending another.", requestList(out.Calls))
		}
		for _, a := range out.Returned {
			if !gotAnswer(t, a, okBody(1), answerIn, "every caller waiting for a request gets its result when it ends") {
				return
			}
		}
	})

	t.Run("makes a new request for a call that comes after the request has ended", func(t *testing.T) {
		out := runDedup(t, lessontest.Scenario{},
			caller{name: "A", id: 3}, caller{name: "B", id: 3, at: answerIn / 2}, caller{name: "C", id: 3, at: answerIn + 5*time.Millisecond})
		if len(out.Calls) != 2 {
			t.Errorf("the request for id 3 that callers A and B shared ended at %v; caller C asked for id 3 at %v: it "+
				"should make a new request. Do deduplicates requests in flight; it is not a cache. The requests made: "+
				"%s. Is a request kept once it has ended? (A sync.Once runs its function once, for good.)",
				answerIn, answerIn+5*time.Millisecond, requestList(out.Calls))
		}
		if gotAnswer(t, out.Returned[0], okBody(1), answerIn, "the first request's") {
			gotAnswer(t, out.Returned[1], okBody(1), answerIn, "the first request's, in flight when B asked")
		}
		gotAnswer(t, out.Returned[2], okBody(2), 2*answerIn+5*time.Millisecond, "the answer to a new request, made at 15ms")
	})

	// A asks first and leaves at 3ms; B and C ask at 1 and 2ms and stay; D asks at 5ms, after A has left.
	oneLeaves := []caller{
		{name: "A", id: 5, leave: 3 * time.Millisecond},
		{name: "B", id: 5, at: time.Millisecond},
		{name: "C", id: 5, at: 2 * time.Millisecond},
		{name: "D", id: 5, at: 5 * time.Millisecond},
	}

	t.Run("returns at once with ctx's error to a caller who leaves", func(t *testing.T) {
		out := runDedup(t, lessontest.Scenario{}, oneLeaves...)
		leftAtOnce(t, out.Returned[0])
	})

	t.Run("goes on with the request for the callers who stay", func(t *testing.T) {
		out := runDedup(t, lessontest.Scenario{}, oneLeaves...)
		switch {
		case len(out.Calls) == 0 || out.Calls[0].Canceled:
			t.Errorf("caller A, who asked first, left at 3ms, while B and C still waited for the request for id 5: it "+
				"should have gone on for them, and answered at %v; the requests made: %s. Is the request made with "+
				"the first caller's ctx, or cancelled as soon as any caller leaves? Only the last caller to leave "+
				"may cancel it.", answerIn, requestList(out.Calls))
		case len(out.Calls) != 1:
			t.Errorf("caller D asked for id 5 at 5ms, after A had left, while the request B and C waited for was still "+
				"in flight: D should have shared it too; the requests made: %s. Is the request taken out of the "+
				"requests in flight when any caller leaves? It is in flight until it ends, or until its last caller "+
				"has left.", requestList(out.Calls))
		}
		for _, a := range out.Returned[1:] {
			if !gotAnswer(t, a, okBody(1), answerIn, "the request went on for the callers still waiting") {
				return
			}
		}
	})

	t.Run("cancels the request once every caller waiting for it has left", func(t *testing.T) {
		out := runDedup(t, lessontest.Scenario{},
			caller{name: "A", id: 5, leave: 3 * time.Millisecond},
			caller{name: "B", id: 5, at: time.Millisecond, leave: 5 * time.Millisecond},
			caller{name: "C", id: 5, at: 2 * time.Millisecond, leave: 7 * time.Millisecond})
		const allGone = 7 * time.Millisecond
		switch {
		case len(out.Calls) != 1:
			t.Errorf("callers A, B and C asked for id 5 at 0, 1 and 2ms: want 1 request; the requests made: %s.", requestList(out.Calls))
		case !out.Calls[0].Canceled || out.Calls[0].End != allGone:
			t.Errorf("callers A, B and C left at 3, 5 and 7ms: the request for id 5 should have been cancelled at %v, "+
				"when the last of them left, and no sooner. The request: %s. Once nobody waits for it, cancel the ctx "+
				"fetch was given; while anybody waits, do not.", allGone, requestList(out.Calls))
		}
		for _, a := range out.Returned {
			if !leftAtOnce(t, a) {
				return
			}
		}
	})

	t.Run("makes a new request for a call that comes after every caller of the last one has left", func(t *testing.T) {
		// Here a cancelled request takes 4ms to give up: A's, cancelled at 3ms, ends at 7ms. B asks at 5ms.
		out := runDedup(t, lessontest.Scenario{GiveUp: 4 * time.Millisecond},
			caller{name: "A", id: 6, leave: 3 * time.Millisecond}, caller{name: "B", id: 6, at: 5 * time.Millisecond})
		leftAtOnce(t, out.Returned[0])
		if len(out.Calls) != 2 {
			t.Errorf("caller A left at 3ms, the only caller of the request for id 6, which was cancelled then; caller B "+
				"asked for id 6 at 5ms, while the cancelled request was still giving up: B should have made a new "+
				"request. The requests made: %s. A request nobody waits for any more has ended for the callers: "+
				"take it out of the requests in flight when it is cancelled, not when its fetch returns.", requestList(out.Calls))
		}
		gotAnswer(t, out.Returned[1], okBody(1), 5*time.Millisecond+answerIn, "the answer to a new request, made at 5ms")
	})

	t.Run("keeps a new request in flight when the cancelled one before it ends", func(t *testing.T) {
		// As above, a cancelled request takes 4ms to give up: A's, cancelled at 3ms, ends at 7ms. B asks at
		// 5ms and makes a new request (5 to 15ms); C asks at 9ms, after the cancelled one has ended.
		out := runDedup(t, lessontest.Scenario{GiveUp: 4 * time.Millisecond},
			caller{name: "A", id: 6, leave: 3 * time.Millisecond},
			caller{name: "B", id: 6, at: 5 * time.Millisecond},
			caller{name: "C", id: 6, at: 9 * time.Millisecond})
		if len(out.Calls) != 2 {
			t.Errorf("caller A's request for id 6 was cancelled at 3ms and gave up at 7ms; caller B made a new one at "+
				"5ms, in flight until 15ms; caller C asked for id 6 at 9ms: C should have shared B's request, 2 "+
				"requests in all; the requests made: %s. Did the cancelled request, as it ended at 7ms, take B's "+
				"out of the requests in flight? A request that ends removes its own entry only, if it is still "+
				"there: B's has taken its place.", requestList(out.Calls))
		}
		for _, a := range out.Returned[1:] {
			if !gotAnswer(t, a, okBody(1), 5*time.Millisecond+answerIn, "the answer to the request B made at 5ms") {
				return
			}
		}
	})

	t.Run("shares a failed answer like any other", func(t *testing.T) {
		// The request for id 3 is answered 500, and the one for id 4 with a transport error: each is the
		// answer for its id, shared by the callers who asked for it while it was in flight.
		failures := lessontest.Failures{Status500: []int{3}, Reset: []int{4}}
		out := runDedup(t, lessontest.Scenario{Answer: failures.Answer},
			caller{name: "A", id: 3}, caller{name: "B", id: 3, at: time.Millisecond}, caller{name: "C", id: 3, at: 2 * time.Millisecond},
			caller{name: "D", id: 4}, caller{name: "E", id: 4, at: time.Millisecond})
		if len(out.Calls) != 2 {
			t.Errorf("callers A, B and C asked for id 3, D and E for id 4, while the first request for each was in "+
				"flight: want 2 requests, one per id, even though they failed; the requests made: %s. Does a caller "+
				"make a request of its own when the shared one failed? A 500 or a transport error is that request's "+
				"result, and every caller waiting for it gets it: a caller who wants another try calls Do again.",
				requestList(out.Calls))
		}
		for _, a := range out.Returned {
			want := fmt.Sprintf("the 500 for id %d", a.id)
			failed := a.r.Status == 500 && a.r.Err == nil
			if a.id == 4 {
				want = "the transport error for id 4"
				failed = a.r.Status == 0 && errors.Is(a.r.Err, lessontest.ErrConnReset)
			}
			if !failed || a.r.ID != a.id || a.returned != answerIn {
				t.Errorf("caller %s (id %d, at %v) should have got %s at %v, the shared request's result; it got %s at %v.",
					a.name, a.id, a.at, want, answerIn, resultText(a.r), a.returned)
				return
			}
		}
	})

	t.Run("gives a caller who leaves just as the answer comes one or the other, and never hangs", func(t *testing.T) {
		// For each of 10 ids, 10 callers leave at 10ms, the very moment the answer comes, and one stays. Which
		// of the two comes first is up to the scheduler: each who leaves may get either. Whichever it is,
		// nothing may deadlock: handing the answer to a caller who is busy leaving, while holding what it
		// needs to leave, would. That happens only on some schedules: the scenario runs 5 times.
		var callers []caller
		for id := range 10 {
			callers = append(callers, caller{name: fmt.Sprintf("stayer of id %d", id), id: id})
			for i := range 10 {
				callers = append(callers, caller{name: fmt.Sprintf("leaver %d of id %d", i, id), id: id, at: time.Millisecond, leave: answerIn})
			}
		}
		for range 5 {
			out := runDedup(t, lessontest.Scenario{}, callers...)
			for _, a := range out.Returned {
				answer := a.r.Status == 200 && a.r.Err == nil
				if a.returned != answerIn || a.r.ID != a.id || !answer && (a.leave == 0 || !errors.Is(a.r.Err, context.Canceled)) {
					t.Fatalf("caller %s (who left at %v, 0s: never) should have got its id's answer, or if it left, "+
						"maybe ctx's error instead, at %v; it got %s at %v.", a.name, a.leave, answerIn, resultText(a.r), a.returned)
				}
			}
		}
	})

	t.Run("makes no request for a caller whose ctx is already done", func(t *testing.T) {
		out := runDedup(t, lessontest.Scenario{},
			caller{name: "A", id: 2, gone: true},
			caller{name: "B", id: 4},
			caller{name: "C", id: 4, at: 2 * time.Millisecond, gone: true})
		for _, c := range out.Calls {
			if c.ID == 2 {
				t.Errorf("caller A's ctx was done before it called Do for id 2: Do should have returned ctx's error at "+
					"once, without a request; the requests made: %s.", requestList(out.Calls))
				break
			}
		}
		leftAtOnce(t, out.Returned[0])
		leftAtOnce(t, out.Returned[2])
		gotAnswer(t, out.Returned[1], okBody(1), answerIn, "caller C, whose ctx was already done when it asked for id 4, "+
			"never waited for the request: the request went on for B")
	})

	t.Run("shares one request per id among 15 callers each, for 50 ids at once", func(t *testing.T) {
		var callers []caller
		for i := range 15 {
			for id := range 50 {
				callers = append(callers, caller{name: fmt.Sprintf("%d of id %d", i, id), id: id, at: time.Duration(i) * answerIn / 20})
			}
		}
		out := runDedup(t, lessontest.Scenario{}, callers...)
		perID := map[int]int{}
		for _, c := range out.Calls {
			perID[c.ID]++
		}
		for id := range 50 {
			if perID[id] != 1 {
				t.Errorf("15 callers asked for id %d while its first request was in flight: want 1 request for it; there "+
					"were %d (%d requests in all, for 50 ids).", id, perID[id], len(out.Calls))
				return
			}
		}
		for _, a := range out.Returned {
			if a.r.ID != a.id || a.r.Status != 200 || a.returned != answerIn {
				t.Errorf("caller %s should have got 200 OK for id %d at %v; it got %s at %v.", a.name, a.id, answerIn,
					resultText(a.r), a.returned)
				return
			}
		}
	})
}
