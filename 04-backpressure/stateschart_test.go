package main

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestStatesChart(t *testing.T) {
	t.Run("sums up the changes and marks each state's slices of time", func(t *testing.T) {
		s := time.Second
		changes := []StateChange{
			{At: 0, State: Closed}, {At: 10 * s, State: Open}, {At: 20 * s, State: HalfOpen}, {At: 20 * s, State: Open},
			{At: 30 * s, State: HalfOpen}, {At: 31 * s, State: Closed},
		}
		text, f := statesChart(changes, 60*s)
		assert.Equal(t, 2, f.Opened)
		assert.InDelta(t, 20_000, f.OpenMs, 0.001, "open from 10s to 20s, and from 20s to 30s")
		assert.InDelta(t, 1_000, f.HalfOpenMs, 0.001, "half-open for an instant at 20s, then from 30s to 31s")
		assert.InDelta(t, 31_000, f.ClosedAtMs, 0.001)
		assert.Len(t, f.Changes, 6)
		lines := strings.Split(text, "\n")
		assert.Equal(t, "opened 2 times, open 20.0s in all · closed again at 31.0s, and stayed closed", lines[0])
		assert.Equal(t, []string{
			"closed    " + strings.Repeat("█", 10) + strings.Repeat(" ", 21) + strings.Repeat("█", 29),
			"half-open " + strings.Repeat(" ", 20) + "█" + strings.Repeat(" ", 9) + "█",
			"open      " + strings.Repeat(" ", 10) + strings.Repeat("█", 20),
		}, lines[1:4], "one column a second, each from its start to the next one's: closed to 10s and again from 31s, open from 10s to 30s, half-open at 20s and from 30s to 31s")
		assert.Equal(t, "         └0s", lines[4][:len("         └0s")])
		assert.True(t, strings.HasSuffix(lines[4], "1m0s"), "the axis ends with the run's time: %q", lines[4])
	})

	t.Run("says so when the breaker never opened, or when there is nothing to draw", func(t *testing.T) {
		text, f := statesChart([]StateChange{{At: 0, State: Closed}}, time.Second)
		assert.True(t, strings.HasPrefix(text, "never opened\nclosed    "+strings.Repeat("█", 60)+"\nhalf-open\nopen\n"), text)
		assert.Zero(t, f.Opened)
		text, _ = statesChart(nil, time.Second)
		assert.Equal(t, "no state recorded", text)
	})
}
