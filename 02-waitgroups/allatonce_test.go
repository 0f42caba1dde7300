package main

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
	"github.com/go-concurrency-workshop/workshop/internal/lessontest"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// latency is each fake request's latency. Time in these tests is virtual (testing/synctest): a request
// takes exactly this long, and the tests take no real time at all.
const latency = 10 * time.Millisecond

type allAtOnce func(ctx context.Context, n int, fetch lesson.Fetch) []lesson.Result

// bind binds the function's arguments for lessontest.Run. It reads every result the moment the function
// returns, before anything of the test kit's can order that read after the goroutines' writes: so -race
// sees, every time, a goroutine that writes its result after it was counted out (wg.Done() before the
// write), which the function's wg.Wait() then does not wait for.
func bind(fn allAtOnce, n int) lessontest.Pattern[[]lesson.Result] {
	return func(ctx context.Context, fetch lesson.Fetch) []lesson.Result { return slices.Clone(fn(ctx, n, fetch)) }
}

// TestAllAtOnce checks AllAtOnce's contract, one subtest per clause of its doc comment.
func TestAllAtOnce(t *testing.T) {
	testAllAtOnce(t, "AllAtOnce", AllAtOnce)

	t.Run("returns the results in request order", func(t *testing.T) {
		// The requests finish in the reverse order: results gathered as they come back are not in request order.
		sc := lessontest.Scenario{LatencyOf: func(id int) time.Duration { return latency + time.Duration(100-id)*time.Millisecond }}
		out := run(t, "AllAtOnce", AllAtOnce, sc, 100)
		if lessontest.EveryIDOnce(t, "AllAtOnce", out.Returned, 100) && !lessontest.InRequestOrder(t, "AllAtOnce", out.Returned) {
			t.Errorf("The requests finished in the reverse order of their ids here. AllAtOnce returns its results " +
				"in request order whatever the order they finish in: each result has its place in the slice, given " +
				"by its id, known before the request is made.")
		}
	})
}

// TestAllAtOnceMutex checks AllAtOnceMutex. Under -race, a version whose appends are not all guarded by
// one shared mutex (no mutex, or one declared inside each goroutine, which excludes nobody) fails in the
// first subtest, returns_one_result_per_request, with a DATA RACE report and the test kit's explanation.
func TestAllAtOnceMutex(t *testing.T) {
	testAllAtOnce(t, "AllAtOnceMutex", AllAtOnceMutex)

	t.Run("returns the results in the order the requests finished", func(t *testing.T) {
		// Request id takes 10ms + (20-id)ms: they finish one by one, in the reverse order of their ids.
		sc := lessontest.Scenario{LatencyOf: func(id int) time.Duration { return latency + time.Duration(20-id)*time.Millisecond }}
		out := run(t, "AllAtOnceMutex", AllAtOnceMutex, sc, 20)
		if !lessontest.EveryIDOnce(t, "AllAtOnceMutex", out.Returned, 20) {
			return
		}
		for i, r := range out.Returned {
			if want := 19 - i; r.ID != want {
				t.Errorf("AllAtOnceMutex: results[%d] is the result of request %d; the requests finished one by one, "+
					"request 19 first and request 0 last, so results[%d] should be request %d's. Its results come back "+
					"in the order the requests finished: each goroutine appends its result to the one shared slice, "+
					"under the lock, as soon as it has it. Written to their place by id, or sorted after, they are in "+
					"request order: that is AllAtOnce, not this exercise.", i, r.ID, i, want)
				return
			}
		}
	})
}

// run is lessontest.Run for fn with n requests.
func run(t *testing.T, name string, fn allAtOnce, sc lessontest.Scenario, n int) lessontest.Outcome[[]lesson.Result] {
	t.Helper()
	return lessontest.Run(t, name, sc, bind(fn, n))
}

// lastEnd is when the last call to end ended.
func lastEnd(calls []lessontest.Call) time.Duration {
	var last time.Duration
	for _, c := range calls {
		last = max(last, c.End)
	}
	return last
}

// sleptHint explains a pattern that returned later than its last request ended: it waited for a timer.
func sleptHint(name string, out lessontest.Outcome[[]lesson.Result]) string {
	if len(out.Calls) == 0 || out.InFlight > 0 || out.Took <= lastEnd(out.Calls) {
		return ""
	}
	return fmt.Sprintf(" Its last request ended at %v, yet %s returned at %v: it waited for something other than "+
		"its goroutines. A time.Sleep? A sleep guesses how long the goroutines take: too short and results are "+
		"missing, too long and the time is wasted. wg.Wait() returns the moment the last one is done.",
		lastEnd(out.Calls), name, out.Took)
}

// returnedTooSoon explains a pattern that made every request and waited for them, yet returned fewer results:
// the slice it returned was taken before the goroutines appended to it.
func returnedTooSoon(t *testing.T, name string, out lessontest.Outcome[[]lesson.Result], n int) bool {
	t.Helper()
	if len(out.Calls) == n && out.InFlight == 0 && len(out.Returned) < n {
		t.Errorf("%s made all %d requests, and none was in flight any more when it returned, yet it returned %d "+
			"results. Was the slice returned before the goroutines added to it? `return results` takes the slice as "+
			"it is at that moment: a deferred wg.Wait() runs only after that, and a goroutine that gathers the "+
			"results (from a channel, say) may not be done yet. Wait for every goroutine that writes the slice, "+
			"then return.", name, n, len(out.Returned))
		return true
	}
	return false
}

// testAllAtOnce checks what both versions promise.
func testAllAtOnce(t *testing.T, name string, fn allAtOnce) {
	t.Run("returns one result per request", func(t *testing.T) {
		out := run(t, name, fn, lessontest.Scenario{Latency: latency}, 100)
		if !returnedTooSoon(t, name, out, 100) {
			lessontest.EveryIDOnce(t, name, out.Returned, 100)
		}
	})

	t.Run("keeps the results of failed requests", func(t *testing.T) {
		failures := lessontest.Failures{Status500: []int{3, 40, 41}, Reset: []int{7, 99}}
		out := run(t, name, fn, lessontest.Scenario{Latency: latency, Answer: failures.Answer}, 100)
		if out.InFlight == 0 && failures.Kept(t, name, out.Returned) {
			lessontest.EveryIDOnce(t, name, out.Returned, 100)
		}
	})

	t.Run("has every request in flight at the same moment", func(t *testing.T) {
		out := run(t, name, fn, lessontest.Scenario{Latency: latency}, 1000)
		assert.Equal(t, 1000, out.PeakInFlight,
			"%s should start all 1000 requests before any finishes; the most in flight at once was %d. Does it wait "+
				"for each goroutine (or for the lock) before starting the next?%s", name, out.PeakInFlight, out.Hint())
	})

	t.Run("takes exactly one latency", func(t *testing.T) {
		out := run(t, name, fn, lessontest.Scenario{Latency: latency}, 100)
		assert.Equal(t, latency, out.Took,
			"100 requests of %v, all at once, take %v; %s took %v.%s%s", latency, latency, name, out.Took, out.Hint(),
			sleptHint(name, out))
	})

	t.Run("returns only after every request has finished", func(t *testing.T) {
		// On one P, the goroutines cannot run before the function reaches wg.Wait: a WaitGroup that counts
		// them in too late, or that nobody waits for, shows every time.
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
		out := run(t, name, fn, lessontest.Scenario{Latency: latency}, 100)
		switch finished := lessontest.OK(out.Returned); {
		case len(out.Calls) == 0:
			t.Errorf("%s returned without making a request.%s", name, out.Hint())
		case out.InFlight > 0 || finished < 100 && !returnedTooSoon(t, name, out, 100):
			t.Errorf("%s returned before its goroutines were done: %d of its 100 results were filled in, and %d "+
				"requests were still in flight. "+
				"It must wait for every goroutine: count each one in before it starts (wg.Go, or wg.Add(1) before "+
				"the go statement; go vet reports an Add inside the goroutine), and call wg.Wait() before returning. "+
				"A time.Sleep is no way to wait: it only guesses how long they take.", name, finished, out.InFlight)
		case sleptHint(name, out) != "":
			t.Errorf("%s returned only at %v, though every request had finished.%s", name, out.Took, sleptHint(name, out))
		}
	})

	t.Run("ends every request when the context is cancelled, and returns their results", func(t *testing.T) {
		// Here a request takes giveUp to give up once ctx is cancelled, as a real one does: a function that
		// returns on <-ctx.Done() instead of waiting for its goroutines returns while they are in flight.
		const giveUp = 2 * time.Millisecond
		cancelAt := latency / 2
		out := run(t, name, fn, lessontest.Scenario{Latency: latency, CancelAfter: cancelAt, GiveUp: giveUp}, 100)
		if len(out.Calls) == 0 {
			t.Fatalf("%s made no request, so there is nothing to check here yet.%s", name, out.Hint())
		}
		if out.InFlight > 0 {
			t.Fatalf("%s returned while %d requests were still in flight (cut short by the cancellation, they were "+
				"still giving up). It must not return on <-ctx.Done(): it returns once every goroutine it started has "+
				"finished, and the results of the requests cut short are results like any other.", name, out.InFlight)
		}
		if !lessontest.CutShort(t, name, out.Calls, cancelAt) || !lessontest.EveryCallOnce(t, name, out.Returned, out.Calls) ||
			!lessontest.EveryIDOnce(t, name, out.Returned, 100) {
			return
		}
		for _, r := range out.Returned {
			if !assert.ErrorIs(t, r.Err, context.Canceled,
				"request %d was in flight when ctx was cancelled: its result holds ctx's error, as fetch returned it", r.ID) {
				break
			}
		}
		assert.Equal(t, cancelAt+giveUp, out.Took, "%s should return as soon as the cancelled requests give up.%s", name,
			sleptHint(name, out))
		assert.Zero(t, out.LeftRunning)
	})

	t.Run("makes every request, each failing at once, when the context is already cancelled", func(t *testing.T) {
		cancelled := func(ctx context.Context, fetch lesson.Fetch) []lesson.Result {
			ctx, cancel := context.WithCancel(ctx)
			cancel()
			return fn(ctx, 100, fetch)
		}
		out := lessontest.Run(t, name, lessontest.Scenario{Latency: latency}, cancelled)
		if len(out.Calls) < 100 {
			t.Fatalf("ctx was cancelled before %s was called, and it made %d of its 100 requests. In this lesson every "+
				"request is made, whatever ctx says: with a cancelled ctx, fetch returns at once with ctx's error, and "+
				"that is the request's result. A request skipped leaves no result, or an empty one.%s", name,
				len(out.Calls), out.Hint())
		}
		if lessontest.EveryCallOnce(t, name, out.Returned, out.Calls) && lessontest.EveryIDOnce(t, name, out.Returned, 100) {
			for _, r := range out.Returned {
				if !errors.Is(r.Err, context.Canceled) {
					t.Errorf("%s: request %d was made with ctx already cancelled, so fetch should have returned at once "+
						"with ctx's error; its result has status %d and error %v. Was it made with ctx? A request made "+
						"with another context (context.Background(), say) cannot be cancelled.", name, r.ID, r.Status, r.Err)
					break
				}
			}
		}
		assert.Zero(t, out.Took, "every request fails at once: %s should return at once", name)
	})
}

func TestAllAtOnceAgainstTheRealServer(t *testing.T) { againstTheRealServer(t, "AllAtOnce", AllAtOnce) }

func TestAllAtOnceMutexAgainstTheRealServer(t *testing.T) {
	againstTheRealServer(t, "AllAtOnceMutex", AllAtOnceMutex)
}

// againstTheRealServer runs fn against the real handler over loopback: 50 requests, all answered 200.
func againstTheRealServer(t *testing.T, name string, fn allAtOnce) {
	fetch, srv := lessontest.RealServer(t, lessontest.Quick, 50)
	results, ok := lessontest.RunReal(t, name, fetch, srv, 5*time.Second, bind(fn, 50))
	if !ok || !lessontest.EveryIDOnce(t, name, results, 50) {
		return
	}
	for _, r := range results {
		require.NoError(t, r.Err, "request %d", r.ID)
		require.Equal(t, 200, r.Status, "request %d", r.ID)
	}
	assert.Equal(t, int64(50), srv.Stats("").Served, "the server should have answered 50 requests")
}

// BenchmarkAllAtOnce measures AllAtOnce against the real handler at a fixed latency and no capacity limit,
// beside the other lessons' patterns.
func BenchmarkAllAtOnce(b *testing.B) { lessontest.Benchmark(b, lessontest.BenchRequests, AllAtOnce) }

// BenchmarkAllAtOnceMutex measures AllAtOnceMutex in the same way.
func BenchmarkAllAtOnceMutex(b *testing.B) {
	lessontest.Benchmark(b, lessontest.BenchRequests, AllAtOnceMutex)
}
