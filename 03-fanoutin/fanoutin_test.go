package main

import (
	"context"
	"testing"
	"testing/synctest"
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

// fanOutIn binds FanOutIn's arguments for lessontest.Run.
func fanOutIn(n, workers int) lessontest.Pattern[[]lesson.Result] {
	return func(ctx context.Context, fetch lesson.Fetch) []lesson.Result { return FanOutIn(ctx, n, workers, fetch) }
}

func TestFanOutIn(t *testing.T) {
	t.Run("returns one result per request", func(t *testing.T) {
		out := lessontest.Run(t, "FanOutIn", lessontest.Scenario{Latency: latency}, fanOutIn(50, 5))
		lessontest.EveryIDOnce(t, "FanOutIn", out.Returned, 50)
	})

	t.Run("keeps exactly W requests in flight while there is work for all W", func(t *testing.T) {
		out := lessontest.Run(t, "FanOutIn", lessontest.Scenario{Latency: latency}, fanOutIn(50, 5))
		assert.Equal(t, 5, out.PeakInFlight,
			"5 workers should keep exactly 5 requests in flight; the most at once was %d. Above 5: is each request "+
				"getting its own goroutine instead of going to a worker? Below 5: are all 5 workers started, and is "+
				"the producer sending ids as fast as they are taken?%s", out.PeakInFlight, out.Hint())
	})

	t.Run("keeps n requests in flight when there are fewer than W", func(t *testing.T) {
		out := lessontest.Run(t, "FanOutIn", lessontest.Scenario{Latency: latency}, fanOutIn(3, 5))
		assert.Equal(t, 3, out.PeakInFlight, "3 requests and 5 workers: all 3 should be in flight at once.%s", out.Hint())
		lessontest.EveryIDOnce(t, "FanOutIn", out.Returned, 3)
	})

	t.Run("takes ceil(n/W) latencies", func(t *testing.T) {
		out := lessontest.Run(t, "FanOutIn", lessontest.Scenario{Latency: latency}, fanOutIn(52, 5))
		assert.Equal(t, 11*latency, out.Took,
			"52 requests through 5 workers are 11 rounds of %v: %v; FanOutIn took %v.%s", latency, 11*latency, out.Took, out.Hint())
	})

	t.Run("works with a single worker", func(t *testing.T) {
		out := lessontest.Run(t, "FanOutIn", lessontest.Scenario{Latency: latency}, fanOutIn(10, 1))
		lessontest.EveryIDOnce(t, "FanOutIn", out.Returned, 10)
		assert.Equal(t, 1, out.PeakInFlight)
		assert.Equal(t, 10*latency, out.Took)
	})

	t.Run("returns at once when there are no requests", func(t *testing.T) {
		out := lessontest.Run(t, "FanOutIn", lessontest.Scenario{Latency: latency}, fanOutIn(0, 5))
		assert.Empty(t, out.Returned)
		assert.Zero(t, out.Took)
	})

	t.Run("stops promptly when cancelled, leaving no goroutine behind", func(t *testing.T) {
		cancelAt := 3*latency + latency/2 // during the fourth round
		out := lessontest.Run(t, "FanOutIn", lessontest.Scenario{Latency: latency, CancelAfter: cancelAt}, fanOutIn(50, 5))
		assert.Empty(t, out.CallsAfter(cancelAt),
			"ctx was cancelled at %v, yet requests were made after it: the producer should stop sending ids, "+
				"and a worker should check ctx before starting a request.", cancelAt)
		assert.Equal(t, 15, lessontest.OK(out.Returned),
			"3 rounds of 5 requests finished before the cancellation: want those 15 results.%s", out.Hint())
		assert.Equal(t, cancelAt, out.Took, "FanOutIn should return as soon as the cancelled requests give up")
		assert.Zero(t, out.LeftRunning)
	})
}

func TestFanOutInAgainstTheRealServer(t *testing.T) {
	fetch, srv := lessontest.RealServer(t, lessontest.Quick, 60) // room for 60 at once: the pool must keep it to 4
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()

	results := FanOutIn(ctx, 60, 4, fetch)

	if !lessontest.EveryIDOnce(t, "FanOutIn", results, 60) {
		return
	}
	assert.Equal(t, 60, lessontest.OK(results), "every request should have been answered 200")
	st := srv.Stats("")
	assert.Equal(t, int64(60), st.Served)
	assert.LessOrEqual(t, st.PeakInFlight, 4, "4 workers: the server should never see more than 4 requests at once")
}

// feed returns a channel on which a goroutine sends results with the given ids, then closes it; the
// goroutine gives up (and closes) if ctx is cancelled first.
func feed(ctx context.Context, ids ...int) <-chan lesson.Result {
	ch := make(chan lesson.Result)
	go func() {
		defer close(ch)
		for _, id := range ids {
			select {
			case ch <- lesson.Result{ID: id, Status: 200}:
			case <-ctx.Done():
				return
			}
		}
	}()
	return ch
}

// drain reads out until it is closed, for at most an hour of virtual time, and reports whether it closed.
func drain(out <-chan lesson.Result) (got []int, closed bool) {
	timeout := time.After(time.Hour)
	for {
		select {
		case r, open := <-out:
			if !open {
				return got, true
			}
			got = append(got, r.ID)
		case <-timeout:
			return got, false
		}
	}
}

func TestMerge(t *testing.T) {
	t.Run("forwards every value of every input, then closes", func(t *testing.T) {
		lessontest.Bubble(t, func(t *testing.T) {
			out := Merge(t.Context(), feed(t.Context(), 0, 1, 2), feed(t.Context(), 10, 11), feed(t.Context(), 20, 21, 22, 23))
			require.NotNil(t, out, "Merge returned a nil channel. Is it still the stub? Follow the TODOs.")
			got, closed := drain(out)
			assert.True(t, closed, "every input was closed and drained, but Merge never closed its output")
			assert.ElementsMatch(t, []int{0, 1, 2, 10, 11, 20, 21, 22, 23}, got, "each value should come out exactly once")
			var fromFirst []int
			for _, id := range got {
				if id < 10 {
					fromFirst = append(fromFirst, id)
				}
			}
			assert.Equal(t, []int{0, 1, 2}, fromFirst, "values from one input should keep their order")
		})
	})

	t.Run("keeps its output open while any input is open", func(t *testing.T) {
		lessontest.Bubble(t, func(t *testing.T) {
			open := make(chan lesson.Result)
			out := Merge(t.Context(), feed(t.Context(), 1, 2), open)
			require.NotNil(t, out, "Merge returned a nil channel. Is it still the stub? Follow the TODOs.")
			got, closed := drain(out)
			assert.False(t, closed, "Merge closed its output while an input was still open: a value sent on it later would be lost")
			assert.ElementsMatch(t, []int{1, 2}, got)
			close(open)
			_, closed = drain(out)
			assert.True(t, closed, "the last input closed, but Merge never closed its output")
		})
	})

	t.Run("closes at once when given no inputs", func(t *testing.T) {
		lessontest.Bubble(t, func(t *testing.T) {
			out := Merge[lesson.Result](t.Context())
			require.NotNil(t, out, "Merge returned a nil channel. Is it still the stub? Follow the TODOs.")
			got, closed := drain(out)
			assert.True(t, closed, "with nothing to merge, the output should close at once")
			assert.Empty(t, got)
		})
	})

	t.Run("closes and leaves no goroutine once ctx is cancelled, even if nobody reads", func(t *testing.T) {
		lessontest.Bubble(t, func(t *testing.T) {
			ctx, cancel := context.WithCancel(t.Context())
			pending := feed(t.Context(), 1, 2, 3)
			forever := make(chan lesson.Result) // an input that is never closed
			before := lessontest.Goroutines()
			out := Merge(ctx, pending, forever)
			require.NotNil(t, out, "Merge returned a nil channel. Is it still the stub? Follow the TODOs.")
			synctest.Wait() // Merge's goroutines are now blocked: one sending 1 to nobody, one waiting on forever
			cancel()
			synctest.Wait()
			if left := before.Left(); left != "" {
				t.Errorf("after ctx was cancelled, goroutines Merge started were still running or blocked: every receive "+
					"from an input and every send to the output should sit in a select with <-ctx.Done().%s", left)
			}
			_, closed := drain(out)
			assert.True(t, closed, "ctx was cancelled, but Merge never closed its output")
		})
	})
}
