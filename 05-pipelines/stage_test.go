package main

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sync/errgroup"

	"github.com/go-concurrency-workshop/workshop/internal/lessontest"
)

// Every test calls Run through runStage (helpers_test.go): s.Run(ctx, g, in), and a check that it returned
// at once. The subtests follow the contract in stage.go, clause by clause. The first one comes first on
// purpose: a stage that closes its output too early makes a later send panic, which crashes the test
// binary, and this subtest catches it before any worker sends.
func TestStageRun(t *testing.T) {
	abandoned := false // the first subtest saw the output closed too early
	t.Run("closes its output only once every worker has returned", func(t *testing.T) {
		// Two workers, three messages: message 0 takes 30ms, the others 10ms. One worker takes message 0;
		// the other does 1 and 2 and is done at 20ms; the output may close only at 30ms, once the first one
		// has sent message 0 and returned. Whether a stage closes too early can depend on which of its
		// goroutines runs first: 100 runs make it show, every time.
		//
		// Once the test has seen the output closed too early, every call of Function in progress waits for
		// ever: a worker that went on would send on the closed channel (or close it again), which panics and
		// crashes the test binary before this message is shown. The bubble then ends with those goroutines
		// blocked, as it must.
		blocked := lessontest.Bubble(t, func(t *testing.T) {
			for range 100 {
				g, ctx := errgroup.WithContext(t.Context())
				in := make(chan Message[int], 3)
				for id := range 3 {
					in <- Message[int]{ID: id, Payload: id}
				}
				close(in)
				abandon := make(chan struct{})
				slowFirst := func(m Message[int]) (Message[int], error) {
					cost := 10 * time.Millisecond
					if m.ID == 0 {
						cost = 30 * time.Millisecond
					}
					select {
					case <-time.After(cost):
						return Message[int]{ID: m.ID, Payload: square(m.Payload)}, nil
					case <-abandon:
						select {} // for ever: see above
					}
				}
				start := time.Now()
				out := runStage(t, ctx, g, Stage[int, int]{Name: "square", Workers: 2, Buffer: 3, Function: slowFirst}, in)
				r := drainSince(out, start)
				if r.closed && r.closedAt < 30*time.Millisecond {
					abandoned = true
					close(abandon)
					t.Fatalf("the output closed at %v, while a worker was still working on message 0: its result was due "+
						"at 30ms, and a send on a closed channel panics. The output closes once the last worker has "+
						"returned: not when the first one does, and never before every worker has been counted. (If a "+
						"WaitGroup counts them, is each worker added before anything waits on it? A worker that adds "+
						"itself, in its own goroutine, may not have run yet when the wait begins.)", r.closedAt)
				}
				_, returned := waitOn(g)
				if !r.closed && !returned {
					t.Fatalf("the input held 3 messages and was closed, yet an hour later the output was still open and "+
						"g.Wait had not returned: a worker never returned (%d messages came out, for the 3 that went in). "+
						"A worker returns once its input is closed and empty: a receive from a closed input gives the zero "+
						"message with ok false, the end of the input, not a message to work on. Then, once every worker "+
						"has returned, the output is closed.", len(r.got))
				}
				if !r.closed {
					t.Fatalf("every worker had returned, but the output was never closed. The stage owns its output: once " +
						"its last worker has returned, whatever the reason, the output is closed, so that the stage " +
						"after it (a `for m := range out`) sees the end.")
				}
				require.True(t, returned, "the output was closed, but g.Wait did not return: is a goroutine started with g.Go still blocked?")
				if !eachOnce(t, upTo(3), r.got) {
					return
				}
			}
		})
		if blocked && !abandoned {
			t.Errorf("goroutines the stage started were still blocked when the test ended: every receive and every " +
				"send must also wait for <-ctx.Done(), and the output must be closed once the workers are done.")
		}
	})
	if abandoned {
		// Every other subtest would send on an output closed too early, and the panic would crash the test
		// binary, and hide the message above.
		t.Fatal("the other subtests of TestStageRun did not run: with the output closed too early, a worker's send " +
			"panics, which crashes the test binary. Fix the closing first.")
	}

	t.Run("returns its output at once, before anything reads it", func(t *testing.T) {
		bubble(t, func(t *testing.T) {
			g, ctx := errgroup.WithContext(t.Context())
			s := Stage[int, int]{Name: "square", Workers: 2, Function: timedWork(newProbe(), 10*time.Millisecond, square)}
			out := runStage(t, ctx, g, s, source(ctx, g, 10)) // fails if Run waits for its workers
			got, closed := drain(out)
			_, returned := waitOn(g)
			require.True(t, closed && returned, "the stage never finished: is its output closed once every worker has returned?")
			eachOnce(t, upTo(10), got)
		})
	})

	t.Run("squares then doubles every message once, then closes the output", func(t *testing.T) {
		// The original project's example: square with 3 workers, then double with 2.
		bubble(t, func(t *testing.T) {
			squares, doubles := newProbe(), newProbe()
			g, ctx := errgroup.WithContext(t.Context())
			squarer := Stage[int, int]{Name: "square", Workers: 3, Buffer: 4, Function: timedWork(squares, time.Millisecond, square)}
			doubler := Stage[int, int]{Name: "double", Workers: 2, Buffer: 4, Function: timedWork(doubles, time.Millisecond, double)}

			squared := runStage(t, ctx, g, squarer, source(ctx, g, 100))
			out := runStage(t, ctx, g, doubler, squared)
			got, closed := drain(out)
			err, returned := waitOn(g)

			require.True(t, closed, "every message was out and the input was closed, but the last stage never closed "+
				"its output. A stage owns its output: once every worker has returned, the output is closed. (Does "+
				"what closes it wait for all of g? g.Wait waits for every goroutine in g, the later stages' too, and "+
				"they wait for this very close: a stage waits for its own workers only.)")
			require.True(t, returned, "the output was closed, but g.Wait did not return: is a goroutine started with "+
				"g.Go still blocked?")
			assert.NoError(t, err, "nothing failed, so g.Wait should return nil")
			if eachOnce(t, upTo(100), got) {
				for _, m := range got {
					if !assert.Equal(t, 2*m.ID*m.ID, m.Payload, "message %d: squared then doubled", m.ID) {
						break
					}
				}
			}
		})
	})

	t.Run("sends nothing for a message whose Function fails", func(t *testing.T) {
		// One worker, messages 0 to 4 in order; Function fails on message 2, and returns a message with it
		// (payload -1), as a Function may. The output has room for every message, so a send never waits here.
		bubble(t, func(t *testing.T) {
			boom := errors.New("boom")
			g, ctx := errgroup.WithContext(t.Context())
			in := make(chan Message[int], 5)
			for id := range 5 {
				in <- Message[int]{ID: id, Payload: id}
			}
			close(in)
			s := Stage[int, int]{Name: "check", Workers: 1, Buffer: 5, Function: func(m Message[int]) (Message[int], error) {
				if m.ID == 2 {
					return Message[int]{ID: m.ID, Payload: -1}, boom
				}
				return m, nil
			}}
			out := runStage(t, ctx, g, s, in)
			got, closed := drain(out)
			err, returned := waitOn(g)
			require.True(t, closed && returned, "after Function failed, the stage never finished: is its output closed "+
				"once every worker has returned, whatever the reason?")
			zeros := 0
			for _, m := range got {
				if m.ID == 0 {
					zeros++
				}
				if m.ID == 2 || m.Payload == -1 || zeros > 1 {
					t.Fatalf("Function failed on message 2, yet the messages %v came out: something was sent for the "+
						"message that failed (what Function returned with its error, or a zero Message). When Function "+
						"fails, nothing goes downstream for that message: the worker returns the error instead.", idsOf(got))
				}
			}
			if !assert.ErrorIs(t, err, boom, "Function failed on message 2: g.Wait should return its error, wrapped. Does "+
				"the worker return Function's error from its g.Go function, or does it swallow it?") {
				return
			}
			assert.Subset(t, idsOf(got), []int{0, 1}, "messages 0 and 1 went through before message 2 failed")
		})
	})

	t.Run("closes its output once its own workers are done, while other goroutines in g still run", func(t *testing.T) {
		// In a pipeline, the stages after this one are in g too, and they return only once this stage's
		// output is closed: here one goroutine in g stands for them, and returns only after the test has
		// seen the output closed, or waited an hour for it.
		bubble(t, func(t *testing.T) {
			g, ctx := errgroup.WithContext(t.Context())
			later := make(chan struct{})
			g.Go(func() error {
				<-later
				return nil
			})
			in := make(chan Message[int], 3)
			for id := range 3 {
				in <- Message[int]{ID: id, Payload: id}
			}
			close(in)
			s := Stage[int, int]{Name: "square", Workers: 2, Function: timedWork(newProbe(), 10*time.Millisecond, square)}
			out := runStage(t, ctx, g, s, in)
			got, closed := drain(out)
			close(later)
			if !closed {
				if _, closedLater := drain(out); closedLater {
					t.Fatalf("the stage's input was closed and its workers were done, but its output was closed only " +
						"once every other goroutine in g had returned. Does what closes it wait with g.Wait? g.Wait " +
						"waits for the whole pipeline, the stages after this one too, and those wait for this very " +
						"close: in a pipeline, that waits for ever. Wait for this stage's own workers only.")
				}
				t.Fatalf("the stage's input was closed and its workers were done, but its output was never closed, not " +
					"even once every other goroutine in g had returned. A stage owns its output: once every worker has " +
					"returned, the output is closed. (A goroutine in g that calls g.Wait waits for itself.)")
			}
			_, returned := waitOn(g)
			require.True(t, returned, "the output was closed, but g.Wait did not return: is a goroutine started with g.Go still blocked?")
			eachOnce(t, upTo(3), got)
		})
	})

	t.Run("runs every goroutine it starts in g: the output is closed when g.Wait returns", func(t *testing.T) {
		// g.Wait waits for the goroutines in g, and only those: one started with a plain `go` may still run
		// when g.Wait returns. Here g.Wait is called while the workers wait for their input; then the input
		// closes, the workers return, and the moment g.Wait returns, the output must already be closed.
		// Which goroutine runs first varies from run to run: 100 runs make it show.
		bubble(t, func(t *testing.T) {
			for range 100 {
				g, ctx := errgroup.WithContext(t.Context())
				in := make(chan Message[int])
				out := runStage(t, ctx, g, Stage[int, int]{Name: "square", Workers: 2, Function: timedWork(newProbe(), 0, square)}, in)
				if !closedWhenWaitReturns(t, g, out, "the stage", func() { close(in) }) {
					if _, closedLater := drain(out); closedLater {
						t.Fatalf("g.Wait returned while the output was still open; it closed a moment later. So what closes " +
							"it is a goroutine g does not wait for (started with `go`, not g.Go): when g.Wait returns, " +
							"the stage is still running. Every goroutine the stage starts runs in g, so that g.Wait " +
							"returning means the whole pipeline has ended.")
					}
					t.Fatalf("the input was closed and the workers returned, and g.Wait returned, but the output was never closed.")
				}
			}
		})
	})

	t.Run("keeps exactly Workers calls of Function running at once", func(t *testing.T) {
		for _, workers := range []int{1, 4} {
			t.Run(fmt.Sprintf("%d workers", workers), func(t *testing.T) {
				bubble(t, func(t *testing.T) {
					calls := newProbe()
					g, ctx := errgroup.WithContext(t.Context())
					s := Stage[int, int]{Name: "square", Workers: workers, Function: timedWork(calls, 10*time.Millisecond, square)}
					start := time.Now()
					out := runStage(t, ctx, g, s, source(ctx, g, 40))
					r := drainSince(out, start)
					got, closed, took := r.got, r.closed, r.last
					_, returned := waitOn(g)
					require.True(t, closed && returned, "the stage never finished: is its output closed once every worker has returned?")

					eachOnce(t, upTo(40), got)
					assert.Equal(t, workers, calls.peakRunning(),
						"%d workers should keep exactly %d calls of Function running at once; the most at once was %d. "+
							"Are exactly Workers goroutines started, each taking messages from the input?", workers, workers, calls.peakRunning())
					want := time.Duration(40/workers) * 10 * time.Millisecond
					assert.Equal(t, want, took, "40 messages of 10ms through %d workers are %d rounds: %v; the last message came out at %v",
						workers, 40/workers, want, took)
				})
			})
		}
	})

	t.Run("runs one worker when Workers is 0 or less", func(t *testing.T) {
		for _, workers := range []int{0, -3} {
			t.Run(fmt.Sprintf("Workers %d", workers), func(t *testing.T) {
				bubble(t, func(t *testing.T) {
					calls := newProbe()
					g, ctx := errgroup.WithContext(t.Context())
					s := Stage[int, int]{Name: "square", Workers: workers, Function: timedWork(calls, 10*time.Millisecond, square)}
					start := time.Now()
					out := runStage(t, ctx, g, s, source(ctx, g, 10))
					r := drainSince(out, start)
					got, closed, took := r.got, r.closed, r.last
					if closed && len(got) == 0 {
						t.Fatalf("Workers is %d, and the stage ran no worker at all: its output closed with none of the 10 "+
							"messages. The contract: Workers less than 1 counts as 1.", workers)
					}
					require.True(t, closed, "the stage never finished: is its output closed once every worker has returned?")
					_, returned := waitOn(g)
					require.True(t, returned, "the output was closed, but g.Wait did not return")
					eachOnce(t, upTo(10), got)
					assert.Equal(t, 1, calls.peakRunning(), "Workers is %d, which counts as 1: one call of Function at a "+
						"time; the most at once was %d", workers, calls.peakRunning())
					assert.Equal(t, 100*time.Millisecond, took, "10 messages of 10ms, one at a time: the last should come out at 100ms")
				})
			})
		}
	})

	t.Run("gives its output room for Buffer messages", func(t *testing.T) {
		for _, buffer := range []int{0, 3} {
			bubble(t, func(t *testing.T) {
				g, ctx := errgroup.WithContext(t.Context())
				s := Stage[int, int]{Name: "square", Workers: 2, Buffer: buffer, Function: timedWork(newProbe(), 0, square)}
				out := runStage(t, ctx, g, s, source(ctx, g, 5))
				assert.Equal(t, buffer, cap(out), "Buffer is %d: the output should have room for %d messages", buffer, buffer)
				drain(out)
				waitOn(g)
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
					first := Stage[int, int]{Name: "first", Workers: 4, Buffer: buffer, Function: timedWork(newProbe(), 10*time.Millisecond, square)}
					second := Stage[int, int]{Name: "slow", Workers: 2, Buffer: buffer, Function: timedWork(slow, 30*time.Millisecond, double)}
					third := Stage[int, int]{Name: "third", Workers: 3, Buffer: buffer, Function: timedWork(newProbe(), 5*time.Millisecond, double)}
					start := time.Now()
					out := runStage(t, ctx, g, third, runStage(t, ctx, g, second, runStage(t, ctx, g, first, source(ctx, g, 60))))
					r := drainSince(out, start)
					got, closed, took := r.got, r.closed, r.last
					_, returned := waitOn(g)
					require.True(t, closed && returned, "the pipeline never finished: is each stage's output closed once its workers have returned?")

					eachOnce(t, upTo(60), got)
					assert.Equal(t, 2, slow.peakRunning(), "the slow stage's 2 workers should both be busy")
					assert.Equal(t, want, took, "10ms to fill + 30 rounds of 30ms in the slow stage + 5ms to drain = %v; "+
						"the last message came out at %v. Does every stage run its Workers goroutines at once?", want, took)
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
			squarer := Stage[int, int]{Name: "square", Workers: 3, Function: timedWork(newProbe(), 10*time.Millisecond, square)}
			doubler := Stage[int, int]{Name: "double", Workers: 2, Function: timedWork(newProbe(), 10*time.Millisecond, double)}
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
			cancelled := time.Now()
			cancel()

			after, returned, err := waitOnSince(g, cancelled)
			if !returned {
				t.Fatalf("after the consumer cancelled, g.Wait never returned: goroutines were still blocked. A worker with "+
					"a result nobody takes must not wait for ever: its send also waits for <-ctx.Done(), and it returns "+
					"when ctx is done.%s", whyBlocked(before.LeftBlocked()))
			}
			// The calls of Function in progress at the cancellation end within 10ms; then everything returns.
			assert.LessOrEqual(t, after, 10*time.Millisecond, "g.Wait returned %v after the cancellation, when the calls "+
				"of Function in progress needed 10ms at most: a goroutine of the stage noticed the cancellation late. "+
				"Does a worker, or what closes the output, wait on a timer, and check again only when it fires? A "+
				"worker's send waits for <-ctx.Done() itself, and the output closes the moment the last worker "+
				"returns.", after)
			if err != nil {
				assert.ErrorIs(t, err, context.Canceled, "the only reason to stop was the cancellation")
			}
			assert.Empty(t, before.Left(), "every goroutine the pipeline started should have ended")
		})
	})

	t.Run("once ctx is cancelled, every worker returns ctx's error at once, and the output closes", func(t *testing.T) {
		// The input is the test's, outside g, and stays open: only the stage's goroutines are in g, so g.Wait's
		// error is theirs. A stage cut short must never look complete: g.Wait returns ctx's error, never nil,
		// also when ctx was done before the stage even started. The cancellation comes at an instant no timer
		// of the stage's own would fire at.
		for _, tc := range []struct {
			name     string
			workers  int
			buffer   int
			queued   int           // messages waiting in the input, which stays open
			cancelAt time.Duration // when the test cancels
			wantAt   time.Duration // when g.Wait must return: at once, or once the calls of Function in progress end
			runs     int           // how many times: select picks at random among the cases ready
			where    string        // where the workers wait at the cancellation
			before   bool          // ctx is cancelled before Run is called
			deadline bool          // ctx ends by its deadline at cancelAt, not by a cancellation
		}{
			{"when ctx is already done as Run is called", 3, 0, 0, 0, 0, 1,
				"not started yet: ctx was done before Run was called", true, false},
			{"while its workers wait for input", 3, 0, 0, 1500 * time.Microsecond, 1500 * time.Microsecond, 1,
				"waiting for an input that stays open", false, false},
			{"while its workers wait to send", 3, 0, 3, 15500 * time.Microsecond, 15500 * time.Microsecond, 1,
				"waiting to send a result nobody takes", false, false},
			{"while a call of Function is in progress", 1, 10, 10, 5500 * time.Microsecond, 10 * time.Millisecond, 100,
				"in a call of Function that ends at 10ms, with more messages waiting", false, false},
			// ctx.Err() is then context.DeadlineExceeded: the error g.Wait returns says so.
			{"when ctx's deadline passes while its workers wait to send", 3, 0, 3, 15500 * time.Microsecond,
				15500 * time.Microsecond, 1, "waiting to send a result nobody takes", false, true},
		} {
			t.Run(tc.name, func(t *testing.T) {
				bubble(t, func(t *testing.T) {
					before := lessontest.Goroutines() // once: a stack dump per run would cost more than the runs
					for range tc.runs {
						start := time.Now()
						parent, cancel := context.WithCancel(t.Context())
						if tc.deadline {
							parent, cancel = context.WithDeadline(t.Context(), start.Add(tc.cancelAt))
						}
						g, ctx := errgroup.WithContext(parent)
						in := make(chan Message[int], tc.queued)
						for id := range tc.queued {
							in <- Message[int]{ID: id, Payload: id}
						}
						calls := newProbe()
						s := Stage[int, int]{Name: "square", Workers: tc.workers, Buffer: tc.buffer, Function: timedWork(calls, 10*time.Millisecond, square)}
						if tc.before {
							cancel()
						}
						out := runStage(t, ctx, g, s, in)
						if !tc.deadline {
							time.Sleep(tc.cancelAt)
							cancel()
						}
						at, returned, err := waitOnSince(g, start)
						cancel()
						if !returned {
							t.Fatalf("ctx was cancelled at %v with the workers %s, and g.Wait never returned: a worker must "+
								"return once ctx is done, wherever it waits.%s", tc.cancelAt, tc.where, whyBlocked(before.LeftBlocked()))
						}
						if n := calls.callsFrom(tc.cancelAt); n > 0 {
							t.Fatalf("ctx was cancelled at %v, yet %d calls of Function started after it: once ctx is done, a "+
								"worker calls Function no more. (When a message and the cancellation are both ready, "+
								"select picks either.)", tc.cancelAt, n)
						}
						if at != tc.wantAt {
							t.Fatalf("ctx was cancelled at %v with the workers %s; g.Wait should have returned at %v, and "+
								"returned at %v: a goroutine of the stage noticed the cancellation late. Does a worker, or "+
								"what closes the output, wait on a timer, and check again only when it fires? Wherever a "+
								"worker waits, it also waits for <-ctx.Done() itself, so that it returns the moment ctx is "+
								"done; and the output closes the moment the last worker returns.%s",
								tc.cancelAt, tc.where, tc.wantAt, at, whyBlocked(before.LeftBlocked()))
						}
						if err == nil {
							t.Fatalf("ctx was cancelled at %v with the workers %s, and g.Wait returned nil: the stage was cut "+
								"short, yet it looks complete to its caller. A worker that stops because ctx is done returns "+
								"ctx's error (ctx.Err()), never nil.", tc.cancelAt, tc.where)
						}
						if tc.deadline && !errors.Is(err, context.DeadlineExceeded) {
							t.Fatalf("ctx's deadline passed at %v with the workers %s, and g.Wait returned %q, where ctx's "+
								"error is %q: a worker that stops because ctx is done returns ctx.Err(), which says why ctx "+
								"ended (context.DeadlineExceeded for a deadline, context.Canceled for a cancellation), never "+
								"an error of its own choosing.", tc.cancelAt, tc.where, err, context.DeadlineExceeded)
						}
						if !tc.deadline {
							require.ErrorIs(t, err, context.Canceled, "the only reason to stop was the cancellation")
						}
						_, closed := drain(out)
						require.True(t, closed, "every worker had returned, but the output was never closed: it is closed "+
							"once every worker has returned, whatever the reason")
					}
					require.Empty(t, before.Left(), "every goroutine the stage started should have ended")
				})
			})
		}
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
				s := Stage[int, int]{Name: "square", Workers: 4, Buffer: 100, Function: timedWork(calls, 10*time.Millisecond, square)}
				runStage(t, ctx, g, s, in)
				time.Sleep(5 * time.Millisecond) // the first 4 calls are running
				cancel()
				_, returned := waitOn(g)
				require.True(t, returned, "g.Wait never returned after ctx was cancelled")
				if n := calls.callsFrom(5 * time.Millisecond); n > 0 {
					t.Fatalf("ctx was cancelled at 5ms, yet %d calls of Function started after it. Once ctx is done, a "+
						"worker calls Function no more: when a message and the cancellation are both ready, select "+
						"picks either, so a worker that got a message still checks ctx before the call.", n)
				}
			}
		})
	})

	t.Run("calls Function no more once ctx is cancelled, even for a message that woke it then", func(t *testing.T) {
		// A worker waits for its input; the test hands it a message and cancels ctx at once, before the worker
		// has run. On a single P (runtime.GOMAXPROCS(1), for this subtest only) the worker woken by the message
		// runs only once the test's goroutine blocks: after the cancellation, every time. It must not start
		// work then: ctx is checked after the message came, not only before the wait.
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
		bubble(t, func(t *testing.T) {
			for range 5 {
				calls := newProbe()
				parent, cancel := context.WithCancel(t.Context())
				g, ctx := errgroup.WithContext(parent)
				in := make(chan Message[int], 1)
				s := Stage[int, int]{Name: "square", Workers: 1, Buffer: 1, Function: timedWork(calls, 10*time.Millisecond, square)}
				runStage(t, ctx, g, s, in) // the worker now waits for its input
				in <- Message[int]{ID: 0, Payload: 0}
				cancel()
				_, returned := waitOn(g)
				require.True(t, returned, "g.Wait never returned after ctx was cancelled")
				if n := calls.callsFrom(0); n > 0 {
					t.Fatalf("a worker waiting for its input was handed a message at the very moment ctx was cancelled, " +
						"and ran only after the cancellation; yet it called Function. Once ctx is done, no new call " +
						"starts: does the worker check ctx only before it waits for a message? Check it after the " +
						"message came, right before the call.")
				}
			}
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
			squarer := Stage[int, int]{Name: "square", Workers: 3, Function: timedWork(squares, 10*time.Millisecond, square)}
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

			_, closed := drain(out)
			err, returned := waitOn(g)
			if !closed {
				t.Fatalf("after double failed, the last stage never closed its output: a stage closes its output once every "+
					"worker has returned, whatever the reason they returned.%s", whyBlocked(before.LeftBlocked()))
			}
			if !returned {
				left := before.LeftBlocked()
				t.Fatalf("after double failed, g.Wait never returned. Did the error reach g? A worker returns it from its "+
					"g.Go function, and g cancels ctx for every stage. A stage with an errgroup of its own (as in the "+
					"original code) cancels only itself, and leaves the stages before it blocked.%s", whyBlocked(left))
			}
			require.ErrorIs(t, err, boom, "g.Wait should return double's error, wrapped with %w. Does a worker return "+
				"Function's error from its g.Go function, or does it swallow it?")
			assert.Contains(t, err.Error(), "double", "the error should name the stage it came from: \"stage double: …\"")

			failed := time.Duration(failedAt.Load())
			switch cancelled := time.Duration(cancelledAt.Load()); {
			case cancelled < 0:
				t.Errorf("the pipeline's ctx was never cancelled: the error must be returned from a g.Go function of " +
					"the group that made ctx")
			case cancelled != failed:
				t.Errorf("double failed at %v, but the pipeline's ctx was cancelled only at %v: return the error from the "+
					"worker's own g.Go function, so that g cancels ctx at once, not once the rest of the stage is done", failed, cancelled)
			}
			// A call that starts at the very instant of the failure started before the cancellation: a design
			// that frees the failing call's slot as it returns (a dispatcher with a semaphore) may let one start
			// in the moment between that and g's cancel. Any later one is work done after the cancellation.
			assert.Zero(t, squares.callsFrom(failed+time.Nanosecond), "double failed at %v, yet square started work "+
				"after it: once ctx is done, a worker calls Function no more", failed)
			if left := before.LeftBlocked(); len(left) > 0 {
				t.Errorf("every goroutine should have ended: the source and every worker watch ctx.%s", whyBlocked(left))
			}
		})
	})

	t.Run("waits for its input as long as it takes, until it is closed", func(t *testing.T) {
		// Message 0 comes at once, message 1 only 50 minutes later (the stage before is slow, say), then the
		// input closes. A quiet input is not a closed one: only its close, ctx or an error ends a worker.
		bubble(t, func(t *testing.T) {
			const late = 50 * time.Minute
			parent, cancel := context.WithCancel(t.Context())
			defer cancel()
			g, ctx := errgroup.WithContext(parent)
			in := make(chan Message[int])
			g.Go(func() error {
				defer close(in)
				for id := range 2 {
					if id > 0 {
						time.Sleep(late)
					}
					select {
					case in <- Message[int]{ID: id, Payload: id}:
					case <-ctx.Done():
						return nil
					}
				}
				return nil
			})
			s := Stage[int, int]{Name: "square", Workers: 2, Function: timedWork(newProbe(), 10*time.Millisecond, square)}
			start := time.Now()
			out := runStage(t, ctx, g, s, in)
			r := drainSince(out, start)
			cancel() // lets the goroutine feeding the stage go, if the stage stopped taking its messages
			err, returned := waitOn(g)
			if !slices.Equal(idsOf(r.got), []int{0, 1}) || err != nil {
				t.Fatalf("message 0 came at once, and message 1 %v later on an input still open, then the input closed: "+
					"both should have come out, and g.Wait returned nil. Ids %v came out, the output closed: %v (at %v), "+
					"and g.Wait returned %v. A worker returns only when its input is closed (and empty), when ctx is "+
					"done, or when Function fails: an input that is quiet for a while is not closed. Does a worker give "+
					"up after a time without a message?", late, idsOf(r.got), r.closed, r.closedAt, err)
			}
			require.True(t, r.closed && returned, "the stage never finished: is its output closed once every worker has returned?")
		})
	})

	t.Run("closes its output at once when its input is closed and empty", func(t *testing.T) {
		bubble(t, func(t *testing.T) {
			g, ctx := errgroup.WithContext(t.Context())
			in := make(chan Message[int])
			close(in)
			s := Stage[int, int]{Name: "square", Workers: 3, Function: timedWork(newProbe(), 10*time.Millisecond, square)}
			start := time.Now()
			out := runStage(t, ctx, g, s, in)
			r := drainSince(out, start)
			got, closed, at := r.got, r.closed, r.closedAt
			err, returned := waitOn(g)
			require.True(t, closed && returned, "with nothing to do, the workers should return at once, and the output close")
			assert.Empty(t, got)
			assert.NoError(t, err, "the input was closed and drained: nothing failed, and nothing was cancelled")
			assert.Zero(t, at, "nothing to do takes no time: the output should close the moment the last worker "+
				"returns, and it closed %v later. Does what closes it check on a timer?", at)
		})
	})
}
