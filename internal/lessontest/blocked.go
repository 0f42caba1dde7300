package lessontest

import (
	"strings"
	"testing/synctest"
)

// Blocked is a goroutine a pattern left behind, as a failure message needs it: what it waits for, and
// where in the lesson's code, so that the message can name the receive, send or wait that never ends.
type Blocked struct {
	ID    string // "goroutine 42", as the stack dumps name it
	State string // what it waits for, as the runtime names it: "chan receive", "chan send", "select", "sleep", "sync.WaitGroup.Wait", …
	Where string // the first frame in the lesson's code, such as "stage.go:42"; "" if there is none
}

// LeftBlocked is Left as a list: it lets every other goroutine of the bubble run until it ends or blocks
// (synctest.Wait), then returns those that were not in the snapshot and are still there.
func (s Snapshot) LeftBlocked() []Blocked {
	synctest.Wait()
	var bs []Blocked
	for _, g := range newSince(s, bubbleGoroutines()) {
		state := strings.TrimSpace(strings.ReplaceAll(g.state, "(durable)", ""))
		bs = append(bs, Blocked{ID: g.id, State: state, Where: g.where})
	}
	return bs
}

// Describe lists a few of bs for a failure message, as Left does: "" when there are none.
func Describe(bs []Blocked) string {
	gs := make([]goroutine, len(bs))
	for i, b := range bs {
		gs[i] = goroutine{id: b.ID, state: b.State, where: b.Where}
	}
	return describe(gs)
}
