package main

import (
	"context"
	"errors"
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

// TestFanOutIn checks FanOutIn's contract, one subtest per rule, in virtual time. A second close of a
// channel, or a send on a closed one, panics in a goroutine FanOutIn started and stops the test binary:
// the crash's goroutine header then carries the labels "test" (the subtest that was running) and "rule"
// (a channel is closed once, by its one owner, after the last send on it).
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

	t.Run("carries on after failed requests, and returns every result", func(t *testing.T) {
		failures := lessontest.Failures{Status500: []int{0, 3, 17, 31}, Reset: []int{1, 8, 42}}
		out := lessontest.Run(t, "FanOutIn", lessontest.Scenario{Latency: latency, Answer: failures.Answer}, fanOutIn(50, 5))
		if len(out.Calls) > 0 && len(out.Calls) < 50 {
			t.Errorf("FanOutIn made %d of its 50 requests, though nothing cancelled it. Does a worker stop (return, "+
				"or break out of its loop) after a failed request? A 500 or a transport error is the answer to one "+
				"request: send its result like any other, and take the next id.", len(out.Calls))
		}
		if lessontest.EveryIDOnce(t, "FanOutIn", out.Returned, 50) {
			failures.Kept(t, "FanOutIn", out.Returned)
		}
	})

	t.Run("stops promptly when cancelled, leaving no goroutine behind", func(t *testing.T) {
		cancelAt := 3*latency + latency/2 // during the fourth round
		out := lessontest.Run(t, "FanOutIn", lessontest.Scenario{Latency: latency, CancelAfter: cancelAt}, fanOutIn(50, 5))
		if after := out.CallsAfter(cancelAt); len(after) > 0 {
			t.Errorf("ctx was cancelled at %v, yet %d requests were made after it: the producer should stop sending "+
				"ids, and a worker should check ctx before starting a request. Inside a select (or a switch), break "+
				"leaves only the select, not the loop around it: use return.", cancelAt, len(after))
		}
		assert.Equal(t, 15, lessontest.OK(out.Returned),
			"3 rounds of 5 requests finished before the cancellation: want those 15 results.%s", out.Hint())
		assert.Equal(t, cancelAt, out.Took, "FanOutIn should return as soon as the cancelled requests give up")
		assert.Zero(t, out.LeftRunning)
	})

	t.Run("waits for the requests cut short by a cancellation, and keeps their results", func(t *testing.T) {
		// Here a request takes giveUp to give up once ctx is cancelled, as a real one does: a FanOutIn that
		// returns on <-ctx.Done() instead of waiting for its workers returns while they are in flight. And a
		// worker that drops its result once ctx is done (a select with <-ctx.Done() around its send) loses
		// it on some of select's random choices: repeated, that shows every time.
		const giveUp = 2 * time.Millisecond
		cancelAt := 3*latency + latency/2 // during the fourth round: ids 15 to 19 are in flight
		for range 8 {
			out := lessontest.Run(t, "FanOutIn", lessontest.Scenario{Latency: latency, CancelAfter: cancelAt, GiveUp: giveUp},
				fanOutIn(50, 5))
			if out.InFlight > 0 {
				t.Fatalf("FanOutIn returned while %d requests were still in flight (cut short by the cancellation, "+
					"they were still giving up). It must not return on <-ctx.Done(): the collector reads results until "+
					"the closer closes it, which happens only once every worker has returned. That is what \"every "+
					"goroutine it started has ended\" means.", out.InFlight)
			}
			if t.Failed() {
				return // Run has said what went wrong
			}
			if len(out.Calls) == 0 {
				t.Fatalf("FanOutIn made no request.%s", out.Hint())
			}
			var cut []int
			for _, r := range out.Returned {
				if errors.Is(r.Err, context.Canceled) {
					cut = append(cut, r.ID)
				}
			}
			if ok, n := lessontest.OK(out.Returned), len(cut); ok != 15 || n != 5 {
				t.Fatalf("15 requests finished and 5 more (ids 15 to 19) were cut short by the cancellation: want "+
					"those 20 results, the 5 with ctx's error; got %d finished and %d cut short (%v). A worker must send "+
					"the result of a request cut short like any other: no select with <-ctx.Done() around that send, "+
					"and no check of ctx between fetch and the send. The collector reads until results is closed, so "+
					"the send cannot block for ever.", ok, n, cut)
			}
			if !assert.Equal(t, cancelAt+giveUp, out.Took,
				"FanOutIn should return as soon as the requests cut short have given up") {
				return
			}
		}
	})
}

func TestFanOutInAgainstTheRealServer(t *testing.T) {
	fetch, srv := lessontest.RealServer(t, lessontest.Quick, 60) // room for 60 at once: the pool must keep it to 4
	results, ok := lessontest.RunReal(t, "FanOutIn", fetch, srv, 5*time.Second, fanOutIn(60, 4))
	if !ok || !lessontest.EveryIDOnce(t, "FanOutIn", results, 60) {
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

// TestMerge checks Merge's contract. As in TestFanOutIn, a crash on a closed channel names the subtest
// and the rule in the crashing goroutine's header.
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

	t.Run("does not let an input that never sends hold up the others", func(t *testing.T) {
		lessontest.Bubble(t, func(t *testing.T) {
			silent := make(chan lesson.Result) // open, and nothing on it yet
			out := Merge(t.Context(), silent, feed(t.Context(), 1, 2))
			require.NotNil(t, out, "Merge returned a nil channel. Is it still the stub? Follow the TODOs.")
			got, _ := drain(out)
			if !assert.ElementsMatch(t, []int{1, 2}, got,
				"the first input stayed open and silent for an hour; the second had 1 and 2 to give, and Merge "+
					"should have forwarded them at once. Does one goroutine read the inputs one after another? "+
					"Give each input a forwarding goroutine of its own, so that an input that never sends, or "+
					"never closes, holds up nobody but itself.") {
				close(silent) // lets a Merge that reads the inputs in turn move on, and end
				drain(out)
				return
			}
			close(silent)
			_, closed := drain(out)
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

// TestFanOutInWithMerge checks the pool that `go run ./03-fanoutin -variant merge` runs (merged.go: given
// code, not an exercise), which fans its results in with your Merge. Make TestMerge pass first.
func TestFanOutInWithMerge(t *testing.T) {
	lessontest.Bubble(t, func(t *testing.T) {
		if Merge[lesson.Result](t.Context()) == nil {
			t.Fatal("Merge returned a nil channel: this pool is built on Merge, so make TestMerge pass first.")
		}
	})
	merged := func(n, workers int) lessontest.Pattern[[]lesson.Result] {
		return func(ctx context.Context, fetch lesson.Fetch) []lesson.Result {
			return fanOutInMerged(ctx, n, workers, fetch)
		}
	}

	t.Run("returns one result per request, with W in flight", func(t *testing.T) {
		out := lessontest.Run(t, "fanOutInMerged", lessontest.Scenario{Latency: latency}, merged(52, 5))
		lessontest.EveryIDOnce(t, "fanOutInMerged (with your Merge)", out.Returned, 52)
		assert.Equal(t, 5, out.PeakInFlight)
		assert.Equal(t, 11*latency, out.Took)
	})

	t.Run("keeps the results of requests cut short by a cancellation", func(t *testing.T) {
		const giveUp = 2 * time.Millisecond
		cancelAt := 3*latency + latency/2
		out := lessontest.Run(t, "fanOutInMerged", lessontest.Scenario{Latency: latency, CancelAfter: cancelAt, GiveUp: giveUp},
			merged(50, 5))
		assert.Len(t, out.Returned, 20, "15 finished and 5 cut short: want 20 results")
		assert.Zero(t, out.InFlight)
		assert.Empty(t, out.CallsAfter(cancelAt))
		assert.Equal(t, cancelAt+giveUp, out.Took)
	})
}

// BenchmarkFanOutIn measures a pool of 15 workers against the real handler at a fixed latency, beside the
// other lessons' patterns.
func BenchmarkFanOutIn(b *testing.B) {
	lessontest.Benchmark(b, 15, func(ctx context.Context, n int, fetch lesson.Fetch) []lesson.Result {
		return FanOutIn(ctx, n, 15, fetch)
	})
}
