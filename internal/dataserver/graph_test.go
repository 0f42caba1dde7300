package dataserver

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// bfs walks g from root and returns each reachable page's distance and the dead ids linked from them.
func bfs(g *Graph, root int) (dist map[int]int, dead map[int]bool) {
	dist, dead = map[int]int{root: 0}, map[int]bool{}
	for queue := []int{root}; len(queue) > 0; queue = queue[1:] {
		links, _ := g.Links(queue[0])
		for _, l := range links {
			if _, ok := g.Links(l); !ok {
				dead[l] = true
			} else if _, seen := dist[l]; !seen {
				dist[l] = dist[queue[0]] + 1
				queue = append(queue, l)
			}
		}
	}
	return dist, dead
}

func TestGraph(t *testing.T) {
	t.Run("the default graph: every page reachable from 0, some dead links, a moderate depth, a few links a page", func(t *testing.T) {
		for _, seed := range []uint64{1, 2, 3} {
			g := NewGraph(seed, 0)
			require.Equal(t, DefaultPages, g.Len())
			r := g.Reachable(0)
			assert.Equal(t, DefaultPages, r.Reachable, "seed %d", seed)
			assert.Equal(t, 0, r.Root)
			assert.True(t, r.Depth >= 10 && r.Depth <= 30, "seed %d: depth %d, want 10 to 30", seed, r.Depth)
			assert.True(t, r.Missing >= DefaultPages/100 && r.Missing <= DefaultPages/10, "seed %d: %d dead ids", seed, r.Missing)

			dist, dead := bfs(g, 0)
			assert.Len(t, dist, r.Reachable, "seed %d: Reachable should count what a walk finds", seed)
			assert.Len(t, dead, r.Missing, "seed %d: Missing should count the distinct dead ids a walk finds", seed)
			width, links, back := map[int]int{}, 0, 0
			for id, d := range dist {
				width[d]++
				l, _ := g.Links(id)
				require.NotEmpty(t, l, "seed %d: page %d links nowhere", seed, id)
				links += len(l)
				for _, to := range l {
					if dt, ok := dist[to]; ok && dt <= d {
						back++
					}
				}
			}
			assert.Equal(t, r.Depth, len(width)-1, "seed %d: depth is the greatest distance", seed)
			assert.InDelta(t, 3, float64(links)/float64(g.Len()), 1, "seed %d: links a page", seed)
			assert.Greater(t, back, g.Len()/2, "seed %d: the graph should be full of cycles", seed)
			// A pool of 15 crawling it is bound by the width, not the depth: almost every page is in a
			// level wider than the pool.
			wide := 0
			for _, w := range width {
				if w > 15 {
					wide += w
				}
			}
			assert.Greater(t, wide, g.Len()*95/100, "seed %d: widths by distance %v", seed, width)
		}
	})

	t.Run("is the same for the same seed and size, and another for another seed", func(t *testing.T) {
		a, b, c := NewGraph(7, 500), NewGraph(7, 500), NewGraph(8, 500)
		assert.Equal(t, a.ids, b.ids)
		assert.Equal(t, a.links, b.links)
		assert.NotEqual(t, a.ids, c.ids)
		la, _ := a.Links(0)
		lc, _ := c.Links(0)
		assert.NotEqual(t, la, lc)
	})

	t.Run("any size from 1 page up has every page reachable from 0", func(t *testing.T) {
		for _, n := range []int{1, 2, 3, 10, 29, 50, 100, 1000, 20_000} {
			g := NewGraph(1, n)
			require.Equal(t, n, g.Len())
			assert.Equal(t, n, g.Reachable(0).Reachable, "%d pages", n)
			dist, _ := bfs(g, 0)
			assert.Len(t, dist, n, "%d pages", n)
		}
		assert.Equal(t, MaxPages, NewGraph(1, MaxPages+1).Len(), "more than MaxPages is capped")
	})

	t.Run("ids are scattered, and only the ids of no page are dead", func(t *testing.T) {
		g := NewGraph(1, 0)
		pages := 0
		for id := range 4 * DefaultPages {
			if _, ok := g.Links(id); ok {
				pages++
			}
		}
		assert.Equal(t, DefaultPages, pages, "every page has an id below 4·pages")
		for _, id := range []int{-1, 4 * DefaultPages, 1 << 40} {
			links, ok := g.Links(id)
			assert.False(t, ok, "%d", id)
			assert.Nil(t, links)
		}
		_, dead := bfs(g, 0)
		for id := range dead {
			require.True(t, id >= 0 && id < 4*DefaultPages, "dead id %d is outside the id space", id)
		}
	})

	t.Run("Links gives a copy the caller may keep", func(t *testing.T) {
		g := NewGraph(1, 100)
		l, _ := g.Links(0)
		want := append([]int(nil), l...)
		l[0] = -5
		again, _ := g.Links(0)
		assert.Equal(t, want, again)
	})

	t.Run("Reachable from another root, and from an id that is not a page", func(t *testing.T) {
		g := NewGraph(1, 0)
		for _, root := range g.ids[1:40] {
			r := g.Reachable(root)
			dist, dead := bfs(g, root)
			require.Equal(t, Reach{Root: root, Reachable: len(dist), Missing: len(dead), Depth: maxDist(dist)}, r, "root %d", root)
			require.Equal(t, r, g.Reachable(root), "root %d: the same answer again", root)
		}
		_, dead := bfs(g, 0)
		for id := range dead {
			assert.Equal(t, Reach{Root: id}, g.Reachable(id), "a dead id reaches nothing")
			break
		}
	})
}

func maxDist(dist map[int]int) int {
	m := 0
	for _, d := range dist {
		m = max(m, d)
	}
	return m
}

func TestPage(t *testing.T) {
	t.Run("answers a page's links after the latency, as JSON", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			s := New(steady(Unlimited, 0))
			rec, took := get(t.Context(), s, "/page/0", "r")
			require.Equal(t, http.StatusOK, rec.Code)
			assert.Equal(t, 10*time.Millisecond, took)
			assert.Equal(t, "application/json", rec.Header().Get("Content-Type"))
			var page struct {
				ID    int   `json:"id"`
				Links []int `json:"links"`
			}
			require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &page))
			want, _ := s.Graph().Links(0)
			assert.Equal(t, 0, page.ID)
			assert.Equal(t, want, page.Links)
			raw, _ := json.Marshal(page)
			assert.Equal(t, string(raw)+"\n", rec.Body.String(), `the body is exactly {"id":N,"links":[...]}`)
		})
	})

	t.Run("serves the graph of its seed and -pages", func(t *testing.T) {
		cfg := steady(Unlimited, 0)
		cfg.Seed, cfg.Pages = 9, 120
		assert.Equal(t, NewGraph(9, 120).links, New(cfg).Graph().links)
		cfg.Pages = 0
		assert.Equal(t, NewGraph(9, DefaultPages).links, New(cfg).Graph().links, "Pages 0 is DefaultPages")
	})

	t.Run("answers 404 at once for an id that is not a page, and counts it as not found", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			cfg := steady(1, 0)
			s := New(cfg)
			_, dead := bfs(s.Graph(), 0)
			var id int
			for id = range dead {
				break
			}
			for _, path := range []string{"/page/" + strconv.Itoa(id), "/page/999999999"} {
				rec, took := get(t.Context(), s, path, "r")
				assert.Equal(t, http.StatusNotFound, rec.Code, path)
				assert.Zero(t, took, "%s: a 404 is answered at once", path)
				assert.Contains(t, rec.Body.String(), `"error":"no page `, path)
			}
			st := s.Stats("r")
			assert.Equal(t, Stats{Run: "r", Settings: s.cfg.String(), Capacity: 1, Requests: 2, PageRequests: 2, NotFound: 2}, st)
		})
	})

	t.Run("answers 400, uncounted, for an id that is not a non-negative integer", func(t *testing.T) {
		s := New(steady(Unlimited, 0))
		for _, id := range []string{"abc", "-1", "+1", "007", "1.5", "1e3", "99999999999999999999", "%20"} {
			rec, _ := get(t.Context(), s, "/page/"+id, "r")
			assert.Equal(t, http.StatusBadRequest, rec.Code, "/page/%s", id)
			assert.Contains(t, rec.Body.String(), "non-negative integer", "/page/%s", id)
		}
		for _, path := range []string{"/page/", "/page", "/page/1/2"} {
			rec, _ := get(t.Context(), s, path, "r")
			assert.Equal(t, http.StatusNotFound, rec.Code, path)
		}
		assert.Zero(t, s.Stats("").Requests)
	})

	t.Run("pages count like /data: capacity, 503s, 500s, in flight, per run", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			cfg := steady(2, 1)
			cfg.ErrorRate, cfg.ErrorBurst = 0.5, 2
			s := New(cfg)
			var recs []func() []*httptest.ResponseRecorder
			for range 5 {
				recs = append(recs, pageClient(t, s, "/page/0", "r"))
			}
			synctest.Wait()
			assert.Equal(t, 3, s.Stats("r").InFlight, "2 working and 1 queued")
			got := map[int]int{}
			for _, wait := range recs {
				got[wait()[0].Code]++
			}
			st := s.Stats("r")
			assert.Equal(t, 2, got[503])
			assert.Equal(t, int64(5), st.Requests)
			assert.Equal(t, int64(5), st.PageRequests)
			assert.Equal(t, int64(2), st.Rejected)
			assert.Equal(t, int64(got[200]), st.Served)
			assert.Equal(t, int64(got[500]), st.Failed)
			assert.Equal(t, 2, st.PeakWorking)
			assert.Equal(t, int64(3), st.Latency.Count)
		})
	})

	t.Run("a crawl of every page from 0 finds what Reachable says, and the server counts each fetch", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			cfg := steady(Unlimited, 0)
			cfg.Pages = 500
			s := New(cfg)
			seen := map[int]bool{0: true}
			fetched, missing := 0, 0
			for queue := []int{0}; len(queue) > 0; queue = queue[1:] {
				rec, _ := get(t.Context(), s, fmt.Sprint("/page/", queue[0]), "crawl")
				if rec.Code == http.StatusNotFound {
					missing++
					continue
				}
				require.Equal(t, http.StatusOK, rec.Code)
				fetched++
				var page struct{ Links []int }
				require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &page))
				for _, l := range page.Links {
					if !seen[l] {
						seen[l] = true
						queue = append(queue, l)
					}
				}
			}
			r := s.Graph().Reachable(0)
			assert.Equal(t, r.Reachable, fetched)
			assert.Equal(t, r.Missing, missing)
			st := s.Stats("crawl")
			assert.Equal(t, int64(fetched+missing), st.PageRequests)
			assert.Equal(t, int64(fetched), st.Served)
			assert.Equal(t, int64(missing), st.NotFound)
		})
	})
}

// pageClient sends one GET path for run to h in a goroutine of its own; wait returns its recorder.
func pageClient(t testing.TB, h http.Handler, path, run string) (wait func() []*httptest.ResponseRecorder) {
	rec := httptest.NewRecorder()
	req := httptest.NewRequestWithContext(t.Context(), http.MethodGet, path, nil)
	req.Header.Set(RunHeader, run)
	done := make(chan struct{})
	go func() { defer close(done); h.ServeHTTP(rec, req) }()
	return func() []*httptest.ResponseRecorder { <-done; return []*httptest.ResponseRecorder{rec} }
}

func TestGraphEndpoint(t *testing.T) {
	s := New(steady(Unlimited, 0))
	g := s.Graph()
	other := g.ids[7]
	for _, tc := range []struct {
		path   string
		status int
		want   *Reach
	}{
		{"/graph", 200, &Reach{Root: 0, Reachable: DefaultPages, Missing: g.Reachable(0).Missing, Depth: g.Reachable(0).Depth}},
		{"/graph?root=0", 200, ptr(g.Reachable(0))},
		{fmt.Sprint("/graph?root=", other), 200, ptr(g.Reachable(other))},
		{"/graph?root=-3", 400, nil},
		{"/graph?root=x", 400, nil},
		{fmt.Sprint("/graph?root=", 4*DefaultPages), 404, nil},
	} {
		rec, _ := get(t.Context(), s, tc.path, "")
		assert.Equal(t, tc.status, rec.Code, tc.path)
		if tc.want != nil {
			var got Reach
			require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &got), tc.path)
			assert.Equal(t, *tc.want, got, tc.path)
		}
	}
	rec, _ := get(t.Context(), s, "/graph", "")
	var fields map[string]any
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &fields))
	assert.ElementsMatch(t, []string{"root", "reachable", "missing", "depth"}, keys(fields))
	assert.Zero(t, s.Stats("").Requests, "/graph is not a request for data")
}

func ptr[T any](v T) *T { return &v }

func keys(m map[string]any) []string {
	var k []string
	for key := range m {
		k = append(k, key)
	}
	return k
}
