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
	"math"
	"net/http"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"testing/synctest"
	"time"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

// Server is a fake /data server: the scenario's latency, scripted answers and capacity, in virtual time.
// Make one with NewServer inside a synctest bubble. Its methods are safe for concurrent use.
type Server struct {
	sc       Scenario
	start    time.Time
	answered atomic.Int64 // 200s given, to number their bodies

	mu       sync.Mutex
	inFlight int // calls of Fetch that have not returned
	working  int // of those, the ones admitted within Capacity
	peak     int
	attempts map[int]int // calls so far, by id
	calls    []Call
}

// Answer is the fake server's answer to one attempt. Its zero value is 200 OK.
type Answer struct {
	Status     int           // the HTTP status; 0 means 200
	Err        error         // a transport error instead of a status, such as ErrConnReset
	RetryAfter time.Duration // the Retry-After header sent with it; 0: none
	Extra      time.Duration // how much longer than the scenario's Latency this attempt takes: a slow answer
}

// ErrConnReset is a transport error for scripted answers: the connection broke before an answer came.
var ErrConnReset = fmt.Errorf("lessontest: the fake server dropped the connection: %w", syscall.ECONNRESET)

// Call is one call of Server.Fetch: one attempt at a request.
type Call struct {
	ID         int
	Attempt    int           // 0 for the first call with this id, 1 for the first retry, and so on
	At         time.Duration // when it was called, since the server started
	End        time.Duration // when it returned, since the server started; meaningless until Done
	Done       bool          // it has returned
	Status     int           // the answer's status; 0 when Err is set (or not Done)
	Err        error         // the transport error, or ctx's error when Canceled
	RetryAfter time.Duration // the Retry-After answered with it
	Canceled   bool          // ctx was done before the answer
}

// NewServer returns a fake server playing sc's Latency (or LatencyOf), Answer, Capacity, RetryAfter and GiveUp. Call it
// inside a synctest bubble: its clock starts then.
func NewServer(sc Scenario) *Server {
	if sc.RetryAfter == 0 {
		sc.RetryAfter = time.Second
	}
	return &Server{sc: sc, start: time.Now(), attempts: map[int]int{}}
}

// Fetch is the fake's lesson.Fetch. An attempt over capacity is answered 503 with the scenario's
// RetryAfter at once, as the real server does when its queue is full; any other takes exactly Latency
// (plus its Answer's Extra) and gets its scripted Answer, unless ctx is done first: then it gives up
// (after GiveUp) with ctx's error.
// A 200's body is the real server's: {"seq":N,"latency_us":L}, N counting the 200s from 1.
func (s *Server) Fetch(ctx context.Context, id int) lesson.Result {
	start := time.Now()
	s.mu.Lock()
	call, attempt := len(s.calls), s.attempts[id]
	s.calls = append(s.calls, Call{ID: id, Attempt: attempt, At: start.Sub(s.start)})
	s.attempts[id]++
	s.inFlight++
	s.peak = max(s.peak, s.inFlight)
	admitted := s.sc.Capacity == 0 || s.working < s.sc.Capacity
	if admitted {
		s.working++
	}
	s.mu.Unlock()

	r := lesson.Result{ID: id}
	canceled := false
	// The answer is asked for once the latency is over (an Answer hook may itself wait, as RunTail's and
	// RunOutage's do), and its Extra is waited out after it.
	var a Answer
	switch {
	case !admitted:
		r.Status, r.RetryAfter = http.StatusServiceUnavailable, s.sc.RetryAfter
	case !s.wait(ctx, s.latencyOf(id)):
		canceled, r.Err = true, ctx.Err()
	case s.answer(id, attempt, &a) && !s.wait(ctx, a.Extra):
		canceled, r.Err = true, ctx.Err()
	default:
		r.Status, r.Err, r.RetryAfter = a.Status, a.Err, a.RetryAfter
		if r.Status == 0 && r.Err == nil {
			r.Status = http.StatusOK
		}
		if r.Status == http.StatusOK {
			// The real server's body: the how-manieth 200 this is, and the simulated latency.
			r.Body = fmt.Appendf(nil, `{"seq":%d,"latency_us":%d}`, s.answered.Add(1), (s.latencyOf(id) + a.Extra).Microseconds())
		}
		if r.Err != nil {
			r.Status = 0
		}
	}
	r.Latency = time.Since(start)

	s.mu.Lock()
	defer s.mu.Unlock()
	s.inFlight--
	if admitted {
		s.working--
	}
	c := &s.calls[call]
	c.End, c.Done = time.Since(s.start), true
	c.Status, c.Err, c.RetryAfter, c.Canceled = r.Status, r.Err, r.RetryAfter, canceled
	return r
}

// answer sets *a to the scenario's Answer for this attempt (the zero Answer without one), and reports
// whether it has an Extra to wait out.
func (s *Server) answer(id, attempt int, a *Answer) bool {
	if s.sc.Answer != nil {
		*a = s.sc.Answer(id, attempt)
	}
	return a.Extra > 0
}

// latencyOf is id's latency: the scenario's LatencyOf, or its Latency.
func (s *Server) latencyOf(id int) time.Duration {
	if s.sc.LatencyOf != nil {
		return s.sc.LatencyOf(id)
	}
	return s.sc.Latency
}

// wait waits out d and reports true, or reports false once ctx is done (after GiveUp).
func (s *Server) wait(ctx context.Context, d time.Duration) bool {
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return true
	case <-ctx.Done():
		if s.sc.GiveUp > 0 {
			time.Sleep(s.sc.GiveUp) // virtual time: a real request takes a moment to tear down
		}
		return false
	}
}

// Calls returns every call so far, in the order they were made.
func (s *Server) Calls() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.calls)
}

// InFlight is how many calls have not returned yet.
func (s *Server) InFlight() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.inFlight
}

// PeakInFlight is the most calls there were in flight at once.
func (s *Server) PeakInFlight() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.peak
}

// Scenario is how Run sets up the fake server and the context.
type Scenario struct {
	Latency     time.Duration                // every admitted attempt's latency
	LatencyOf   func(id int) time.Duration   // each id's latency, in place of Latency; nil: Latency for every id
	Answer      func(id, attempt int) Answer // the answer to each attempt (attempt 0 is the first); nil: all 200
	Capacity    int                          // attempts the server works on at once; above it, 503 at once; 0: no limit
	RetryAfter  time.Duration                // the Retry-After of a 503 over capacity; 0: one second
	GiveUp      time.Duration                // how long an attempt takes to give up once ctx is done; 0: at once
	CancelAfter time.Duration                // cancel the pattern's context this long after the call; 0: never
	Limit       time.Duration                // the virtual time the pattern may take; 0: one hour
	Hang        string                       // what usually keeps this pattern from returning, said when it does not
}

// latencies says how long the scenario's requests take, for a message: "requests here take 10ms each".
func (sc Scenario) latencies() string {
	if sc.LatencyOf != nil {
		return "each request here takes a time of its own, set by its id"
	}
	return fmt.Sprintf("requests here take %v each", sc.Latency)
}

// hang is sc.Hang as the end of a message.
func (sc Scenario) hang() string {
	if sc.Hang == "" {
		return ""
	}
	return " " + sc.Hang
}

// Pattern is a learner's function with its arguments bound, as Run calls it: it makes its requests with
// fetch, and returns what the lesson's exercise returns.
type Pattern[T any] func(ctx context.Context, fetch lesson.Fetch) T

// Outcome is what Run saw.
type Outcome[T any] struct {
	Returned     T             // what the pattern returned
	Took         time.Duration // virtual time from the call to the return
	PeakInFlight int           // the most attempts in flight at once
	Calls        []Call        // every attempt, in the order they were made
	InFlight     int           // attempts still in flight when the pattern returned
	LeftRunning  int           // goroutines still running (or blocked) after the pattern returned

	left []goroutine
}

// CallsAfter returns the calls made at or after d.
func (o Outcome[T]) CallsAfter(d time.Duration) []Call { return o.CallsBetween(d, math.MaxInt64) }

// CallsBetween returns the calls made at or after from and before to.
func (o Outcome[T]) CallsBetween(from, to time.Duration) []Call {
	var in []Call
	for _, c := range o.Calls {
		if c.At >= from && c.At < to {
			in = append(in, c)
		}
	}
	return in
}

// Hint is a likely cause to add to a failure message when no request was made at all: the stub, when the
// pattern returned at once; something it waited for, when it took time.
func (o Outcome[T]) Hint() string {
	switch {
	case len(o.Calls) > 0:
		return ""
	case o.Took > 0:
		return fmt.Sprintf(" (no request was made, yet it took %v to return: what did it wait for? A select whose "+
			"only case is <-ctx.Done() waits until ctx is cancelled; to check ctx without waiting, give the select "+
			"a default case, or use ctx.Err().)", o.Took)
	}
	return " (no request was made: is it still the stub? " + stubAdvice() + ")"
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
// fake server playing sc, and returns what happened. It fails the test and stops it if the pattern does
// not return within the scenario's limit, and fails it if goroutines are left running after the pattern
// returns.
func Run[T any](t *testing.T, fn string, sc Scenario, pattern Pattern[T]) Outcome[T] {
	t.Helper()
	limit := sc.Limit
	if limit == 0 {
		limit = time.Hour
	}
	var out Outcome[T]
	var returned bool
	var crash string // the pattern's panic and its stack, if it panicked
	// Bubble stops the test (synctest.Test calls FailNow) when the bubble's own test failed. Nothing in
	// Run's bubble fails it, but -race does, when the pattern's goroutines race: say what that means.
	stopped := true
	defer func() {
		if stopped && t.Failed() {
			t.Log(raced(fn))
		}
	}()
	blocked := Bubble(t, func(t *testing.T) { returned, crash = runPattern(sc, limit, pattern, &out) })
	stopped = false
	switch {
	case crash != "":
		t.Fatalf("%s panicked: %s", fn, crash)
	case !returned:
		t.Fatalf("%s did not return within %v (of virtual time: %s); it made %d requests, "+
			"%d of them still in flight. Is it waiting for a channel that is never closed, a receive nobody sends "+
			"to, a WaitGroup that never reaches zero (a goroutine counted twice, or counted down on a copy of the "+
			"WaitGroup: share it by pointer, never by value; go vet says so), or in a select whose only case is "+
			"<-ctx.Done() (which waits until ctx is cancelled, where a default case would only check it)?%s%s%s",
			fn, limit, sc.latencies(), len(out.Calls), inFlight(out.Calls), nothingInFlight(out.Calls), waitingIn(out.left), sc.hang())
	case out.LeftRunning > 0 || blocked:
		t.Errorf("%s returned, but goroutines it started were still running or blocked: every goroutine "+
			"needs an owner that waits for it to end before returning (a WaitGroup, or a channel closed when it is done).%s",
			fn, describe(out.left))
	}
	return out
}

// runPattern runs pattern, inside Run's bubble, against a fake server for sc, and fills out. It waits
// until the pattern returns or limit passes (virtual time); returned says which, and crash holds the
// pattern's panic, if it panicked.
func runPattern[T any](sc Scenario, limit time.Duration, pattern Pattern[T], out *Outcome[T]) (returned bool, crash string) {
	srv := NewServer(sc)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if sc.CancelAfter > 0 {
		time.AfterFunc(sc.CancelAfter, cancel)
	}
	before := bubbleGoroutines()
	done := make(chan T, 1)
	go func() {
		// A panic in the pattern's own goroutine (an index out of range, say) becomes this test's
		// failure instead of crashing the test binary. A panic in a goroutine the pattern starts
		// cannot be caught, and crashes it; its traceback names the test (see labelCrashes).
		defer func() {
			if r := recover(); r != nil {
				crash = fmt.Sprintf("%v\n%s", r, debug.Stack())
				close(done)
			}
		}()
		done <- pattern(ctx, srv.Fetch)
	}()
	select {
	case out.Returned = <-done:
		returned = true
		out.Took = time.Since(srv.start)
		out.InFlight = srv.InFlight()
		synctest.Wait() // what the pattern started has now exited, or is blocked
		out.left = newSince(before, bubbleGoroutines())
		out.LeftRunning = len(out.left)
	case <-time.After(limit):
		out.left = newSince(before, bubbleGoroutines()) // where the pattern's goroutines wait
	}
	out.PeakInFlight, out.Calls = srv.PeakInFlight(), srv.Calls()
	return returned, crash
}

// nothingInFlight is a likely cause to add for a pattern that did not return, with none of its requests in
// flight and some of them refused (503 or 429): it waits for a moment that nothing wakes it for, the end of a
// pause or a retry's due time. "" otherwise.
func nothingInFlight(calls []Call) string {
	refused := false
	for _, c := range calls {
		refused = refused || c.Status == http.StatusServiceUnavailable || c.Status == http.StatusTooManyRequests
	}
	if !refused || inFlight(calls) > 0 {
		return ""
	}
	return " With nothing in flight, no answer will come to wake it: if it waits for a moment (the end of a " +
		"pause, a retry's due time), is there a timer for that moment in its select?"
}

// waitingIn says where the goroutines of a pattern that did not return wait: "" when none is left.
func waitingIn(gs []goroutine) string {
	if len(gs) == 0 {
		return ""
	}
	return " Where its goroutines wait:" + describe(gs)
}

// Bubble runs f in a synctest bubble, like synctest.Test, and reports whether goroutines were left blocked
// when f returned. synctest would panic then, stopping every other test; Bubble recovers, so that the
// test can fail with a message instead.
//
// Virtual time cannot move while a goroutine of the bubble spins, or waits for a sync.Mutex: a mutex held
// across a fake request stops the clock for good. Bubble watches for that in real time and stops the
// test binary with a diagnosis: within half a second for goroutines stuck on a mutex, after 10s otherwise.
//
// A panic in a goroutine f starts cannot be recovered, and kills the test binary; the goroutines of the
// bubble carry the test's name and the rule such a panic usually breaks as labels, which the crash's
// traceback shows (see labelCrashes).
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
	synctest.Test(t, func(t *testing.T) {
		labelCrashes(t.Name()) // a crash in a goroutine of the bubble names the test
		f(t)
	})
	return false
}
