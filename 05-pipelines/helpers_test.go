package main

import (
	"context"
	"fmt"
	"runtime/debug"
	"strings"
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

// timedWork returns a stage Function that records each call in p, takes cost of virtual time, and gives the
// message with f applied to its payload.
func timedWork[I, O any](p *probe, cost time.Duration, f func(I) O) func(Message[I]) (Message[O], error) {
	return func(m Message[I]) (Message[O], error) {
		p.begin()
		defer p.end()
		time.Sleep(cost)
		return Message[O]{ID: m.ID, Payload: f(m.Payload)}, nil
	}
}

func square(x int) int { return x * x }
func double(x int) int { return 2 * x }

// drain reads out until it is closed, for at most an hour of virtual time, and reports whether it was
// closed.
func drain[T any](out <-chan Message[T]) (got []Message[T], closed bool) {
	r := drainSince(out, time.Now())
	return r.got, r.closed
}

// collected is what drainSince saw.
type collected[T any] struct {
	got      []Message[T]
	closed   bool
	last     time.Duration // when the last message came, since the start
	closedAt time.Duration // when out was closed, since the start
}

// drainSince is drain, and says when the last message came and when out was closed, as the time since
// start.
func drainSince[T any](out <-chan Message[T], start time.Time) collected[T] {
	var r collected[T]
	timeout := time.After(time.Hour)
	for {
		select {
		case m, open := <-out:
			if !open {
				r.closed, r.closedAt = true, time.Since(start)
				return r
			}
			r.got = append(r.got, m)
			r.last = time.Since(start)
		case <-timeout:
			return r
		}
	}
}

// closedWhenWaitReturns starts g.Wait while the goroutines of the stage (or of Ordered) in g still wait for
// their input, then lets them end with end (which closes their input), and reports whether out was
// already closed the very moment g.Wait returned, before any other goroutine could run. It fails the test
// if g.Wait returns before end, or not at all.
func closedWhenWaitReturns[T any](t *testing.T, g *errgroup.Group, out <-chan Message[T], what string, end func()) bool {
	t.Helper()
	closedAtReturn := make(chan bool, 1)
	go func() {
		_ = g.Wait()
		select { // at this very moment, without letting any other goroutine run first
		case _, open := <-out:
			closedAtReturn <- !open
		default:
			closedAtReturn <- false
		}
	}()
	synctest.Wait()
	select {
	case <-closedAtReturn:
		t.Fatalf("g.Wait returned while %s still waited for its input: what runs its work is a goroutine g does not "+
			"wait for (started with `go`, not g.Go). When g.Wait returns, the pipeline must have ended: every goroutine "+
			"it started runs in g.", what)
	default:
	}
	end()
	select {
	case ok := <-closedAtReturn:
		return ok
	case <-time.After(time.Hour):
		t.Fatalf("%s's input was closed, but g.Wait did not return: is a goroutine started with g.Go still blocked?", what)
		return false
	}
}

// waitOn calls g.Wait, and waits for it for at most an hour of virtual time: returned is false if it did
// not return by then (its goroutine is then left blocked, and the bubble reports it).
func waitOn(g *errgroup.Group) (err error, returned bool) {
	_, returned, err = waitOnSince(g, time.Now())
	return err, returned
}

// waitOnSince is waitOn, and says when g.Wait returned, as the time since start.
func waitOnSince(g *errgroup.Group, start time.Time) (at time.Duration, returned bool, err error) {
	done := make(chan error, 1)
	go func() { done <- g.Wait() }()
	select {
	case err := <-done:
		return time.Since(start), true, err
	case <-time.After(time.Hour):
		return 0, false, nil
	}
}

// bubble runs f in a synctest bubble, and fails the test if goroutines were left blocked at its end.
func bubble(t *testing.T, f func(t *testing.T)) {
	t.Helper()
	if lessontest.Bubble(t, f) {
		t.Errorf("goroutines the pipeline started were still blocked when the test ended: every receive and every " +
			"send must also wait for <-ctx.Done(), and every output must be closed once its senders are done.")
	}
}

// idsOf lists the messages' ids.
func idsOf[T any](ms []Message[T]) []int {
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

// some shows a few ints: "3, 4, 9 and 12 more", or "none".
func some(list []int) string { return lessontest.Few(list, 6, nil) }

// eachOnce checks that got holds each id of want exactly once and nothing else, and says what went wrong
// if not: what fn gave was sent messages with these ids.
func eachOnce[T any](t *testing.T, want []int, got []Message[T]) bool {
	t.Helper()
	ids := make([]int, len(got))
	for i, m := range got {
		ids[i] = m.ID
	}
	missing, twice, unknown := lessontest.Tally(want, ids)
	switch {
	case len(twice) > 0:
		t.Errorf("%d messages went in, and ids %s came out more than once: each message goes through Function once, "+
			"and its result is sent once.", len(want), some(twice))
	case len(unknown) > 0:
		t.Errorf("%d messages went in, and messages with ids that never went in came out (%s): send what Function "+
			"returns, and only that.", len(want), some(unknown))
	case len(missing) > 0:
		t.Errorf("%d messages went in, but only %d came out: ids %s never did. A result is never dropped: a worker "+
			"waits until its result is taken (or ctx is done). Does a send give up when nobody is ready to take the "+
			"result at that very moment (a default case beside it)?", len(want), len(got), some(missing))
	default:
		return true
	}
	return false
}

// whyBlocked says what the goroutines left blocked wait for, and the likely fix: "" when there are none.
func whyBlocked(left []lessontest.Blocked) string {
	if len(left) == 0 {
		return ""
	}
	states := map[string]bool{}
	for _, g := range left {
		states[g.State] = true
	}
	var causes []string
	if states["chan send"] {
		causes = append(causes, "a goroutine waits on a bare send, which nobody will ever take: a send must also "+
			"wait for <-ctx.Done(), in one select")
	}
	if states["chan receive"] {
		causes = append(causes, "a goroutine waits on a bare receive (or in `for m := range in`), for an input that "+
			"will never close: a receive must also wait for <-ctx.Done(), in one select")
	}
	if states["select"] {
		causes = append(causes, "a goroutine waits in a select that no case of will ever end: does it have a "+
			"<-ctx.Done() case?")
	}
	if states["sleep"] {
		causes = append(causes, "a goroutine sleeps: does it wait on a timer, and check ctx only when it fires?")
	}
	if states["sync.WaitGroup.Wait"] && len(causes) == 0 {
		causes = append(causes, "a goroutine waits for a WaitGroup that never reaches zero: is Done called for "+
			"every worker, whatever the way it returns?")
	}
	if states["select (no cases)"] {
		causes = append(causes, "a goroutine waits in an empty select{}, for ever")
	}
	msg := " The goroutines left blocked:" + lessontest.Describe(left)
	if len(causes) > 0 {
		msg = " Likely: " + strings.Join(causes, "; ") + "." + msg
	}
	return msg
}

const stubRun = "Stage.Run returned a nil channel. Is it still the stub? Write stage.go: its doc comment is the contract."

// started calls start (Stage.Run, or Ordered) in a goroutine, and requires it to return at once, as the
// contracts say: it only starts goroutines, in g, and returns the output before any of them is done. The
// bubble settles first (synctest.Wait: every goroutine runs until it blocks, and no virtual time passes),
// so a start that waits for its goroutines is caught whatever they wait for. notReturned is the message
// if it does not return.
func started[T any](t *testing.T, what, notReturned string, start func() <-chan T) <-chan T {
	t.Helper()
	var (
		out      <-chan T
		panicked any // what start panicked with, if it did
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
		out = start()
	}()
	synctest.Wait()
	select {
	case <-returned:
		if panicked != nil {
			// Panic again in the test's goroutine, as a call made there would: the test fails, named.
			panic(fmt.Sprintf("%s panicked: %v\n\n%s", what, panicked, stack))
		}
	default:
		// t.Context() is cancelled when the test ends, before its cleanups run: this one lets the goroutines
		// see it (virtual time moves while the test waits here) and return, so that start returns too, and
		// nothing is left blocked but what does not watch ctx.
		t.Cleanup(func() {
			select {
			case <-returned:
			case <-time.After(time.Hour):
			}
		})
		t.Fatalf("%s did not return: every goroutine of the test had gone as far as it could, and it still waited. %s",
			what, notReturned)
	}
	return out
}

// runStage calls s.Run and requires it to return at once, as its contract says, with an output.
func runStage[I, O any](t *testing.T, ctx context.Context, g *errgroup.Group, s Stage[I, O], in <-chan Message[I]) <-chan Message[O] {
	t.Helper()
	out := started(t, "stage "+s.Name+": Run", "Run must return its output channel at once: the workers, and "+
		"whatever closes the output once they are done, run in g, and Run itself waits for none of them. Nothing "+
		"can read the output before Run returns it, so a Run that waits for its workers waits for ever as soon as "+
		"the output is full, or while the input stays open.",
		func() <-chan Message[O] { return s.Run(ctx, g, in) })
	require.NotNil(t, out, stubRun)
	return out
}
