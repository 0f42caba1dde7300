package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/go-concurrency-workshop/workshop/internal/dataserver"
	"github.com/go-concurrency-workshop/workshop/internal/lesson"
	"github.com/go-concurrency-workshop/workshop/internal/units"
)

// crawlSettings are -variant crawl's settings: the challenge, Crawl, in challenge.go.
type crawlSettings struct {
	root int // -root: the page the crawl starts from
}

// flags adds -root to the flags every lesson shares (harness.Lesson.Flags).
func (c *crawlSettings) flags(fs *flag.FlagSet) (check func() error) {
	fs.IntVar(&c.root, "root", 0, "with -variant crawl: the page of the server's link graph the crawl starts from")
	return func() error {
		if c.root < 0 {
			return fmt.Errorf("-root must be a page id, 0 or more, got %d", c.root)
		}
		return nil
	}
}

// allFlags is a harness.Lesson.Flags that adds the flags of each of adds, and checks them all.
func allFlags(adds ...func(*flag.FlagSet) func() error) func(*flag.FlagSet) func() error {
	return func(fs *flag.FlagSet) func() error {
		var checks []func() error
		for _, add := range adds {
			if check := add(fs); check != nil {
				checks = append(checks, check)
			}
		}
		return func() error {
			for _, check := range checks {
				if err := check(); err != nil {
					return err
				}
			}
			return nil
		}
	}
}

// pageLinks hands Crawl the links of the pages it fetches, read from the pages' bodies, up to a limit: once
// limit ids have been handed over (root among them), links to new ids are left out. It keeps what it handed
// over, for the figures. Its methods are safe for concurrent use.
type pageLinks struct {
	limit int

	mu         sync.Mutex
	found      map[int]bool  // the ids handed over, root included
	of         map[int][]int // each page's links, as handed over
	unfollowed map[int]bool  // ids linked to once the limit was reached, not handed over
}

// newLinks starts the ids found with root.
func newLinks(root, limit int) *pageLinks {
	return &pageLinks{limit: limit, found: map[int]bool{root: true}, of: map[int][]int{}, unfollowed: map[int]bool{}}
}

// fetchPage is a FetchPage that fetches each page with fetch (a GET /page/{id}) and reads its links from a
// 200's body, {"id":17,"links":[3,99,1024]}.
func (l *pageLinks) fetchPage(fetch lesson.Fetch) FetchPage {
	return func(ctx context.Context, id int) ([]int, lesson.Result) {
		r := fetch(ctx, id)
		var page struct {
			Links []int `json:"links"`
		}
		if r.Status != http.StatusOK || json.Unmarshal(r.Body, &page) != nil {
			return nil, r
		}
		l.mu.Lock()
		defer l.mu.Unlock()
		var kept []int
		for _, to := range page.Links {
			if !l.found[to] && len(l.found) >= l.limit {
				l.unfollowed[to] = true
				continue
			}
			l.found[to] = true
			kept = append(kept, to)
		}
		l.of[id] = kept
		return kept, r
	}
}

// depth is the most links from root to a page fetched, on a shortest path through the links handed over.
func (l *pageLinks) depth(root int) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	dist := map[int]int{root: 0}
	deepest := 0
	for queue := []int{root}; len(queue) > 0; queue = queue[1:] {
		id := queue[0]
		if _, fetched := l.of[id]; !fetched {
			continue // a dead link, or a page that failed: it leads nowhere, and is not a page reached
		}
		deepest = max(deepest, dist[id])
		for _, to := range l.of[id] {
			if _, ok := dist[to]; !ok {
				dist[to] = dist[id] + 1
				queue = append(queue, to)
			}
		}
	}
	return deepest
}

// crawlFigures is what a run of the challenge did: the report's "crawl" section.
type crawlFigures struct {
	Root       int `json:"root"`
	Workers    int `json:"workers"`
	Limit      int `json:"limit"`      // -requests: the most ids the crawl may find
	Found      int `json:"found"`      // ids found: root, and the ids the pages fetched link to, up to Limit
	Unfollowed int `json:"unfollowed"` // ids linked to once Limit was reached: not followed
	Fetched    int `json:"fetched"`    // Results Crawl returned: one per fetch
	Pages      int `json:"pages"`      // of those, 200 OK
	Missing    int `json:"missing"`    // 404: ids that are not pages, dead links
	Failed     int `json:"failed"`     // 500s, and fetches that got no answer
	Depth      int `json:"depth"`      // the most links from root to a page fetched, on a shortest path

	// What the server says root leads to (GET /graph?root=N): every page, and dead link, of the graph.
	Server dataserver.Reach `json:"server"`
	// Unreached counts the pages of Server.Reachable that the crawl never found: reached only through
	// pages that failed (with no limit; 0 with one).
	Unreached int `json:"unreached"`

	WallMs    float64 `json:"wall_ms"`    // Crawl's time, from its call to its return
	LatencyMs float64 `json:"latency_ms"` // L: the mean time of a fetch that was not a 404 (404s come at once)
	IdealMs   float64 `json:"ideal_ms"`   // max(fetches · L / workers, (Depth+1) · L): no crawl can beat it
}

// webCrawl crawls the server's link graph from root with Crawl, fetching each page with fetch (a recorded
// GET /page/{id}) and handing Crawl at most limit ids, and returns the Results of its fetches and its
// figures. reach is the server's own view of what root leads to.
func webCrawl(ctx context.Context, root, workers, limit int, fetch lesson.Fetch, reach dataserver.Reach) ([]lesson.Result, crawlFigures) {
	found := newLinks(root, limit)
	start := time.Now()
	results := Crawl(ctx, root, workers, found.fetchPage(fetch))
	wall := time.Since(start)

	f := crawlFigures{Root: root, Workers: max(workers, 1), Limit: limit, Fetched: len(results), Server: reach,
		Depth: found.depth(root), WallMs: units.Millis(wall)}
	found.mu.Lock()
	f.Found, f.Unfollowed = len(found.found), len(found.unfollowed)
	found.mu.Unlock()
	var waited time.Duration // the latency of the fetches that were not 404s
	for _, r := range results {
		switch r.Status {
		case http.StatusOK:
			f.Pages++
		case http.StatusNotFound:
			f.Missing++
			continue
		default:
			f.Failed++
		}
		waited += r.Latency
	}
	if f.Unfollowed == 0 {
		f.Unreached = max(0, reach.Reachable-f.Pages-countFailedPages(results))
	}
	if n := f.Fetched - f.Missing; n > 0 {
		l := waited / time.Duration(n)
		f.LatencyMs = units.Millis(l)
		f.IdealMs = units.Millis(max(time.Duration(n)*l/time.Duration(f.Workers), time.Duration(f.Depth+1)*l))
	}
	return results, f
}

// countFailedPages counts the fetches that were neither 200 nor 404: pages that exist, whose links the
// crawl never saw.
func countFailedPages(results []lesson.Result) int {
	n := 0
	for _, r := range results {
		if r.Status != http.StatusOK && r.Status != http.StatusNotFound {
			n++
		}
	}
	return n
}

// String is the section's text.
func (f crawlFigures) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "from page %d: %s ids found · %s fetched: %s pages, %s missing (404), %s failed", f.Root,
		units.Count(f.Found), units.Count(f.Fetched), units.Count(f.Pages), units.Count(f.Missing), units.Count(f.Failed))
	if f.Fetched < f.Found {
		fmt.Fprintf(&b, " · %s found and never fetched", units.Count(f.Found-f.Fetched))
	}
	fmt.Fprintf(&b, "\nthe server's graph from page %d: %s pages, %s dead links, depth %d", f.Root,
		units.Count(f.Server.Reachable), units.Count(f.Server.Missing), f.Server.Depth)
	switch {
	case f.Unfollowed > 0:
		fmt.Fprintf(&b, "\nthe crawl stopped following links at %s ids (-requests): %s more ids linked to were left "+
			"unfollowed; the part crawled is %d deep", units.Count(f.Limit), units.Count(f.Unfollowed), f.Depth)
	case f.Pages == f.Server.Reachable && f.Missing == f.Server.Missing && f.Fetched == f.Found:
		fmt.Fprintf(&b, " · every one fetched, once")
	case f.Unreached > 0:
		fmt.Fprintf(&b, "\n%s pages and %s dead links never found: the only links to them were on pages that failed",
			units.Count(f.Unreached), units.Count(max(0, f.Server.Missing-f.Missing)))
	}
	if f.IdealMs > 0 {
		l := units.FromMillis(f.LatencyMs)
		fetches := f.Fetched - f.Missing
		fmt.Fprintf(&b, "\n%s with %d workers, %s a fetch: ideal %s, the larger of %s × %s ÷ %d = %s and (depth %d + 1) × %s = %s",
			units.Duration(units.FromMillis(f.WallMs)), f.Workers, units.Duration(l), units.Duration(units.FromMillis(f.IdealMs)),
			units.Count(fetches), units.Duration(l), f.Workers, units.Duration(time.Duration(fetches)*l/time.Duration(f.Workers)),
			f.Depth, units.Duration(l), units.Duration(time.Duration(f.Depth+1)*l))
		if f.WallMs > 0 {
			fmt.Fprintf(&b, " (%.2f× the ideal)", f.WallMs/f.IdealMs)
		}
	}
	return b.String()
}
