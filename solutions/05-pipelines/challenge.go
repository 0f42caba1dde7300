package pipelines

import (
	"context"
	"sync"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

// FetchPage fetches page id of a link graph and returns the ids it links to (none unless it was answered
// 200 OK), and the request's Result, whose ID is id. It is safe for concurrent use, and returns at once
// with ctx's error once ctx is done.
type FetchPage func(ctx context.Context, id int) (links []int, r lesson.Result)

// fetchedPage is what one fetch gave: the page's links, and its Result.
type fetchedPage struct {
	links []int
	r     lesson.Result
}

// Crawl fetches every page reachable from root, each id once, with at most workers fetches in flight,
// and returns the Result of every fetch, in the order they ended.
//
// Crawl's own goroutine owns the crawl: the set of ids found, the queue of those not yet fetched, and the
// count of fetches in flight, which no other goroutine touches, so nothing needs a lock. A fixed pool of
// workers fetches the ids it hands out, one at a time each, and hands back what each fetch gave. The crawl
// is over exactly when the queue is empty and nothing is in flight: a fetch in flight may still find more.
//
// The queue is a slice, which never fills: the workers hand their pages back to a loop that always takes
// them, whatever it holds. Had the workers put the ids they found on a channel that the workers themselves
// read, a level of the graph wider than its buffer would leave every worker waiting to send, and none
// receiving: a deadlock.
func Crawl(ctx context.Context, root, workers int, fetchPage FetchPage) []lesson.Result {
	jobs := make(chan int)          // an id to fetch, from the crawl to a free worker
	pages := make(chan fetchedPage) // what a fetch gave, from a worker to the crawl
	var wg sync.WaitGroup
	for range max(workers, 1) {
		wg.Go(func() { fetchEach(ctx, jobs, pages, fetchPage) })
	}
	results := newCrawlState(root).run(ctx, jobs, pages)
	close(jobs) // the workers return
	wg.Wait()
	return results
}

// fetchEach is one worker: it fetches each id it takes from jobs, one at a time, and hands back what the
// fetch gave on pages, until jobs is closed.
func fetchEach(ctx context.Context, jobs <-chan int, pages chan<- fetchedPage, fetchPage FetchPage) {
	for id := range jobs {
		links, r := fetchPage(ctx, id)
		pages <- fetchedPage{links, r} // the crawl always takes it, so this never waits long
	}
}

// crawlState is the crawl, owned by Crawl's goroutine alone.
type crawlState struct {
	seen     map[int]bool // every id found: fetched, in flight, or queued
	queue    []int        // found, not yet fetched
	inFlight int          // handed out, not yet handed back
	results  []lesson.Result
}

// newCrawlState returns a crawl that has found root, from the start, and nothing else.
func newCrawlState(root int) *crawlState {
	return &crawlState{seen: map[int]bool{root: true}, queue: []int{root}}
}

// run hands the queued ids out on jobs and takes back what each fetch gave on pages, until the queue is
// empty and nothing is in flight, and returns the Result of every fetch. Once ctx is done, nothing more is
// handed out, and the fetches in flight return at once: run ends when the last of them is back.
func (c *crawlState) run(ctx context.Context, jobs chan<- int, pages <-chan fetchedPage) []lesson.Result {
	for c.inFlight > 0 || len(c.queue) > 0 && ctx.Err() == nil {
		// A send on a nil channel blocks for ever: the select leaves that case out while there is nothing
		// to hand out.
		var next chan<- int
		head := 0
		if len(c.queue) > 0 && ctx.Err() == nil {
			next, head = jobs, c.queue[0]
		}
		select {
		case next <- head:
			c.queue = c.queue[1:]
			c.inFlight++
		case p := <-pages:
			c.record(p)
		}
	}
	return c.results
}

// record takes back what a fetch gave: its Result, whatever it got, and each link not found before, queued.
func (c *crawlState) record(p fetchedPage) {
	c.inFlight--
	c.results = append(c.results, p.r)
	for _, id := range p.links {
		if !c.seen[id] {
			c.seen[id] = true
			c.queue = append(c.queue, id)
		}
	}
}
