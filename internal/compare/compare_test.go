package compare

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"flag"
	"io"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/fatih/color"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/go-concurrency-workshop/workshop/internal/dataserver"
	"github.com/go-concurrency-workshop/workshop/internal/lessons"
	"github.com/go-concurrency-workshop/workshop/internal/report"
	"github.com/go-concurrency-workshop/workshop/internal/serverproc"
)

// update re-records testdata/comparison.json from a real run of every lesson's reference solution:
// go test ./internal/compare -run TestRender -update
var update = flag.Bool("update", false, "re-record testdata/comparison.json from a real comparison")

func TestMain(m *testing.M) {
	serverproc.RunIfChild() // Run starts this test binary again as the server
	color.NoColor = true
	goleak.VerifyTestMain(m)
}

const recorded = "testdata/comparison.json"

func load(t *testing.T) Comparison {
	t.Helper()
	if *update {
		ls, err := lessons.Find("../..")
		require.NoError(t, err)
		c, err := Run(context.Background(), Options{Root: "../..", Lessons: lessons.Dirs(ls), Solution: true, Requests: 1500, Log: io.Discard})
		require.NoError(t, err)
		data, err := json.MarshalIndent(c, "", " ")
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(recorded, data, 0o644))
	}
	data, err := os.ReadFile(recorded)
	require.NoError(t, err)
	var c Comparison
	require.NoError(t, json.Unmarshal(data, &c))
	require.NotEmpty(t, c.Rows)
	// One lesson not solved, as a learner's comparison has: it shows as such and spoils nothing.
	c.Rows = append(c.Rows, Row{Lesson: "09-unsolved", State: NotSolved, Detail: "the pattern made no request"})
	return c
}

func TestRenderFromARecordedComparison(t *testing.T) {
	c := load(t)

	t.Run("the text has a row per lesson, each beside its ideal, and bars", func(t *testing.T) {
		var b bytes.Buffer
		require.NoError(t, c.WriteText(&b))
		out := b.String()
		for _, r := range c.Rows {
			assert.Contains(t, out, r.Lesson)
		}
		assert.Contains(t, out, "09-unsolved not solved: the pattern made no request")
		first := c.Rows[0]
		assert.Contains(t, out, ratio(float64(wall(first.Report)), float64(c.Ideal(first))), "the first row beside its ideal")
		assert.Contains(t, out, "█")
		assert.Contains(t, out, "ideal = W·L / min(concurrency, capacity)")
	})

	t.Run("the Markdown is two tables", func(t *testing.T) {
		var b bytes.Buffer
		require.NoError(t, c.WriteMarkdown(&b))
		out := b.String()
		assert.Equal(t, 2, strings.Count(out, "|---|--:"), "two table headers")
		assert.Contains(t, out, "| "+c.Rows[0].Lesson+" | ")
	})

	t.Run("the HTML page is self-contained, and its charts are well-formed SVG", func(t *testing.T) {
		var b bytes.Buffer
		require.NoError(t, c.WriteHTML(&b))
		out := b.String()
		assert.NotRegexp(t, `(?i)<script|<link|src=|href=|@import|url\(`, out, "nothing is fetched from anywhere")
		svgs := regexp.MustCompile(`(?s)<svg .*?</svg>`).FindAllString(out, -1)
		require.Len(t, svgs, 3, "time, memory, in flight")
		for _, svg := range svgs {
			assert.NoError(t, xml.Unmarshal([]byte(svg), new(struct{})), "well-formed SVG")
		}
		for _, r := range c.ran() {
			assert.Contains(t, svgs[2], ">"+r.Lesson+"</text>", "a line per lesson that ran, named in the legend")
		}
		assert.Equal(t, len(c.ran()), strings.Count(svgs[2], "<polyline"))
		assert.Contains(t, out, "09-unsolved not solved")
	})
}

func TestIdeal(t *testing.T) {
	c := Comparison{LatencyMs: 4, Capacity: 50}
	row := func(conc, attempts, refused int) Row {
		return Row{State: Ran, Report: &report.Report{Concurrency: conc, Requests: 1000, Attempts: attempts,
			Statuses: map[int]int{200: attempts - refused, 503: refused}}}
	}
	assert.Equal(t, 4*time.Second, c.Ideal(row(1, 1000, 0)), "one at a time: N·L")
	assert.Equal(t, 400*time.Millisecond, c.Ideal(row(10, 1000, 0)), "10 at once: N·L/10")
	assert.Equal(t, 80*time.Millisecond, c.Ideal(row(1000, 1000, 0)), "more than the capacity: N·L/capacity")
	assert.Equal(t, 20*time.Millisecond, c.Ideal(row(1000, 1000, 750)), "refused requests are no work: W·L/capacity")
	assert.Equal(t, 440*time.Millisecond, c.Ideal(row(10, 1200, 100)), "retries that were worked on are work too")
	c.Capacity = -1
	assert.Equal(t, 4*time.Millisecond, c.Ideal(row(1000, 1000, 0)), "no capacity limit: N·L/concurrency")

	c.Capacity = 50
	own := row(10, 1000, 0)
	own.Report.Server = &dataserver.Stats{}
	own.Report.LatencyMs.Mean = 5
	assert.Equal(t, 500*time.Millisecond, c.Ideal(own), "L is the run's own mean time per request")
	own.Report.Server.PeakQueued = 3
	assert.Equal(t, 400*time.Millisecond, c.Ideal(own), "but not when the run queued there: the calibration's")
}

func TestRunComparesTheLessonsItFinds(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a lesson")
	}
	var log bytes.Buffer
	c, err := Run(t.Context(), Options{Root: "../..", Lessons: []string{"01-sequential", "07-missing"}, Solution: true,
		Requests: 20, Log: &log})
	require.NoError(t, err)
	require.Len(t, c.Rows, 2)
	ran := c.Rows[0]
	require.Equal(t, Ran, ran.State, "%s\n%s", ran.Detail, log.String())
	assert.Equal(t, 20, ran.Report.Results)
	assert.Positive(t, c.LatencyMs, "L was measured")
	assert.Equal(t, NoBuild, c.Rows[1].State, "a lesson that does not build is a row that says so")
	assert.Contains(t, log.String(), "01-sequential")
}

func TestRowsThatDidNotRunCleanlyShowNoFigures(t *testing.T) {
	c := load(t)
	failed := *c.Rows[0].Report
	c.Rows = append(c.Rows,
		Row{Lesson: "08-failed", State: Failed, Detail: "08-failed: every request failed", Report: &failed},
		Row{Lesson: "09-stuck", State: Stuck, Detail: "still running after 2m0s, and stopped", Report: &failed})
	c.Interrupted = true
	var text, md bytes.Buffer
	require.NoError(t, c.WriteText(&text))
	require.NoError(t, c.WriteMarkdown(&md))
	for _, out := range []string{text.String(), md.String()} {
		assert.Contains(t, out, "interrupted: only the lessons listed ran")
		assert.Regexp(t, `08-failed\s*\|?\s*failed\s*\|?\s*(\||\n)`, out, "a failed run's figures are not shown as results")
		assert.Regexp(t, `09-stuck\s*\|?\s*stuck\s*\|?\s*(\||\n)`, out)
	}
	assert.Contains(t, text.String(), "09-stuck stuck: still running after 2m0s, and stopped")
}
