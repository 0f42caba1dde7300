package main

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
	"github.com/go-concurrency-workshop/workshop/internal/lessontest"
)

// The challenge's tests. Time is virtual here too: every fake request takes exactly slow to answer,
// unless something cuts it short first, and then it returns at that very moment with its ctx's error.
const (
	slow   = 10 * time.Millisecond // each fake request's time to answer
	ample  = 10 * time.Second      // a budget that never runs out in these tests
	within = 15 * time.Millisecond // a per-request limit that every answer meets
)

// withinBudget binds WithinBudget's arguments for lessontest.Run.
func withinBudget(n int, budget, perRequest time.Duration) lessontest.Pattern[[]lesson.Result] {
	return func(ctx context.Context, fetch lesson.Fetch) []lesson.Result {
		return WithinBudget(ctx, n, fetch, budget, perRequest)
	}
}

// runBudget runs WithinBudget in the scenario: the fake server answers in slow, and the run may take a
// minute of virtual time at most.
func runBudget(t *testing.T, sc lessontest.Scenario, pattern lessontest.Pattern[[]lesson.Result]) lessontest.Outcome[[]lesson.Result] {
	t.Helper()
	sc.Latency, sc.Limit = slow, time.Minute
	return lessontest.Run(t, "WithinBudget", sc, pattern)
}

// callOf returns the call of fetch for id.
func callOf(calls []lessontest.Call, id int) (lessontest.Call, bool) {
	for _, c := range calls {
		if c.ID == id {
			return c, true
		}
	}
	return lessontest.Call{}, false
}

// idList lists the calls' ids, for a message.
func idList(calls []lessontest.Call) string {
	return lessontest.Few(calls, 5, func(c lessontest.Call) string { return fmt.Sprint(c.ID) })
}

// causeText names what an error says about who cut its request short, for a message.
func causeText(err error) string {
	switch {
	case err == nil:
		return "no error"
	case errors.Is(err, ErrBudgetSpent) && errors.Is(err, ErrRequestTimeout):
		return fmt.Sprintf("an error that wraps both ErrBudgetSpent and ErrRequestTimeout (%v)", err)
	case errors.Is(err, ErrBudgetSpent):
		return fmt.Sprintf("an error that wraps ErrBudgetSpent (%v)", err)
	case errors.Is(err, ErrRequestTimeout):
		return fmt.Sprintf("an error that wraps ErrRequestTimeout (%v)", err)
	}
	return fmt.Sprintf("an error that wraps neither ErrBudgetSpent nor ErrRequestTimeout (%v)", err)
}

func TestWithinBudget(t *testing.T) {
	t.Run("returns one result per request, in request order, while the budget lasts", func(t *testing.T) {
		out := runBudget(t, lessontest.Scenario{}, withinBudget(10, ample, within))
		if !lessontest.EveryIDOnce(t, "WithinBudget", out.Returned, 10) || !lessontest.InRequestOrder(t, "WithinBudget", out.Returned) {
			return
		}
		assert.Equal(t, 10, lessontest.OK(out.Returned),
			"every request answered within its own limit of %v and the budget of %v: all 10 should be 200 OK", within, ample)
		assert.Equal(t, 10*slow, out.Took,
			"10 requests of %v, one after another, take %v; WithinBudget took %v. Did it wait for something once "+
				"the last request was done?", slow, 10*slow, out.Took)
	})

	t.Run("keeps exactly one request in flight at a time", func(t *testing.T) {
		out := runBudget(t, lessontest.Scenario{}, withinBudget(10, ample, within))
		assert.Equal(t, 1, out.PeakInFlight,
			"WithinBudget should wait for each request before making the next; the most in flight at once was %d.%s",
			out.PeakInFlight, out.Hint())
		for i, c := range out.Calls {
			if !assert.Equal(t, time.Duration(i)*slow, c.At,
				"call %d of fetch (id %d) should start the moment the one before it ends", i, c.ID) {
				break
			}
		}
	})

	// Each request's own limit, 4ms, is shorter than the 10ms the server takes: each is cut short.
	const short = 4 * time.Millisecond

	t.Run("cuts short a request that outlives its own limit, and goes on with the next", func(t *testing.T) {
		out := runBudget(t, lessontest.Scenario{}, withinBudget(5, ample, short))
		for _, c := range out.Calls {
			if c.Done && c.End-c.At > short {
				t.Errorf("request %d ran for %v (from %v to %v), though each request has at most perRequest, %v: "+
					"once its own time is up, its fetch's ctx must be done. Is each request given a context that "+
					"ends %v after it starts?", c.ID, c.End-c.At, c.At, c.End, short, short)
				return
			}
		}
		if n := len(out.Calls); n > 0 && n < 5 && out.Calls[n-1].Canceled {
			t.Errorf("WithinBudget made %d of its 5 requests: it stopped after request %d, which took longer than its "+
				"own limit. A request's own time-out is the answer to that request, not the end of the run: keep its "+
				"result and go on with the next id. Does the loop stop on any context.DeadlineExceeded?",
				n, out.Calls[n-1].ID)
			return
		}
		if lessontest.EveryIDOnce(t, "WithinBudget", out.Returned, 5) && lessontest.InRequestOrder(t, "WithinBudget", out.Returned) {
			assert.Equal(t, 5*short, out.Took, "5 requests cut short after %v each take %v", short, 5*short)
		}
	})

	t.Run("marks a request cut short by its own limit with ErrRequestTimeout", func(t *testing.T) {
		out := runBudget(t, lessontest.Scenario{}, withinBudget(5, ample, short))
		if len(out.Returned) == 0 {
			t.Fatalf("WithinBudget returned no results for 5 requests.%s", out.Hint())
		}
		for _, r := range out.Returned {
			if !errors.Is(r.Err, ErrRequestTimeout) || errors.Is(r.Err, ErrBudgetSpent) {
				t.Errorf("request %d took longer than its own limit (%v) while the budget (%v) had plenty left: its "+
					"result should wrap ErrRequestTimeout, and not ErrBudgetSpent; it has %s. When a context ends, its "+
					"Err says only context.DeadlineExceeded; who ended it is its cause (context.Cause), the one "+
					"given where its deadline was set.", r.ID, short, ample, causeText(r.Err))
				return
			}
		}
	})

	t.Run("sets no limit of its own when perRequest is 0", func(t *testing.T) {
		out := runBudget(t, lessontest.Scenario{}, withinBudget(5, ample, 0))
		for _, r := range out.Returned {
			if r.Err != nil {
				t.Errorf("with perRequest 0 a request has no limit of its own, and the budget (%v) had plenty left, yet "+
					"request %d failed after %v with %s. A timeout of 0 is over before it starts: perRequest 0 must "+
					"mean no timeout at all.", ample, r.ID, r.Latency, causeText(r.Err))
				return
			}
		}
		if lessontest.EveryIDOnce(t, "WithinBudget", out.Returned, 5) {
			assert.Equal(t, 5, lessontest.OK(out.Returned), "all 5 requests should have answered 200 OK")
		}
	})

	// The budget runs out at 35ms, in the middle of request 3 (from 30ms to 40ms), 5ms before the end of its
	// own limit (45ms). A per-request context derived from the caller's ctx, not the budget's, would let
	// request 3 run on to 40ms.
	const budget = 35 * time.Millisecond

	t.Run("cuts short the request in flight the moment the budget runs out", func(t *testing.T) {
		out := runBudget(t, lessontest.Scenario{}, withinBudget(10, budget, within))
		c, ok := callOf(out.Calls, 3)
		switch {
		case !ok:
			t.Fatalf("requests 0 to 3 fit in the budget of %v (each takes %v), but request 3 was never made: WithinBudget "+
				"made %d requests (ids %s).%s", budget, slow, len(out.Calls), idList(out.Calls), out.Hint())
		case !c.Done || c.End != budget:
			t.Errorf("request 3 was in flight (from %v) when the budget ran out at %v: it should have been cut short "+
				"that moment; it ran until %v, and answered %d. Is its context derived from the caller's ctx instead "+
				"of from the budget's? A context's deadline is the earlier of its own and its parent's: a request "+
				"whose context is a child of the budget's cannot outlive the budget. Or is the budget only checked "+
				"between requests?", c.At, budget, c.End, c.Status)
		default:
			assert.Equal(t, budget, out.Took, "WithinBudget should return the moment the budget runs out")
		}
	})

	t.Run("keeps the result of the request the budget cut short", func(t *testing.T) {
		out := runBudget(t, lessontest.Scenario{}, withinBudget(10, budget, within))
		if len(out.Returned) < 4 {
			t.Fatalf("requests 0 to 3 were started within the budget of %v, request 3 cut short by its end: want their "+
				"4 results, the one cut short included; got %d. A request started gets a result, whatever ended it.%s",
				budget, len(out.Returned), out.Hint())
		}
		if lessontest.InRequestOrder(t, "WithinBudget", out.Returned[:4]) {
			assert.Equal(t, 3, lessontest.OK(out.Returned[:3]), "requests 0 to 2 answered within the budget")
			assert.Error(t, out.Returned[3].Err, "request 3 was cut short by the end of the budget: its result has an error")
		}
	})

	t.Run("starts no request once the budget is spent", func(t *testing.T) {
		out := runBudget(t, lessontest.Scenario{}, withinBudget(10, budget, within))
		if after := out.CallsAfter(budget); len(after) > 0 {
			t.Errorf("the budget ran out at %v, yet %d requests were started at or after it (ids %s, the first at %v). "+
				"Once it is spent, start no request: fetch fails at once on a spent context, but that is still a "+
				"request made. Is the budget checked before each request? Is it one budget for the whole run, from "+
				"the call, or started afresh for each request?", budget, len(after), idList(after), after[0].At)
		}
		assert.LessOrEqual(t, len(out.Returned), 4, "4 requests were started within the budget: at most 4 results")
	})

	t.Run("marks the request the budget cut short with ErrBudgetSpent", func(t *testing.T) {
		// Each request may take 5ms, and the budget is 23ms: requests 0 to 3 end at their own limit (at 5, 10,
		// 15 and 20ms), and request 4, whose own limit would end at 25ms, is cut short by the budget at 23ms.
		const budget, perRequest = 23 * time.Millisecond, 5 * time.Millisecond
		out := runBudget(t, lessontest.Scenario{}, withinBudget(10, budget, perRequest))
		if len(out.Returned) != 5 {
			t.Fatalf("with a budget of %v and %v per request, requests 0 to 4 are started, and the budget cuts request 4 "+
				"short at %v: want 5 results, got %d.%s", budget, perRequest, budget, len(out.Returned), out.Hint())
		}
		for _, r := range out.Returned[:4] {
			if !errors.Is(r.Err, ErrRequestTimeout) || errors.Is(r.Err, ErrBudgetSpent) {
				t.Errorf("request %d ran out of its own %v before the budget did: its result should wrap "+
					"ErrRequestTimeout, and not ErrBudgetSpent; it has %s.", r.ID, perRequest, causeText(r.Err))
				return
			}
		}
		if r := out.Returned[4]; !errors.Is(r.Err, ErrBudgetSpent) || errors.Is(r.Err, ErrRequestTimeout) {
			t.Errorf("request 4 started at 20ms, with its own limit until 25ms, and the budget ran out at %v: its "+
				"result should wrap ErrBudgetSpent, and not ErrRequestTimeout; it has %s. Its context ended because "+
				"its parent's did: context.Cause of a context ended by its parent is the parent's cause.",
				budget, causeText(r.Err))
		}
	})

	t.Run("cuts short the request in flight when the budget runs out, with no limit of its own too", func(t *testing.T) {
		// perRequest 0: no limit of its own, but still the budget's. The budget runs out at 35ms, in the
		// middle of request 3 (from 30ms to 40ms). A limit of its own set to end with the budget would end at
		// the same moment, and which of two timers at one moment fires first is up to the scheduler: the
		// scenario runs 20 times.
		for range 20 {
			if !budgetCutsWithNoLimit(t) {
				return
			}
		}
	})

	t.Run("keeps fetch's error in a result it marks", func(t *testing.T) {
		// As above: requests 0 to 3 end at their own limit of 5ms, and the budget cuts request 4 short at 23ms.
		const budget, perRequest = 23 * time.Millisecond, 5 * time.Millisecond
		out := runBudget(t, lessontest.Scenario{}, withinBudget(10, budget, perRequest))
		for _, r := range out.Returned {
			c, ok := callOf(out.Calls, r.ID)
			if !ok || c.Err == nil || errors.Is(r.Err, c.Err) {
				continue
			}
			t.Errorf("request %d was cut short, and fetch returned %q; its result's Err, %q, does not wrap it. A result "+
				"says what became of its request: mark it by wrapping the cause beside fetch's error (fmt.Errorf "+
				"with two %%w), not instead of it. A context cancelled with a cause (WithCancelCause, by a timer) "+
				"ends fetch with context.Canceled, not DeadlineExceeded: the cause alone would say otherwise, and "+
				"the program's report would count the result as not its request's.", r.ID, c.Err, r.Err)
			return
		}
	})

	// Here a request cut short takes giveUp to return, as a real one does, a moment after its ctx is done
	// (its connection is closed): each request, cut short by its own limit of 4ms, returns 3ms later.
	const giveUp = 3 * time.Millisecond

	t.Run("waits for a request cut short to return before it starts the next", func(t *testing.T) {
		out := runBudget(t, lessontest.Scenario{GiveUp: giveUp}, withinBudget(5, ample, short))
		for i := 1; i < len(out.Calls); i++ {
			if before, c := out.Calls[i-1], out.Calls[i]; !before.Done || c.At < before.End {
				t.Errorf("request %d started at %v, while request %d, cut short by its own limit at %v, was still giving "+
					"up (its fetch returned at %v): one request at a time means waiting for fetch to return, even "+
					"once its ctx is done. Does WithinBudget stop waiting for fetch when the request's context ends, "+
					"and make up the result itself?", c.ID, c.At, before.ID, before.At+short, before.End)
				return
			}
		}
		assert.Zero(t, out.InFlight, "a request was still in flight when WithinBudget returned")
		assert.Equal(t, 5*(short+giveUp), out.Took, "5 requests, each cut short at %v and returning %v later, take %v",
			short, giveUp, 5*(short+giveUp))
	})

	t.Run("marks a result by the limit that ran out first, even when the other runs out while it gives up", func(t *testing.T) {
		// Each request may take 5ms, and gives up 4ms after that: request 0 runs from 0 to 5ms and returns at
		// 9ms; request 1 runs from 9 to 14ms, its own limit, and returns at 18ms. The budget runs out at 16ms,
		// in between: by the time request 1 returns, both are over, but its own limit ran out first.
		const budget, perRequest, giveUp = 16 * time.Millisecond, 5 * time.Millisecond, 4 * time.Millisecond
		out := runBudget(t, lessontest.Scenario{GiveUp: giveUp}, withinBudget(10, budget, perRequest))
		if len(out.Returned) != 2 {
			t.Fatalf("with a budget of %v and %v per request, each request giving up %v after its ctx is done, requests "+
				"0 and 1 are started (at 0 and 9ms), and none after 18ms, when the budget is spent: want 2 results, got "+
				"%d.%s", budget, perRequest, giveUp, len(out.Returned), out.Hint())
		}
		if r := out.Returned[1]; !errors.Is(r.Err, ErrRequestTimeout) || errors.Is(r.Err, ErrBudgetSpent) {
			t.Errorf("request 1 ran out of its own %v at 14ms, and returned at 18ms; the budget ran out at %v, in between: "+
				"its result should wrap ErrRequestTimeout, and not ErrBudgetSpent; it has %s. Who cut a request short "+
				"is decided the moment its context ends, not when fetch returns: by then the clock, and the budget's "+
				"Err, say the budget is over too. context.Cause keeps the first cause.", perRequest, budget, causeText(r.Err))
		}
	})

	t.Run("marks a result by its own limit when ctx is cancelled while it gives up", func(t *testing.T) {
		// Request 0 runs out of its own 5ms at 5ms and gives up 4ms later, at 9ms; ctx is cancelled at 7ms, in
		// between. Its own limit ran out first: ctx's cancellation came after, and changes nothing.
		const perRequest, giveUp, cancelAt = 5 * time.Millisecond, 4 * time.Millisecond, 7 * time.Millisecond
		sc := lessontest.Scenario{GiveUp: giveUp, CancelAfter: cancelAt}
		out := runBudget(t, sc, withinBudget(10, ample, perRequest))
		if len(out.Returned) != 1 {
			t.Fatalf("request 0 ran out of its own %v at 5ms, ctx was cancelled at %v while it gave up, and nothing may "+
				"start after that: want 1 result, got %d.%s", perRequest, cancelAt, len(out.Returned), out.Hint())
		}
		if r := out.Returned[0]; !errors.Is(r.Err, ErrRequestTimeout) {
			t.Errorf("request 0 ran out of its own %v at 5ms; ctx was cancelled at %v, while fetch gave up: its result "+
				"should wrap ErrRequestTimeout, its own limit being first; it has %s. Who cut a request short is its "+
				"context's cause, decided when that context ended, whatever ctx does after: does the code look at "+
				"ctx.Err() when fetch returns, instead of the cause?", perRequest, cancelAt, causeText(r.Err))
		}
	})

	t.Run("keeps going after a failed request", func(t *testing.T) {
		failures := lessontest.Failures{Status500: []int{2}, Reset: []int{5}}
		out := runBudget(t, lessontest.Scenario{Answer: failures.Answer}, withinBudget(8, ample, within))
		if n := len(out.Calls); n > 0 && n < 8 {
			if last := out.Calls[n-1]; last.Err != nil || last.Status != 200 {
				t.Errorf("WithinBudget made %d of its 8 requests: it stopped after request %d, which failed. A 500 or a "+
					"transport error is the answer to one request, not the end of the budget: keep its result and "+
					"go on with the next id.", n, last.ID)
			}
		}
		for _, r := range out.Returned {
			if c, ok := callOf(out.Calls, r.ID); ok && c.Err != nil && r.Err == nil && r.Status == 0 {
				t.Errorf("request %d failed with %q, but its result has neither that error nor a status: the error was "+
					"lost. Is Err replaced by context.Cause of the request's context whenever fetch fails? Cause is nil "+
					"while a context has not ended: mark only a result whose context has ended.", r.ID, c.Err)
				return
			}
		}
		if lessontest.EveryIDOnce(t, "WithinBudget", out.Returned, 8) && lessontest.InRequestOrder(t, "WithinBudget", out.Returned) {
			failures.Kept(t, "WithinBudget", out.Returned)
		}
	})

	// ctx is cancelled at 25ms, in the middle of request 2 (from 20ms to 30ms).
	const cancelAt = 25 * time.Millisecond

	t.Run("makes no request once ctx is cancelled, and keeps the result of the one it cut short", func(t *testing.T) {
		out := runBudget(t, lessontest.Scenario{CancelAfter: cancelAt}, withinBudget(10, ample, within))
		if after := out.CallsAfter(cancelAt); len(after) > 0 {
			t.Errorf("ctx was cancelled at %v, yet %d requests were made after it (ids %s): once ctx is done, "+
				"start no request.", cancelAt, len(after), idList(after))
		}
		if len(out.Returned) != 3 {
			t.Fatalf("two requests finished and a third was cut short by the cancellation: want those 3 results, "+
				"got %d.%s", len(out.Returned), out.Hint())
		}
		lessontest.InRequestOrder(t, "WithinBudget", out.Returned)
		assert.ErrorIs(t, out.Returned[2].Err, context.Canceled, "request 2 was cancelled: keep its result, error included")
		assert.Equal(t, cancelAt, out.Took, "WithinBudget should return as soon as the request in flight gives up")
	})

	t.Run("makes no request when ctx is already done when it is called", func(t *testing.T) {
		done := func(ctx context.Context, fetch lesson.Fetch) []lesson.Result {
			ctx, cancel := context.WithCancel(ctx)
			cancel() // before the call
			return WithinBudget(ctx, 10, fetch, ample, within)
		}
		out := runBudget(t, lessontest.Scenario{}, done)
		if len(out.Calls) > 0 {
			t.Errorf("ctx was cancelled before WithinBudget was called, yet it made %d requests (ids %s): once ctx is "+
				"done, start no request, the first one included; fetch fails at once on a done context, but that is "+
				"still a request made. Is ctx (or the budget's context) checked after each request instead of before "+
				"each one?", len(out.Calls), idList(out.Calls))
		}
		assert.Empty(t, out.Returned, "no request was started: no results")
	})

	t.Run("marks a request that ctx cut short as neither ErrBudgetSpent nor ErrRequestTimeout", func(t *testing.T) {
		deadline := func(ctx context.Context, fetch lesson.Fetch) []lesson.Result {
			ctx, cancel := context.WithTimeout(ctx, cancelAt) // a deadline of the caller's own
			defer cancel()
			return WithinBudget(ctx, 10, fetch, ample, within)
		}
		for _, tc := range []struct {
			how     string
			want    error
			pattern lessontest.Pattern[[]lesson.Result]
			sc      lessontest.Scenario
		}{
			{"was cancelled", context.Canceled, withinBudget(10, ample, within), lessontest.Scenario{CancelAfter: cancelAt}},
			{"passed a deadline of its own", context.DeadlineExceeded, deadline, lessontest.Scenario{}},
		} {
			out := runBudget(t, tc.sc, tc.pattern)
			if len(out.Returned) != 3 {
				t.Fatalf("ctx %s at %v, during request 2: want 3 results, got %d.%s", tc.how, cancelAt, len(out.Returned), out.Hint())
			}
			if r := out.Returned[2]; !errors.Is(r.Err, tc.want) || errors.Is(r.Err, ErrBudgetSpent) || errors.Is(r.Err, ErrRequestTimeout) {
				t.Errorf("ctx %s at %v, cutting request 2 short, while its own limit (%v) and the budget (%v) had time "+
					"left: its result should keep ctx's error (%v), and wrap neither ErrBudgetSpent nor "+
					"ErrRequestTimeout; it has %s. Neither the budget nor the request's own limit ended it: ctx did. "+
					"Every context derived from ctx ends when it does, so a derived context's Err cannot tell: its "+
					"cause can.", tc.how, cancelAt, within, ample, tc.want, causeText(r.Err))
			}
		}
	})

	t.Run("leaves nothing running when it returns", func(t *testing.T) {
		// 3 requests end at 30ms, before the budget's 35ms: nothing of the budget may outlive the call.
		out := runBudget(t, lessontest.Scenario{}, withinBudget(3, budget, within))
		assert.Zero(t, out.InFlight, "a request was still in flight when WithinBudget returned")
		assert.Zero(t, out.LeftRunning, "WithinBudget needs no goroutine of its own")
	})

	t.Run("returns no results for no requests", func(t *testing.T) {
		out := runBudget(t, lessontest.Scenario{}, withinBudget(0, ample, within))
		assert.Empty(t, out.Returned)
		assert.Empty(t, out.Calls)
	})
}

// budgetCutsWithNoLimit runs WithinBudget with perRequest 0 and a budget of 35ms, which runs out in the
// middle of request 3 (from 30ms to 40ms), and checks that the budget cut it short then, marked
// ErrBudgetSpent. It reports whether it did.
func budgetCutsWithNoLimit(t *testing.T) bool {
	t.Helper()
	const budget = 35 * time.Millisecond
	out := runBudget(t, lessontest.Scenario{}, withinBudget(10, budget, 0))
	c, ok := callOf(out.Calls, 3)
	if !ok {
		t.Errorf("requests 0 to 3 fit in the budget of %v (each takes %v), but request 3 was never made: WithinBudget "+
			"made %d requests (ids %s).%s", budget, slow, len(out.Calls), idList(out.Calls), out.Hint())
		return false
	}
	if !c.Done || c.End != budget {
		t.Errorf("with perRequest 0, request 3 was in flight (from %v) when the budget ran out at %v: it should have "+
			"been cut short that moment; it ran until %v, and answered %d. With no limit of its own, a request "+
			"still has the budget's: does the branch for perRequest 0 give fetch ctx instead of the budget's "+
			"context?", c.At, budget, c.End, c.Status)
		return false
	}
	if len(out.Returned) != 4 {
		t.Errorf("requests 0 to 3 were started within the budget of %v, request 3 cut short by its end: want their 4 "+
			"results; got %d.%s", budget, len(out.Returned), out.Hint())
		return false
	}
	if r := out.Returned[3]; !errors.Is(r.Err, ErrBudgetSpent) || errors.Is(r.Err, ErrRequestTimeout) {
		t.Errorf("request 3, with no limit of its own (perRequest 0), was cut short by the budget at %v: its result "+
			"should wrap ErrBudgetSpent, and not ErrRequestTimeout; it has %s. perRequest 0 sets no limit of the "+
			"request's own: a limit set to end with the budget, marked ErrRequestTimeout, ends at the same moment "+
			"as the budget, and which of the two is first is luck.", budget, causeText(r.Err))
		return false
	}
	return true
}
