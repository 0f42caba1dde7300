package lessontest

import (
	"fmt"
	"regexp"
	"runtime"
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
	buf := make([]byte, 64<<10)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	stacks := strings.Split(string(buf), "\n\n")
	mine := header.FindStringSubmatch(stacks[0]) // the caller's own stack comes first
	if mine == nil {
		panic("lessontest: bubbleGoroutines called outside a synctest bubble")
	}
	var gs []goroutine
	for _, s := range stacks[1:] {
		m := header.FindStringSubmatch(s)
		if m == nil || m[3] != mine[3] {
			continue
		}
		g := goroutine{id: m[1], state: m[2]}
		lines := strings.Split(s, "\n")
		for i := 1; i+1 < len(lines); i += 2 {
			if lessonCode(lines[i]) {
				file := strings.TrimSpace(lines[i+1])
				file = file[strings.LastIndex(file, "/")+1:]
				g.where, _, _ = strings.Cut(file, " ")
				break
			}
		}
		gs = append(gs, g)
	}
	return gs
}

// lessonCode reports whether a stack frame's function is the lesson's own: not the standard library's
// (whose paths have no dot in their first element) nor the workshop's internal packages.
func lessonCode(fn string) bool {
	first, _, _ := strings.Cut(fn, "/")
	return (strings.HasPrefix(fn, "main.") || strings.Contains(first, ".")) && !strings.Contains(fn, "/internal/")
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
