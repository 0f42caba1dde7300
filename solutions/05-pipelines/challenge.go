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
		wg.Go(func() {
			for id := range jobs {
				links, r := fetchPage(ctx, id)
				pages <- fetchedPage{links, r} // the crawl always takes it, so this never waits long
			}
		})
	}

	seen := map[int]bool{root: true} // every id found: fetched, in flight, or queued
	queue := []int{root}             // found, not yet fetched
	inFlight := 0
	var results []lesson.Result
	// Once ctx is done, nothing more is handed out, and the fetches in flight return at once: the loop
	// ends when the last of them is back.
	for inFlight > 0 || len(queue) > 0 && ctx.Err() == nil {
		// A send on a nil channel blocks for ever: the select leaves that case out while there is nothing
		// to hand out.
		var next chan int
		head := 0
		if len(queue) > 0 && ctx.Err() == nil {
			next, head = jobs, queue[0]
		}
		select {
		case next <- head:
			queue = queue[1:]
			inFlight++
		case p := <-pages:
			inFlight--
			results = append(results, p.r)
			for _, id := range p.links {
				if !seen[id] {
					seen[id] = true
					queue = append(queue, id)
				}
			}
		}
	}
	close(jobs) // the workers return
	wg.Wait()
	return results
}
