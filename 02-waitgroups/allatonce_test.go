package main

import (
	"context"
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
		out := lessontest.Run(t, "AllAtOnce", lessontest.Scenario{Latency: latency}, bind(AllAtOnce, 100))
		if lessontest.EveryIDOnce(t, "AllAtOnce", out.Returned, 100) {
			lessontest.InRequestOrder(t, "AllAtOnce", out.Returned)
		}
	})
}

func TestAllAtOnceMutex(t *testing.T) {
	testAllAtOnce(t, "AllAtOnceMutex", AllAtOnceMutex)
}

// testAllAtOnce checks what both versions promise. Under -race, a version that appends without its lock
// fails here too: the race detector fails the subtest in which the race happens.
func testAllAtOnce(t *testing.T, name string, fn allAtOnce) {
	t.Run("returns one result per request", func(t *testing.T) {
		out := lessontest.Run(t, name, lessontest.Scenario{Latency: latency}, bind(fn, 100))
		lessontest.EveryIDOnce(t, name, out.Returned, 100)
	})

	t.Run("has every request in flight at the same moment", func(t *testing.T) {
		out := lessontest.Run(t, name, lessontest.Scenario{Latency: latency}, bind(fn, 1000))
		assert.Equal(t, 1000, out.PeakInFlight,
			"%s should start all 1000 requests before any finishes; the most in flight at once was %d.%s",
			name, out.PeakInFlight, out.Hint())
	})

	t.Run("takes exactly one latency", func(t *testing.T) {
		out := lessontest.Run(t, name, lessontest.Scenario{Latency: latency}, bind(fn, 100))
		assert.Equal(t, latency, out.Took,
			"100 requests of %v, all at once, take %v; %s took %v.%s", latency, latency, name, out.Took, out.Hint())
	})

	t.Run("returns only after every request has finished", func(t *testing.T) {
		// On one P, the goroutines cannot run before the function reaches wg.Wait: a WaitGroup that counts
		// them in too late, or that nobody waits for, shows every time.
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
		out := lessontest.Run(t, name, lessontest.Scenario{Latency: latency}, bind(fn, 100))
		finished := lessontest.OK(out.Returned)
		if finished != 100 || out.InFlight != 0 {
			t.Errorf("%s returned with %d of its 100 requests finished. It must wait for every goroutine: count each "+
				"one in before it starts (wg.Go, or wg.Add(1) before the go statement), and wg.Wait() before returning.%s",
				name, finished, out.Hint())
		}
	})

	t.Run("ends every request when the context is cancelled, leaving no goroutine behind", func(t *testing.T) {
		cancelAt := latency / 2
		out := lessontest.Run(t, name, lessontest.Scenario{Latency: latency, CancelAfter: cancelAt}, bind(fn, 100))
		require.Len(t, out.Returned, 100,
			"every request was in flight when ctx was cancelled: want all 100 results, each with ctx's error.%s", out.Hint())
		for _, r := range out.Returned {
			if !assert.ErrorIs(t, r.Err, context.Canceled, "request %d", r.ID) {
				break
			}
		}
		assert.Equal(t, cancelAt, out.Took, "%s should return as soon as the cancelled requests give up", name)
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
