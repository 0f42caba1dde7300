package lessontest

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-concurrency-workshop/workshop/internal/dataserver"
	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

func TestRunPages(t *testing.T) {
	// 0 links to 1, 2 and 9 (dead); 1 links back to 0; 2 fails with a 500.
	pages := Pages{0: {1, 2, 9}, 1: {0}, 2: {0, 1}}
	type fetched struct {
		links []int
		r     lesson.Result
	}

	t.Run("serves each page's links after the latency, a 404 for a dead id, and records every fetch", func(t *testing.T) {
		fails := func(id, _ int) Answer {
			if id == 2 {
				return Answer{Status: 500}
			}
			return Answer{}
		}
		out := RunPages(t, "crawl", Scenario{Latency: 10 * time.Millisecond, Answer: fails}, pages,
			func(ctx context.Context, fetchPage PageFetch) map[int]fetched {
				got := map[int]fetched{}
				var mu sync.Mutex
				var wg sync.WaitGroup
				for _, id := range []int{0, 1, 2, 9} {
					wg.Go(func() {
						links, r := fetchPage(ctx, id)
						mu.Lock()
						defer mu.Unlock()
						got[id] = fetched{links, r}
					})
				}
				wg.Wait()
				return got
			})
		got := out.Returned
		assert.Equal(t, []int{1, 2, 9}, got[0].links)
		assert.Equal(t, 200, got[0].r.Status)
		assert.Equal(t, 0, got[0].r.ID)
		assert.JSONEq(t, `{"id":0,"links":[1,2,9]}`, string(got[0].r.Body), "the real server's body")
		assert.Equal(t, []int{0}, got[1].links)
		assert.Nil(t, got[2].links, "a page answered 500 gives no links")
		assert.Equal(t, 500, got[2].r.Status)
		assert.Nil(t, got[9].links)
		assert.Equal(t, 404, got[9].r.Status, "9 is not a page")
		assert.Equal(t, 10*time.Millisecond, out.Took)
		assert.Equal(t, 4, out.PeakInFlight)
		require.Len(t, out.Calls, 4)
		for _, c := range out.Calls {
			assert.Equal(t, 10*time.Millisecond, c.End, "every answer takes the latency, a 404's too")
		}
	})

	t.Run("gives each caller a copy of the links", func(t *testing.T) {
		out := RunPages(t, "crawl", Scenario{Latency: time.Millisecond}, pages,
			func(ctx context.Context, fetchPage PageFetch) []int {
				links, _ := fetchPage(ctx, 0)
				links[0] = 42
				links, _ = fetchPage(ctx, 0)
				return links
			})
		assert.Equal(t, []int{1, 2, 9}, out.Returned)
	})

	t.Run("gives up a fetch once ctx is done, with ctx's error and no links", func(t *testing.T) {
		out := RunPages(t, "crawl", Scenario{Latency: 10 * time.Millisecond, CancelAfter: 3 * time.Millisecond}, pages,
			func(ctx context.Context, fetchPage PageFetch) fetched {
				links, r := fetchPage(ctx, 0)
				return fetched{links, r}
			})
		assert.Nil(t, out.Returned.links)
		assert.ErrorIs(t, out.Returned.r.Err, context.Canceled)
		require.Len(t, out.Calls, 1)
		assert.True(t, out.Calls[0].Canceled)
	})
}

func TestPagesReach(t *testing.T) {
	pages := Pages{0: {1, 2, 9}, 1: {0, 3}, 2: {2, 1, 8}, 3: {9}, 7: {0}}
	assert.Equal(t, Reached{Pages: []int{0, 1, 2, 3}, Dead: []int{8, 9}, Depth: 2}, pages.Reach(0))
	assert.Equal(t, []int{0, 1, 2, 3, 8, 9}, pages.Reach(0).All())
	assert.Equal(t, Reached{Pages: []int{3}, Dead: []int{9}}, pages.Reach(3))
	assert.Equal(t, Reached{Dead: []int{5}}, pages.Reach(5), "a root that is not a page is a dead link")

	g := dataserver.NewGraph(1, 500)
	all := GraphPages(g)
	assert.Len(t, all, 500)
	r := all.Reach(0)
	want := g.Reachable(0)
	assert.Len(t, r.Pages, want.Reachable)
	assert.Len(t, r.Dead, want.Missing)
	assert.Equal(t, want.Depth, r.Depth)
}
