package fanoutin

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

// Hedged makes requests 0 to n-1 with a pool of workers goroutines, as FanOutIn does, and hedges the slow
// ones: a request with no answer after `after` gets a second attempt, and the first answer wins. At most
// workers attempts are in flight, hedges included. It returns one result per request made.
func Hedged(ctx context.Context, n, workers int, fetch lesson.Fetch, after time.Duration) []lesson.Result {
	// A token per attempt in flight: the pool's bound is on attempts, the load the server feels, and a
	// hedge takes a place like a request.
	places := make(chan struct{}, workers)
	jobs := make(chan int)
	results := make(chan lesson.Result)

	go sendIDs(ctx, n, jobs) // the one sender on jobs

	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() { hedgeEach(ctx, jobs, results, fetch, after, places) })
	}

	go closeAfter(&wg, results) // the one closer of results

	// As in FanOutIn: the collector reads until results is closed, so every worker's send completes.
	collected := make([]lesson.Result, 0, n)
	for r := range results {
		collected = append(collected, r)
	}
	return collected
}

// sendIDs sends ids 0 to n-1 on jobs, and stops early once ctx is done. It is the only sender on jobs, so
// it closes it, whenever it returns.
func sendIDs(ctx context.Context, n int, jobs chan<- int) {
	defer close(jobs)
	for id := range n {
		select {
		case jobs <- id:
		case <-ctx.Done(): // once the workers stop, nobody takes an id: the send needs this way out
			return
		}
	}
}

// hedgeEach is one worker: it makes each request it takes from jobs, hedged, and sends its one result on
// results, until jobs is closed or ctx is done. A request's first attempt starts in the place of places
// that the worker took for it, before its id.
func hedgeEach(ctx context.Context, jobs <-chan int, results chan<- lesson.Result, fetch lesson.Fetch, after time.Duration, places chan struct{}) {
	for {
		// A place first, then an id: an id is taken only when its request can start at once, so a
		// cancellation never leaves a request taken and not made.
		select {
		case places <- struct{}{}:
		case <-ctx.Done():
			return
		}
		id, ok := <-jobs
		if !ok || ctx.Err() != nil {
			<-places // no request to make in it
			return
		}
		results <- hedge(ctx, id, fetch, after, places)
	}
}

// closeAfter closes results once every worker counted in wg has returned: none of them can know it is the
// last, so none of them may close it.
func closeAfter(wg *sync.WaitGroup, results chan<- lesson.Result) {
	wg.Wait()
	close(results)
}

// hedge makes request id, whose first attempt has its place in places already: that attempt, and if it
// has not answered within after, a hedge, sent once it has a place too. It returns the first answer, once
// the other attempt, if any, has been cancelled and has returned.
func hedge(ctx context.Context, id int, fetch lesson.Fetch, after time.Duration, places chan struct{}) lesson.Result {
	r := newHedgedRequest(ctx, id, fetch, places)
	r.attempt() // the first, in the place its worker took

	// A timer per request, made at its first attempt's start; it fires once: one hedge at most.
	due := time.NewTimer(after)
	defer due.Stop()
	first := r.firstAnswer(due.C)
	r.stop()
	return first
}

// A hedgedRequest is one request in the making: its first attempt, and its hedge if one is sent. Each
// attempt holds a place in places from its start until its answer is in.
type hedgedRequest struct {
	id     int
	fetch  lesson.Fetch
	places chan struct{}

	ctx      context.Context    // both attempts' own: cancelling it once the first answer is in stops the other
	cancel   context.CancelFunc // cancels ctx
	answers  chan lesson.Result // room for both answers: the loser's send never waits, so its goroutine ends
	running  sync.WaitGroup     // the attempts' goroutines
	returned atomic.Bool        // an attempt's fetch has returned
}

// newHedgedRequest makes request id ready for its attempts, with a ctx of its own made from ctx.
func newHedgedRequest(ctx context.Context, id int, fetch lesson.Fetch, places chan struct{}) *hedgedRequest {
	ctx, cancel := context.WithCancel(ctx)
	return &hedgedRequest{
		id: id, fetch: fetch, places: places,
		ctx: ctx, cancel: cancel, answers: make(chan lesson.Result, 2),
	}
}

// attempt starts an attempt, in a place taken for it, in a goroutine that stop waits for.
func (r *hedgedRequest) attempt() { r.running.Go(r.run) }

// run is an attempt: it calls fetch, puts the answer in answers, and only then gives its place back, so
// that a hedge that gets this place finds the answer in first.
func (r *hedgedRequest) run() {
	answer := r.fetch(r.ctx, r.id)
	r.returned.Store(true)
	r.answers <- answer
	<-r.places
}

// firstAnswer waits for the request's first answer and returns it. Once due fires, the hedge is due: it
// waits for a place in its turn (the runtime serves the senders waiting on a channel in the order they
// came), and is not sent if the answer comes first.
func (r *hedgedRequest) firstAnswer(due <-chan time.Time) lesson.Result {
	var room chan<- struct{} // places while the hedge is due and not sent; nil otherwise (a nil channel never sends)
	for {
		select {
		case first := <-r.answers: // a hedge still waiting for a place is never sent
			return first
		case <-due:
			room = r.places
		case room <- struct{}{}:
			room = nil
			r.sendHedge()
		}
	}
}

// sendHedge sends the hedge in the place just taken for it, unless it is not needed any more: its request
// has answered (perhaps freeing that very place), or ctx is done. A hedge not sent gives its place back.
func (r *hedgedRequest) sendHedge() {
	// Only firstAnswer receives from answers: an answer seen here is still there for it to take.
	if len(r.answers) > 0 || r.ctx.Err() != nil {
		<-r.places
		return
	}
	r.running.Go(func() {
		// In real time a goroutine may start a moment late: if the first attempt has returned in that
		// moment, the hedge is not needed any more, and is not sent.
		if r.returned.Load() {
			<-r.places
			return
		}
		r.run()
	})
}

// stop cancels the attempt that lost, if there is one, and waits for it to return: its worker takes no
// other id, and Hedged does not return, while it is still in flight.
func (r *hedgedRequest) stop() {
	r.cancel()
	r.running.Wait()
}
