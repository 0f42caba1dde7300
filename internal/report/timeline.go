package report

import (
	"cmp"
	"slices"
	"time"

	"github.com/go-concurrency-workshop/workshop/internal/units"
)

// Timeline is a run over time, from the record of its attempts: what happened in each slice of the run.
type Timeline struct {
	StepMs float64 `json:"step_ms"` // each tick's length: 100ms, longer for runs that would have over maxTicks
	Ticks  []Tick  `json:"ticks"`
}

// Tick is one slice of a run.
type Tick struct {
	AtMs     float64 `json:"at_ms"`     // when it starts, since the run started
	Finished int     `json:"finished"`  // attempts that ended in it
	InFlight int     `json:"in_flight"` // the most attempts in flight at once during it
	Busy     int     `json:"busy"`      // attempts that ended in it with a 503 or 429
	Errors   int     `json:"errors"`    // attempts that ended in it without an answer
	// Failed counts the attempts that ended in it with a 500, or any 5xx but a 503: the server's own
	// failures, not its overload signal. Absent from JSON recorded before it was counted, and when 0.
	Failed int `json:"failed,omitempty"`
}

// maxTicks bounds a timeline's length: a long run gets longer ticks.
const maxTicks = 1000

// timeline cuts a run of length wall into ticks of 100ms (or a multiple, for long runs).
func timeline(attempts []Attempt, wall time.Duration) Timeline {
	step := 100 * time.Millisecond
	for wall/step >= maxTicks {
		step *= 2
	}
	n := int(wall/step) + 1
	ticks := make([]Tick, n)
	for i := range ticks {
		ticks[i].AtMs = units.Millis(time.Duration(i) * step)
	}
	at := func(d time.Duration) int { return min(max(int(d/step), 0), n-1) }

	// In flight: sweep the starts (+1) and ends (-1) in time order, ends first at equal times.
	type event struct {
		t     time.Duration
		delta int
	}
	events := make([]event, 0, 2*len(attempts))
	for _, a := range attempts {
		events = append(events, event{a.Start, +1}, event{a.End, -1})
		t := &ticks[at(a.End)]
		t.Finished++
		switch {
		case a.Cause != "":
			t.Errors++
		case a.Status == 503 || a.Status == 429:
			t.Busy++
		case a.Status >= 500 && a.Status <= 599:
			t.Failed++
		}
	}
	slices.SortFunc(events, func(a, b event) int { return cmp.Or(cmp.Compare(a.t, b.t), cmp.Compare(a.delta, b.delta)) })
	inFlight, e := 0, 0
	for i := range ticks {
		ticks[i].InFlight = inFlight // what is still in flight from the tick before
		end := time.Duration(i+1) * step
		for ; e < len(events) && (events[e].t < end || i == n-1); e++ {
			inFlight += events[e].delta
			ticks[i].InFlight = max(ticks[i].InFlight, inFlight)
		}
	}
	return Timeline{StepMs: units.Millis(step), Ticks: ticks}
}
