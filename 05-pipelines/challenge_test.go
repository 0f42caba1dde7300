package main

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-concurrency-workshop/workshop/internal/dataserver"
	"github.com/go-concurrency-workshop/workshop/internal/lesson"
	"github.com/go-concurrency-workshop/workshop/internal/lessontest"
	"github.com/go-concurrency-workshop/workshop/internal/units"
)

// The challenge's tests: Crawl against a fake link graph, in virtual time (lessontest.RunPages). Every
// fetch takes exactly fetchIn, a 404's too, unless its ctx is done first; then it returns at once, with
// ctx's error.
const fetchIn = 10 * time.Millisecond

// oddFetch is a fetch's time that no ticker's period divides: a crawl that looks for its end every
// millisecond (or every 5 or 10) sees it late.
const oddFetch = 9973 * time.Microsecond

// crawlCase is one crawl of a test: Crawl from root, with workers, over pages.
type crawlCase struct {
	pages   lessontest.Pages
	root    int
	workers int
	sc      lessontest.Scenario // its Latency, if 0, is fetchIn
}

// run crawls c in a bubble, and stops the test if Crawl returned without fetching anything. A crawl that
// fetches far more than the graph holds (ids fetched again and again) is stopped: its ctx is cancelled
// once it has made four times as many fetches as there are ids to fetch. When Crawl never returns, or
// panics in a WaitGroup, run adds what that most often means in a crawl.
func (c crawlCase) run(t *testing.T) lessontest.Outcome[[]lesson.Result] {
	t.Helper()
	if c.sc.Latency == 0 {
		c.sc.Latency = fetchIn
	}
	limit := 4*len(c.pages.Reach(c.root).All()) + 10
	var made atomic.Int64
	var returned, panicked atomic.Bool
	defer func() {
		if t.Failed() && !returned.Load() && !panicked.Load() {
			t.Log(neverReturned)
		}
	}()
	out := lessontest.RunPages(t, "Crawl", c.sc, c.pages, func(ctx context.Context, fetchPage lessontest.PageFetch) []lesson.Result {
		defer func() {
			if p := recover(); p != nil {
				panicked.Store(true)
				panic(explainPanic(p))
			}
		}()
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		results := Crawl(ctx, c.root, c.workers, func(ctx context.Context, id int) ([]int, lesson.Result) {
			if made.Add(1) > int64(limit) {
				cancel()
			}
			return fetchPage(ctx, id)
		})
		returned.Store(true)
		return results
	})
	if len(out.Calls) == 0 {
		t.Fatalf("Crawl(ctx, %d, %d, fetchPage) returned at %v without a single fetch, not even of root, and with %d "+
			"Results. %s", c.root, c.workers, out.Took, len(out.Returned), noFetch(out.Took))
	}
	if n := made.Load(); n > int64(limit) {
		t.Errorf("Crawl made more than %d fetches for the %d ids it should fetch once each, and was stopped there (its "+
			"ctx was cancelled). The checks below say which ids it fetched again.", limit, (limit-10)/4)
	}
	return out
}

// noFetch is the likely cause of a crawl that returned after took without fetching root.
func noFetch(took time.Duration) string {
	if took > 0 {
		return "What did it wait for? A select whose only case is <-ctx.Done() waits until ctx is cancelled; to " +
			"check ctx without waiting, use ctx.Err()."
	}
	return "Is it still the stub? Its doc comment is the contract (`go run ./workshop hint 05 challenge` gives a " +
		"hint). If not, did it return before the goroutine that fetches root had begun? A WaitGroup's Add comes " +
		"before the go statement that starts the goroutine it counts, never inside that goroutine: Wait may find " +
		"the count still at zero, and return at once."
}

// neverReturned is what a crawl that never returns most often waits for.
const neverReturned = "Crawl never returned (above: where its goroutines wait). In a crawl, that is most often a " +
	"goroutine waiting to hand over what it found, which nobody takes: a worker sending the ids its page links to " +
	"on a channel that the workers themselves read, once a level of the graph is wider than its buffer (every " +
	"worker waits to send, none receives); a goroutine of an errgroup with SetLimit calling g.Go, which waits for " +
	"a free slot while holding one itself; Results sent on a channel that is read only after Wait returns; an id " +
	"handed out to a pool with no worker in it (workers less than 1 counts as 1). " +
	"Whatever a fetch brings back must be taken at once, however much is queued: a slice, kept by one goroutine " +
	"that always receives, or under a lock."

// explainPanic adds to a WaitGroup's panic what it means in a crawl.
func explainPanic(p any) any {
	if !strings.Contains(fmt.Sprint(p), "WaitGroup") {
		return p
	}
	return fmt.Sprintf("%v. In a crawl this is most often the count of work left touching zero while work is "+
		"left: a page's Done before the Adds of the ids it found (Wait wakes, and the next Add reuses the "+
		"WaitGroup), or an Add inside the goroutine it counts. Add for every id found before the Done of the page "+
		"that found it, and before the go statement", p)
}

// The graphs of the tests.

// levels is a graph in levels: root 0 links to the width pages of level 1, each page of a level links to
// the next page of its own level and to one page of the next level, depth levels in all; the last level
// links back to root.
func levels(width, depth int) lessontest.Pages {
	pages := lessontest.Pages{0: nil}
	id := func(level, i int) int { return 1 + (level-1)*width + i }
	for i := range width {
		pages[0] = append(pages[0], id(1, i))
	}
	for level := 1; level <= depth; level++ {
		for i := range width {
			links := []int{id(level, (i+1)%width)}
			if level < depth {
				links = append(links, id(level+1, i))
			} else {
				links = append(links, 0)
			}
			pages[id(level, i)] = links
		}
	}
	return pages
}

// chain is 0 → 1 → 2 → … → n-1, each page linking back to the one before it too.
func chain(n int) lessontest.Pages {
	pages := lessontest.Pages{}
	for i := range n {
		var links []int
		if i+1 < n {
			links = append(links, i+1)
		}
		if i > 0 {
			links = append(links, i-1)
		}
		pages[i] = links
	}
	return pages
}

// fanIn is root 0 linking to pages 1 to n, each of which links to page n+1, to root and to itself: the n
// pages are fetched at once, and all find n+1 at the same moment.
func fanIn(n int) lessontest.Pages {
	pages := lessontest.Pages{0: nil, n + 1: {0}}
	for i := 1; i <= n; i++ {
		pages[0] = append(pages[0], i)
		pages[i] = []int{n + 1, 0, i}
	}
	return pages
}

// serverGraph is the real server's link graph with the default seed and the given number of pages.
func serverGraph(pages int) lessontest.Pages {
	return lessontest.GraphPages(dataserver.NewGraph(dataserver.Profiles[dataserver.DefaultProfile].Seed, pages))
}

// fails answers 500 to the ids given, and 200 to the others.
func fails(ids ...int) func(id, attempt int) lessontest.Answer {
	return func(id, _ int) lessontest.Answer {
		if slices.Contains(ids, id) {
			return lessontest.Answer{Status: 500}
		}
		return lessontest.Answer{}
	}
}

// The checks. Each says what went wrong, and reports whether all was well.

// fetchedOnce checks that the ids fetched are want, each exactly once.
func fetchedOnce(t *testing.T, out lessontest.Outcome[[]lesson.Result], want []int, why string) bool {
	t.Helper()
	times := map[int][]time.Duration{}
	first := map[int]lessontest.Call{}
	for _, c := range out.Calls {
		if _, ok := first[c.ID]; !ok {
			first[c.ID] = c
		}
		times[c.ID] = append(times[c.ID], c.At)
	}
	for _, id := range slices.Sorted(maps.Keys(times)) {
		if at := times[id]; len(at) > 1 {
			t.Errorf("id %d was fetched %d times (at %s); every id must be fetched once at most, however many pages link "+
				"to it and whatever its first fetch got%s. %s", id, len(at), durations(at), because(why),
				fetchedAgain(id, first[id], out.Calls[0].ID))
			return false
		}
	}
	var missing, extra []int
	for _, id := range want {
		if len(times[id]) == 0 {
			missing = append(missing, id)
		}
	}
	for id := range times {
		if !slices.Contains(want, id) {
			extra = append(extra, id)
		}
	}
	slices.Sort(extra)
	switch {
	case len(missing) > 0:
		t.Errorf("%d of the %d ids to fetch were never fetched: %s%s. Crawl returned at %v. Did it stop while "+
			"fetches were still in flight, or when its queue was empty for a moment? A fetch in flight may still "+
			"find more ids: the crawl is done only when nothing is in flight and nothing waits. (Counted with a "+
			"WaitGroup: is a page's Done called before the Adds of the ids it found, so that the count touches "+
			"zero in between?)%s", len(missing), len(want), idList(missing), because(why), out.Took, stoppedAt(out))
	case len(extra) > 0:
		t.Errorf("Crawl fetched ids that no page it fetched links to: %s%s. It should fetch root, then the links of "+
			"the pages answered 200 OK, and nothing else.", idList(extra), because(why))
	default:
		return true
	}
	return false
}

// fetchedAgain is the likely cause of an id fetched more than once, first being its first fetch.
func fetchedAgain(id int, first lessontest.Call, root int) string {
	switch {
	case first.Done && first.Status != http.StatusOK:
		return fmt.Sprintf("Its first fetch got %s, which is its Result, and final: a 404, a 500 or an error is "+
			"not fetched again (retries are lesson 04's, with a budget and a pause).", callText(first))
	case id == root:
		return "It is root. Root is found from the start: mark it before its fetch, or the first page that links " +
			"back to it queues it again."
	}
	return "Is an id marked as found only when its fetch ends, so that pages that link to it meanwhile queue it " +
		"again? Are the check (\"is it new?\") and the mark (\"it is found\") two steps, each under the lock but " +
		"apart, so that two goroutines both find it new in between? Does each worker keep a set of its own? Or is " +
		"the set read and written by several goroutines with no lock? Keep one set for the whole crawl, and mark " +
		"an id the moment it is found, in the same step as the check, where one goroutine (or one lock) decides."
}

// stoppedAt asks, when a fetch of out failed (a 404, a 500, an error other than ctx's), whether the crawl
// stopped there.
func stoppedAt(out lessontest.Outcome[[]lesson.Result]) string {
	for _, c := range out.Calls {
		if c.Done && !c.Canceled && c.Status != http.StatusOK {
			return fmt.Sprintf(" Or did it stop at id %d, which got %s? A 404 or a 500 is that id's Result, and the "+
				"crawl goes on with the rest.", c.ID, callText(c))
		}
	}
	return ""
}

// resultsMatch checks that Crawl returned one Result per fetch, as fetchPage returned it.
func resultsMatch(t *testing.T, out lessontest.Outcome[[]lesson.Result]) bool {
	t.Helper()
	calls := map[int]lessontest.Call{}
	for _, c := range out.Calls {
		calls[c.ID] = c
	}
	got := map[int]int{}
	for _, r := range out.Returned {
		got[r.ID]++
		c, ok := calls[r.ID]
		switch {
		case !ok:
			t.Errorf("Crawl returned a Result for id %d, which it never fetched: %s.", r.ID, resultText(r))
			return false
		case got[r.ID] > 1:
			t.Errorf("Crawl returned %d Results for id %d: one per fetch, and each id is fetched once.", got[r.ID], r.ID)
			return false
		case r.Status != c.Status || !errors.Is(r.Err, c.Err) || (r.Err == nil) != (c.Err == nil):
			t.Errorf("Crawl returned %s for id %d, but fetchPage returned %s: return each Result as fetchPage "+
				"returned it.", resultText(r), r.ID, callText(c))
			return false
		}
	}
	var lost []int
	for id := range calls {
		if got[id] == 0 {
			lost = append(lost, id)
		}
	}
	if len(lost) > 0 {
		slices.Sort(lost)
		what := make([]string, 0, len(lost))
		for _, id := range lost[:min(len(lost), 4)] {
			what = append(what, fmt.Sprintf("%d (%s)", id, callText(calls[id])))
		}
		t.Errorf("Crawl fetched %d ids whose Results it did not return: %s. It returns the Result of every fetch it "+
			"made, whatever the fetch got: a 404 or a 500, and, once ctx is done, the fetches cut short.", len(lost),
			strings.Join(what, ", "))
		return false
	}
	return true
}

// bounded checks that no more than workers fetches were in flight at once.
func bounded(t *testing.T, out lessontest.Outcome[[]lesson.Result], workers int) bool {
	t.Helper()
	if out.PeakInFlight > workers {
		t.Errorf("with %d workers, at most %d fetches may be in flight at once; there were %d. Is each link found "+
			"given a goroutine that fetches it at once? However many ids wait, only workers fetch at a time.",
			workers, workers, out.PeakInFlight)
		return false
	}
	return true
}

// doneExactly checks that Crawl returned the moment its last fetch returned.
func doneExactly(t *testing.T, out lessontest.Outcome[[]lesson.Result]) bool {
	t.Helper()
	var last time.Duration
	for _, c := range out.Calls {
		last = max(last, c.End)
	}
	switch {
	case out.InFlight > 0:
		t.Errorf("Crawl returned at %v with %d fetches still in flight: it is done only once nothing is in flight "+
			"and nothing waits, and it waits for every fetch it started.", out.Took, out.InFlight)
	case out.Took > last:
		t.Errorf("the last fetch returned at %v, and nothing was left to fetch, but Crawl returned only at %v: it "+
			"should return the moment nothing is in flight and nothing waits. Does it wait for a while of quiet (a "+
			"time-out, a ticker) instead of counting what is left?", last, out.Took)
	default:
		return true
	}
	return false
}

// neverIdle checks that no id found waited to be fetched while fewer than workers fetches were in flight.
func neverIdle(t *testing.T, out lessontest.Outcome[[]lesson.Result], pages lessontest.Pages, root, workers int) bool {
	t.Helper()
	// found[id] is when id was found: when the first fetch answered 200 whose page links to it ended.
	found := map[int]time.Duration{root: 0}
	for _, c := range out.Calls {
		if c.Status != 200 {
			continue
		}
		for _, id := range pages[c.ID] {
			if at, ok := found[id]; !ok || c.End < at {
				found[id] = c.End
			}
		}
	}
	// moments are the moments a fetch started or ended, in order, each with the number of fetches in
	// flight once everything that happened then had happened. The number changes only then.
	var starts, ends []time.Duration
	for _, c := range out.Calls {
		starts = append(starts, c.At)
		if c.Done {
			ends = append(ends, c.End)
		}
	}
	slices.Sort(starts)
	slices.Sort(ends)
	type moment struct {
		at       time.Duration
		inFlight int
	}
	var moments []moment
	for _, at := range slices.Compact(slices.Sorted(slices.Values(append(slices.Clone(starts), ends...)))) {
		begun, _ := slices.BinarySearch(starts, at+1)
		ended, _ := slices.BinarySearch(ends, at+1)
		moments = append(moments, moment{at, begun - ended})
	}
	for _, c := range out.Calls {
		if c.Attempt > 0 || c.At <= found[c.ID] {
			continue
		}
		// c waited from found[c.ID] to c.At: all that while, workers fetches must have been in flight.
		for _, m := range moments {
			if m.at >= found[c.ID] && m.at < c.At && m.inFlight < workers {
				t.Errorf("id %d was found at %v and fetched only at %v, yet at %v only %d of the %d workers were "+
					"fetching: an id found is fetched at once while fewer than workers fetches are in flight. Does the "+
					"crawl go level by level, waiting for the whole of one level before it starts on the next? Or "+
					"does it hand out work only at certain moments?", c.ID, found[c.ID], c.At, m.at, m.inFlight, workers)
				return false
			}
		}
	}
	return true
}

// because is why, in brackets, or nothing.
func because(why string) string {
	if why == "" {
		return ""
	}
	return " (" + why + ")"
}

// idList shows a few ids: "3, 4, 9 and 12 more".
func idList(list []int) string { return lessontest.Few(list, 6, nil) }

// durations shows a few moments: "0s, 20ms".
func durations(list []time.Duration) string {
	parts := make([]string, len(list))
	for i, d := range list {
		parts[i] = d.String()
	}
	return strings.Join(parts, ", ")
}

// resultText says what a Result holds.
func resultText(r lesson.Result) string {
	switch {
	case r.Err != nil:
		return fmt.Sprintf("the error %q", r.Err)
	case r.Status == 0:
		return "an empty Result (no status, no error)"
	}
	return fmt.Sprintf("status %d", r.Status)
}

// callText says what a fetch got.
func callText(c lessontest.Call) string {
	switch {
	case c.Err != nil:
		return fmt.Sprintf("the error %q", c.Err)
	case !c.Done:
		return "nothing yet: it was still in flight"
	}
	return fmt.Sprintf("status %d", c.Status)
}

func TestCrawl(t *testing.T) {
	t.Run("fetches an id once, however many pages find it at the same moment", func(t *testing.T) {
		// 24 pages, fetched together, all end at 20ms and all link to page 25 (and to root, and to
		// themselves). Which of them is handled first changes from run to run: 20 runs.
		pages := fanIn(24)
		for range 20 {
			out := crawlCase{pages: pages, workers: 24}.run(t)
			if !fetchedOnce(t, out, pages.Reach(0).All(), "24 pages found it at 20ms") || !resultsMatch(t, out) ||
				t.Failed() {
				return
			}
		}
	})

	t.Run("fetches every page reachable from root, and every dead link, once each", func(t *testing.T) {
		for _, tc := range []struct {
			name  string
			pages lessontest.Pages
			root  int
		}{
			{"a root alone", lessontest.Pages{0: nil}, 0},
			{"a cycle", lessontest.Pages{0: {1}, 1: {2}, 2: {0}}, 0},
			{"a page that links to itself", lessontest.Pages{0: {0, 1}, 1: {1, 1}}, 0},
			{"two pages that link to the same page", lessontest.Pages{0: {1, 2}, 1: {3}, 2: {3}, 3: nil}, 0},
			{"pages that link back to root", lessontest.Pages{0: {1, 2}, 1: {0}, 2: {0, 1}}, 0},
			{"dead links, one of them twice", lessontest.Pages{0: {1, 99}, 1: {99, 98}}, 0},
			{"a root that is not a page", lessontest.Pages{1: {2}, 2: nil}, 5},
			{"a root other than 0, with pages it does not reach", lessontest.Pages{0: {1}, 1: {2}, 2: {1}, 3: {0}}, 1},
		} {
			t.Run(tc.name, func(t *testing.T) {
				out := crawlCase{pages: tc.pages, root: tc.root, workers: 3}.run(t)
				_ = fetchedOnce(t, out, tc.pages.Reach(tc.root).All(), tc.name) && resultsMatch(t, out)
			})
		}
	})

	t.Run("returns the Result of every fetch, as fetchPage returned it", func(t *testing.T) {
		pages := lessontest.Pages{0: {1, 2, 3, 7}, 1: {4}, 2: {5, 8}, 3: nil, 4: nil, 5: nil}
		out := crawlCase{pages: pages, workers: 2, sc: lessontest.Scenario{Answer: fails(3, 4)}}.run(t)
		_ = fetchedOnce(t, out, pages.Reach(0).All(), "ids 7 and 8 are dead links; 3 and 4 fail") && resultsMatch(t, out)
	})

	t.Run("keeps at most workers fetches in flight", func(t *testing.T) {
		for _, workers := range []int{1, 7} {
			t.Run(fmt.Sprintf("%d workers", workers), func(t *testing.T) {
				pages := levels(100, 2) // 100 pages wide
				out := crawlCase{pages: pages, workers: workers}.run(t)
				_ = bounded(t, out, workers) && fetchedOnce(t, out, pages.Reach(0).All(), "")
			})
		}
	})

	t.Run("counts workers less than 1 as 1", func(t *testing.T) {
		for _, workers := range []int{0, -3} {
			t.Run(fmt.Sprintf("%d workers", workers), func(t *testing.T) {
				pages := levels(5, 2)
				out := crawlCase{pages: pages, workers: workers}.run(t)
				_ = bounded(t, out, 1) && fetchedOnce(t, out, pages.Reach(0).All(), fmt.Sprintf("%d workers count as 1", workers))
			})
		}
	})

	t.Run("keeps workers fetches in flight while ids wait to be fetched", func(t *testing.T) {
		for _, tc := range []struct {
			name    string
			pages   lessontest.Pages
			workers int
		}{
			// 15 pages in level 1 and 10 workers: the second round of level 1 has room for 5 of level 2.
			{"levels of 15, 10 workers", levels(15, 3), 10},
			{"levels of 3, 2 workers", levels(3, 4), 2},
			{"the server's graph of 400 pages, 15 workers", serverGraph(400), 15},
			{"the server's graph of 400 pages, 4 workers", serverGraph(400), 4},
		} {
			t.Run(tc.name, func(t *testing.T) {
				out := crawlCase{pages: tc.pages, workers: tc.workers}.run(t)
				_ = fetchedOnce(t, out, tc.pages.Reach(0).All(), "") && bounded(t, out, tc.workers) &&
					neverIdle(t, out, tc.pages, 0, tc.workers)
			})
		}
	})

	t.Run("does not block the workers that feed it, however wide a level", func(t *testing.T) {
		// Root links to 2,000 pages, each of which links to one more. If the ids found go on a channel that
		// the workers both read and send to, its buffer fills once a level is wider than it: every worker then
		// waits to send, none receives, and the crawl waits for ever (run says so).
		pages := levels(2000, 2)
		out := crawlCase{pages: pages, workers: 3}.run(t)
		_ = fetchedOnce(t, out, pages.Reach(0).All(), "a level of 2,000 pages") && bounded(t, out, 3)
	})

	t.Run("returns as soon as the last fetch returns, and not before", func(t *testing.T) {
		for _, tc := range []struct {
			name    string
			pages   lessontest.Pages
			workers int
		}{
			// One page at a time: while each is in flight, nothing waits.
			{"a chain of 40 pages", chain(40), 4},
			{"levels of 30, 8 deep", levels(30, 8), 4},
			{"the server's graph of 400 pages", serverGraph(400), 15},
		} {
			t.Run(tc.name, func(t *testing.T) {
				out := crawlCase{pages: tc.pages, workers: tc.workers, sc: lessontest.Scenario{Latency: oddFetch}}.run(t)
				_ = fetchedOnce(t, out, tc.pages.Reach(0).All(), "") && doneExactly(t, out)
			})
		}
	})

	t.Run("records a 404 or a 500 as that id's Result, and goes on with the rest", func(t *testing.T) {
		// 0 links to 1, 2 and a dead link; 2 fails, so 9, which only 2 links to, is never found; 1 links to
		// 2 again, which is not fetched again; 3 fails and is linked from 5, found after it.
		pages := lessontest.Pages{0: {1, 2, 98}, 1: {3, 2, 99}, 2: {9}, 3: {4}, 4: {5}, 5: {3, 6}, 6: nil, 9: nil}
		want := []int{0, 1, 2, 3, 98, 99}
		out := crawlCase{pages: pages, workers: 2, sc: lessontest.Scenario{Answer: fails(2, 3)}}.run(t)
		if !fetchedOnce(t, out, want, "98 and 99 are dead links; 2 and 3 fail, which hides 4, 5, 6 and 9") || !resultsMatch(t, out) {
			return
		}
		doneExactly(t, out)
	})

	t.Run("stops fetching once ctx is cancelled, and returns the Result of every fetch it made", func(t *testing.T) {
		// Fetches start at 0, 10 and 20ms; the cancellation at 25ms cuts short the ones in flight.
		const cancelAt = 25 * time.Millisecond
		pages := levels(50, 3)
		out := crawlCase{pages: pages, workers: 5, sc: lessontest.Scenario{CancelAfter: cancelAt}}.run(t)
		if late := out.CallsAfter(cancelAt); len(late) > 0 {
			t.Errorf("ctx was cancelled at %v, but Crawl fetched %d more ids after that, the first at %v: once ctx is "+
				"done, no fetch starts. Check ctx before handing out an id, and before fetching it (a select that "+
				"could also take ctx.Done() picks at random when both are ready).", cancelAt, len(late), late[0].At)
			return
		}
		if out.Took != cancelAt {
			t.Errorf("ctx was cancelled at %v, and the fetches in flight returned at once, but Crawl returned at %v: "+
				"once ctx is done it waits for the fetches in flight, and nothing else.", cancelAt, out.Took)
		}
		cut := 0
		for _, c := range out.Calls {
			if c.Canceled {
				cut++
			}
		}
		if cut != 5 {
			t.Errorf("5 fetches should have been in flight when ctx was cancelled, and cut short; %d were.", cut)
		}
		resultsMatch(t, out)
	})

	t.Run("makes no fetch when ctx is already done", func(t *testing.T) {
		// A select that could start a fetch or take <-ctx.Done() picks at random when both are ready, so a
		// crawl that relies on it fetches root one time in two: 30 runs.
		for range 30 {
			out := lessontest.RunPages(t, "Crawl", lessontest.Scenario{Latency: fetchIn}, levels(3, 2),
				func(ctx context.Context, fetchPage lessontest.PageFetch) []lesson.Result {
					ctx, cancel := context.WithCancel(ctx)
					cancel()
					return Crawl(ctx, 0, 3, fetchPage)
				})
			if len(out.Calls) > 0 || len(out.Returned) > 0 {
				t.Errorf("ctx was done before Crawl was called: it should fetch nothing and return no Result; it fetched "+
					"%d ids and returned %d Results. Check ctx.Err() before a fetch starts: a select that could also "+
					"take <-ctx.Done() picks at random when both of its cases are ready.", len(out.Calls),
					len(out.Returned))
				return
			}
		}
	})

	t.Run("crawls the server's graph: every page once, never idle, never more than workers", func(t *testing.T) {
		pages := serverGraph(dataserver.DefaultPages)
		out := crawlCase{pages: pages, workers: 15, sc: lessontest.Scenario{Answer: fails()}}.run(t)
		_ = fetchedOnce(t, out, pages.Reach(0).All(), "the server's graph") && resultsMatch(t, out) &&
			bounded(t, out, 15) && neverIdle(t, out, pages, 0, 15) && doneExactly(t, out)
	})
}

// The program's crawl, -variant crawl: webCrawl hands Crawl the links it reads from the pages' bodies, up
// to -requests ids, and counts what it found. Its name does not begin with TestCrawl: it tests main's
// wiring with the reference's Crawl, not the challenge.
func TestWebCrawlReadsTheLinksAndCountsWhatItFound(t *testing.T) {
	// 0 → 1, 2, 3 and 77 (dead); 2 fails, hiding 5; 3 → 4 → 6, and 6 → 0. Depth: 0, 1, 2 and 3, 4, 6.
	pages := lessontest.Pages{0: {1, 2, 3, 77}, 1: {3}, 2: {5}, 3: {4}, 4: {6}, 5: nil, 6: {0}}
	graph := pages.Reach(0)
	reach := dataserver.Reach{Root: 0, Reachable: len(graph.Pages), Missing: len(graph.Dead), Depth: graph.Depth}
	type crawled struct {
		results []lesson.Result
		figures crawlFigures
	}
	crawlWith := func(t *testing.T, limit int) lessontest.Outcome[crawled] {
		t.Helper()
		out := lessontest.RunPages(t, "webCrawl", lessontest.Scenario{Latency: fetchIn, Answer: fails(2)}, pages,
			func(ctx context.Context, fetchPage lessontest.PageFetch) crawled {
				fetch := func(ctx context.Context, id int) lesson.Result { // as the harness's: the page in the body
					_, r := fetchPage(ctx, id)
					return r
				}
				results, figures := webCrawl(ctx, 0, 2, limit, fetch, reach)
				return crawled{results, figures}
			})
		if len(out.Calls) == 0 {
			t.Skip("Crawl made no fetch: is it still the stub? -variant crawl runs once TestCrawl passes.")
		}
		return out
	}

	t.Run("with no limit", func(t *testing.T) {
		out := crawlWith(t, 7500)
		f := out.Returned.figures
		want := crawlFigures{Root: 0, Workers: 2, Limit: 7500, Found: 7, Fetched: 7, Pages: 5, Missing: 1, Failed: 1,
			Depth: 3, Server: reach, Unreached: 1, WallMs: units.Millis(out.Took), LatencyMs: 10, IdealMs: 40}
		if f != want {
			t.Errorf("the figures of a crawl of 7 pages, one of them failed and one only it links to, and a dead link:\n"+
				"got  %+v\nwant %+v", f, want)
		}
		text := f.String()
		for _, line := range []string{
			"from page 0: 7 ids found · 7 fetched: 5 pages, 1 missing (404), 1 failed",
			"the server's graph from page 0: 7 pages, 1 dead links, depth 3",
			"1 pages and 0 dead links never found: the only links to them were on pages that failed",
			"with 2 workers, 10.0ms a fetch: ideal 40.0ms, the larger of 6 × 10.0ms ÷ 2 = 30.0ms and (depth 3 + 1) × 10.0ms = 40.0ms",
		} {
			if !strings.Contains(text, line) {
				t.Errorf("the section should say %q; it says:\n%s", line, text)
			}
		}
	})

	t.Run("up to -requests ids", func(t *testing.T) {
		out := crawlWith(t, 4)
		f := out.Returned.figures
		if f.Found != 4 || f.Fetched != 4 || f.Unfollowed != 2 || len(out.Calls) != 4 {
			t.Errorf("with -requests 4, the crawl should find 4 ids (root and 1, 2, 3), fetch them, and leave 77 and 4 "+
				"unfollowed: %+v, %d fetches", f, len(out.Calls))
		}
		if text := f.String(); !strings.Contains(text, "the crawl stopped following links at 4 ids (-requests): 2 more ids linked to were left unfollowed") {
			t.Errorf("the section should say where the crawl stopped; it says:\n%s", text)
		}
	})
}
