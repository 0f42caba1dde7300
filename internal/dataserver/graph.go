package dataserver

import (
	"math/rand/v2"
	"slices"
	"sync"
)

// Graph is the link graph the server serves at GET /page/{id}: pages with ids, each linking to a few
// other ids, some of which are not pages (dead links). It is made from a seed and a number of pages, so
// a test can build in memory the very graph a server with the same Config serves:
//
//	g := dataserver.NewGraph(cfg.Seed, cfg.Pages)
//
// Every page is reachable from page 0. Page ids are scattered over [0, 4·pages), so no crawler can
// guess them; the other ids of that range, and only they, are dead links. The pages lie in levels: page
// 0 alone in level 0, then levels that widen four-fold up to a tenth of the pages, a plateau of such
// wide levels, and a tail that narrows three-fold to a single page. Every page of level k ≥ 1 is linked
// from some page of level k-1, and no link goes more than one level deeper, so level k is exactly the
// pages k links away from page 0: the graph is about 20 levels deep for a few thousand pages, and most
// of its levels are far wider than a pool of 15 workers. Besides those, each page links to one to three
// pages of its own level, the next, or any level above (cycles, page 0 included, and now and then the
// page itself), and about 2% of those links are dead.
//
// A Graph is immutable and safe for concurrent use.
type Graph struct {
	index []int32 // index[id] is 1 + the page's position in links, or 0 if id is not a page; len: the id space
	links [][]int // links[p] are the ids page p links to, in the page's order
	ids   []int   // ids[p] is page p's id

	mu    sync.Mutex
	reach map[int]Reach // Reachable's answers, by root
}

// Reach is what a root of the graph leads to, as GET /graph?root=N answers it.
type Reach struct {
	Root      int `json:"root"`      // the page asked about
	Reachable int `json:"reachable"` // pages reachable from Root by following links, Root included
	Missing   int `json:"missing"`   // distinct ids that are not pages, linked from the reachable pages (404s)
	Depth     int `json:"depth"`     // the most links from Root to a reachable page on a shortest path
}

// deadShare is the share of a page's extra links that are dead.
const deadShare = 0.02

// NewGraph builds the link graph of seed with pages pages (0: DefaultPages; at most MaxPages, and
// more are capped), the one a server with Config{Seed: seed, Pages: pages} serves.
func NewGraph(seed uint64, pages int) *Graph {
	if pages <= 0 {
		pages = DefaultPages
	}
	pages = min(pages, MaxPages)
	rng := rand.New(rand.NewPCG(seed, 0x9a9e))
	space := 4 * pages
	g := &Graph{index: make([]int32, space), links: make([][]int, pages), ids: make([]int, pages),
		reach: map[int]Reach{}}

	// Page 0 is the root; the others get distinct ids scattered over the rest of the id space.
	perm := rng.Perm(space - 1)
	for p := range pages {
		if p > 0 {
			g.ids[p] = 1 + perm[p-1]
		}
		g.index[g.ids[p]] = int32(p + 1)
	}

	// Levels: pages [first[k], first[k+1]) are level k.
	widths := levelWidths(pages)
	first := make([]int, len(widths)+1)
	for k, w := range widths {
		first[k+1] = first[k] + w
	}
	level := func(k int) int { return first[k] + rng.IntN(widths[k]) } // a random page of level k

	// Every page of level k ≥ 1 is linked from a random page of level k-1.
	for k := 1; k < len(widths); k++ {
		for p := first[k]; p < first[k+1]; p++ {
			parent := level(k - 1)
			g.links[parent] = append(g.links[parent], g.ids[p])
		}
	}
	// Then one to three more links each: dead, or to the next level, the page's own, or any level above.
	for k := range widths {
		for p := first[k]; p < first[k+1]; p++ {
			for range 1 + rng.IntN(3) {
				var to int
				switch r := rng.Float64(); {
				case r < deadShare:
					to = g.deadID(rng)
				case r < 0.35 && k+1 < len(widths):
					to = g.ids[level(k+1)]
				case r < 0.65:
					to = g.ids[level(k)]
				default:
					to = g.ids[level(rng.IntN(k+1))]
				}
				if !slices.Contains(g.links[p], to) {
					g.links[p] = append(g.links[p], to)
				}
			}
			rng.Shuffle(len(g.links[p]), func(i, j int) { g.links[p][i], g.links[p][j] = g.links[p][j], g.links[p][i] })
		}
	}
	return g
}

// deadID draws an id of the id space that is not a page.
func (g *Graph) deadID(rng *rand.Rand) int {
	for {
		if id := rng.IntN(len(g.index)); g.index[id] == 0 {
			return id
		}
	}
}

// levelWidths splits n pages into levels: 1, 4, 16, ... up to a tenth of n, as many levels of a tenth of
// n as the rest fills, then a third of that, a ninth, ... down to 1. Too few pages for that shape just
// double from 1.
func levelWidths(n int) []int {
	plateau := max(1, n/10)
	var ramp, taper []int
	for w := 1; w < plateau; w *= 4 {
		ramp = append(ramp, w)
	}
	for w := plateau / 3; w >= 1; w /= 3 {
		taper = append(taper, w)
	}
	left := n - sum(ramp) - sum(taper)
	if left < plateau {
		var widths []int
		for w := 1; n > 0; w *= 2 {
			widths = append(widths, min(w, n))
			n -= min(w, n)
		}
		return widths
	}
	widths := ramp
	for ; left > 0; left -= plateau {
		widths = append(widths, min(plateau, left))
	}
	return append(widths, taper...)
}

func sum(s []int) int {
	t := 0
	for _, v := range s {
		t += v
	}
	return t
}

// Len is the number of pages.
func (g *Graph) Len() int { return len(g.ids) }

// Links returns the ids page id links to, in the order the server sends them (a copy, the caller's to
// keep), and whether id is a page at all: a dead link's id gives nil and false.
func (g *Graph) Links(id int) ([]int, bool) {
	p, ok := g.page(id)
	if !ok {
		return nil, false
	}
	return slices.Clone(g.links[p]), true
}

// page returns id's position in links.
func (g *Graph) page(id int) (int, bool) {
	if id < 0 || id >= len(g.index) || g.index[id] == 0 {
		return 0, false
	}
	return int(g.index[id]) - 1, true
}

// Reachable says what root leads to: the pages reachable from it (root included), the distinct dead ids
// they link to, and the depth of a breadth-first walk from it. A root that is not a page reaches nothing:
// Reach{Root: root}. Each root's answer is computed once and kept.
func (g *Graph) Reachable(root int) Reach {
	g.mu.Lock()
	defer g.mu.Unlock()
	if r, ok := g.reach[root]; ok {
		return r
	}
	r := Reach{Root: root}
	start, ok := g.page(root)
	if !ok {
		return r
	}
	dist := make([]int32, len(g.ids)) // 1 + the distance from root; 0: not reached yet
	dist[start] = 1
	missing := map[int]bool{}
	queue := []int{start}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		r.Reachable++
		r.Depth = max(r.Depth, int(dist[p]-1))
		for _, id := range g.links[p] {
			q, ok := g.page(id)
			switch {
			case !ok:
				missing[id] = true
			case dist[q] == 0:
				dist[q] = dist[p] + 1
				queue = append(queue, q)
			}
		}
	}
	r.Missing = len(missing)
	g.reach[root] = r
	return r
}
