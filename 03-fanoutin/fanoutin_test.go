package main

import (
	"context"
	"errors"
	"runtime"
	"slices"
	"sync"
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

// slowEveryFifth is a LatencyOf: every fifth id (0, 5, 10, ...) takes five latencies, the others one.
func slowEveryFifth(id int) time.Duration {
	if id%5 == 0 {
		return 5 * latency
	}
	return latency
}

// keptBusy checks that exactly w requests were in flight at every moment while ids remained to be requested:
// a worker that is done takes the next id at once.
func keptBusy(t *testing.T, out lessontest.Outcome[[]lesson.Result], w int) bool {
	t.Helper()
	var lastStart time.Duration
	for _, c := range out.Calls {
		lastStart = max(lastStart, c.At)
	}
	inFlight := func(at time.Duration) (n int) {
		for _, c := range out.Calls {
			if c.At <= at && (!c.Done || c.End > at) {
				n++
			}
		}
		return n
	}
	var moments []time.Duration
	for _, c := range out.Calls {
		moments = append(moments, c.At)
		if c.Done && c.End < lastStart {
			moments = append(moments, c.End)
		}
	}
	slices.Sort(moments)
	for _, at := range moments {
		var waiting []int // the ids not requested yet at that moment
		for _, c := range out.Calls {
			if c.At > at {
				waiting = append(waiting, c.ID)
			}
		}
		if n := inFlight(at); n != w && len(waiting) > 0 {
			t.Errorf("FanOutIn: at %v, %d requests were in flight, though %d ids were still to be requested (%v): %d "+
				"workers should keep %d in flight as long as ids remain. Is each id handed to whichever worker is free "+
				"(one jobs channel that every worker takes from), or are the ids split among the workers in advance? "+
				"Then a worker whose requests are slow holds up its share while the others sit idle. Or does a "+
				"worker stop early, after a failed request say?", at, n, len(waiting), short(waiting), w, w)
			return false
		}
	}
	return true
}

// short shows the first few ids of a list.
func short(ids []int) string { return lessontest.Few(ids, 5, nil) }

// stopsPromptly runs FanOutIn with a cancellation at cancelAt, and checks that no request starts after it,
// that it returns as soon as the requests cut short give up, and that it leaves no goroutine behind.
func stopsPromptly(t *testing.T, cancelAt time.Duration) bool {
	t.Helper()
	out := lessontest.Run(t, "FanOutIn", lessontest.Scenario{Latency: latency, CancelAfter: cancelAt}, fanOutIn(50, 5))
	if after := out.CallsAfter(cancelAt); len(after) > 0 {
		t.Errorf("ctx was cancelled at %v, yet %d requests were made after it: once ctx is cancelled, no request "+
			"starts. The producer should stop sending ids, and a worker should check ctx before starting a "+
			"request: ids may still be waiting in a buffered jobs channel, or be handed over as the cancellation "+
			"comes. Inside a select (or a switch), break leaves only the select, not the loop around it: use "+
			"return.", cancelAt, len(after))
	}
	assert.Equal(t, 15, lessontest.OK(out.Returned),
		"3 rounds of 5 requests finished before the cancellation: want those 15 results.%s", out.Hint())
	assert.Equal(t, cancelAt, out.Took, "FanOutIn should return as soon as the cancelled requests give up")
	assert.Zero(t, out.LeftRunning)
	return !t.Failed()
}

// startsNoneOnceCancelled runs FanOutIn with a ctx that its first request cancels as it is made, and checks
// that no request starts after that one, and that its result, cut short, is returned.
func startsNoneOnceCancelled(t *testing.T) bool {
	t.Helper()
	var (
		mu    sync.Mutex
		first = -1  // the id of the request that cancelled ctx
		after []int // the ids requested after it
	)
	pattern := func(ctx context.Context, fetch lesson.Fetch) []lesson.Result {
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		return FanOutIn(ctx, 50, 5, func(ctx context.Context, id int) lesson.Result {
			mu.Lock()
			if first < 0 {
				first = id
				cancel()
			} else {
				after = append(after, id)
			}
			mu.Unlock()
			return fetch(ctx, id)
		})
	}
	out := lessontest.Run(t, "FanOutIn", lessontest.Scenario{Latency: latency}, pattern)
	if first < 0 {
		t.Errorf("FanOutIn made no request.%s", out.Hint())
		return false
	}
	if len(after) > 0 {
		t.Errorf("ctx was cancelled by the first request (id %d), the moment it was made, yet FanOutIn made %d more "+
			"requests after it (ids %s). The producer stopping is not enough: an id can reach a worker after the "+
			"cancellation (taken from jobs just before it, or handed over as it comes: when the producer's select "+
			"finds a worker waiting and ctx done, it picks one of the two at random). Only the worker can make sure: "+
			"check ctx (ctx.Err() != nil) just before each request, and take no more ids once it is done.",
			first, len(after), short(after))
		return false
	}
	if !lessontest.EveryCallOnce(t, "FanOutIn", out.Returned, out.Calls) {
		t.Errorf("(The one request made, id %d, was cut short by the cancellation at once: want its result alone, "+
			"with ctx's error; FanOutIn returned %d results.)", first, len(out.Returned))
		return false
	}
	return assert.ErrorIs(t, out.Returned[0].Err, context.Canceled,
		"the one request made (id %d) was cut short by the cancellation: its result holds ctx's error, as fetch gave it", first)
}

// TestFanOutIn checks FanOutIn's contract, one subtest per clause of its doc comment, in virtual time. A
// second close of a channel, or a send on a closed one, panics in a goroutine FanOutIn started and stops
// the test binary: the crash's goroutine header then carries the labels "test" (the subtest that was
// running) and "rule" (a channel is closed once, by its one owner, after the last send on it).
func TestFanOutIn(t *testing.T) {
	t.Run("returns one result per request", func(t *testing.T) {
		out := lessontest.Run(t, "FanOutIn", lessontest.Scenario{Latency: latency}, fanOutIn(50, 5))
		lessontest.EveryIDOnce(t, "FanOutIn", out.Returned, 50)
	})

	t.Run("keeps exactly W requests in flight while there is work for all W", func(t *testing.T) {
		out := lessontest.Run(t, "FanOutIn", lessontest.Scenario{Latency: latency}, fanOutIn(50, 5))
		assert.Equal(t, 5, out.PeakInFlight,
			"5 workers should keep exactly 5 requests in flight; the most at once was %d. Above 5: is each request "+
				"getting its own goroutine instead of going to a worker, or are more than 5 workers started? Below 5: "+
				"are all 5 workers started, and is the producer sending ids as fast as they are taken?%s",
			out.PeakInFlight, out.Hint())
	})

	t.Run("keeps W requests in flight while ids remain, however long each request takes", func(t *testing.T) {
		out := lessontest.Run(t, "FanOutIn", lessontest.Scenario{LatencyOf: slowEveryFifth}, fanOutIn(50, 5))
		if len(out.Calls) == 0 {
			t.Fatalf("FanOutIn made no request, so there is nothing to check here yet.%s", out.Hint())
		}
		if lessontest.EveryIDOnce(t, "FanOutIn", out.Returned, 50) {
			keptBusy(t, out, 5)
		}
	})

	t.Run("returns the results in the order the requests finished", func(t *testing.T) {
		out := lessontest.Run(t, "FanOutIn", lessontest.Scenario{LatencyOf: slowEveryFifth}, fanOutIn(50, 5))
		if !lessontest.EveryIDOnce(t, "FanOutIn", out.Returned, 50) {
			return
		}
		end := map[int]time.Duration{}
		for _, c := range out.Calls {
			end[c.ID] = c.End
		}
		for i := 1; i < len(out.Returned); i++ {
			if prev, r := out.Returned[i-1], out.Returned[i]; end[r.ID] < end[prev.ID] {
				t.Fatalf("FanOutIn: results[%d] is request %d's, which finished at %v, and results[%d] request %d's, "+
					"which finished earlier, at %v. The results come back in the order the requests finished: the "+
					"collector appends each as it arrives. Sorted, or placed by id, they are not.", i-1, prev.ID,
					end[prev.ID], i, r.ID, end[r.ID])
			}
		}
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
		if failures.Kept(t, "FanOutIn", out.Returned) && lessontest.EveryIDOnce(t, "FanOutIn", out.Returned, 50) {
			keptBusy(t, out, 5)
		}
	})

	t.Run("stops promptly when cancelled, leaving no goroutine behind", func(t *testing.T) {
		// A request that starts after the cancellation shows on some schedules only (a producer that goes on
		// offering ids to workers that do not check ctx, say): repeated, that shows every time.
		for range 10 {
			if !stopsPromptly(t, 3*latency+latency/2) { // cancelled during the fourth round
				return
			}
		}
	})

	t.Run("starts no request once cancelled, not even for an id a worker already holds", func(t *testing.T) {
		// ctx is cancelled by the first request, the moment it is made, and that request gives up at once. By
		// then the other workers may hold an id already (handed over just before), and workers soon wait on
		// jobs while the producer still has ids: its select then finds both of its cases ready, and picks one
		// at random. A producer that stops is not enough; only a worker that checks ctx before each request
		// starts none. Repeated, luck cannot hide a worker that does not. On one P, so that the cancellation
		// cannot fall between a worker's check of ctx and its request, as it could on another CPU.
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
		for range 30 {
			if !startsNoneOnceCancelled(t) {
				return
			}
		}
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
			if !lessontest.CutShort(t, "FanOutIn", out.Calls, cancelAt) {
				return
			}
			if !lessontest.EveryCallOnce(t, "FanOutIn", out.Returned, out.Calls) {
				if len(out.Returned) > len(out.Calls) {
					t.Fatalf("(The requests made were ids 0 to 19; FanOutIn returned %d results, more than requests "+
						"made.) Does the collector count the results it expects (n of them) instead of reading until "+
						"results is closed? After a cancellation fewer come, and a receive from the closed channel "+
						"gives an empty result at once: for r := range results stops at the close.", len(out.Returned))
				}
				t.Fatalf("(The requests made were ids 0 to 19; FanOutIn returned %d results.) A worker must send the "+
					"result of a request cut short like any other: no select with <-ctx.Done() around that send, and "+
					"no check of ctx between fetch and the send. The collector reads until results is closed, so the "+
					"send cannot block for ever.", len(out.Returned))
			}
			var cut []int
			for _, r := range out.Returned {
				if errors.Is(r.Err, context.Canceled) {
					cut = append(cut, r.ID)
				}
			}
			if ok, n := lessontest.OK(out.Returned), len(cut); ok != 15 || n != 5 {
				t.Fatalf("15 requests finished and 5 more (ids 15 to 19) were cut short by the cancellation: want "+
					"those 20 results, the 5 with ctx's error; got %d finished and %d cut short (%v).", ok, n, cut)
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

// maxDrained is more values than any test's inputs send, even counting the few an endless input may give
// while Merge stops: drain stops there.
const maxDrained = 1000

// drain reads out until it is closed, for at most an hour of virtual time, and reports whether it closed.
// It stops the test early at a value no input sent (an empty one: every input here sends status
// 200), or once maxDrained values came out: a Merge that never stops forwarding would keep it reading for
// ever, in no virtual time at all.
func drain(t *testing.T, out <-chan lesson.Result) (got []int, closed bool) {
	t.Helper()
	timeout := time.After(time.Hour)
	for {
		select {
		case r, open := <-out:
			switch {
			case !open:
				return got, true
			case r.Status == 0:
				t.Fatalf("Merge sent an empty value, which none of its inputs sent (after %d values). A receive from "+
					"a closed channel does not wait: it gives the zero value at once, and again at every receive. "+
					"Receive with v, ok := <-in, and stop forwarding that input when ok is false.", len(got))
				return got, false
			case len(got) == maxDrained:
				t.Fatalf("more than %d values came out of Merge, more than its inputs sent here, and its output "+
					"is still open. Does it go on forwarding after ctx is cancelled? Once ctx is done, each forwarder "+
					"stops: its receive and its send both sit in a select with <-ctx.Done().", maxDrained)
				return got, false
			}
			got = append(got, r.ID)
		case <-timeout:
			return got, false
		}
	}
}

// endless returns a channel on which a goroutine sends results 0, 1, 2, ... until ctx is cancelled, and then
// closes it. It gives up (and closes) after 1,000 values too, far more than any Merge forwards here once its
// own ctx is cancelled: a Merge that goes on reading it cannot keep the test busy for ever.
func endless(ctx context.Context) <-chan lesson.Result {
	ch := make(chan lesson.Result)
	go func() {
		defer close(ch)
		for id := range 1000 {
			select {
			case ch <- lesson.Result{ID: id, Status: 200}:
			case <-ctx.Done():
				return
			}
		}
	}()
	return ch
}

// forwardedOnce checks that got holds each value of want exactly once, and nothing else, and says what went
// wrong if not.
func forwardedOnce(t *testing.T, want, got []int) bool {
	t.Helper()
	missing, twice, unsent := lessontest.Tally(want, got)
	if len(missing) > 0 {
		t.Errorf("the values %v never came out of Merge, though their inputs sent them (out came %v). Does a "+
			"forwarder give up on a send that cannot happen at once, in a select with a default case? A send waits "+
			"for the reader: only ctx.Done() may cut it short.", missing, got)
	}
	if len(twice) > 0 {
		t.Errorf("the values %v came out of Merge more than once (out came %v): each value received is sent once.",
			twice, got)
	}
	if len(unsent) > 0 {
		t.Errorf("the values %v came out of Merge, though no input sent them (out came %v).", unsent, got)
	}
	return len(missing) == 0 && len(twice) == 0 && len(unsent) == 0
}

// merge calls Merge in a goroutine of the test's bubble and returns its output. It stops the test if Merge
// does not return at once (within an hour of virtual time), or returns nil.
func merge(t *testing.T, ctx context.Context, ins ...<-chan lesson.Result) <-chan lesson.Result {
	t.Helper()
	returned := make(chan (<-chan lesson.Result), 1)
	go func() { returned <- Merge(ctx, ins...) }()
	select {
	case out := <-returned:
		if out == nil {
			t.Fatal("Merge returned a nil channel. Is it still the stub? Its doc comment is its contract; stuck? " +
				"`go run ./workshop hint 03` gives a hint.")
		}
		return out
	case <-time.After(time.Hour):
		t.Fatal("Merge did not return, in an hour of virtual time, though its inputs had values to give. It must " +
			"return its output at once: nobody can read the output before Merge has returned it, so a Merge that " +
			"forwards the values, or waits for the goroutines that do, before it returns waits for ever. Let the " +
			"goroutines it starts do the forwarding, and the closing, and return.")
		return nil
	}
}

// bubble is lessontest.Bubble, failing the test when goroutines were left blocked at its end.
func bubble(t *testing.T, f func(t *testing.T)) {
	t.Helper()
	if lessontest.Bubble(t, f) && !t.Failed() {
		t.Error("When the test ended, goroutines of Merge were left blocked for good (on a channel nobody will use " +
			"again): every goroutine Merge starts must end once its inputs are closed and drained, or once ctx is " +
			"cancelled.")
	}
}

// TestMerge checks Merge's contract, one subtest per clause of its doc comment. As in TestFanOutIn, a crash
// on a closed channel names the subtest and the rule in the crashing goroutine's header.
func TestMerge(t *testing.T) {
	t.Run("forwards every value of every input, then closes", func(t *testing.T) {
		bubble(t, func(t *testing.T) {
			out := merge(t, t.Context(), feed(t.Context(), 0, 1, 2), feed(t.Context(), 10, 11), feed(t.Context(), 20, 21, 22, 23))
			got, closed := drain(t, out)
			assert.True(t, closed, "every input was closed and drained, but Merge never closed its output")
			forwardedOnce(t, []int{0, 1, 2, 10, 11, 20, 21, 22, 23}, got)
		})
	})

	t.Run("keeps the order of each input's values", func(t *testing.T) {
		// Three inputs of 20 values each, read as fast as they come. Values forwarded out of order show on some
		// schedules only (a goroutine per value, say): repeated, that shows every time.
		ids := func(from int) []int {
			var ids []int
			for id := from; id < from+20; id++ {
				ids = append(ids, id)
			}
			return ids
		}
		for range 20 {
			bubble(t, func(t *testing.T) {
				out := merge(t, t.Context(), feed(t.Context(), ids(0)...), feed(t.Context(), ids(100)...), feed(t.Context(), ids(200)...))
				got, closed := drain(t, out)
				require.True(t, closed, "every input was closed and drained, but Merge never closed its output")
				for _, from := range []int{0, 100, 200} {
					var fromThis []int
					for _, id := range got {
						if id >= from && id < from+20 {
							fromThis = append(fromThis, id)
						}
					}
					if len(fromThis) != len(ids(from)) {
						forwardedOnce(t, ids(from), fromThis)
						t.FailNow()
					}
					require.Equal(t, ids(from), fromThis, "the values of one input should come out in the order they "+
						"came in: one goroutine per input, forwarding each value before it receives the next, keeps "+
						"it. A goroutine started per value sends in whatever order the goroutines happen to run.")
				}
			})
			if t.Failed() {
				return
			}
		}
	})

	t.Run("keeps its output open while any input is open", func(t *testing.T) {
		bubble(t, func(t *testing.T) {
			open := make(chan lesson.Result)
			out := merge(t, t.Context(), feed(t.Context(), 1, 2), open)
			got, closed := drain(t, out)
			assert.False(t, closed, "Merge closed its output while an input was still open: a value sent on it later "+
				"would be lost. The output is closed once every input is closed and drained: wait for all of its "+
				"forwarders, not for the first one to end.")
			assert.ElementsMatch(t, []int{1, 2}, got)
			close(open)
			if !closed {
				_, closed = drain(t, out)
				assert.True(t, closed, "the last input closed, but Merge never closed its output")
			}
		})
	})

	t.Run("does not let an input that never sends hold up the others", func(t *testing.T) {
		bubble(t, func(t *testing.T) {
			silent := make(chan lesson.Result) // open, and nothing on it yet
			out := merge(t, t.Context(), silent, feed(t.Context(), 1, 2))
			got, _ := drain(t, out)
			if !assert.ElementsMatch(t, []int{1, 2}, got,
				"the first input stayed open and silent for an hour; the second had 1 and 2 to give, and Merge "+
					"should have forwarded them at once. Does one goroutine read the inputs one after another? "+
					"Give each input a forwarding goroutine of its own, so that an input that never sends, or "+
					"never closes, holds up nobody but itself.") {
				close(silent) // lets a Merge that reads the inputs in turn move on, and end
				drain(t, out)
				return
			}
			close(silent)
			_, closed := drain(t, out)
			assert.True(t, closed, "the last input closed, but Merge never closed its output")
		})
	})

	t.Run("closes at once when given no inputs", func(t *testing.T) {
		bubble(t, func(t *testing.T) {
			out := merge(t, t.Context())
			got, closed := drain(t, out)
			assert.True(t, closed, "with nothing to merge, the output should close at once: every input (there is "+
				"none) is closed and drained. Does the last forwarder to end close it? With no input there is no "+
				"forwarder to do it.")
			assert.Empty(t, got)
		})
	})

	t.Run("closes and leaves no goroutine once ctx is cancelled, even if nobody reads", func(t *testing.T) {
		bubble(t, func(t *testing.T) {
			ctx, cancel := context.WithCancel(t.Context())
			pending := feed(t.Context(), 1, 2, 3)
			forever := make(chan lesson.Result) // an input that is never closed
			before := lessontest.Goroutines()
			out := merge(t, ctx, pending, forever)
			synctest.Wait() // Merge's goroutines are now blocked: one sending 1 to nobody, one waiting on forever
			cancel()
			synctest.Wait()
			if left := before.Left(); left != "" {
				t.Errorf("after ctx was cancelled, goroutines Merge started were still running or blocked: every receive "+
					"from an input and every send to the output should sit in a select with <-ctx.Done(). A forwarder "+
					"that ranges over its input waits for ever on an input that never closes; one whose send has no "+
					"way out waits for ever on an output nobody reads.%s", left)
			}
			_, closed := drain(t, out)
			assert.True(t, closed, "ctx was cancelled, but Merge never closed its output")
		})
	})

	t.Run("has ended every goroutine it started once it has closed its output, with a ctx never cancelled", func(t *testing.T) {
		// The pool of -variant merge gives Merge a ctx that is never cancelled: a goroutine of Merge that waits
		// for <-ctx.Done() there waits for ever.
		bubble(t, func(t *testing.T) {
			ctx := context.WithoutCancel(t.Context())
			a, b := feed(t.Context(), 1, 2), feed(t.Context(), 3)
			before := lessontest.Goroutines()
			got, closed := drain(t, merge(t, ctx, a, b))
			require.True(t, closed, "every input was closed and drained, but Merge never closed its output")
			forwardedOnce(t, []int{1, 2, 3}, got)
			if left := before.Left(); left != "" {
				t.Errorf("Merge closed its output, but goroutines it started were still running or blocked. Every "+
					"goroutine Merge starts ends once its inputs are closed and drained, or once ctx is cancelled, "+
					"whichever comes first: one that waits for <-ctx.Done() alone waits for ever when ctx is never "+
					"cancelled, as in the pool of -variant merge.%s", left)
			}
		})
	})

	t.Run("closes its output only once none of its goroutines can send on it", func(t *testing.T) {
		// A cancellation while values are on their way: some of Merge's goroutines are between a receive and
		// a send. A Merge that closes its output on <-ctx.Done() without waiting for them lets one send on the
		// closed channel (a panic: the crash names this subtest) on some schedules; repeated, that shows every
		// time.
		for range 100 {
			bubble(t, func(t *testing.T) {
				ctx, cancel := context.WithCancel(t.Context())
				out := merge(t, ctx, endless(t.Context()), endless(t.Context()), endless(t.Context()))
				for range 3 {
					<-out
				}
				cancel()
				_, closed := drain(t, out)
				require.True(t, closed, "ctx was cancelled, but Merge never closed its output")
			})
			if t.Failed() {
				return
			}
		}
	})
}

// TestMergeInThePool checks the pool that `go run ./03-fanoutin -variant merge` runs (merged.go: given code,
// not an exercise), which fans its results in with your Merge: its name starts with TestMerge, so that
// `workshop check` counts it for Merge. Make TestMerge pass first.
func TestMergeInThePool(t *testing.T) {
	lessontest.Bubble(t, func(t *testing.T) {
		if Merge[lesson.Result](t.Context()) == nil {
			t.Fatal("Merge returned a nil channel: this pool is built on Merge, so make TestMerge pass first.")
		}
		got, closed := drain(t, merge(t, t.Context(), feed(t.Context(), 1, 2), feed(t.Context(), 3)))
		if !closed || !forwardedOnce(t, []int{1, 2, 3}, got) {
			t.Fatal("Merge does not yet forward two inputs and close: this pool is built on Merge, so make TestMerge " +
				"pass first.")
		}
	})
	if t.Failed() {
		return
	}
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
