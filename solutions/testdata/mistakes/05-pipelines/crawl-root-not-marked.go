// Mistake: the set of ids seen starts empty, and each link is marked as it is found; but root is never
// found as a link, so it is never marked. The first page that links back to root queues it again, and root
// is fetched twice. Root is found from the start.
// Replaces: 05-pipelines/challenge.go
// Caught by: TestCrawl/fetches_every_page_reachable_from_root,_and_every_dead_link,_once_each

package main

func newCrawlState(root int) *crawlState {
	return &crawlState{seen: map[int]bool{}, queue: []int{root}} // root is not in seen
}
