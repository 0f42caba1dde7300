package lessontest

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

// EveryIDOnce checks that results hold a result for each id in [0, n), exactly once, each with a status or
// an error, and says what went wrong if not. fn names the function that returned them.
func EveryIDOnce(t testing.TB, fn string, results []lesson.Result, n int) bool {
	t.Helper()
	if len(results) == 0 && n > 0 {
		t.Errorf("%s returned no results for %d requests. Is it still the stub? %s", fn, n, stubAdvice())
		return false
	}
	seen := make([]int, n)
	for i, r := range results {
		switch {
		case r.ID < 0 || r.ID >= n:
			t.Errorf("%s: result %d has id %d, but ids run from 0 to %d.", fn, i, r.ID, n-1)
			return false
		case r.Status == 0 && r.Err == nil:
			t.Errorf("%s: result %d is empty (no status and no error), which fetch never returns: was a slot of the "+
				"results slice never filled, or a result not kept because it failed, or rebuilt without its Err?", fn, i)
			return false
		}
		seen[r.ID]++
	}
	var missing []int
	for id, times := range seen {
		if times > 1 {
			t.Errorf("%s: id %d came back %d times: is a request made twice, or its result stored twice?", fn, id, times)
			return false
		}
		if times == 0 {
			missing = append(missing, id)
		}
	}
	if len(missing) > 0 {
		t.Errorf("%s: %d of %d requests have no result (ids %s): were they never made, or were their results lost "+
			"(overwritten, or not collected before returning)?", fn, len(missing), n, list(missing))
		return false
	}
	return true
}

// Tally compares the ids that came out (got, in any order, repeats included) with the ids that should each
// have come out once (want): those that never did and those that came more than once, in want's order, and
// those that are not in want, sorted.
func Tally(want, got []int) (missing, twice, unknown []int) {
	count := map[int]int{}
	for _, id := range got {
		count[id]++
	}
	for _, id := range want {
		switch count[id] {
		case 0:
			missing = append(missing, id)
		case 1:
		default:
			twice = append(twice, id)
		}
		delete(count, id)
	}
	unknown = slices.Sorted(maps.Keys(count))
	return missing, twice, unknown
}

// EveryCallOnce checks that results hold one result for each request that was made (the id of each call of
// fetch, once) and none for a request that was not, and says what went wrong if not: EveryIDOnce for a run
// cut short, when only some of the ids were requested. fn names the function that returned them.
func EveryCallOnce(t testing.TB, fn string, results []lesson.Result, calls []Call) bool {
	t.Helper()
	made := map[int]bool{}
	for _, c := range calls {
		made[c.ID] = true
	}
	seen := map[int]int{}
	for i, r := range results {
		switch {
		case r.Status == 0 && r.Err == nil:
			t.Errorf("%s: result %d of %d is empty (no status and no error): fetch never returns such a result, so "+
				"it is the result of no request. Where does it come from? A results slice made with length n keeps an "+
				"empty slot for every request that a cancellation stopped before it was made; a receive from a closed "+
				"channel gives an empty result at once (read with for r := range results, which stops at the close); "+
				"a result kept only when it succeeded, or rebuilt field by field without its Err, leaves an empty one. "+
				"Return each request's result as fetch gave it, and only those.", fn, i, len(results))
			return false
		case !made[r.ID]:
			t.Errorf("%s: result %d has id %d, but no request was made with that id: return only the results of "+
				"requests that were made, each as fetch returned it.", fn, i, r.ID)
			return false
		}
		seen[r.ID]++
	}
	var missing []int
	for id := range made {
		switch seen[id] {
		case 0:
			missing = append(missing, id)
		case 1:
		default:
			t.Errorf("%s: id %d came back %d times, though it was requested once: is its result stored twice?", fn, id, seen[id])
			return false
		}
	}
	if len(missing) > 0 {
		slices.Sort(missing)
		t.Errorf("%s: %d of the %d requests made have no result (ids %s). Every request made has a result, a "+
			"request cut short by the cancellation too (with ctx's error in Result.Err): were those results "+
			"dropped once ctx was done, or not waited for?", fn, len(missing), len(made), list(missing))
		return false
	}
	return true
}

// CutShort checks that every request in flight when ctx was cancelled, at cancelAt, was cut short then, as
// fetch cuts short a request made with a ctx that is cancelled; it says what to change if one ran to its end
// instead. fn names the function that made them.
func CutShort(t testing.TB, fn string, calls []Call, cancelAt time.Duration) bool {
	t.Helper()
	var ran []int
	for _, c := range calls {
		if c.At < cancelAt && c.Done && !c.Canceled && c.End > cancelAt {
			ran = append(ran, c.ID)
		}
	}
	if len(ran) > 0 {
		what := "request " + list(ran) + " was in flight, yet it ran to its end"
		if len(ran) > 1 {
			what = "requests " + list(ran) + " were in flight, yet they ran to their end"
		}
		t.Errorf("%s: ctx was cancelled at %v, while %s instead of being cut short. Was each request made "+
			"with ctx? fetch(ctx, id) gives up once ctx is cancelled; a request made with another context "+
			"(context.Background(), say) does not.", fn, cancelAt, what)
		return false
	}
	return true
}

// InRequestOrder checks that results[i].ID == i.
func InRequestOrder(t testing.TB, fn string, results []lesson.Result) bool {
	t.Helper()
	for i, r := range results {
		if r.ID != i {
			t.Errorf("%s: results[%d] is the result of request %d; want results in request order, results[i].ID == i.", fn, i, r.ID)
			return false
		}
	}
	return true
}

// OK counts the results answered 200 OK: the requests that finished.
func OK(results []lesson.Result) int {
	n := 0
	for _, r := range results {
		if r.Status == 200 {
			n++
		}
	}
	return n
}

// list shows a few ints: "3, 4, 9 and 12 more".
func list(ids []int) string { return Few(ids, 5, nil) }

// Few shows the first show items, for a message: "3, 4, 9 and 12 more", or "none". each writes an item;
// nil: fmt.Sprint.
func Few[T any](items []T, show int, each func(T) string) string {
	if len(items) == 0 {
		return "none"
	}
	if each == nil {
		each = func(item T) string { return fmt.Sprint(item) }
	}
	parts := make([]string, 0, show)
	for _, item := range items[:min(len(items), show)] {
		parts = append(parts, each(item))
	}
	s := strings.Join(parts, ", ")
	if len(items) > show {
		s += fmt.Sprintf(" and %d more", len(items)-show)
	}
	return s
}
