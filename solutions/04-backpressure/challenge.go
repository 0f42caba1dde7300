package backpressure

import (
	"context"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

// State is a circuit breaker's state.
type State string

// A Breaker is in one of three states.
const (
	Closed   State = "closed"    // requests go through
	Open     State = "open"      // no request goes through
	HalfOpen State = "half-open" // a few requests go through, to find out whether the server is back
)

// BreakerSettings are the numbers of a Breaker.
type BreakerSettings struct {
	Trip     int           // failures in a row that open a closed breaker (1 or more)
	CoolDown time.Duration // how long the breaker stays open
	Probes   int           // requests let through while half-open (1 or more)
}

// StateChange is a change of a Breaker's state: from At on (since NewBreaker was called), it was in State.
type StateChange struct {
	At    time.Duration
	State State
}

// Breaker is a circuit breaker, safe for concurrent use: closed, it lets every request through and opens
// after Trip failures in a row; open, it holds every caller for CoolDown; half-open, it lets Probes
// requests through, closes once they have all succeeded, and opens again at the first failure.
//
// One mutex guards the whole state machine: the state, the counts and the time it reopens are read and
// changed together, so no caller ever sees half of a change. A caller that must wait never waits holding
// it: it waits in a select on a channel closed at every change of state (wake), a timer for the end of the
// cool-down, and its ctx.
type Breaker struct {
	s     BreakerSettings
	start time.Time // Changes are timed from here

	mu       sync.Mutex
	state    State
	failures int           // closed: failures in a row
	until    time.Time     // open: when it turns half-open
	probes   int           // half-open: probes let through
	passed   int           // half-open: probes that succeeded
	wake     chan struct{} // closed, and replaced, at every change of state: wakes every caller held
	changes  []StateChange
}

// NewBreaker returns a closed Breaker with the settings s.
func NewBreaker(s BreakerSettings) *Breaker {
	s.Trip, s.Probes = max(1, s.Trip), max(1, s.Probes)
	return &Breaker{
		s:       s,
		start:   time.Now(),
		state:   Closed,
		wake:    make(chan struct{}),
		changes: []StateChange{{0, Closed}},
	}
}

// Allow waits until the breaker lets a request through and returns nil, or returns ctx's error once ctx is
// done. A nil must be followed by one call of Done.
func (b *Breaker) Allow(ctx context.Context) error {
	var timer *time.Timer
	defer func() {
		if timer != nil {
			timer.Stop()
		}
	}()
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		wake, coolDown, ok := b.admit()
		if ok {
			return nil
		}
		// Held: wait for a change of state, or for the end of the cool-down, which no other caller may be
		// there to notice.
		var alarm <-chan time.Time
		if coolDown > 0 {
			if timer == nil {
				timer = time.NewTimer(coolDown)
			} else {
				timer.Reset(coolDown)
			}
			alarm = timer.C
		}
		select {
		case <-wake:
		case <-alarm:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// admit lets a caller through now if the breaker's state does: closed, or half-open with a probe left (it
// counts the probe). If not, the caller is held, and admit returns what it waits for: wake, closed at the
// next change of state, and the time left of the cool-down while open (0 while half-open).
func (b *Breaker) admit() (wake <-chan struct{}, coolDown time.Duration, ok bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	now := time.Now()
	if b.state == Open && !now.Before(b.until) {
		b.set(HalfOpen, b.until) // the cool-down ended at until, whenever someone noticed
	}
	switch {
	case b.state == Closed:
		return nil, 0, true
	case b.state == HalfOpen && b.probes < b.s.Probes:
		b.probes++
		return nil, 0, true
	case b.state == Open:
		return b.wake, b.until.Sub(now), false
	}
	return b.wake, 0, false
}

// Done reports the outcome of a request that Allow let through.
func (b *Breaker) Done(r lesson.Result) {
	failed := isFailure(r)
	b.mu.Lock()
	defer b.mu.Unlock()
	now := time.Now()
	switch b.state {
	case Closed:
		b.closedDone(failed, now)
	case HalfOpen:
		b.probeDone(failed, now)
	case Open:
		// A request let through before the breaker opened: what became of it changes nothing.
	}
}

// closedDone counts a closed breaker's failures in a row, and opens it at Trip; a success starts the
// count again. b.mu is held.
func (b *Breaker) closedDone(failed bool, now time.Time) {
	if !failed {
		b.failures = 0
		return
	}
	b.failures++
	if b.failures >= b.s.Trip {
		b.open(now)
	}
}

// probeDone takes a probe's outcome: a failure opens the breaker again, and once Probes have succeeded it
// closes. b.mu is held.
func (b *Breaker) probeDone(failed bool, now time.Time) {
	if failed {
		b.open(now)
		return
	}
	b.passed++
	if b.passed >= b.s.Probes {
		b.set(Closed, now)
	}
}

// Changes returns every change of state so far, the first {0, Closed}.
func (b *Breaker) Changes() []StateChange {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]StateChange(nil), b.changes...)
}

// open opens the breaker at now, for CoolDown. b.mu is held.
func (b *Breaker) open(now time.Time) {
	b.until = now.Add(b.s.CoolDown)
	b.set(Open, now)
}

// set moves the breaker to state at the moment at, records it, and wakes every caller held. b.mu is held.
func (b *Breaker) set(state State, at time.Time) {
	b.state = state
	b.failures, b.probes, b.passed = 0, 0, 0
	b.changes = append(b.changes, StateChange{at.Sub(b.start), state})
	close(b.wake)
	b.wake = make(chan struct{})
}

// isFailure reports whether a request's outcome counts as a failure for a Breaker: a transport error, or
// an answer of 500 or more but 503 (the overload signal, not a failure).
func isFailure(r lesson.Result) bool {
	return r.Err != nil || r.Status >= 500 && r.Status != http.StatusServiceUnavailable
}

// Resilient makes requests 0 to n-1 with a pool of workers goroutines behind the breaker b, retries the
// failures within budget, and returns one final result per request it attempted.
//
// It is lesson 03's pool: a producer, the workers, one closer and the collector. What changes is inside a
// worker: it keeps its request until the request has its final result (finalResult), asking b before each attempt. So a
// request that failed waits for b with the worker that holds it, and is retried the moment b lets it
// through: at once while b is closed, as a probe, or once b closes.
func Resilient(ctx context.Context, n, workers int, fetch lesson.Fetch, b *Breaker, budget int) []lesson.Result {
	spend := spender(budget) // shared by every worker

	jobs := make(chan int)
	results := make(chan lesson.Result)
	go func() {
		defer close(jobs)
		for id := range n {
			select {
			case jobs <- id:
			case <-ctx.Done():
				return
			}
		}
	}()

	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for id := range jobs {
				if r, attempted := finalResult(ctx, id, fetch, b, spend); attempted {
					results <- r // no select: the collector reads until results is closed
				}
				if ctx.Err() != nil {
					return
				}
			}
		})
	}
	go func() {
		wg.Wait()
		close(results)
	}()

	collected := make([]lesson.Result, 0, n)
	for r := range results {
		collected = append(collected, r)
	}
	return collected
}

// finalResult makes request id, asking b before each attempt, until it has its final result: an answer
// that is not a failure, a failure once spend says the budget is spent, or the attempt ctx cut short.
// attempted is false when b never let it through: ctx was done while it was held.
func finalResult(ctx context.Context, id int, fetch lesson.Fetch, b *Breaker, spend func() bool) (r lesson.Result, attempted bool) {
	for b.Allow(ctx) == nil { // held here while b is open; ctx's error once cancelled
		r, attempted = fetch(ctx, id), true
		b.Done(r)
		if !isFailure(r) || ctx.Err() != nil || !spend() {
			break
		}
	}
	return r, attempted
}

// spender returns spend, which takes one retry of budget and says whether there was one to take. Every
// worker calls it, at any moment: its count is an atomic.
func spender(budget int) (spend func() bool) {
	var left atomic.Int64
	left.Store(int64(budget))
	return func() bool { return left.Add(-1) >= 0 }
}
