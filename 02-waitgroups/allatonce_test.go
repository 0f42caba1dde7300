package main

import (
	"context"
	"fmt"
	"runtime"
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

// bind binds the function's arguments for lessontest.Run.
func bind(fn allAtOnce, n int) lessontest.Pattern[[]lesson.Result] {
	return func(ctx context.Context, fetch lesson.Fetch) []lesson.Result { return fn(ctx, n, fetch) }
}

func TestAllAtOnce(t *testing.T) {
	testAllAtOnce(t, "AllAtOnce", AllAtOnce)

	t.Run("returns the results in request order", func(t *testing.T) {
		out := run(t, "AllAtOnce", AllAtOnce, lessontest.Scenario{Latency: latency}, 100)
		if lessontest.EveryIDOnce(t, "AllAtOnce", out.Returned, 100) {
			lessontest.InRequestOrder(t, "AllAtOnce", out.Returned)
		}
	})
}

// TestAllAtOnceMutex checks AllAtOnceMutex. Under -race, a version whose appends are not all guarded by
// one shared mutex (no mutex, or one declared inside each goroutine, which excludes nobody) fails in the
// first subtest, returns_one_result_per_request, with a DATA RACE report and the test kit's explanation.
func TestAllAtOnceMutex(t *testing.T) {
	testAllAtOnce(t, "AllAtOnceMutex", AllAtOnceMutex)
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

// testAllAtOnce checks what both versions promise.
func testAllAtOnce(t *testing.T, name string, fn allAtOnce) {
	t.Run("returns one result per request", func(t *testing.T) {
		out := run(t, name, fn, lessontest.Scenario{Latency: latency}, 100)
		lessontest.EveryIDOnce(t, name, out.Returned, 100)
	})

	t.Run("keeps the results of failed requests", func(t *testing.T) {
		failures := lessontest.Failures{Status500: []int{3, 40, 41}, Reset: []int{7, 99}}
		out := run(t, name, fn, lessontest.Scenario{Latency: latency, Answer: failures.Answer}, 100)
		if lessontest.EveryIDOnce(t, name, out.Returned, 100) && out.InFlight == 0 {
			failures.Kept(t, name, out.Returned)
		}
	})

	t.Run("has every request in flight at the same moment", func(t *testing.T) {
		out := run(t, name, fn, lessontest.Scenario{Latency: latency}, 1000)
		assert.Equal(t, 1000, out.PeakInFlight,
			"%s should start all 1000 requests before any finishes; the most in flight at once was %d.%s",
			name, out.PeakInFlight, out.Hint())
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
		case out.InFlight > 0 || finished < 100:
			t.Errorf("%s returned before its goroutines were done: %d of its 100 results were filled in, and %d "+
				"requests were still in flight. "+
				"It must wait for every goroutine: count each one in before it starts (wg.Go, or wg.Add(1) before "+
				"the go statement; go vet reports an Add inside the goroutine), and call wg.Wait() before returning. "+
				"A time.Sleep is no way to wait: it only guesses how long they take.", name, finished, out.InFlight)
		case sleptHint(name, out) != "":
			t.Errorf("%s returned only at %v, though every request had finished.%s", name, out.Took, sleptHint(name, out))
		}
	})

	t.Run("ends every request when the context is cancelled, leaving no goroutine behind", func(t *testing.T) {
		cancelAt := latency / 2
		out := run(t, name, fn, lessontest.Scenario{Latency: latency, CancelAfter: cancelAt}, 100)
		if len(out.Returned) != 100 {
			t.Fatalf("every request was in flight when ctx was cancelled: want all 100 results, each with ctx's "+
				"error; got %d.%s", len(out.Returned), out.Hint())
		}
		for _, r := range out.Returned {
			if !assert.ErrorIs(t, r.Err, context.Canceled, "request %d", r.ID) {
				break
			}
		}
		assert.Equal(t, cancelAt, out.Took, "%s should return as soon as the cancelled requests give up.%s", name,
			sleptHint(name, out))
		assert.Zero(t, out.LeftRunning)
	})
}

func TestAllAtOnceAgainstTheRealServer(t *testing.T) {
	for _, tc := range []struct {
		name string
		fn   allAtOnce
	}{{"AllAtOnce", AllAtOnce}, {"AllAtOnceMutex", AllAtOnceMutex}} {
		t.Run(tc.name, func(t *testing.T) {
			fetch, srv := lessontest.RealServer(t, lessontest.Quick, 50)
			ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
			defer cancel()

			results := tc.fn(ctx, 50, fetch)

			if !lessontest.EveryIDOnce(t, tc.name, results, 50) {
				return
			}
			for _, r := range results {
				require.NoError(t, r.Err, "request %d", r.ID)
				require.Equal(t, 200, r.Status, "request %d", r.ID)
			}
			assert.Equal(t, int64(50), srv.Stats("").Served, "the server should have answered 50 requests")
		})
	}
}

// BenchmarkAllAtOnce measures AllAtOnce against the real handler at a fixed latency and no capacity limit,
// beside the other lessons' patterns.
func BenchmarkAllAtOnce(b *testing.B) { lessontest.Benchmark(b, lessontest.BenchRequests, AllAtOnce) }

// BenchmarkAllAtOnceMutex measures AllAtOnceMutex in the same way.
func BenchmarkAllAtOnceMutex(b *testing.B) {
	lessontest.Benchmark(b, lessontest.BenchRequests, AllAtOnceMutex)
}
