package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-concurrency-workshop/workshop/internal/dataserver"
	"github.com/go-concurrency-workshop/workshop/internal/lesson"
	"github.com/go-concurrency-workshop/workshop/internal/lessontest"
)

// The challenge's tests. Time is virtual here too. The Breaker's tests drive it with workers, or callers
// that ask at exact moments, against a fake server whose answers are scripted, or that goes down for a
// while: every answer a 500 at once (lessontest.RunOutage). Resilient's run against such an outage.

// breakerSettings are the numbers of the Breaker's tests: 3 failures in a row open it, it stays open 1s, and
// 2 probes find out whether the server is back.
var breakerSettings = BreakerSettings{Trip: 3, CoolDown: time.Second, Probes: 2}

// breakerLate is how late a caller held by Allow may be let through: the contract allows a few milliseconds,
// for a design that looks again every millisecond.
const breakerLate = 5 * time.Millisecond

// breakerAsk is one call of Allow in a test, and what became of it.
type breakerAsk struct {
	id       int           // the request it asked for
	asked    time.Duration // when it called Allow
	returned time.Duration // when Allow returned
	err      error         // what Allow returned
	leave    time.Duration // when its ctx was cancelled; 0: never
	gone     bool          // its ctx was done before it called Allow
}

// breakerRun is what a test's driver saw.
type breakerRun struct {
	made    bool // NewBreaker returned a Breaker
	asks    []breakerAsk
	changes []StateChange // Changes, once every request was done
}

// breakerPool is a pattern for lessontest.Run: a Breaker made with NewBreaker(s), and workers goroutines that
// take ids 0 to n-1 in turn; for each, a worker asks the breaker (Allow), makes the request if let through,
// and tells the breaker its outcome (Done). Nothing is retried: this is Resilient without its retries.
// With watch, one more goroutine reads Changes every 10ms while they run.
func breakerPool(s BreakerSettings, n, workers int, watch bool) lessontest.Pattern[breakerRun] {
	return func(ctx context.Context, fetch lesson.Fetch) breakerRun {
		start := time.Now()
		b := NewBreaker(s)
		if b == nil {
			return breakerRun{}
		}
		run := breakerRun{made: true}
		var mu sync.Mutex
		jobs := make(chan int)
		var wg sync.WaitGroup
		wg.Go(func() {
			defer close(jobs)
			for id := range n {
				jobs <- id
			}
		})
		var workersWG sync.WaitGroup
		for range workers {
			workersWG.Go(func() {
				for id := range jobs {
					a := breakerAsk{id: id, asked: time.Since(start)}
					a.err = b.Allow(ctx)
					a.returned = time.Since(start)
					if a.err == nil {
						b.Done(fetch(ctx, id))
					}
					mu.Lock()
					run.asks = append(run.asks, a)
					mu.Unlock()
				}
			})
		}
		if watch {
			done := make(chan struct{})
			wg.Go(func() {
				tick := time.NewTicker(10 * time.Millisecond)
				defer tick.Stop()
				for {
					select {
					case <-done:
						return
					case <-tick.C:
						b.Changes()
					}
				}
			})
			workersWG.Wait()
			close(done)
		}
		workersWG.Wait()
		wg.Wait()
		run.changes = b.Changes()
		return run
	}
}

// breakerCaller is a goroutine of a test that asks a Breaker once, at a given moment.
type breakerCaller struct {
	id    int           // the request it makes if let through
	at    time.Duration // when it calls Allow
	leave time.Duration // when its ctx is cancelled; 0: never
	gone  bool          // its ctx is done before it calls Allow
}

// breakerCallers is a pattern for lessontest.Run: a Breaker made with NewBreaker(s), and a goroutine per
// caller that asks it at the caller's moment, makes the request if let through, and tells it the outcome.
func breakerCallers(s BreakerSettings, callers ...breakerCaller) lessontest.Pattern[breakerRun] {
	return func(ctx context.Context, fetch lesson.Fetch) breakerRun {
		start := time.Now()
		b := NewBreaker(s)
		if b == nil {
			return breakerRun{}
		}
		run := breakerRun{made: true, asks: make([]breakerAsk, len(callers))}
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
				a := breakerAsk{id: c.id, asked: time.Since(start), leave: c.leave, gone: c.gone}
				a.err = b.Allow(ctx)
				a.returned = time.Since(start)
				if a.err == nil {
					b.Done(fetch(ctx, c.id))
				}
				run.asks[i] = a
			})
		}
		wg.Wait()
		run.changes = b.Changes()
		return run
	}
}

// hangHint says what usually keeps a breaker's callers waiting for good: the Scenario's Hang, said when a
// run never returned (and not when -race or a panic stopped it).
const hangHint = "If the callers all wait in Allow for good, the breaker never let them through again. The end of " +
	"the cool-down is a change that no call makes: does a held caller wait for it (a timer), as well as for the " +
	"changes that other calls make? And does a probe that fails open the breaker again, starting a new " +
	"cool-down, rather than leave it half-open with every probe spent?"

// runBreaker is lessontest.Run for the Breaker's tests: if the run never returns, it adds hangHint.
func runBreaker(t *testing.T, fn string, sc lessontest.Scenario, pattern lessontest.Pattern[breakerRun]) lessontest.Outcome[breakerRun] {
	t.Helper()
	sc.Hang = hangHint
	out := lessontest.Run(t, fn, sc, pattern)
	needBreaker(t, out.Returned)
	return out
}

// breakerDriver names the test's workers in lessontest's messages.
const breakerDriver = "the test's workers behind the Breaker"

// needBreaker stops the test if NewBreaker returned nil.
func needBreaker(t *testing.T, run breakerRun) {
	t.Helper()
	if !run.made {
		t.Fatal("NewBreaker returned nil: write NewBreaker first (TestNewBreaker checks it), then the methods.")
	}
}

// scripted is a scenario whose answers are script[id] (200 beyond it), each after latency.
func scripted(latency time.Duration, script ...lessontest.Answer) lessontest.Scenario {
	return lessontest.Scenario{Latency: latency, Limit: time.Minute, Answer: func(id, _ int) lessontest.Answer {
		if id < len(script) {
			return script[id]
		}
		return lessontest.Answer{}
	}}
}

// Answers for scripts.
var (
	ok200 = lessontest.Answer{}
	s500  = lessontest.Answer{Status: http.StatusInternalServerError}
	s502  = lessontest.Answer{Status: http.StatusBadGateway}
	s503  = lessontest.Answer{Status: http.StatusServiceUnavailable, RetryAfter: time.Second}
	s429  = lessontest.Answer{Status: http.StatusTooManyRequests}
	reset = lessontest.Answer{Err: lessontest.ErrConnReset}
)

// stateSpan is a stretch of time in one state: from a change to the next (to is -1 for the last).
type stateSpan struct {
	state    State
	from, to time.Duration
	next     State // the state after it; "" for the last
}

func stateSpans(changes []StateChange) []stateSpan {
	spans := make([]stateSpan, len(changes))
	for i, c := range changes {
		spans[i] = stateSpan{state: c.State, from: c.At, to: -1}
		if i+1 < len(changes) {
			spans[i].to, spans[i].next = changes[i+1].At, changes[i+1].State
		}
	}
	return spans
}

// callsIn returns the calls made during a span. Calls at the very moment it begins are in it; calls at the
// moment it ends are in it only when the next state is open: a request sent then was let through before.
func callsIn(calls []lessontest.Call, sp stateSpan) []lessontest.Call {
	var in []lessontest.Call
	for _, c := range calls {
		if c.At >= sp.from && (sp.to < 0 || c.At < sp.to || c.At == sp.to && sp.next == Open) {
			in = append(in, c)
		}
	}
	return in
}

// listChanges shows the changes of state, for a message.
func listChanges(changes []StateChange) string {
	if len(changes) == 0 {
		return " none"
	}
	var b strings.Builder
	for i, c := range changes {
		if i == 12 {
			fmt.Fprintf(&b, " … (%d in all)", len(changes))
			break
		}
		fmt.Fprintf(&b, " %s at %v;", c.State, c.At)
	}
	return b.String()
}

// listCalls shows requests, for a message.
func listCalls(calls []lessontest.Call) string {
	return lessontest.Few(calls, 5, func(c lessontest.Call) string {
		what := fmt.Sprintf("id %d", c.ID)
		if c.Attempt > 0 {
			what = fmt.Sprintf("a retry of id %d", c.ID)
		}
		switch {
		case !c.Done:
			return fmt.Sprintf("%s at %v (still in flight)", what, c.At)
		case c.Err != nil:
			return fmt.Sprintf("%s at %v (error at %v)", what, c.At, c.End)
		default:
			return fmt.Sprintf("%s at %v (%d at %v)", what, c.At, c.Status, c.End)
		}
	})
}

// noFailFast checks that Allow never returned an error to a caller whose ctx was not done: an open breaker
// holds its callers, it does not fail them.
func noFailFast(t *testing.T, asks []breakerAsk) bool {
	t.Helper()
	for _, a := range asks {
		if a.err != nil && !a.gone && (a.leave == 0 || a.returned < a.leave) {
			t.Errorf("Allow returned the error %q at %v to a caller (id %d, asking since %v) whose ctx was not done. An open "+
				"breaker holds its callers until it lets them through (Allow waits), it does not turn them away: a "+
				"batch job's requests must all be made in the end. Allow returns an error only once the caller's ctx "+
				"is done.", a.err, a.returned, a.id, a.asked)
			return false
		}
	}
	return true
}

// opened checks that the breaker opened at least once.
func opened(t *testing.T, changes []StateChange, why string) bool {
	t.Helper()
	for _, c := range changes {
		if c.State == Open {
			return true
		}
	}
	t.Errorf("the breaker never opened, %s. Its changes:%s. Does Done count the failures in a row, and open the "+
		"breaker at the Trip-th (TestBreakerDone checks it), and does Changes record it?", why, listChanges(changes))
	return false
}

// heldWhileOpen checks that no request was made while the breaker was open: from the moment it opened, for
// CoolDown.
func heldWhileOpen(t *testing.T, calls []lessontest.Call, changes []StateChange, s BreakerSettings) bool {
	t.Helper()
	for _, sp := range stateSpans(changes) {
		if sp.state != Open {
			continue
		}
		for _, c := range calls {
			if c.At > sp.from && c.At < sp.from+s.CoolDown {
				t.Errorf("the breaker opened at %v, so nothing should be sent until %v, CoolDown later; but id %d was sent "+
					"at %v. While open, Allow holds every caller: it lets none through before the cool-down has passed, "+
					"whatever else happens meanwhile. Its changes:%s", sp.from, sp.from+s.CoolDown, c.ID, c.At,
					listChanges(changes))
				return false
			}
		}
	}
	return true
}

// fewProbes checks that no more than Probes requests were made while the breaker was half-open.
func fewProbes(t *testing.T, calls []lessontest.Call, changes []StateChange, s BreakerSettings) bool {
	t.Helper()
	for _, sp := range stateSpans(changes) {
		if sp.state != HalfOpen {
			continue
		}
		if in := callsIn(calls, sp); len(in) > s.Probes {
			end := "the end of the run"
			if sp.to >= 0 {
				end = fmt.Sprintf("%v (%s)", sp.to, sp.next)
			}
			t.Errorf("the breaker was half-open from %v to %s, and let %d requests through: %s. Half-open lets %d "+
				"(Probes) requests through, in all, and holds every other caller until they have all succeeded (it "+
				"closes) or one has failed (it opens again). A server that has just come back should not get every "+
				"worker at once. Its changes:%s", sp.from, end, len(in), listCalls(in), s.Probes, listChanges(changes))
			return false
		}
	}
	return true
}

// outageRun runs the breaker's outage scenario: workers goroutines make n requests of 10ms each through a
// Breaker with breakerSettings, against a server down from 300ms to 1.5s (every answer a 500 at once). With
// 5 workers, the breaker opens at 300ms; at 1.3s its probes find the server still down and it opens
// again; at 2.3s they find it back, and at 2.31s it closes.
func outageRun(t *testing.T, n, workers int, watch bool) lessontest.Outcome[breakerRun] {
	t.Helper()
	sc := lessontest.Scenario{Latency: 10 * time.Millisecond, Limit: time.Minute, Hang: hangHint}
	out := lessontest.RunOutage(t, breakerDriver, sc, lessontest.Outage{From: 300 * time.Millisecond, To: 1500 * time.Millisecond},
		breakerPool(breakerSettings, n, workers, watch))
	needBreaker(t, out.Returned)
	return out
}

func TestNewBreaker(t *testing.T) {
	t.Run("leaves no goroutine of its own running once none of its methods is in progress", func(t *testing.T) {
		// A breaker made, opened by 3 failures, read: every call has returned. A goroutine it started then (an
		// owner that runs for good, a timer's goroutine still to come) outlives its calls.
		var left string
		idle := func(ctx context.Context, _ lesson.Fetch) breakerRun {
			before := lessontest.Goroutines()
			b := NewBreaker(breakerSettings)
			if b == nil {
				return breakerRun{}
			}
			for range breakerSettings.Trip {
				if b.Allow(ctx) == nil {
					b.Done(lesson.Result{Status: http.StatusInternalServerError})
				}
			}
			changes := b.Changes()
			left = before.Left()
			return breakerRun{made: true, changes: changes}
		}
		out := lessontest.Run(t, "NewBreaker, Allow, Done and Changes", lessontest.Scenario{Limit: time.Minute}, idle)
		needBreaker(t, out.Returned)
		if left != "" {
			t.Errorf("NewBreaker, then 3 calls of Allow and Done, and one of Changes, have all returned, yet goroutines the "+
				"Breaker started are still there:%s\nNothing a Breaker starts may outlive the calls of its methods: once "+
				"none is in progress, no goroutine of its own is left running. A goroutine that owns the state is "+
				"started by a call that finds none running, and ends once it holds no caller (the next call starts "+
				"another); a mutex needs no goroutine at all.", left)
		}
	})

	t.Run("returns a closed breaker that lets requests through at once", func(t *testing.T) {
		out := lessontest.Run(t, breakerDriver, lessontest.Scenario{Latency: 10 * time.Millisecond, Limit: time.Minute},
			breakerPool(breakerSettings, 50, 5, false))
		needBreaker(t, out.Returned)
		for _, a := range out.Returned.asks {
			if a.err != nil || a.returned != a.asked {
				t.Fatalf("a new breaker is closed, and lets every request through at once; but Allow, called at %v, "+
					"returned %v at %v. (If Allow is still the stub, TestBreakerAllow says what it must do.)",
					a.asked, a.err, a.returned)
			}
		}
		assert.Len(t, out.Calls, 50, "5 workers made 50 requests through a new breaker, every one answered 200: each "+
			"should have been let through")
		assert.Equal(t, []StateChange{{At: 0, State: Closed}}, out.Returned.changes, "a new breaker is closed from 0 on, and "+
			"50 answers of 200 change nothing: Changes should hold that one change. (If Changes is still the stub, "+
			"TestBreakerChanges says what it must do.)")
	})

	t.Run("returns breakers that share nothing", func(t *testing.T) {
		two := func(ctx context.Context, _ lesson.Fetch) []StateChange {
			b1, b2 := NewBreaker(breakerSettings), NewBreaker(breakerSettings)
			if b1 == nil || b2 == nil {
				return nil
			}
			for range breakerSettings.Trip { // b1: three failures in a row open it
				if b1.Allow(ctx) == nil {
					b1.Done(lesson.Result{Status: http.StatusInternalServerError})
				}
			}
			ctx, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
			defer cancel()
			if err := b2.Allow(ctx); err != nil {
				return []StateChange{{State: "b2 held"}}
			}
			b2.Done(lesson.Result{Status: http.StatusOK})
			return b2.Changes()
		}
		out := lessontest.Run(t, breakerDriver, lessontest.Scenario{Limit: time.Minute}, two)
		if out.Returned == nil {
			t.Fatal("NewBreaker returned nil: it should return a closed Breaker.")
		}
		assert.Equal(t, []StateChange{{At: 0, State: Closed}}, out.Returned, "two breakers made by two calls of NewBreaker: after "+
			"three failures through the first, the second should still be closed and let a request through at once. "+
			"Do they share their state? Keep it in the Breaker, not in variables declared at package level.")
	})
}

func TestBreakerAllow(t *testing.T) {
	// First, so that the race detector's report, if any, lands here: it reports each race once.
	t.Run("is safe for concurrent use: 16 goroutines asking and reporting at once, and Changes read meanwhile, without a data race", func(t *testing.T) {
		// No server: 16 goroutines ask, and report outcomes that open and close the breaker again and again
		// (a cool-down of 1ms), while one more reads Changes. Nothing else orders what they do: under -race, a
		// read or a write of the breaker's state outside its lock (or its owner) is reported. Then the outage
		// scenario below, with 20 workers.
		s := BreakerSettings{Trip: 3, CoolDown: time.Millisecond, Probes: 2}
		hammer := func(ctx context.Context, _ lesson.Fetch) breakerRun {
			b := NewBreaker(s)
			if b == nil {
				return breakerRun{}
			}
			run := breakerRun{made: true}
			var mu sync.Mutex
			var wg sync.WaitGroup
			for g := range 16 {
				wg.Go(func() {
					for i := range 200 {
						a := breakerAsk{id: g*1000 + i}
						if a.err = b.Allow(ctx); a.err != nil {
							mu.Lock()
							run.asks = append(run.asks, a)
							mu.Unlock()
							continue
						}
						r := lesson.Result{ID: a.id, Status: http.StatusOK}
						if (g+i)%10 < 5 { // runs of 5 failures, then of 5 successes
							r.Status = http.StatusInternalServerError
						}
						b.Done(r)
					}
				})
			}
			done := make(chan struct{})
			var reader sync.WaitGroup
			reader.Go(func() {
				tick := time.NewTicker(time.Millisecond)
				defer tick.Stop()
				for {
					select {
					case <-done:
						return
					case <-tick.C:
						b.Changes()
					}
				}
			})
			wg.Wait()
			close(done)
			reader.Wait()
			run.changes = b.Changes()
			return run
		}
		out := runBreaker(t, breakerDriver, lessontest.Scenario{Limit: time.Minute}, hammer)
		if !noFailFast(t, out.Returned.asks) || !opened(t, out.Returned.changes, "though each goroutine reported runs of 5 failures") {
			return
		}
		// And 20 workers through an outage, the breaker read by one more goroutine meanwhile.
		outage := outageRun(t, 1600, 20, true)
		noFailFast(t, outage.Returned.asks)
		assert.Len(t, outage.Returned.asks, 1600, "every one of the 1,600 requests should have been let through in the end")
	})

	t.Run("lets every request through at once while closed", func(t *testing.T) {
		out := outageRun(t, 400, 5, false)
		before := out.CallsBetween(0, 300*time.Millisecond)
		for _, a := range out.Returned.asks {
			if a.asked < 300*time.Millisecond && (a.err != nil || a.returned != a.asked) {
				t.Fatalf("the breaker is closed until the server goes down at 300ms, so Allow lets every request through "+
					"at once; but a caller that asked at %v got %v at %v. Its changes:%s", a.asked, a.err, a.returned,
					listChanges(out.Returned.changes))
			}
		}
		assert.Len(t, before, 150, "5 workers, 10ms a request, every request let through at once: 150 requests before "+
			"300ms; %d were made. Its changes:%s", len(before), listChanges(out.Returned.changes))
	})

	t.Run("holds its callers while open: nothing is sent until CoolDown has passed", func(t *testing.T) {
		out := outageRun(t, 400, 5, false)
		run := out.Returned
		if noFailFast(t, run.asks) && opened(t, run.changes, "though the server answered every request with a 500 from 300ms to 1.5s") {
			heldWhileOpen(t, out.Calls, run.changes, breakerSettings)
		}
		held := 0
		for _, a := range run.asks {
			if a.err == nil && a.returned >= a.asked+500*time.Millisecond {
				held++
			}
		}
		assert.Positive(t, held, "no caller was held by Allow for 500ms or more, though the breaker should have been "+
			"open from 300ms to 1.3s and from 1.3s to 2.3s. Its changes:%s", listChanges(run.changes))
	})

	t.Run("lets Probes requests through while half-open, and holds every other caller", func(t *testing.T) {
		out := outageRun(t, 400, 5, false)
		run := out.Returned
		if !opened(t, run.changes, "though the server answered every request with a 500 from 300ms to 1.5s") ||
			!fewProbes(t, out.Calls, run.changes, breakerSettings) {
			return
		}
		// The first probe comes back before the second is sent: id 3's answer at 1.2s frees no place for id 5,
		// who asks at 1.22s while id 4's probe is still out. Probes counts the requests let through.
		ms := time.Millisecond
		callers := breakerCallers(breakerSettings,
			breakerCaller{id: 0}, breakerCaller{id: 1}, breakerCaller{id: 2}, // 500s at 100ms: open until 1.1s
			breakerCaller{id: 3, at: 500 * ms},  // held, then the first probe, at 1.1s: 200 at 1.2s
			breakerCaller{id: 4, at: 1150 * ms}, // the second probe: 200 at 1.25s, and the breaker closes
			breakerCaller{id: 5, at: 1220 * ms}, // held until then
		)
		out = runBreaker(t, breakerDriver, scripted(100*ms, s500, s500, s500), callers)
		run = out.Returned
		if !noFailFast(t, run.asks) || !fewProbes(t, out.Calls, run.changes, breakerSettings) {
			return
		}
		if a := run.asks[5]; a.err != nil || a.returned < 1250*ms || a.returned > 1250*ms+breakerLate {
			why := "Half-open lets Probes requests through in all, not Probes at a time."
			if a.returned > 1250*ms {
				why = "When the breaker closes, every caller it holds goes at once: is a held caller woken by the change?"
			}
			t.Errorf("the breaker was half-open from 1.1s: id 3 went through then, its 200 came at 1.2s, and id 4 went "+
				"through at 1.15s. Id 5 asked at 1.22s: it should have been held until id 4's 200 closed the breaker, "+
				"at 1.25s; Allow returned %v at %v. %s Its changes:%s", a.err, a.returned, why, listChanges(run.changes))
		}
	})

	t.Run("lets its callers through as soon as the cool-down ends, and all of them the moment it closes", func(t *testing.T) {
		out := outageRun(t, 400, 5, false)
		run := out.Returned
		if !opened(t, run.changes, "though the server answered every request with a 500 from 300ms to 1.5s") {
			return
		}
		spans := stateSpans(run.changes)
		for i, sp := range spans {
			switch {
			case sp.state == Open:
				var first *lessontest.Call
				for j, c := range out.Calls {
					if c.At > sp.from {
						first = &out.Calls[j]
						break
					}
				}
				if first == nil || first.At > sp.from+breakerSettings.CoolDown+breakerLate {
					t.Errorf("the breaker opened at %v; at %v, CoolDown later, it is half-open and lets a probe through "+
						"at once, for the workers it holds; the first request after the opening was %s. Does a caller "+
						"held by Allow wait for the end of the cool-down (a timer), and not only for a change that "+
						"another caller makes? Its changes:%s", sp.from, sp.from+breakerSettings.CoolDown,
						listCalls(out.CallsAfter(sp.from+1)), listChanges(run.changes))
					return
				}
			case sp.state == Closed && i > 0:
				if sent := out.CallsBetween(sp.from, sp.from+breakerLate+1); len(sent) < 5 {
					t.Errorf("the breaker closed at %v, with its 5 workers held or back from their probes: all 5 should "+
						"have been let through at once; %d requests were made by %v: %s. When the breaker closes, "+
						"every caller it holds goes: are they woken by the change, or only by a timer? Its changes:%s",
						sp.from, len(sent), sp.from+breakerLate, listCalls(sent), listChanges(run.changes))
					return
				}
			}
		}
	})

	t.Run("returns ctx's error at once to a caller whose ctx is done, held or not", func(t *testing.T) {
		ms := time.Millisecond
		callers := breakerCallers(breakerSettings,
			breakerCaller{id: 0}, breakerCaller{id: 1}, breakerCaller{id: 2}, // 500s at 10ms: open until 1.01s
			breakerCaller{id: 3, at: 100 * ms, leave: 400 * ms}, // held, leaves at 400ms
			breakerCaller{id: 4, at: 200 * ms, gone: true},      // its ctx is done before it asks
			breakerCaller{id: 5, at: 500 * ms},                  // held, then the first probe, at 1.01s
			breakerCaller{id: 6, at: 1500 * ms},                 // the second probe: the breaker closes at 1.51s
			breakerCaller{id: 7, at: 2000 * ms, gone: true},     // closed, but its ctx is done
			breakerCaller{id: 8, at: 2000 * ms},                 // closed: at once
		)
		out := runBreaker(t, breakerDriver, scripted(10*ms, s500, s500, s500), callers)
		run := out.Returned
		for _, i := range []int{3, 4, 7} {
			a := run.asks[i]
			when, why := a.leave, "its ctx was cancelled while Allow held it"
			if a.gone {
				when, why = a.asked, "its ctx was done before it called Allow"
			}
			if !errors.Is(a.err, context.Canceled) || a.returned != when {
				t.Errorf("id %d asked at %v, and %s: Allow should have returned ctx's error (context.Canceled) at %v; it "+
					"returned %v at %v. Does Allow wait in a select that has ctx.Done() among its cases, and check "+
					"ctx before anything else?", a.id, a.asked, why, when, a.err, a.returned)
			}
		}
		for _, c := range out.Calls {
			if c.ID == 3 || c.ID == 4 || c.ID == 7 {
				t.Errorf("id %d's caller left (its ctx was done) before the breaker let it through, so no request "+
					"should have been made for it; one was, at %v.", c.ID, c.At)
			}
		}
		for _, w := range []struct {
			i    int
			when time.Duration
		}{{5, 1010 * ms}, {6, 1500 * ms}, {8, 2000 * ms}} {
			if a := run.asks[w.i]; a.err != nil || a.returned < w.when || a.returned > w.when+breakerLate {
				t.Errorf("id %d asked at %v and stayed: Allow should have let it through at %v; it returned %v at %v. "+
					"Callers who left must not change what the others get. Its changes:%s", a.id, a.asked, w.when,
					a.err, a.returned, listChanges(run.changes))
			}
		}
	})
}

// sequence runs a breaker with one worker, ids one after another, each answered as script says after 10ms.
func sequence(t *testing.T, fn string, n int, script ...lessontest.Answer) lessontest.Outcome[breakerRun] {
	t.Helper()
	return runBreaker(t, fn, scripted(10*time.Millisecond, script...), breakerPool(breakerSettings, n, 1, false))
}

// endOf is when id's request ended.
func endOf(calls []lessontest.Call, id int) time.Duration {
	for _, c := range calls {
		if c.ID == id {
			return c.End
		}
	}
	return -1
}

// probeScript: 3 failures open the breaker at 30ms; at 1.03s, id 3's probe succeeds and id 4's fails: it
// opens again at 1.05s; at 2.05s ids 5 and 6 succeed, and it closes at 2.07s.
var probeScript = []lessontest.Answer{s500, s500, s500, ok200, s500, ok200, ok200}

// probeChanges are the changes the probe script should make, from its calls: each opening at the end of the
// failure that opened it, each half-open CoolDown later, the closing at the end of the last probe's success.
func probeChanges(calls []lessontest.Call) []StateChange {
	cd := breakerSettings.CoolDown
	open2 := endOf(calls, 4)
	return []StateChange{
		{At: 0, State: Closed}, {At: endOf(calls, 2), State: Open}, {At: endOf(calls, 2) + cd, State: HalfOpen},
		{At: open2, State: Open}, {At: open2 + cd, State: HalfOpen}, {At: endOf(calls, 6), State: Closed},
	}
}

func TestBreakerDone(t *testing.T) {
	t.Run("opens at the Trip-th failure in a row, and a success starts the count again", func(t *testing.T) {
		// 2 failures, a success, 2 failures, a success, then 3 failures: the third opens it, at 90ms.
		out := sequence(t, "Breaker.Done", 12, s500, s500, ok200, s500, s500, ok200, s500, s500, s500)
		changes := out.Returned.changes
		if len(changes) < 2 || changes[1] != (StateChange{At: 90 * time.Millisecond, State: Open}) {
			t.Errorf("one worker, ids one after another, 10ms each: 500, 500, 200, 500, 500, 200, 500, 500, 500. Trip is "+
				"3: only the last three are 3 failures in a row, so the breaker should open at 90ms, when id 8's 500 is "+
				"reported, and not before. Its changes:%s. Opening at 40ms means the success of id 2 did not start the "+
				"count again: it counts failures, not failures in a row.", listChanges(changes))
		}
	})

	t.Run("counts a transport error and any answer of 500 or more but 503 as a failure", func(t *testing.T) {
		out := sequence(t, "Breaker.Done", 10, reset, s502, s500)
		changes := out.Returned.changes
		if len(changes) < 2 || changes[1] != (StateChange{At: 30 * time.Millisecond, State: Open}) {
			t.Errorf("ids 0, 1 and 2 failed, 10ms each: a transport error (connection reset), a 502 and a 500: 3 "+
				"failures in a row, so the breaker should open at 30ms. Its changes:%s. A failure is a Result with an "+
				"Err, or a status of 500 or more other than 503.", listChanges(changes))
		}
	})

	t.Run("does not count a 503 or a 429 as a failure: either starts the count again", func(t *testing.T) {
		out := sequence(t, "Breaker.Done", 20, s500, s500, s503, s500, s500, s429, s500, s500, s503, s503, s503, s429)
		changes := out.Returned.changes
		assert.Equal(t, []StateChange{{At: 0, State: Closed}}, changes, "500, 500, 503, 500, 500, 429, 500, 500, 503, 503, 503, "+
			"429: never 3 failures in a row, since a 503 or a 429 is not a failure but the server's overload signal: "+
			"it answered, it is not down. The breaker should stay closed; its changes:%s. Opening at 30ms counts the "+
			"503 as a failure; at 40ms, it leaves the count as it was instead of starting it again.", listChanges(changes))
	})

	t.Run("stays open for CoolDown from the failure that opened it, whatever is reported while it is open", func(t *testing.T) {
		// A caller every 10ms, each request 95ms; ids 0 to 11 fail. Ids 0, 1 and 2 fail at 95, 105 and 115ms:
		// the breaker opens at 115ms. Ids 3 to 11, let through before that, fail while it is open, up to 205ms.
		// It is half-open at 1.115s; its probes, ids held since 120ms, succeed at 1.21s, and it closes.
		ms := time.Millisecond
		var callers []breakerCaller
		for id := range 150 {
			callers = append(callers, breakerCaller{id: id, at: time.Duration(id) * 10 * ms})
		}
		var script []lessontest.Answer
		for range 12 {
			script = append(script, s500)
		}
		out := runBreaker(t, "Breaker.Done", scripted(95*ms, script...), breakerCallers(breakerSettings, callers...))
		run := out.Returned
		if !noFailFast(t, run.asks) || !opened(t, run.changes, "though ids 0 to 11 all failed") {
			return
		}
		if run.changes[1] != (StateChange{At: 115 * ms, State: Open}) {
			t.Errorf("ids 0, 1 and 2 failed at 95, 105 and 115ms: the breaker should open at 115ms, at the third failure "+
				"in a row. Its changes:%s", listChanges(run.changes))
			return
		}
		if !heldWhileOpen(t, out.Calls, run.changes, breakerSettings) {
			t.Log("Is the cool-down measured from an earlier moment than the opening: the first failure, or the first " +
				"request of the run?")
			return
		}
		probe := out.CallsAfter(115*ms + 1)
		if len(probe) == 0 || probe[0].At > 1115*ms+breakerLate {
			t.Errorf("the breaker opened at 115ms, so the callers it held should get their probes at 1.115s, CoolDown "+
				"later; the first request after the opening: %s. Ids 3 to 11, let through before the opening, failed "+
				"while it was open, up to 205ms: those outcomes change nothing, neither the count nor the end of the "+
				"cool-down. Its changes:%s", listCalls(probe), listChanges(run.changes))
		}
	})

	t.Run("ignores a success reported while it is open: it stays open for its CoolDown", func(t *testing.T) {
		// Ids 0, 1 and 2 fail at 10ms: open. Id 3, let through at 5ms while it was closed, answers 200 at 15ms,
		// while it is open: an outcome of a request let through before, which changes nothing. Id 4, asking
		// at 100ms, is held until 1.01s (a probe), id 5 is the second probe at 1.5s, and it closes at 1.51s.
		ms := time.Millisecond
		callers := breakerCallers(breakerSettings,
			breakerCaller{id: 0}, breakerCaller{id: 1}, breakerCaller{id: 2},
			breakerCaller{id: 3, at: 5 * ms},
			breakerCaller{id: 4, at: 100 * ms},
			breakerCaller{id: 5, at: 1500 * ms},
		)
		out := runBreaker(t, "Breaker.Done", scripted(10*ms, s500, s500, s500), callers)
		run := out.Returned
		if !noFailFast(t, run.asks) || !opened(t, run.changes, "though ids 0, 1 and 2 failed") {
			return
		}
		want := []StateChange{{At: 0, State: Closed}, {At: 10 * ms, State: Open}, {At: 1010 * ms, State: HalfOpen},
			{At: 1510 * ms, State: Closed}}
		if !assert.Equal(t, want, run.changes, "ids 0, 1 and 2 failed at 10ms and opened the breaker; id 3, let through "+
			"at 5ms while it was closed, answered 200 at 15ms, while it was open. Outcomes reported while open are "+
			"ignored, a success as well as a failure: they are of requests let through before it opened, and say "+
			"nothing of the server now. It stays open until 1.01s, and only its probes (ids 4 and 5) close it. Does "+
			"Done close the breaker, or count a success, whatever the state? Its changes:%s", listChanges(run.changes)) {
			return
		}
		heldWhileOpen(t, out.Calls, run.changes, breakerSettings)
	})

	t.Run("starts the count again when it closes: Trip failures in a row after that, not fewer, open it again", func(t *testing.T) {
		// One worker, 10ms a request: 500, 500, 500 open it at 30ms; ids 3 and 4, the probes, succeed at 1.04s
		// and 1.05s, and it closes. Then 500, 500, 200, 500, 500, 200: never 3 failures in a row.
		out := sequence(t, "Breaker.Done", 14, s500, s500, s500, ok200, ok200, s500, s500, ok200, s500, s500, ok200)
		ms := time.Millisecond
		want := []StateChange{{At: 0, State: Closed}, {At: 30 * ms, State: Open}, {At: 1030 * ms, State: HalfOpen},
			{At: 1050 * ms, State: Closed}}
		assert.Equal(t, want, out.Returned.changes, "one worker, 10ms a request: 3 failures open the breaker at 30ms, its "+
			"2 probes succeed and it closes at 1.05s; after that, 500, 500, 200, 500, 500, 200 are never 3 failures in a "+
			"row, so it stays closed. Opening at 1.06s, at the first failure after the closing, means the count of "+
			"failures in a row was left at 3 when it closed: a closed breaker starts counting from 0. Its changes:%s",
			listChanges(out.Returned.changes))
	})

	t.Run("opens again for another CoolDown when a probe fails", func(t *testing.T) {
		out := sequence(t, "Breaker.Done", 12, probeScript...)
		changes := out.Returned.changes
		var states []State
		for _, c := range changes {
			states = append(states, c.State)
		}
		want := []State{Closed, Open, HalfOpen, Open, HalfOpen, Closed}
		if !assert.Equal(t, want, states, "one worker, 10ms a request: 500, 500, 500 open the breaker at 30ms; at "+
			"1.03s id 3's probe succeeds, then id 4's fails, which opens it again; a second CoolDown later, ids 5 and "+
			"6 succeed and it closes. Its changes:%s", listChanges(changes)) {
			return
		}
		if open2 := endOf(out.Calls, 4); changes[3].At != open2 {
			t.Errorf("id 4, the second probe, failed at %v: the breaker should open again at that moment; it opened at "+
				"%v.", open2, changes[3].At)
		}
		heldWhileOpen(t, out.Calls, changes, breakerSettings)
	})

	t.Run("closes once Probes probes have succeeded, and not before", func(t *testing.T) {
		out := sequence(t, "Breaker.Done", 12, probeScript...)
		changes := out.Returned.changes
		for _, c := range changes {
			if c.State == Closed && c.At > 0 && c.At < endOf(out.Calls, 4) {
				t.Errorf("the breaker closed at %v, after id 3's probe succeeded, but Probes is 2: it should stay half-open "+
					"until 2 probes have succeeded, and id 4's probe failed. Its changes:%s", c.At, listChanges(changes))
				return
			}
		}
		last := changes[len(changes)-1]
		if want := endOf(out.Calls, 6); last != (StateChange{At: want, State: Closed}) {
			t.Errorf("ids 5 and 6, the probes of the second half-open, both succeeded, id 6 at %v: the breaker should "+
				"close then. Its changes:%s", want, listChanges(changes))
		}
		assert.Len(t, out.Calls, 12, "every request should have been made in the end")
	})
}

func TestBreakerChanges(t *testing.T) {
	t.Run("records every change of state at the moment it happened, the first closed at 0", func(t *testing.T) {
		out := sequence(t, "Breaker.Changes", 12, probeScript...)
		assert.Equal(t, probeChanges(out.Calls), out.Returned.changes, "one worker, 10ms a request: 500, 500, 500 open "+
			"the breaker when the third is reported; CoolDown later it is half-open; id 3's probe succeeds, id 4's "+
			"fails and opens it again; CoolDown later, half-open again; ids 5 and 6 succeed and it closes. Each change "+
			"is recorded with its moment since NewBreaker: half-open exactly CoolDown after the opening, even if the "+
			"breaker notices it later. The requests:%s", listCalls(out.Calls))
	})

	t.Run("records the change to half-open CoolDown after the opening, even when nobody asks until later", func(t *testing.T) {
		ms := time.Millisecond
		callers := breakerCallers(breakerSettings,
			breakerCaller{id: 0}, breakerCaller{id: 1}, breakerCaller{id: 2}, // 500s at 10ms: open until 1.01s
			breakerCaller{id: 3, at: 2500 * ms}, // nobody asks before: the first probe, 200 at 2.51s
			breakerCaller{id: 4, at: 3000 * ms}, // the second probe: 200 at 3.01s, and the breaker closes
		)
		out := runBreaker(t, "Breaker.Changes", scripted(10*ms, s500, s500, s500), callers)
		assert.Equal(t, []StateChange{{At: 0, State: Closed}, {At: 10 * ms, State: Open}, {At: 1010 * ms, State: HalfOpen},
			{At: 3010 * ms, State: Closed}}, out.Returned.changes, "3 failures open the breaker at 10ms; it is half-open "+
			"from 1.01s, CoolDown later, though nobody asks before 2.5s: record it at 1.01s, the moment it happened, "+
			"not when a caller notices it. Probes at 2.5s and 3s succeed, and it closes at 3.01s.")
	})

	t.Run("returns a slice of the caller's own", func(t *testing.T) {
		tamper := func(ctx context.Context, _ lesson.Fetch) [2][]StateChange {
			b := NewBreaker(breakerSettings)
			if b == nil {
				return [2][]StateChange{}
			}
			mine := b.Changes()
			if len(mine) > 0 {
				mine[0].State = "tampered"
			}
			for range breakerSettings.Trip {
				if b.Allow(ctx) == nil {
					b.Done(lesson.Result{Status: http.StatusInternalServerError})
				}
			}
			return [2][]StateChange{mine, b.Changes()}
		}
		out := lessontest.Run(t, "Breaker.Changes", lessontest.Scenario{Limit: time.Minute}, tamper)
		if out.Returned[1] == nil && out.Returned[0] == nil {
			t.Fatal("NewBreaker returned nil, or Changes returned nil: a new breaker's changes hold {0, closed}.")
		}
		assert.Equal(t, []StateChange{{At: 0, State: Closed}, {At: 0, State: Open}}, out.Returned[1], "a new breaker, then 3 failures: closed at "+
			"0, open at 0. (The caller changed the first element of a slice Changes returned before: the breaker's "+
			"own record must not change with it. Return a copy.)")
	})
}

// resilientRun is what Resilient returned, with its breaker's changes.
type resilientRun struct {
	made    bool
	results []lesson.Result
	changes []StateChange
}

// resilient binds Resilient's arguments for lessontest.Run, with a Breaker made with NewBreaker(s).
func resilient(n, workers int, s BreakerSettings, budget int) lessontest.Pattern[resilientRun] {
	return func(ctx context.Context, fetch lesson.Fetch) resilientRun {
		b := NewBreaker(s)
		if b == nil {
			return resilientRun{}
		}
		results := Resilient(ctx, n, workers, fetch, b, budget)
		return resilientRun{true, results, b.Changes()}
	}
}

// Resilient's outage: 10 workers make 1,000 requests of 20ms each, through a breaker that opens after 3
// failures, for 500ms, with 2 probes; the server is down from 1s to 2.25s. Its budget: 100 retries.
var (
	resilientSettings = BreakerSettings{Trip: 3, CoolDown: 500 * time.Millisecond, Probes: 2}
	resilientOutage   = lessontest.Outage{From: time.Second, To: 2250 * time.Millisecond}
)

const resilientN, resilientWorkers, resilientBudget = 1000, 10, 100

func runResilient(t *testing.T, sc lessontest.Scenario, outage lessontest.Outage, n, workers int, s BreakerSettings, budget int) lessontest.Outcome[resilientRun] {
	t.Helper()
	if sc.Limit == 0 {
		sc.Limit = 2 * time.Minute
	}
	sc.Hang = hangHint
	out := lessontest.RunOutage(t, "Resilient", sc, outage, resilient(n, workers, s, budget))
	if !out.Returned.made {
		t.Fatal("NewBreaker returned nil: Resilient needs a Breaker. Write it first (TestNewBreaker, TestBreakerAllow, " +
			"TestBreakerDone and TestBreakerChanges check it).")
	}
	return out
}

func outageOf(t *testing.T) lessontest.Outcome[resilientRun] {
	t.Helper()
	return runResilient(t, lessontest.Scenario{Latency: 20 * time.Millisecond}, resilientOutage, resilientN,
		resilientWorkers, resilientSettings, resilientBudget)
}

func TestResilient(t *testing.T) {
	t.Run("returns one final result per request: its last attempt's", func(t *testing.T) {
		out := outageOf(t)
		if lessontest.EveryIDOnce(t, "Resilient", out.Returned.results, resilientN) {
			lessontest.LastAttempts(t, "Resilient", out.Returned.results, out.Calls)
		}
	})

	t.Run("ends every request 200 OK once the server is back, those that failed in the outage included", func(t *testing.T) {
		out := outageOf(t)
		results := out.Returned.results
		require.NotEmpty(t, results, "Resilient returned no results.%s", out.Hint())
		var failed []lesson.Result
		for _, r := range results {
			if r.Status != http.StatusOK {
				failed = append(failed, r)
			}
		}
		if len(failed) > 0 || len(results) != resilientN {
			t.Errorf("the server was down from 1s to 2.25s, and Resilient had a budget of %d retries: every one of the %d "+
				"requests should end 200 OK; %d results, %d of them not 200 (the first: %s). A request that failed is "+
				"retried once the breaker lets it through again: its worker holds it, and asks the breaker again.",
				resilientBudget, resilientN, len(results), len(failed), showFailures(failed))
		}
	})

	t.Run("sends nothing while the breaker is open, and no more than Probes while it is half-open", func(t *testing.T) {
		out := outageOf(t)
		changes := out.Returned.changes
		if opened(t, changes, "though every answer from 1s to 2.25s was a 500: does each worker tell the breaker each "+
			"outcome (Done)?") && heldWhileOpen(t, out.Calls, changes, resilientSettings) {
			fewProbes(t, out.Calls, changes, resilientSettings)
		}
		down := out.CallsBetween(resilientOutage.From, resilientOutage.To)
		assert.LessOrEqual(t, len(down), 40, "%d requests reached the server while it was down (1s to 2.25s): the "+
			"failures in a row that open the breaker, the requests already let through, and 2 probes every 500ms "+
			"should be all. Does every attempt, retries included, ask the breaker first?", len(down))
	})

	t.Run("is back to full speed within one CoolDown of the server's recovery", func(t *testing.T) {
		out := outageOf(t)
		changes := out.Returned.changes
		if len(changes) == 0 || changes[len(changes)-1].State != Closed {
			t.Fatalf("the breaker should end closed, the server being back since 2.25s. Its changes:%s", listChanges(changes))
		}
		closed := changes[len(changes)-1].At
		by := resilientOutage.To + resilientSettings.CoolDown + 20*time.Millisecond + breakerLate
		if closed > by {
			t.Errorf("the server was back at 2.25s; the breaker should be closed by %v at the latest (a CoolDown to "+
				"the next probes, and their 20ms); it closed at %v. Its changes:%s", by, closed, listChanges(changes))
		}
		if back := out.CallsBetween(closed, closed+breakerLate+1); len(back) < resilientWorkers {
			t.Errorf("the breaker closed at %v: all %d workers should have sent a request at once; %d did by %v: %s. "+
				"Each worker held by the breaker goes as soon as it closes.", closed, resilientWorkers, len(back),
				closed+breakerLate, listCalls(back))
		}
	})

	t.Run("retries a request that failed while the breaker was closed, one retry of the budget each", func(t *testing.T) {
		// No outage: id 5 fails once, id 17 loses its connection once, id 30 fails twice (a 502, then a 500).
		sc := lessontest.Scenario{Latency: 10 * time.Millisecond, Answer: func(id, attempt int) lessontest.Answer {
			switch {
			case id == 5 && attempt == 0, id == 30 && attempt == 1:
				return s500
			case id == 17 && attempt == 0:
				return reset
			case id == 30 && attempt == 0:
				return s502
			}
			return ok200
		}}
		out := runResilient(t, sc, lessontest.Outage{}, 100, 5, resilientSettings, 10)
		results := out.Returned.results
		if !lessontest.EveryIDOnce(t, "Resilient", results, 100) {
			return
		}
		assert.Equal(t, 100, lessontest.OK(results), "ids 5, 17 and 30 failed, the breaker stayed closed, and the "+
			"budget had 10 retries: each should have been retried until it got its 200; the failures: %s",
			showFailures(nonOK(results)))
		assert.Len(t, out.Calls, 104, "100 requests, 4 retries (id 30 twice): 104 attempts")
	})

	t.Run("takes a 503, a 429 or a 404 as final at once: only a failure is retried", func(t *testing.T) {
		// No outage: id 5 answers 503, id 9 429 and id 12 404, once each. None is a failure: no retry.
		answers := map[int]lessontest.Answer{5: s503, 9: s429, 12: {Status: http.StatusNotFound}}
		sc := lessontest.Scenario{Latency: 10 * time.Millisecond, Answer: func(id, attempt int) lessontest.Answer {
			if a, ok := answers[id]; ok && attempt == 0 {
				return a
			}
			return ok200
		}}
		out := runResilient(t, sc, lessontest.Outage{}, 50, 5, resilientSettings, 10)
		results := out.Returned.results
		if !lessontest.EveryIDOnce(t, "Resilient", results, 50) {
			return
		}
		if len(out.Calls) != 50 {
			var again []lessontest.Call
			for _, c := range out.Calls {
				if c.Attempt > 0 {
					again = append(again, c)
				}
			}
			t.Errorf("ids 5, 9 and 12 answered 503, 429 and 404: none of them is a failure (a 500 or more but 503, or a "+
				"transport error), so each is final at once; Resilient made %d attempts for 50 requests, retrying: %s. "+
				"Retry what the breaker counts as a failure, and nothing else: a 503 or a 429 is the overload signal, "+
				"Backpressure's business, and a 404 will not change.", len(out.Calls), listCalls(again))
			return
		}
		lessontest.LastAttempts(t, "Resilient", results, out.Calls)
	})

	t.Run("returns no result for a request it never attempted: one held for its first attempt when ctx is cancelled", func(t *testing.T) {
		// No budget: every failure is final, so once the breaker opens, at about 1s, each worker takes its next id
		// and is held with it, never attempted, until ctx is cancelled at 1.3s.
		sc := lessontest.Scenario{Latency: 20 * time.Millisecond, CancelAfter: 1300 * time.Millisecond}
		out := runResilient(t, sc, resilientOutage, resilientN, resilientWorkers, resilientSettings, 0)
		attempted := map[int]bool{}
		for _, c := range out.Calls {
			attempted[c.ID] = true
		}
		for _, r := range out.Returned.results {
			if !attempted[r.ID] {
				t.Errorf("Resilient returned a result for id %d (%s), which was never attempted: its worker was held by the "+
					"breaker, waiting to make its first attempt, when ctx was cancelled at %v. Resilient returns one final "+
					"result per request it attempted: a request that never got through has none.", r.ID,
					showFailures([]lesson.Result{r}), sc.CancelAfter)
				return
			}
		}
		lessontest.LastAttempts(t, "Resilient", out.Returned.results, out.Calls)
	})

	t.Run("spends no more than its budget, and once it is spent a failure is final", func(t *testing.T) {
		// The server is down for good. 20 requests, 4 workers, 6 retries.
		const n, budget = 20, 6
		sc := lessontest.Scenario{
			Latency:     20 * time.Millisecond,
			CancelAfter: time.Minute, // so that even a run that would retry for ever returns
		}
		out := runResilient(t, sc, lessontest.Outage{To: lessontest.Never}, n, 4, resilientSettings, budget)
		assert.LessOrEqual(t, len(out.Calls), n+budget, "%d requests and a budget of %d retries: at most %d attempts, "+
			"but Resilient made %d. Against a server that stays down, retries without a budget never end: count "+
			"them, all workers together, and once the budget is spent a failure is final.", n, budget, n+budget, len(out.Calls))
		assert.Greater(t, len(out.Calls), n, "the failures should be retried while the budget lasts.%s", out.Hint())
		if lessontest.EveryIDOnce(t, "Resilient", out.Returned.results, n) {
			lessontest.LastAttempts(t, "Resilient", out.Returned.results, out.Calls)
		}
	})

	t.Run("shares its budget among its workers without a data race: exactly budget retries", func(t *testing.T) {
		// No server: a fetch that fails at once, every time, and a breaker that never opens. 16 workers
		// retry as fast as they can, all at once: under -race, a budget counted outside a lock (or an atomic,
		// or a goroutine of its own) is reported, and a count that loses updates makes more retries.
		// A race shows only when two workers spend at the same moment, which a loaded machine makes rare: the
		// scenario runs 40 times (under a second), and a race is reported in 40 of 40 runs with six busy
		// loops beside the test on two cores; with 10 times, 2 in 30 runs missed it.
		const n, budget = 400, 3000
		never := BreakerSettings{Trip: 1 << 30, CoolDown: time.Second, Probes: 1}
		for range 40 {
			var attempts atomic.Int64
			var runaway atomic.Bool
			failing := func(_ context.Context, id int) lesson.Result {
				if attempts.Add(1) > 4*(n+budget) { // far past the budget: end the run, to say so below
					runaway.Store(true)
					return lesson.Result{ID: id, Status: http.StatusOK}
				}
				return lesson.Result{ID: id, Status: http.StatusInternalServerError}
			}
			out := lessontest.Run(t, "Resilient", lessontest.Scenario{Limit: time.Minute},
				func(ctx context.Context, _ lesson.Fetch) resilientRun {
					return resilient(n, 16, never, budget)(ctx, failing)
				})
			if !out.Returned.made {
				t.Fatal("NewBreaker returned nil: Resilient needs a Breaker. Write it first.")
			}
			if runaway.Load() {
				t.Fatalf("%d requests that always fail, and a budget of %d retries: Resilient went on past %d attempts, "+
					"and would never have stopped (the fake answered 200 from then on, to end the run). Against a server "+
					"that stays down, retries without a budget never end: count the retries, all workers together, "+
					"and once the budget is spent a failure is final.", n, budget, 4*(n+budget))
			}
			if !lessontest.EveryIDOnce(t, "Resilient", out.Returned.results, n) {
				return
			}
			if !assert.Equal(t, int64(n+budget), attempts.Load(), "%d requests that always fail, and a budget of %d "+
				"retries shared by 16 workers: exactly %d attempts. More means the count of retries lost some of "+
				"its updates: two workers read it, both decrement it, one write wins. Count it with an atomic (Add, "+
				"then look at what it returned), under a mutex, or in one goroutine.", n, budget, n+budget) || t.Failed() {
				return
			}
		}
	})

	t.Run("stops promptly when cancelled while the breaker holds its workers, and keeps each failure", func(t *testing.T) {
		sc := lessontest.Scenario{Latency: 20 * time.Millisecond, CancelAfter: 1300 * time.Millisecond}
		out := runResilient(t, sc, resilientOutage, resilientN, resilientWorkers, resilientSettings, resilientBudget)
		cancelAt := sc.CancelAfter
		assert.Empty(t, out.CallsAfter(cancelAt), "ctx was cancelled at %v, yet requests were made after it", cancelAt)
		if out.Took != cancelAt {
			t.Errorf("ctx was cancelled at %v, while the breaker was open and held every worker, nothing in flight: "+
				"Resilient should have returned at once; it returned at %v. Does Allow wait in a select with "+
				"ctx.Done()?", cancelAt, out.Took)
		}
		lessontest.LastAttempts(t, "Resilient", out.Returned.results, out.Calls)
	})

	t.Run("stops promptly when cancelled while requests are in flight, and keeps their results", func(t *testing.T) {
		giveUp := 3 * time.Millisecond
		sc := lessontest.Scenario{Latency: 20 * time.Millisecond, CancelAfter: 510 * time.Millisecond, GiveUp: giveUp}
		out := runResilient(t, sc, resilientOutage, resilientN, resilientWorkers, resilientSettings, resilientBudget)
		cancelAt := sc.CancelAfter
		assert.Empty(t, out.CallsAfter(cancelAt), "ctx was cancelled at %v, yet requests were made after it", cancelAt)
		assert.Zero(t, out.InFlight, "Resilient returned while requests cut short were still in flight")
		assert.LessOrEqual(t, out.Took, cancelAt+giveUp, "ctx was cancelled at %v, and the requests in flight take %v "+
			"to give up: Resilient should have returned by %v", cancelAt, giveUp, cancelAt+giveUp)
		lessontest.LastAttempts(t, "Resilient", out.Returned.results, out.Calls)
	})
}

// nonOK returns the results that are not 200 OK.
func nonOK(results []lesson.Result) []lesson.Result {
	var not []lesson.Result
	for _, r := range results {
		if r.Status != http.StatusOK {
			not = append(not, r)
		}
	}
	return not
}

// showFailures shows a few results, for a message.
func showFailures(results []lesson.Result) string {
	return lessontest.Few(results, 4, func(r lesson.Result) string {
		if r.Err != nil {
			return fmt.Sprintf("id %d: error %q", r.ID, r.Err)
		}
		return fmt.Sprintf("id %d: %d", r.ID, r.Status)
	})
}

func TestResilientAgainstTheRealServer(t *testing.T) {
	// The real handler, 2ms an answer, no errors; from 100ms after the first request, 300ms of 500s at once.
	// 800 requests at 8 workers take at least 200ms without the outage: it falls in the run, whatever the
	// machine's speed. Real time, so the test checks what does not depend on it: every request ends 200 OK,
	// and the down server got a few dozen requests at most, where lesson 03's pool would send it hundreds.
	cfg := dataserver.Config{Latency: 2 * time.Millisecond, ErrorBurst: 1, Capacity: dataserver.Unlimited,
		RetryAfter: time.Second, Seed: 1, Outage: dataserver.Outage{Start: 100 * time.Millisecond, Length: 300 * time.Millisecond}}
	fetch, srv := lessontest.RealServer(t, cfg, 8)
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	defer cancel()
	b := NewBreaker(BreakerSettings{Trip: 3, CoolDown: 50 * time.Millisecond, Probes: 2})
	if b == nil {
		t.Fatal("NewBreaker returned nil: Resilient needs a Breaker. Write it first.")
	}

	results := Resilient(ctx, 800, 8, fetch, b, 80)

	if !lessontest.EveryIDOnce(t, "Resilient", results, 800) {
		return
	}
	assert.Equal(t, 800, lessontest.OK(results), "every request should end 200 OK once the server is back; the "+
		"others: %s", showFailures(nonOK(results)))
	st := srv.Stats("")
	assert.Positive(t, st.OutageFailed, "the outage should have fallen in the run")
	assert.LessOrEqual(t, st.OutageFailed, int64(60), "the server was down for 300ms, and the breaker, once open, "+
		"lets 2 probes through every 50ms: yet %d requests reached it while it was down. Its changes:%s",
		st.OutageFailed, listChanges(b.Changes()))
}
