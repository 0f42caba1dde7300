// Mistake: the pool has workers goroutines, as many as asked for; with workers 0 (or less), there is
// none. The crawl hands root out to a pool that nobody works in, and waits for ever. Workers less than 1
// counts as 1: start max(workers, 1).
// Replaces: 05-pipelines/challenge.go
// Caught by: TestCrawl/counts_workers_less_than_1_as_1

package main

func Crawl(ctx context.Context, root, workers int, fetchPage FetchPage) []lesson.Result {
	jobs := make(chan int)          // an id to fetch, from the crawl to a free worker
	pages := make(chan fetchedPage) // what a fetch gave, from a worker to the crawl
	var wg sync.WaitGroup
	for range workers { // none when workers is 0 or less
		wg.Go(func() { fetchEach(ctx, jobs, pages, fetchPage) })
	}
	results := newCrawlState(root).run(ctx, jobs, pages)
	close(jobs) // the workers return
	wg.Wait()
	return results
}
