package lessontest

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

// LastAttempts checks the results of a pattern that retries: each id the pattern attempted has exactly one
// result, and it is its id's last attempt (the same status, or the same error); no id that was never
// attempted has one. calls is the fake server's record (Outcome.Calls, or Server.Calls). fn names the
// function that returned the results.
func LastAttempts(t testing.TB, fn string, results []lesson.Result, calls []Call) bool {
	t.Helper()
	last := map[int]Call{}
	for _, c := range calls {
		last[c.ID] = c
	}
	seen := map[int]bool{}
	for i, r := range results {
		c, attempted := last[r.ID]
		switch {
		case !attempted:
			t.Errorf("%s: result %d is for id %d, which was never attempted.", fn, i, r.ID)
			return false
		case seen[r.ID]:
			t.Errorf("%s: id %d has more than one result. Each request needs exactly one final result: its last "+
				"attempt's. Is a refused attempt returned as well as its retry?", fn, r.ID)
			return false
		case r.Status != c.Status || (r.Err == nil) != (c.Err == nil) || r.Err != nil && !errors.Is(r.Err, c.Err):
			t.Errorf("%s: id %d's result is %s, but its last attempt (attempt %d) got %s: the final result must be "+
				"the last attempt's.", fn, r.ID, outcome(r.Status, r.Err), c.Attempt, outcome(c.Status, c.Err))
			return false
		}
		seen[r.ID] = true
	}
	var missing []int
	for id := range last {
		if !seen[id] {
			missing = append(missing, id)
		}
	}
	if len(missing) > 0 {
		slices.Sort(missing)
		t.Errorf("%s: %d attempted request(s) have no result (ids %s): was a refused request dropped instead of "+
			"retried, or its result lost when the run ended? Every request attempted needs one final result, "+
			"even one refused for good.", fn, len(missing), list(missing))
		return false
	}
	return true
}

// InFlightWhenMade returns, for each call (in the order of calls), how many calls were in flight when it
// was made, itself included: those made before it, in the record's order, that had not ended by then. A
// call that ended at the very moment another was made is not counted: at one instant of virtual time, the
// order of the two is not known.
func InFlightWhenMade(calls []Call) []int {
	counts := make([]int, len(calls))
	for i, c := range calls {
		n := 1
		for _, before := range calls[:i] {
			if !before.Done || before.End > c.At {
				n++
			}
		}
		counts[i] = n
	}
	return counts
}

// outcome shows a status or an error in a message.
func outcome(status int, err error) string {
	if err != nil {
		return fmt.Sprintf("error %q", err)
	}
	return fmt.Sprintf("status %d", status)
}

// StillIn describes the goroutines of the caller's synctest bubble, the caller aside, that are inside the
// function named fn at this very moment: "" when there are none. fn is a name without its package, such
// as "Monitor": it matches the lesson's Monitor and the reference solution's alike, and the closures
// declared in it. Unlike Snapshot.Left, StillIn does not let the other goroutines run first: called right
// after a pattern returns, it shows what the pattern left running at its return, even a goroutine that
// would have ended a moment later. A pattern that waits for its goroutines leaves none inside fn.
func StillIn(fn string) string {
	stacks := allStacks()
	mine := header.FindStringSubmatch(stacks[0]) // the caller's own stack comes first
	if mine == nil {
		panic("lessontest: StillIn called outside a synctest bubble")
	}
	var inside []goroutine
	for _, s := range stacks[1:] {
		g, bubble, ok := parse(s)
		if ok && bubble == mine[3] && hasFrame(s, fn) {
			inside = append(inside, g)
		}
	}
	return describe(inside)
}

// hasFrame reports whether a goroutine's stack has a frame of the function named fn (without its package),
// or of a closure declared in it.
func hasFrame(stack, fn string) bool {
	lines := strings.Split(stack, "\n")
	for i := 1; i < len(lines); i += 2 {
		if strings.HasPrefix(lines[i], "created by ") {
			break // the function that started the goroutine: not one it is in
		}
		name, _, _ := strings.Cut(lines[i], "(")
		name = name[strings.LastIndex(name, "/")+1:] // "pkg.Func.func1"
		_, name, _ = strings.Cut(name, ".")          // "Func.func1"
		if name == fn || strings.HasPrefix(name, fn+".") || strings.HasPrefix(name, fn+"[") {
			return true
		}
	}
	return false
}
