package main

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestLimitChart(t *testing.T) {
	t.Run("sums up the changes and draws the highest limit of each slice of time", func(t *testing.T) {
		var changes []Change
		for i, limit := range []int{1, 2, 4, 8, 4, 6} { // one change a second
			changes = append(changes, Change{At: time.Duration(i) * time.Second, Limit: limit})
		}
		text, f := limitChart(changes, 60*time.Second)
		assert.Equal(t, limitFigures{First: 1, Peak: 8, Last: 6, Cuts: 1}, limitFigures{First: f.First, Peak: f.Peak, Last: f.Last, Cuts: f.Cuts})
		assert.Len(t, f.Changes, 6)
		lines := strings.Split(text, "\n")
		assert.Equal(t, "1 at first, 8 at most, 6 at the end · came down 1 time", lines[0])
		assert.Len(t, lines, 1+chartRows+1, "a line of figures, the rows of the chart, and its time axis")
		// Peak 8 over 4 rows of 8 eighths: each unit of limit is half a row.
		assert.Equal(t, []string{
			"8 ┤   █",
			"  │   █ " + strings.Repeat("█", 55),
			"  │  ██" + strings.Repeat("█", 56),
			"0 ┤▄" + strings.Repeat("█", 59),
		}, lines[1:5], "each column shows the highest limit of its second: 1, 2, 4, 8, 4, then 6")
		assert.True(t, strings.HasSuffix(lines[5], "1m0s"), "the axis ends with the run's time: %q", lines[5])
	})

	t.Run("says so when there is nothing to draw", func(t *testing.T) {
		text, _ := limitChart(nil, time.Second)
		assert.Equal(t, "no limit recorded", text)
	})
}
