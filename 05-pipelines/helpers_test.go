package main

import (
	"context"
	"fmt"
	"runtime/debug"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
	"golang.org/x/sync/errgroup"

	"github.com/go-concurrency-workshop/workshop/internal/lessontest"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// Time in these tests is virtual (testing/synctest): a stage's Function that sleeps 10ms takes exactly
// 10ms, and the tests take no real time at all.

// probe records the calls of a stage's Function: how many run at once, and when each started. Make it
// with newProbe inside the bubble. Its methods are safe for concurrent use.
type probe struct {
	t0 time.Time

	mu      sync.Mutex
	running int
	peak    int
	starts  []time.Duration // since t0
}

func newProbe() *probe { return &probe{t0: time.Now()} }

func (p *probe) begin() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.running++
	p.peak = max(p.peak, p.running)
	p.starts = append(p.starts, time.Since(p.t0))
}

func (p *probe) end() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.running--
}

// callsFrom counts the calls that started at or after d.
func (p *probe) callsFrom(d time.Duration) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := 0
	for _, at := range p.starts {
		if at >= d {
			n++
		}
	}
	return n
}

func (p *probe) peakRunning() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.peak
}

// work returns a stage Function that records each call in p, takes cost of virtual time, and gives the
// message with f applied to its payload.
func work[I, O any](p *probe, cost time.Duration, f func(I) O) func(Message[I]) (Message[O], error) {
	return func(m Message[I]) (Message[O], error) {
		p.begin()
		defer p.end()
		time.Sleep(cost)
		return Message[O]{ID: m.ID, Payload: f(m.Payload)}, nil
	}
}

func square(x int) int { return x * x }
func double(x int) int { return 2 * x }

// collect reads out until it is closed, for at most an hour of virtual time, and reports whether it was
// closed.
func collect[T any](out <-chan Message[T]) (got []Message[T], closed bool) {
	timeout := time.After(time.Hour)
	for {
		select {
		case m, open := <-out:
			if !open {
				return got, true
			}
			got = append(got, m)
		case <-timeout:
			return got, false
		}
	}
}

// wait calls g.Wait, and waits for it for at most an hour of virtual time: returned is false if it did
// not return by then (its goroutine is then left blocked, and the bubble reports it).
func wait(g *errgroup.Group) (err error, returned bool) {
	done := make(chan error, 1)
	go func() { done <- g.Wait() }()
	select {
	case err := <-done:
		return err, true
	case <-time.After(time.Hour):
		return nil, false
	}
}

// bubble runs f in a synctest bubble, and fails the test if goroutines were left blocked at its end.
func bubble(t *testing.T, f func(t *testing.T)) {
	t.Helper()
	if lessontest.Bubble(t, f) {
		t.Errorf("goroutines the pipeline started were still blocked when the test ended: every receive and every " +
			"send must wait in a select with <-ctx.Done(), and every output must be closed once its senders are done.")
	}
}

// ids lists the messages' ids.
func ids[T any](ms []Message[T]) []int {
	list := make([]int, len(ms))
	for i, m := range ms {
		list[i] = m.ID
	}
	return list
}

// upTo returns 0, 1, …, n-1.
func upTo(n int) []int {
	list := make([]int, n)
	for i := range list {
		list[i] = i
	}
	return list
}

const stubRun = "Stage.Run returned a nil channel. Is it still the stub? Follow the TODOs in stage.go."

// runStage calls s.Run and requires it to return at once, as its contract says: Run only starts goroutines
// (the workers, and the one that closes the output once they are done, all in g) and returns the output
// before any of them is done. The bubble settles first (synctest.Wait: every goroutine runs until it
// blocks, and no virtual time passes), so a Run that waits for its workers is caught whatever they wait for.
func runStage[I, O any](t *testing.T, ctx context.Context, g *errgroup.Group, s Stage[I, O], in <-chan Message[I]) <-chan Message[O] {
	t.Helper()
	var (
		out      <-chan Message[O]
		panicked any // what Run panicked with, if it did
		stack    []byte
	)
	returned := make(chan struct{})
	go func() {
		defer close(returned)
		defer func() {
			if panicked = recover(); panicked != nil {
				stack = debug.Stack()
			}
		}()
		out = s.Run(ctx, g, in)
	}()
	synctest.Wait()
	select {
	case <-returned:
		if panicked != nil {
			// Panic again in the test's goroutine, as a Run called there would: the test fails, named.
			panic(fmt.Sprintf("stage %s: Run panicked: %v\n\n%s", s.Name, panicked, stack))
		}
	default:
		// t.Context() is cancelled when the test ends, before its cleanups run: this one lets the workers see
		// it (virtual time moves while the test waits here) and return, so that Run returns too, and nothing
		// is left blocked but what does not watch ctx.
		t.Cleanup(func() {
			select {
			case <-returned:
			case <-time.After(time.Hour):
			}
		})
		t.Fatalf("stage %s: Run did not return: every goroutine of the test had gone as far as it could, and Run still "+
			"waited. Run must return its "+
			"output channel at once: the workers, and the goroutine that waits for them and closes the output, all "+
			"run in g (g.Go), and Run itself waits for none of them. Nothing can read the output before Run returns "+
			"it, so a Run that waits for its workers (wg.Wait(); close(out) in Run) waits for ever as soon as the "+
			"output is full, or while the input stays open.", s.Name)
	}
	require.NotNil(t, out, stubRun)
	return out
}
