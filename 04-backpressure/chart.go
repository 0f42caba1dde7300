package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/go-concurrency-workshop/workshop/internal/units"
)

// limitFigures are the limit's figures in the -json report.
type limitFigures struct {
	First   int          `json:"first"`
	Peak    int          `json:"peak"`
	Last    int          `json:"last"`
	Cuts    int          `json:"cuts"` // how many times it came down
	Changes []limitPoint `json:"changes"`
}

type limitPoint struct {
	AtMs  float64 `json:"at_ms"`
	Limit int     `json:"limit"`
}

// Chart size: columns of time, rows of height (each row drawn in eighths).
const chartWidth, chartRows = 60, 4

// limitChart describes the limit over a run that took took: a line of figures, then a small chart whose
// columns show the highest limit in their slice of time.
func limitChart(changes []Change, took time.Duration) (string, limitFigures) {
	if len(changes) == 0 || took <= 0 {
		return "no limit recorded", limitFigures{}
	}
	f := limitFigures{First: changes[0].Limit, Last: changes[len(changes)-1].Limit}
	for i, c := range changes {
		f.Peak = max(f.Peak, c.Limit)
		if i > 0 && c.Limit < changes[i-1].Limit {
			f.Cuts++
		}
		f.Changes = append(f.Changes, limitPoint{units.Millis(c.At), c.Limit})
	}

	// Each column shows the highest limit in force during its slice of the run.
	cols := make([]int, chartWidth)
	for col := range cols {
		from, to := took*time.Duration(col)/chartWidth, took*time.Duration(col+1)/chartWidth
		for _, c := range changes {
			switch {
			case c.At <= from:
				cols[col] = c.Limit // in force when the slice begins
			case c.At < to:
				cols[col] = max(cols[col], c.Limit)
			}
		}
	}

	var b strings.Builder
	fmt.Fprintf(&b, "%d at first, %d at most, %d at the end · came down %d time%s", f.First, f.Peak, f.Last, f.Cuts, plural(f.Cuts))
	label := len(fmt.Sprint(f.Peak))
	const blocks = " ▁▂▃▄▅▆▇█"
	for row := range chartRows {
		switch row {
		case 0:
			fmt.Fprintf(&b, "\n%*d ┤", label, f.Peak)
		case chartRows - 1:
			fmt.Fprintf(&b, "\n%*d ┤", label, 0)
		default:
			fmt.Fprintf(&b, "\n%*s │", label, "")
		}
		floor := (chartRows - 1 - row) * 8 // the eighths below this row
		var line strings.Builder
		for _, v := range cols {
			h := (v*chartRows*8 + f.Peak/2) / f.Peak // the column's height in eighths of a row
			line.WriteString(string([]rune(blocks)[min(max(h-floor, 0), 8)]))
		}
		b.WriteString(strings.TrimRight(line.String(), " "))
	}
	end := units.Duration(took)
	fmt.Fprintf(&b, "\n%*s └0s%s%s", label, "", strings.Repeat(" ", max(1, chartWidth-2-len(end))), end)
	return b.String(), f
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
