// Package lessontest is the lessons' test kit: it runs a learner's pattern against a fake /data server in a
// synctest bubble, where time is virtual and exact, and reports what happened; its checks fail with
// messages that say what was expected, what happened and the likely cause.
//
// A learner's bug must fail the test that names it, quickly and readably: never hang the test binary, never
// crash it. So Run bounds the pattern in virtual time, turns goroutines left blocked into a test failure
// (synctest itself would panic and stop every other test), and stops the test binary with a message if a
// bubble still runs after 15s of real time (a goroutine spinning, or stuck on a mutex, which virtual time
// cannot see).
package lessontest

import (
	"context"
	"fmt"
	"runtime/debug"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

// Server is a fake /data server. Its Fetch takes exactly Latency of virtual time, answers Status(id) (200
// when Status is nil), returns early with ctx's error when ctx is done, and records every call.
// Use it inside a synctest bubble. Its methods are safe for concurrent use.
type Server struct {
	Latency time.Duration
	Status  func(id int) int

	mu       sync.Mutex
	start    time.Time
	inFlight int
	peak     int
	calls    []Call
}

// Call is one call of Server.Fetch.
type Call struct {
	ID       int
	At       time.Duration // when it was called, since the run started
	Canceled bool          // ctx was done before the answer
}

// Fetch is the fake's lesson.Fetch.
func (s *Server) Fetch(ctx context.Context, id int) lesson.Result {
	start := time.Now()
	s.mu.Lock()
	call := len(s.calls)
	s.calls = append(s.calls, Call{ID: id, At: start.Sub(s.start)})
	s.inFlight++
	s.peak = max(s.peak, s.inFlight)
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		s.inFlight--
		s.mu.Unlock()
	}()

	timer := time.NewTimer(s.Latency)
	defer timer.Stop()
	select {
	case <-timer.C:
	case <-ctx.Done():
		s.mu.Lock()
		s.calls[call].Canceled = true
		s.mu.Unlock()
		return lesson.Result{ID: id, Latency: time.Since(start), Err: ctx.Err()}
	}
	status := 200
	if s.Status != nil {
		status = s.Status(id)
	}
	return lesson.Result{ID: id, Latency: time.Since(start), Status: status}
}

func (s *Server) snapshot() (inFlight, peak int, calls []Call) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.inFlight, s.peak, append([]Call(nil), s.calls...)
}

// Scenario is how Run sets up the fake server and the context.
type Scenario struct {
	Latency     time.Duration    // every request's latency
	Status      func(id int) int // each request's status; all 200 when nil
	CancelAfter time.Duration    // cancel the pattern's context this long after the call; 0: never
	Limit       time.Duration    // the virtual time the pattern may take; 0: one hour
}

// Outcome is what Run saw.
type Outcome struct {
	Results      []lesson.Result // what the pattern returned
	Took         time.Duration   // virtual time from the call to the return
	PeakInFlight int             // the most requests in flight at once
	Calls        []Call          // every request, in the order they were made
	InFlight     int             // requests still in flight when the pattern returned
	LeftRunning  int             // goroutines still running (or blocked) after the pattern returned

	left []goroutine
}

// CallsAfter returns the calls made at or after d.
func (o Outcome) CallsAfter(d time.Duration) []Call {
	var after []Call
	for _, c := range o.Calls {
		if c.At >= d {
			after = append(after, c)
		}
	}
	return after
}

// Hint is a likely cause to add to a failure message when nothing happened at all.
func (o Outcome) Hint() string {
	if len(o.Calls) == 0 && len(o.Results) == 0 {
		return " (no request was made and no result returned: is it still the stub? Follow the TODOs.)"
	}
	return ""
}

// watch starts the watchdog of a bubble and returns the function that stops it (and waits for it).
func watch(test string) (stop func()) {
	done, finished := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(finished)
		tick := time.NewTicker(250 * time.Millisecond)
		defer tick.Stop()
		start, onMutex := time.Now(), 0
		for {
			select {
			case <-done:
				return
			case now := <-tick.C:
				if stuckOnMutex() {
					onMutex++
				} else {
					onMutex = 0
				}
				if onMutex >= 2 || now.Sub(start) > 10*time.Second {
					panic(stuck(test))
				}
			}
		}
	}()
	return func() {
		close(done)
		<-finished
	}
}

// Run calls pattern, the learner's function fn with its arguments bound, in a synctest bubble against a
// fake server, and returns what happened. It fails the test and stops it if the pattern does not return
// within the scenario's limit, and fails it if goroutines are left running after the pattern returns.
func Run(t *testing.T, fn string, sc Scenario, pattern func(ctx context.Context, fetch lesson.Fetch) []lesson.Result) Outcome {
	t.Helper()
	limit := sc.Limit
	if limit == 0 {
		limit = time.Hour
	}
	var out Outcome
	returned := false
	crash := ""
	blocked := Bubble(t, func(t *testing.T) {
		srv := &Server{Latency: sc.Latency, Status: sc.Status, start: time.Now()}
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		if sc.CancelAfter > 0 {
			time.AfterFunc(sc.CancelAfter, cancel)
		}
		before := bubbleGoroutines()
		done := make(chan []lesson.Result, 1)
		go func() {
			// A panic in the pattern's own goroutine (an index out of range, say) becomes this test's
			// failure instead of crashing the test binary. A panic in a goroutine the pattern starts
			// cannot be caught, and crashes it.
			defer func() {
				if r := recover(); r != nil {
					crash = fmt.Sprintf("%v\n%s", r, debug.Stack())
					close(done)
				}
			}()
			done <- pattern(ctx, srv.Fetch)
		}()
		select {
		case out.Results = <-done:
			returned = true
			out.Took = time.Since(srv.start)
			out.InFlight, _, _ = srv.snapshot()
			synctest.Wait() // what the pattern started has now exited, or is blocked
			out.left = newSince(before, bubbleGoroutines())
			out.LeftRunning = len(out.left)
		case <-time.After(limit):
		}
		_, out.PeakInFlight, out.Calls = srv.snapshot()
	})
	switch {
	case crash != "":
		t.Fatalf("%s panicked: %s", fn, crash)
	case !returned:
		t.Fatalf("%s did not return within %v (of virtual time: requests here take %v each). Is it waiting for "+
			"a channel that is never closed, a receive nobody sends to, or a WaitGroup that never reaches zero?",
			fn, limit, sc.Latency)
	case out.LeftRunning > 0 || blocked:
		t.Errorf("%s returned, but goroutines it started were still running or blocked: every goroutine "+
			"needs an owner that waits for it to end before returning (a WaitGroup, or a channel closed when it is done).%s",
			fn, describe(out.left))
	}
	return out
}

// Bubble runs f in a synctest bubble, like synctest.Test, and reports whether goroutines were left blocked
// when f returned. synctest would panic then, stopping every other test; Bubble recovers, so that the
// test can fail with a message instead.
//
// Virtual time cannot move while a goroutine of the bubble spins, or waits for a sync.Mutex: a mutex held
// across a fake request stops the clock for good. Bubble watches for that in real time and stops the
// test binary with a diagnosis: within half a second for goroutines stuck on a mutex, after 10s otherwise.
func Bubble(t *testing.T, f func(t *testing.T)) (blocked bool) {
	t.Helper()
	defer watch(t.Name())()
	defer func() {
		if r := recover(); r != nil {
			// synctest's deadlock panics are errors whose text starts "deadlock: "; anything else is not ours.
			if err, ok := r.(error); !ok || !strings.HasPrefix(err.Error(), "deadlock: ") {
				panic(r)
			}
			blocked = true
		}
	}()
	synctest.Test(t, f)
	return false
}
