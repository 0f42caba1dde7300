package lessontest

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/go-concurrency-workshop/workshop/internal/dataserver"
	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

// Pages is a link graph for the fake server, as the real server's GET /page/{id} serves one: each page's
// id, and the ids it links to, in order. An id that is not a key is a dead link: the fake answers it 404.
type Pages map[int][]int

// PageFetch fetches one page of a link graph: the ids it links to (none unless it was answered 200), and
// the request's Result, whose ID is the page's.
type PageFetch = func(ctx context.Context, id int) (links []int, r lesson.Result)

// PagePattern is a learner's crawl with its arguments bound, as RunPages calls it.
type PagePattern[T any] func(ctx context.Context, fetchPage PageFetch) T

// RunPages is Run for a pattern that crawls a link graph: the fake server serves pages, each fetch of a
// page is one call of the fake's Fetch with the page's id (a Call in the Outcome like any other, with its
// time, in flight, cancelled or not), and takes the scenario's Latency. A page is answered as the
// scenario's Answer says (nil: 200), a 200 with the page's links, in a copy, and the real server's body,
// {"id":17,"links":[3,99]}; an id that is not a page of pages is answered 404, after the Latency too (the
// real server answers it at once: the fake keeps every answer's time the same, so that a test's times are
// easy to count).
func RunPages[T any](t *testing.T, fn string, sc Scenario, pages Pages, pattern PagePattern[T]) Outcome[T] {
	t.Helper()
	answer := sc.Answer
	sc.Answer = func(id, attempt int) Answer {
		if _, ok := pages[id]; !ok {
			return Answer{Status: http.StatusNotFound}
		}
		if answer != nil {
			return answer(id, attempt)
		}
		return Answer{}
	}
	return Run(t, fn, sc, func(ctx context.Context, fetch lesson.Fetch) T {
		return pattern(ctx, pages.fetch(fetch))
	})
}

// fetch returns the page fetch that makes its requests with fetch.
func (p Pages) fetch(fetch lesson.Fetch) PageFetch {
	return func(ctx context.Context, id int) ([]int, lesson.Result) {
		r := fetch(ctx, id)
		if r.Status != http.StatusOK {
			return nil, r
		}
		links := slices.Clone(p[id])
		r.Body = pageBody(id, links)
		return links, r
	}
}

// pageBody is the real server's body for a page: {"id":17,"links":[3,99,1024]}.
func pageBody(id int, links []int) []byte {
	ids := make([]string, len(links))
	for i, l := range links {
		ids[i] = strconv.Itoa(l)
	}
	return fmt.Appendf(nil, `{"id":%d,"links":[%s]}`, id, strings.Join(ids, ","))
}

// GraphPages is the real server's link graph g as Pages: every page of it, with its links.
func GraphPages(g *dataserver.Graph) Pages {
	p := Pages{}
	for id := range 4 * g.Len() { // the graph's ids are scattered over four times its pages
		if links, ok := g.Links(id); ok {
			p[id] = links
		}
	}
	return p
}

// Reached is what a crawl from a root of Pages should find.
type Reached struct {
	Pages []int // the pages reachable from the root by following links, root included, in increasing order
	Dead  []int // the ids linked from them that are not pages, in increasing order (the root, if it is not a page)
	Depth int   // the most links from the root to a reachable page on a shortest path
}

// Reach walks p from root, breadth first, as a crawl that fetches every id it finds once would.
func (p Pages) Reach(root int) Reached {
	var r Reached
	dist := map[int]int{root: 0}
	for queue := []int{root}; len(queue) > 0; queue = queue[1:] {
		id := queue[0]
		links, ok := p[id]
		if !ok {
			r.Dead = append(r.Dead, id)
			continue
		}
		r.Pages = append(r.Pages, id)
		r.Depth = max(r.Depth, dist[id])
		for _, l := range links {
			if _, seen := dist[l]; !seen {
				dist[l] = dist[id] + 1
				queue = append(queue, l)
			}
		}
	}
	slices.Sort(r.Pages)
	slices.Sort(r.Dead)
	return r
}

// All is every id the crawl fetches: the pages and the dead links, in increasing order.
func (r Reached) All() []int {
	all := append(slices.Clone(r.Pages), r.Dead...)
	slices.Sort(all)
	return all
}
