package lessontest

import (
	"fmt"
	"testing"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

// EveryIDOnce checks that results hold a result for each id in [0, n), exactly once, each with a status or
// an error, and says what went wrong if not. fn names the function that returned them.
func EveryIDOnce(t testing.TB, fn string, results []lesson.Result, n int) bool {
	t.Helper()
	if len(results) == 0 && n > 0 {
		t.Errorf("%s returned no results for %d requests. Is it still the stub?", fn, n)
		return false
	}
	seen := make([]int, n)
	for i, r := range results {
		switch {
		case r.ID < 0 || r.ID >= n:
			t.Errorf("%s: result %d has id %d, but ids run from 0 to %d.", fn, i, r.ID, n-1)
			return false
		case r.Status == 0 && r.Err == nil:
			t.Errorf("%s: result %d is empty (no status and no error): was a slot of the results slice never filled?", fn, i)
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
func list(ids []int) string {
	const show = 5
	s := ""
	for i, id := range ids[:min(len(ids), show)] {
		if i > 0 {
			s += ", "
		}
		s += fmt.Sprint(id)
	}
	if len(ids) > show {
		s += fmt.Sprintf(" and %d more", len(ids)-show)
	}
	return s
}
