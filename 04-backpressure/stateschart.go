package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/go-concurrency-workshop/workshop/internal/units"
)

// breakerFigures are the breaker's figures in the -json report.
type breakerFigures struct {
	Opened     int          `json:"opened"`       // how many times it opened
	OpenMs     float64      `json:"open_ms"`      // how long it was open, in all
	HalfOpenMs float64      `json:"half_open_ms"` // how long it was half-open, in all
	ClosedAtMs float64      `json:"closed_at_ms"` // when it closed for the last time after being open; 0 if it never did
	Changes    []statePoint `json:"changes"`
}

type statePoint struct {
	AtMs  float64 `json:"at_ms"`
	State State   `json:"state"`
}

// statesChart describes a breaker's states over a run that took took: a line of figures, then a row per
// state whose columns are marked when the breaker was in that state at some moment of their slice of time.
// A half-open that lasted an instant (a probe that failed at once) still marks its column.
func statesChart(changes []StateChange, took time.Duration) (string, breakerFigures) {
	if len(changes) == 0 || took <= 0 {
		return "no state recorded", breakerFigures{}
	}
	f := stateFigures(changes, took)
	var b strings.Builder
	switch {
	case f.Opened == 0:
		b.WriteString("never opened")
	default:
		fmt.Fprintf(&b, "opened %d time%s, open %v in all", f.Opened, plural(f.Opened),
			units.Duration(units.FromMillis(f.OpenMs)))
		if last := changes[len(changes)-1]; last.State == Closed {
			fmt.Fprintf(&b, " · closed again at %v, and stayed closed", units.Duration(last.At))
		} else {
			fmt.Fprintf(&b, " · %s at the end", last.State)
		}
	}
	label := len("half-open")
	for _, row := range []State{Closed, HalfOpen, Open} {
		fmt.Fprintf(&b, "\n%s", strings.TrimRight(fmt.Sprintf("%-*s %s", label, row, stateRow(changes, took, row)), " "))
	}
	end := units.Duration(took)
	fmt.Fprintf(&b, "\n%*s └0s%s%s", label-1, "", strings.Repeat(" ", max(1, chartWidth-2-len(end))), end)
	return b.String(), f
}

// stateFigures adds up how often and how long the breaker was in each state.
func stateFigures(changes []StateChange, took time.Duration) breakerFigures {
	var f breakerFigures
	for i, c := range changes {
		end := took
		if i+1 < len(changes) {
			end = changes[i+1].At
		}
		switch c.State {
		case Open:
			f.Opened++
			f.OpenMs += units.Millis(end - c.At)
		case HalfOpen:
			f.HalfOpenMs += units.Millis(end - c.At)
		case Closed:
			if i > 0 {
				f.ClosedAtMs = units.Millis(c.At)
			}
		}
		f.Changes = append(f.Changes, statePoint{units.Millis(c.At), c.State})
	}
	return f
}

// stateRow is the chart's row for one state: a column marked for each slice of time during which the
// breaker was in that state at some moment.
func stateRow(changes []StateChange, took time.Duration, row State) string {
	var line strings.Builder
	for col := range chartWidth {
		from, to := took*time.Duration(col)/chartWidth, took*time.Duration(col+1)/chartWidth
		in := false
		for i, c := range changes {
			inForce := c.At <= from && (i+1 == len(changes) || changes[i+1].At > from) // when the slice begins
			if c.State == row && (inForce || c.At >= from && c.At < to) {
				in = true
				break
			}
		}
		if in {
			line.WriteString("█")
		} else {
			line.WriteString(" ")
		}
	}
	return line.String()
}
