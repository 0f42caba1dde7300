// Mistake: a goroutine per page (within the workers' slots), and the set of ids seen, a map, read and
// written by all of them without a lock. Pages that come back at the same moment check and mark it at
// once: a data race, which the race detector reports, and which without it can fetch an id twice or crash
// the program ("concurrent map writes"). Guard the set with a mutex, or keep it in one goroutine.
// Replaces: 05-pipelines/challenge.go
// Based on: crawl-waitgroup-add-before-done
// Caught by: TestCrawl/fetches_an_id_once,_however_many_pages_find_it_at_the_same_moment

package main

import "github.com/go-concurrency-workshop/workshop/internal/lesson"

func (t *tour) follow(r lesson.Result, links []int) {
	t.mu.Lock() // guards results only
	t.results = append(t.results, r)
	t.mu.Unlock()
	for _, l := range links {
		if !t.seen[l] { // read and written by every page's goroutine at once
			t.seen[l] = true
			t.wg.Add(1)
			go t.visit(l)
		}
	}
}
