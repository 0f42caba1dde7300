package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sync/errgroup"

	"github.com/go-concurrency-workshop/workshop/internal/lessontest"
)

// Every test calls Run through runStage (helpers_test.go): s.Run(ctx, g, in), and a check that it returned
// at once.
func TestStageRun(t *testing.T) {
	t.Run("returns its output at once, before anything reads it", func(t *testing.T) {
		bubble(t, func(t *testing.T) {
			g, ctx := errgroup.WithContext(t.Context())
			s := Stage[int, int]{Name: "square", Workers: 2, Function: work(newProbe(), 10*time.Millisecond, square)}
			out := runStage(t, ctx, g, s, source(ctx, g, 10)) // fails if Run waits for its workers
			got, closed := collect(out)
			_, returned := wait(g)
			require.True(t, closed && returned, "the stage never finished: is its output closed once every worker has returned?")
			assert.Len(t, got, 10)
		})
	})

	t.Run("squares then doubles every message once, then closes the output", func(t *testing.T) {
		// The original project's example: square with 3 workers, then double with 2.
		bubble(t, func(t *testing.T) {
			squares, doubles := newProbe(), newProbe()
			g, ctx := errgroup.WithContext(t.Context())
			squarer := Stage[int, int]{Name: "square", Workers: 3, Buffer: 4, Function: work(squares, time.Millisecond, square)}
			doubler := Stage[int, int]{Name: "double", Workers: 2, Buffer: 4, Function: work(doubles, time.Millisecond, double)}

			squared := runStage(t, ctx, g, squarer, source(ctx, g, 100))
			out := runStage(t, ctx, g, doubler, squared)
			got, closed := collect(out)
			err, returned := wait(g)

			require.True(t, closed, "every message was out and the input was closed, but the last stage never closed "+
				"its output. A stage owns its output: once every worker has returned, one goroutine closes it. (Does "+
				"that goroutine wait with g.Wait? g.Wait waits for every goroutine in g, the later stages' too, and "+
				"they wait for this very close: a stage waits for its own workers only.)")
			require.True(t, returned, "the output was closed, but g.Wait did not return: is a goroutine started with "+
				"g.Go still blocked?")
			assert.NoError(t, err, "nothing failed, so g.Wait should return nil")
			assert.ElementsMatch(t, upTo(100), ids(got), "each of the 100 messages should come out exactly once")
			for _, m := range got {
				if !assert.Equal(t, 2*m.ID*m.ID, m.Payload, "message %d: squared then doubled", m.ID) {
					break
				}
			}
		})
	})

	t.Run("closes its output once its own workers are done, while other goroutines in g still run", func(t *testing.T) {
		// In a pipeline, the stages after this one are in g too, and they return only once this stage's
		// output is closed: here one goroutine in g stands for them, and returns only after the test has
		// seen the output closed, or waited an hour for it.
		bubble(t, func(t *testing.T) {
			g, ctx := errgroup.WithContext(t.Context())
			later := make(chan struct{})
			release := sync.OnceFunc(func() { close(later) })
			defer release() // however the test ends
			g.Go(func() error {
				<-later
				return nil
			})
			in := make(chan Message[int], 3)
			for id := range 3 {
				in <- Message[int]{ID: id, Payload: id}
			}
			close(in)
			s := Stage[int, int]{Name: "square", Workers: 2, Function: work(newProbe(), 10*time.Millisecond, square)}
			out := runStage(t, ctx, g, s, in)
			got, closed := collect(out)
			release()
			if !closed {
				if _, closedLater := collect(out); closedLater {
					t.Fatalf("the stage's input was closed and its workers were done, but its output was closed only " +
						"once every other goroutine in g had returned. Does the goroutine that closes it wait with " +
						"g.Wait? g.Wait waits for the whole pipeline, the stages after this one too, and those wait " +
						"for this very close: in a pipeline, that waits for ever. Wait for this stage's own workers " +
						"only: a sync.WaitGroup they mark done (or a counter, the last worker out closing).")
				}
				t.Fatalf("the stage's input was closed and its workers were done, but its output was never closed, not " +
					"even once every other goroutine in g had returned. A stage owns its output: once every worker has " +
					"returned, one goroutine closes it. (A closer in g that calls g.Wait waits for itself.)")
			}
			_, returned := wait(g)
			require.True(t, returned, "the output was closed, but g.Wait did not return: is a goroutine started with g.Go still blocked?")
			assert.Len(t, got, 3)
		})
	})

	t.Run("keeps exactly Workers calls of Function running at once", func(t *testing.T) {
		for _, workers := range []int{1, 4} {
			t.Run(fmt.Sprintf("%d workers", workers), func(t *testing.T) {
				bubble(t, func(t *testing.T) {
					calls := newProbe()
					g, ctx := errgroup.WithContext(t.Context())
					s := Stage[int, int]{Name: "square", Workers: workers, Function: work(calls, 10*time.Millisecond, square)}
					start := time.Now()
					out := runStage(t, ctx, g, s, source(ctx, g, 40))
					got, closed := collect(out)
					took := time.Since(start)
					_, returned := wait(g)
					require.True(t, closed && returned, "the stage never finished: is its output closed once every worker has returned?")

					assert.Len(t, got, 40)
					assert.Equal(t, workers, calls.peakRunning(),
						"%d workers should keep exactly %d calls of Function running at once; the most at once was %d. "+
							"Are exactly Workers goroutines started, each taking messages from the input?", workers, workers, calls.peakRunning())
					want := time.Duration(40/workers) * 10 * time.Millisecond
					assert.Equal(t, want, took, "40 messages of 10ms through %d workers are %d rounds: %v; the stage took %v",
						workers, 40/workers, want, took)
				})
			})
		}
	})

	t.Run("gives its output room for Buffer messages", func(t *testing.T) {
		for _, buffer := range []int{0, 3} {
			bubble(t, func(t *testing.T) {
				g, ctx := errgroup.WithContext(t.Context())
				s := Stage[int, int]{Name: "square", Workers: 2, Buffer: buffer, Function: work(newProbe(), 0, square)}
				out := runStage(t, ctx, g, s, source(ctx, g, 5))
				assert.Equal(t, buffer, cap(out), "Buffer is %d: make the output with make(chan Message[O], s.Buffer)", buffer)
				collect(out)
				wait(g)
			})
		}
	})

	t.Run("runs at the pace of its slowest stage, once the pipeline is full", func(t *testing.T) {
		// Three stages: fast (4 workers, 10ms a message), slow (2 workers, 30ms), fast (3 workers, 5ms); 60
		// messages. The time is exactly:
		//
		//   10ms   fill: the first messages leave stage 1 after 10ms, and the slow stage starts;
		// + 900ms  from then on the slow stage never waits: stage 1 can do 4 per 10ms, the slow stage
		//          takes 2 per 30ms, so its input is never empty. 60 messages / 2 workers = 30 rounds of 30ms;
		// +   5ms  drain: stage 3's workers are idle when the last two come (they need 5ms of every 30ms),
		//          so those two are out 5ms later.
		// = 915ms, whatever the buffers: N·L/W of the slowest stage, plus the time to fill and drain it.
		// A stage running fewer workers than asked, or waiting for work that is there, takes longer.
		const want = 10*time.Millisecond + 60/2*30*time.Millisecond + 5*time.Millisecond
		for _, buffer := range []int{0, 8} {
			t.Run(fmt.Sprintf("buffers of %d", buffer), func(t *testing.T) {
				bubble(t, func(t *testing.T) {
					slow := newProbe()
					g, ctx := errgroup.WithContext(t.Context())
					first := Stage[int, int]{Name: "first", Workers: 4, Buffer: buffer, Function: work(newProbe(), 10*time.Millisecond, square)}
					second := Stage[int, int]{Name: "slow", Workers: 2, Buffer: buffer, Function: work(slow, 30*time.Millisecond, double)}
					third := Stage[int, int]{Name: "third", Workers: 3, Buffer: buffer, Function: work(newProbe(), 5*time.Millisecond, double)}
					start := time.Now()
					out := runStage(t, ctx, g, third, runStage(t, ctx, g, second, runStage(t, ctx, g, first, source(ctx, g, 60))))
					got, closed := collect(out)
					took := time.Since(start)
					_, returned := wait(g)
					require.True(t, closed && returned, "the pipeline never finished: is each stage's output closed once its workers have returned?")

					assert.Len(t, got, 60)
					assert.Equal(t, 2, slow.peakRunning(), "the slow stage's 2 workers should both be busy")
					assert.Equal(t, want, took, "10ms to fill + 30 rounds of 30ms in the slow stage + 5ms to drain = %v; "+
						"the pipeline took %v. Does every stage run its Workers goroutines at once?", want, took)
				})
			})
		}
	})

	t.Run("leaves no goroutine behind when the consumer stops early and cancels", func(t *testing.T) {
		bubble(t, func(t *testing.T) {
			before := lessontest.Goroutines()
			parent, cancel := context.WithCancel(t.Context())
			defer cancel()
			g, ctx := errgroup.WithContext(parent)
			squarer := Stage[int, int]{Name: "square", Workers: 3, Function: work(newProbe(), 10*time.Millisecond, square)}
			doubler := Stage[int, int]{Name: "double", Workers: 2, Function: work(newProbe(), 10*time.Millisecond, double)}
			out := runStage(t, ctx, g, doubler, runStage(t, ctx, g, squarer, source(ctx, g, 1000)))

			// The consumer takes 5 messages, then stops reading and cancels: the workers that have a result
			// ready find nobody to take it.
			for range 5 {
				select {
				case _, ok := <-out:
					require.True(t, ok, "the output closed before 5 of the 1000 messages came out")
				case <-time.After(time.Hour):
					require.FailNow(t, "no message came out within an hour")
				}
			}
			cancel()

			err, returned := wait(g)
			if !returned {
				t.Fatalf("after the consumer cancelled, g.Wait never returned: goroutines were still blocked. A worker with a "+
					"result nobody takes must not wait on a bare send: send in a select with <-ctx.Done(), and return "+
					"when ctx is done.%s", before.Left())
			}
			if err != nil {
				assert.ErrorIs(t, err, context.Canceled, "the only reason to stop was the cancellation")
			}
			assert.Empty(t, before.Left(), "every goroutine the pipeline started should have ended")
		})
	})

	t.Run("stops and closes its output once ctx is cancelled, even if its input never closes", func(t *testing.T) {
		bubble(t, func(t *testing.T) {
			before := lessontest.Goroutines()
			parent, cancel := context.WithCancel(t.Context())
			defer cancel()
			g, ctx := errgroup.WithContext(parent)
			never := make(chan Message[int]) // nothing is ever sent on it, and it is never closed
			s := Stage[int, int]{Name: "square", Workers: 3, Function: work(newProbe(), 10*time.Millisecond, square)}
			out := runStage(t, ctx, g, s, never)
			time.Sleep(time.Millisecond)
			cancel()

			_, closed := collect(out)
			_, returned := wait(g)
			if !closed || !returned {
				t.Fatalf("ctx was cancelled, but the stage never closed its output: its workers still wait for an input "+
					"that will never close. `for m := range in` cannot see ctx: receive in a select with <-ctx.Done().%s",
					before.Left())
			}
			assert.Empty(t, before.Left())
		})
	})

	t.Run("an error in a stage cancels every stage and the source at once, and Wait returns it with the stage's name", func(t *testing.T) {
		bubble(t, func(t *testing.T) {
			before := lessontest.Goroutines()
			boom := errors.New("boom")
			start := time.Now()
			var failedAt, cancelledAt atomic.Int64
			cancelledAt.Store(-1)

			g, ctx := errgroup.WithContext(t.Context())
			context.AfterFunc(ctx, func() { cancelledAt.Store(int64(time.Since(start))) })
			squares := newProbe()
			squarer := Stage[int, int]{Name: "square", Workers: 3, Function: work(squares, 10*time.Millisecond, square)}
			// double fails on message 2, halfway through its 10ms, while its other worker is busy. Everything
			// else in the pipeline happens on multiples of 10ms, so nothing else happens at that moment.
			doubler := Stage[int, int]{Name: "double", Workers: 2, Function: func(m Message[int]) (Message[int], error) {
				if m.ID == 2 {
					time.Sleep(5 * time.Millisecond)
					failedAt.Store(int64(time.Since(start)))
					return Message[int]{}, boom
				}
				time.Sleep(10 * time.Millisecond)
				return Message[int]{ID: m.ID, Payload: double(m.Payload)}, nil
			}}
			out := runStage(t, ctx, g, doubler, runStage(t, ctx, g, squarer, source(ctx, g, 1000)))

			_, closed := collect(out)
			err, returned := wait(g)
			if !closed {
				t.Fatalf("after double failed, the last stage never closed its output: a stage closes its output once every "+
					"worker has returned, whatever the reason they returned.%s", before.Left())
			}
			if !returned {
				left := before.Left()
				if strings.Contains(left, "chan send") {
					// A send in a select shows as "select": "chan send" is a bare send.
					t.Fatalf("after double failed, g.Wait never returned: goroutines were left blocked on a bare send "+
						"(\"chan send\" below). Once ctx is cancelled, the stage after them takes nothing more: a worker "+
						"sends its result in a select with <-ctx.Done(), and returns when ctx is done.%s", left)
				}
				t.Fatalf("after double failed, g.Wait never returned: goroutines were left blocked. Did the error reach g? A "+
					"worker returns it from its g.Go function, and g cancels ctx for every stage. A stage with an errgroup of "+
					"its own (as in the original code) cancels only itself, and leaves the stages before it blocked.%s",
					left)
			}
			require.ErrorIs(t, err, boom, "g.Wait should return double's error, wrapped with %w. Does a worker return "+
				"Function's error from its g.Go function, or does it swallow it?")
			assert.Contains(t, err.Error(), "double", "the error should name the stage it came from: fmt.Errorf(\"stage %s: %w\", s.Name, err)")

			failed := time.Duration(failedAt.Load())
			switch cancelled := time.Duration(cancelledAt.Load()); {
			case cancelled < 0:
				t.Errorf("the pipeline's ctx was never cancelled: the error must be returned from a g.Go function of " +
					"the group that made ctx")
			case cancelled != failed:
				t.Errorf("double failed at %v, but the pipeline's ctx was cancelled only at %v: return the error from the "+
					"worker's own g.Go function, so that g cancels ctx at once, not once the rest of the stage is done", failed, cancelled)
			}
			assert.Zero(t, squares.callsFrom(failed), "double failed at %v, yet square started work after it: once "+
				"ctx is done, a worker calls Function no more", failed)
			assert.Empty(t, before.Left(), "every goroutine should have ended: the source and every worker select on ctx")
		})
	})

	t.Run("calls Function no more once ctx is cancelled", func(t *testing.T) {
		// When a message and ctx.Done() are both ready, select picks either at random, so a worker that does
		// not check ctx after receiving starts work after the cancellation only some of the time. 50 runs
		// of 4 workers make that certain to show.
		bubble(t, func(t *testing.T) {
			for range 50 {
				calls := newProbe()
				parent, cancel := context.WithCancel(t.Context())
				g, ctx := errgroup.WithContext(parent)
				in := make(chan Message[int], 100)
				for id := range 100 {
					in <- Message[int]{ID: id, Payload: id}
				}
				close(in)
				s := Stage[int, int]{Name: "square", Workers: 4, Buffer: 100, Function: work(calls, 10*time.Millisecond, square)}
				runStage(t, ctx, g, s, in)
				time.Sleep(5 * time.Millisecond) // the first 4 calls are running
				cancel()
				_, returned := wait(g)
				require.True(t, returned, "g.Wait never returned after ctx was cancelled")
				if n := calls.callsFrom(5 * time.Millisecond); n > 0 {
					t.Fatalf("ctx was cancelled at 5ms, yet %d calls of Function started after it. When a message and "+
						"<-ctx.Done() are both ready, select picks either: check ctx.Err() before calling Function.", n)
				}
			}
		})
	})

	t.Run("closes its output at once when its input is closed and empty", func(t *testing.T) {
		bubble(t, func(t *testing.T) {
			g, ctx := errgroup.WithContext(t.Context())
			in := make(chan Message[int])
			close(in)
			s := Stage[int, int]{Name: "square", Workers: 3, Function: work(newProbe(), 10*time.Millisecond, square)}
			start := time.Now()
			out := runStage(t, ctx, g, s, in)
			got, closed := collect(out)
			err, returned := wait(g)
			require.True(t, closed && returned, "with nothing to do, the workers should return at once, and the output close")
			assert.Empty(t, got)
			assert.NoError(t, err)
			assert.Zero(t, time.Since(start), "nothing to do takes no time")
		})
	})
}
