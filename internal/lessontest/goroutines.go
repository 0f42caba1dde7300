package lessontest

import (
	"fmt"
	"maps"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing/synctest"
)

// Snapshot is the goroutines of a synctest bubble at one moment.
type Snapshot []goroutine

// Goroutines takes a snapshot of the goroutines in the caller's bubble, the caller excluded.
func Goroutines() Snapshot { return bubbleGoroutines() }

// Left lets every other goroutine of the bubble run until it ends or blocks (synctest.Wait), then
// describes those that were not in the snapshot and are still there: "" when there are none.
func (s Snapshot) Left() string {
	synctest.Wait()
	return describe(newSince(s, bubbleGoroutines()))
}

// goroutine is one goroutine of a stack dump.
type goroutine struct {
	id    string // "goroutine 42"
	state string // "chan send (durable)"
	where string // the first frame in the lesson's code, "file.go:23", or ""
}

var header = regexp.MustCompile(`^(goroutine \d+) \[([^,\]]*)[^\]]*synctest bubble (\d+)\b`)

// bubbleGoroutines returns the goroutines of the caller's synctest bubble, the caller excluded. It reads
// them from a dump of every stack, where each bubbled goroutine's header names its bubble.
func bubbleGoroutines() []goroutine {
	stacks := allStacks()
	mine := header.FindStringSubmatch(stacks[0]) // the caller's own stack comes first
	if mine == nil {
		panic("lessontest: bubbleGoroutines called outside a synctest bubble")
	}
	var gs []goroutine
	for _, s := range stacks[1:] {
		if g, bubble, ok := parse(s); ok && bubble == mine[3] {
			gs = append(gs, g)
		}
	}
	return gs
}

func allStacks() []string {
	buf := make([]byte, 64<<10)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			return strings.Split(string(buf[:n]), "\n\n")
		}
		buf = make([]byte, 2*len(buf))
	}
}

// parse reads one goroutine's stack; ok is false for a goroutine outside every bubble.
func parse(stack string) (g goroutine, bubble string, ok bool) {
	m := header.FindStringSubmatch(stack)
	if m == nil {
		return g, "", false
	}
	g = goroutine{id: m[1], state: m[2]}
	lines := strings.Split(stack, "\n")
	for i := 1; i+1 < len(lines); i += 2 {
		if lessonCode(lines[i]) {
			file := strings.TrimSpace(lines[i+1])
			file = file[strings.LastIndex(file, "/")+1:]
			g.where, _, _ = strings.Cut(file, " ")
			if name, line, _ := strings.Cut(g.where, ":"); line == "1" {
				// Line 1 of a Go file holds no code. A goroutine stopped there spins in a loop with nothing in
				// it, `for {}`: the compiler gives that loop's jump no line, and the traceback shows line 1.
				g.where = fmt.Sprintf("%s, in %s: a loop with nothing in it (Go gives such a loop no line)", name, funcName(lines[i]))
			}
			break
		}
	}
	return g, m[3], true
}

// funcName is the function of a stack frame, without its package: "main.FanOutIn.func1(...)" gives
// "FanOutIn.func1".
func funcName(frame string) string {
	fn := frame
	if i := strings.LastIndex(fn, "("); i > 0 && strings.HasSuffix(fn, ")") {
		fn = fn[:i] // the arguments
	}
	fn = fn[strings.LastIndex(fn, "/")+1:]
	_, fn, _ = strings.Cut(fn, ".")
	return fn
}

// stuckOnMutex reports whether goroutines of a bubble wait for a mutex while none of them can run: the
// holder is waiting for virtual time, which cannot move while they wait.
func stuckOnMutex() bool {
	waiting, moving := false, false
	for _, s := range allStacks() {
		if g, _, ok := parse(s); ok {
			waiting = waiting || strings.Contains(g.state, "Mutex")
			moving = moving || g.state == "running" || g.state == "runnable"
		}
	}
	return waiting && !moving
}

// stuck is the watchdog's message for a bubble that has run too long in real time: where the lesson's
// goroutines are, and the likely cause.
func stuck(test string) string {
	counts := map[string]int{}
	mutex := false
	for _, s := range allStacks() {
		if g, _, ok := parse(s); ok && g.where != "" {
			counts[g.state+", at "+g.where]++
			mutex = mutex || strings.Contains(g.state, "Mutex")
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "lessontest: %s is stuck, though its fake requests take no real time.\n", test)
	if mutex {
		b.WriteString("Goroutines are waiting for a sync.Mutex (or a sync.Once, which holds one while its function " +
			"runs), and in these tests time stands still while anyone waits for a mutex. Is it held while a " +
			"request is made, or while waiting for something else: a channel send or receive, a WaitGroup, " +
			"another call's answer? Then whoever could free it waits for it: lock only around the shared data, " +
			"and let go before you wait or fetch.\n")
	} else {
		b.WriteString("Is a goroutine spinning in a loop without ever blocking, or waiting for a mutex?\n")
	}
	b.WriteString("The lesson's goroutines:")
	for _, where := range slices.Sorted(maps.Keys(counts)) {
		fmt.Fprintf(&b, "\n    %d × %s", counts[where], where)
	}
	return b.String()
}

// lessonCode reports whether a stack frame's function is the lesson's own: not the standard library's
// (whose paths have no dot in their first element) nor the workshop's internal packages.
func lessonCode(fn string) bool {
	first, _, path := strings.Cut(fn, "/")
	return (strings.HasPrefix(fn, "main.") || path && strings.Contains(first, ".")) && !strings.Contains(fn, "/internal/")
}

// newSince returns the goroutines of now that are not in before.
func newSince(before, now []goroutine) []goroutine {
	old := map[string]bool{}
	for _, g := range before {
		old[g.id] = true
	}
	var fresh []goroutine
	for _, g := range now {
		if !old[g.id] {
			fresh = append(fresh, g)
		}
	}
	return fresh
}

// describe lists a few goroutines for a failure message: "" when there are none.
func describe(gs []goroutine) string {
	var b strings.Builder
	if len(gs) > 0 {
		fmt.Fprintf(&b, "\n    %d goroutine(s):", len(gs))
	}
	for i, g := range gs {
		if i == 3 {
			b.WriteString("\n    …")
			break
		}
		b.WriteString("\n    " + g.id + ", " + g.state)
		if g.where != "" {
			b.WriteString(", at " + g.where)
		}
	}
	return b.String()
}
