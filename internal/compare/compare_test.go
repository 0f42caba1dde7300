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
	"slices"
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
	"github.com/go-concurrency-workshop/workshop/internal/units"
)

// update re-records testdata/comparison.json from a real run of every lesson's reference solution:
// go test ./internal/compare -run TestRender -update
var update = flag.Bool("update", false, "re-record testdata/comparison.json from a real comparison")

func TestMain(m *testing.M) {
	serverproc.RunIfChild() // Run starts this test binary again as the server
	fakeGoIfAsked()         // and, in TestAnInterruptedBuild, as the go command
	color.NoColor = true
	goleak.VerifyTestMain(m)
}

const recorded = "testdata/comparison.json"

// load reads the recorded comparison: both servers, every lesson's reference solution, 1,500 requests,
// then the challenges' two sections.
func load(t *testing.T) Comparison {
	t.Helper()
	if *update {
		ls, err := lessons.Find("../..")
		require.NoError(t, err)
		c, err := Run(context.Background(), Options{Root: "../..", Lessons: lessons.Dirs(ls), Solution: true, Requests: 1500,
			Servers: append(slices.Clone(TwoServers), Challenges(1500, 0)...), Log: io.Discard})
		require.NoError(t, err)
		data, err := json.MarshalIndent(c, "", " ")
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(recorded, data, 0o644))
	}
	data, err := os.ReadFile(recorded)
	require.NoError(t, err)
	var c Comparison
	require.NoError(t, json.Unmarshal(data, &c))
	require.Len(t, c.Sections, 4, "the default server, the overloaded one, and a server for each challenge")
	for _, s := range c.Sections {
		require.NotEmpty(t, s.Rows)
	}
	// One lesson not solved, as a learner's comparison has: it shows as such and spoils nothing.
	for i := range c.Sections {
		if c.Sections[i].Challenge == "" {
			c.Sections[i].Rows = append(c.Sections[i].Rows, Row{Lesson: "09-unsolved", State: NotSolved, Detail: "the pattern made no request"})
		}
	}
	return c
}

func TestRenderFromARecordedComparison(t *testing.T) {
	c := load(t)

	t.Run("the text has both servers, a row per lesson on each, each beside its ideal, bars and sparklines", func(t *testing.T) {
		var b bytes.Buffer
		require.NoError(t, c.WriteText(&b))
		out := b.String()
		def, over := strings.Index(out, "On the default server"), strings.Index(out, "On an overloaded server")
		require.True(t, def >= 0 && over > def, "the default server's section, then the overloaded one's:\n%s", out)
		for _, s := range c.Sections {
			for _, r := range s.Rows {
				assert.Contains(t, out, r.name())
			}
			first := s.Rows[0]
			assert.Contains(t, out, ratio(float64(wall(first.Report)), float64(s.Ideal(first))), "the first row beside its ideal")
			assert.Contains(t, out, "└"+sparkline(first.Report.Timeline, sparkWidth)+"┘", "a sparkline of each run")
		}
		assert.Contains(t, out, "09-unsolved not solved: the pattern made no request")
		assert.Contains(t, out, "█")
		assert.Contains(t, out, "ideal = W·L / min(concurrency, capacity)")
		assert.Regexp(t, `01-sequential ran [0-9]+ of the 1,500 requests`, out, "the sampled lesson says so")
		assert.Contains(t, out, "Which pattern when")
		assert.Contains(t, out, "A pool that paces itself (04-backpressure):")
	})

	t.Run("the Markdown is two tables per server, the guide and the seed's guesses beside the figures", func(t *testing.T) {
		var b bytes.Buffer
		require.NoError(t, c.WriteMarkdown(&b))
		out := b.String()
		assert.Equal(t, 9, strings.Count(out, "|---|--:"), "two table headers per server, and the seed's")
		assert.Contains(t, out, "### On the default server")
		assert.Contains(t, out, "### On an overloaded server")
		assert.Contains(t, out, "| "+c.Sections[0].Rows[0].Lesson+" | ")
		assert.Contains(t, out, "### Which pattern when")
		assert.Contains(t, out, "- **A goroutine per request** (02-waitgroups): ")
		assert.Contains(t, out, "| 02-waitgroups | 20% · 400% · 500% | ", "the seed's guess beside the figures")
	})

	t.Run("the HTML page is self-contained, and its charts are well-formed SVG: three per server and a panel per run", func(t *testing.T) {
		var b bytes.Buffer
		require.NoError(t, c.WriteHTML(&b))
		out := b.String()
		assert.NotRegexp(t, `(?i)<script|<link|src=|href="[^#]|@import|url\(`, out, "nothing is fetched from anywhere")
		svgs := regexp.MustCompile(`(?s)<svg .*?</svg>`).FindAllString(out, -1)
		want := 0
		for _, s := range c.Sections {
			want += 3 + len(s.ran())
		}
		require.Len(t, svgs, want, "time, throughput, memory, and a panel per lesson that ran, for each server")
		for _, svg := range svgs {
			assert.NoError(t, xml.Unmarshal([]byte(svg), new(struct{})), "well-formed SVG")
			assert.Regexp(t, `viewBox="0 0 [1-9][0-9]* [1-9][0-9]*"`, svg, "a size, so that it scales")
		}
		panels := 0
		for _, svg := range svgs {
			if strings.Contains(svg, "requests in flight over its run") {
				panels++
				assert.Contains(t, svg, "<path d=\"M", "the requests in flight")
			}
		}
		assert.Equal(t, want-3*len(c.Sections), panels, "a panel per lesson that ran")
		assert.Contains(t, out, "09-unsolved not solved")
		assert.Contains(t, out, "Which pattern when")
	})

	t.Run("a panel marks the 503s where they happened, draws 04's limit and 05's stages", func(t *testing.T) {
		over := c.Sections[1]
		p := panel(*over.row("02-waitgroups"), palette[0])
		require.Len(t, p.Marks, 3, "a row of marks each for the 503s, the 500s and the attempts without an answer")
		assert.NotEmpty(t, p.Marks[0].Marks, "02 on the overloaded server was refused: the panel marks where")
		assert.Equal(t, refusedColor, p.Marks[0].Color)
		failures := panel(*over.row("04-backpressure"), palette[0])
		assert.NotEmpty(t, failures.Marks[1].Marks, "04 on the overloaded server got the server's own 500s: marked apart")
		assert.Equal(t, failedColor, failures.Marks[1].Color)
		assert.Contains(t, failures.Marks[1].Marks[0].Title, "ended 500")
		var legendTexts []string
		for _, l := range failures.Legend {
			legendTexts = append(legendTexts, l.Text)
		}
		assert.Contains(t, legendTexts, units.Count(failed(over.row("04-backpressure").Report))+" failed (500)",
			"the legend names them apart from the 503s")
		for _, l := range failures.Legend {
			assert.LessOrEqual(t, l.X+26+textWidth(l.Text), float64(panelWidth)+10, "the legend wraps within the panel: %q", l.Text)
		}
		limited := panel(*over.row("04-backpressure"), palette[0])
		assert.NotEmpty(t, limited.Limit, "04's limit over time")
		staged := panel(*over.row("05-pipelines"), palette[0])
		require.Len(t, staged.Stages, 3, "05's stages: fetch, decode, aggregate")
		assert.Equal(t, "fetch", staged.Stages[0].Name)
		plain := panel(*over.row("01-sequential"), palette[0])
		assert.Empty(t, plain.Limit)
		assert.Empty(t, plain.Stages)
		assert.Len(t, plain.Marks, 3, "no breaker, no rows for its states")
	})

	t.Run("the breaker's panel marks the spans it spent open and half-open, under the others", func(t *testing.T) {
		_, breaker := c.section("outage").pair()
		require.NotNil(t, breaker)
		p := panel(*breaker, palette[1])
		require.Len(t, p.Marks, 5, "the rows of 503s, 500s and no answer, then open and half-open")
		open, half := p.Marks[3], p.Marks[4]
		assert.Equal(t, openColor, open.Color)
		assert.Equal(t, halfColor, half.Color)
		assert.Greater(t, open.Y, p.Marks[2].Y)
		assert.Greater(t, p.XAxisY, half.Y+markHeight, "the time axis's labels come under every row")
		// The recorded run: open from 812ms for 1s, half-open for 26ms, then closed to its end.
		require.Len(t, open.Marks, 1)
		assert.Equal(t, "the breaker open from 812ms to 1.81s", open.Marks[0].Title)
		wide := func(ms float64) float64 { return ms / breaker.Report.WallMs * (plotRight - plotLeft) }
		assert.InDelta(t, wide(1000), open.Marks[0].Width, 0.01)
		require.Len(t, half.Marks, 1)
		assert.InDelta(t, max(wide(25.916), 1.5), half.Marks[0].Width, 0.01, "a sliver at least")
		var legend []string
		for _, l := range p.Legend {
			legend = append(legend, l.Text)
		}
		assert.Contains(t, legend, "breaker open 1.00s")
	})
}

func TestTheRecordedOverloadedServerShowsWhatTheLessonsClaim(t *testing.T) {
	c := load(t)
	over := c.section("overloaded")
	require.NotNil(t, over)
	for _, lesson := range []string{"02-waitgroups", "03-fanoutin"} {
		r := over.row(lesson)
		require.NotNil(t, r, lesson)
		assert.Greater(t, refusedShare(r.Report), 0.5, "%s: a pattern that does not pace itself is refused", lesson)
	}
	r := over.row("04-backpressure")
	require.NotNil(t, r)
	assert.Less(t, refusedShare(r.Report), 0.05, "04 adapts: under 5%% of its attempts refused")
	assert.Zero(t, r.Report.Lost+r.Report.Missing, "04 loses nothing")
	f, ok := limit(r.Report)
	require.True(t, ok, "04's report has its limit")
	assert.LessOrEqual(t, f.Last, over.Capacity+1, "04's limit came down to about the server's capacity")
}

func TestIdeal(t *testing.T) {
	s := Section{LatencyMs: 4, Capacity: 50}
	row := func(conc, attempts, refused int) Row {
		return Row{State: Ran, Report: &report.Report{Concurrency: conc, Requests: 1000, Attempts: attempts,
			Statuses: map[int]int{200: attempts - refused, 503: refused}}}
	}
	assert.Equal(t, 4*time.Second, s.Ideal(row(1, 1000, 0)), "one at a time: N·L")
	assert.Equal(t, 400*time.Millisecond, s.Ideal(row(10, 1000, 0)), "10 at once: N·L/10")
	assert.Equal(t, 80*time.Millisecond, s.Ideal(row(1000, 1000, 0)), "more than the capacity: N·L/capacity")
	assert.Equal(t, 20*time.Millisecond, s.Ideal(row(1000, 1000, 750)), "refused requests are no work: W·L/capacity")
	assert.Equal(t, 440*time.Millisecond, s.Ideal(row(10, 1200, 100)), "retries that were worked on are work too")
	s.Capacity = -1
	assert.Equal(t, 4*time.Millisecond, s.Ideal(row(1000, 1000, 0)), "no capacity limit: N·L/concurrency")

	s.Capacity = 50
	own := row(10, 1000, 0)
	own.Report.Server = &dataserver.Stats{}
	own.Report.LatencyMs.Mean = 5
	assert.Equal(t, 500*time.Millisecond, s.Ideal(own), "L is the run's own mean time per request")
	own.Report.Server.PeakQueued = 3
	assert.Equal(t, 400*time.Millisecond, s.Ideal(own), "but not when the run queued there: the calibration's")
	refusedAtOnce := row(10, 1000, 500)
	refusedAtOnce.Report.Server = &dataserver.Stats{Latency: dataserver.LatencySummary{Count: 500, MeanMs: 6}}
	refusedAtOnce.Report.LatencyMs.Mean = 0.5 // the instant 503s pull the client's mean down
	assert.Equal(t, 300*time.Millisecond, s.Ideal(refusedAtOnce), "when the server refused some at once: its own mean for the others")
	refusedAtOnce.Report.Server.PeakQueued = 3
	assert.Equal(t, 200*time.Millisecond, s.Ideal(refusedAtOnce), "and when they also queued there: the calibration's")
}

func TestSample(t *testing.T) {
	over := Section{LatencyMs: 25, Capacity: 8}
	n, why := over.sample(7500, 1)
	assert.Equal(t, 400, n, "one at a time, 7,500 × 25ms is over 3 minutes: what 10s holds")
	assert.Equal(t, "ran 400 of the 7,500 requests: all of them, 1 at a time at 25.0ms each, would take 3m8s", why)
	n, why = over.sample(7500, 15)
	assert.Equal(t, 7500, n, "a pool that fills the server does 7,500 in 23s: all of them")
	assert.Empty(t, why)
	n, _ = over.sample(200, 1)
	assert.Equal(t, 200, n, "few enough requests run in full")
}

func TestRunComparesTheLessonsItFinds(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a lesson")
	}
	var log bytes.Buffer
	c, err := Run(t.Context(), Options{Root: "../..", Lessons: []string{"01-sequential", "07-missing"}, Solution: true,
		Requests: 20, Servers: TwoServers, Log: &log})
	require.NoError(t, err)
	require.Len(t, c.Sections, 2, "a section per server")
	for _, s := range c.Sections {
		require.Len(t, s.Rows, 2)
		ran := s.Rows[0]
		require.Equal(t, Ran, ran.State, "%s\n%s", ran.Detail, log.String())
		assert.Equal(t, 20, ran.Report.Results)
		assert.Empty(t, ran.Sampled, "20 requests need no sampling")
		assert.Positive(t, s.LatencyMs, "L was measured")
		assert.Equal(t, NoBuild, s.Rows[1].State, "a lesson that does not build is a row that says so")
	}
	assert.Equal(t, 8, c.Sections[1].Capacity, "the overloaded server")
	assert.Zero(t, c.Sections[1].Queue)
	assert.Contains(t, log.String(), "01-sequential")
	assert.Equal(t, 1, strings.Count(log.String(), "07-missing       does not build"), "built once for both servers")
}

func TestRowsThatDidNotRunCleanlyShowNoFigures(t *testing.T) {
	c := load(t)
	failed := *c.Sections[0].Rows[0].Report
	c.Sections[0].Rows = append(c.Sections[0].Rows,
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

func TestTheRecordedChallengesShowWhatTheyClaim(t *testing.T) {
	c := load(t)
	tail, outage := c.Sections[2], c.Sections[3]
	require.Equal(t, "Hedged", tail.Challenge)
	require.Equal(t, "Breaker", outage.Challenge)

	plain, hedged := tail.pair()
	require.NotNil(t, plain, "the plain pool ran on the tail server")
	require.NotNil(t, hedged, "the hedged pool ran on the tail server")
	assert.Equal(t, "03-fanoutin hedged", hedged.name())
	assert.Less(t, hedged.Report.LatencyMs.P99, plain.Report.LatencyMs.P99, "hedging cuts the p99")

	plain, breaker := outage.pair()
	require.NotNil(t, plain)
	require.NotNil(t, breaker)
	assert.Equal(t, "04-backpressure breaker", breaker.name())
	assert.Positive(t, plain.Report.Server.OutageFailed, "the plain pool's run met the outage")
	assert.Less(t, breaker.Report.Server.OutageFailed, plain.Report.Server.OutageFailed, "the breaker sent fewer to the down server")
	assert.Equal(t, breaker.Report.Requests, breaker.Report.Final["200"], "and every request of the breaker's ended 200 OK")
}

func TestTheChallengesHaveTheirLinesInTheGuideFromTheirRows(t *testing.T) {
	c := load(t)
	lines := map[string]guideLine{}
	for _, l := range c.guide() {
		lines[l.Name] = l
	}
	tail, outage := c.Sections[2], c.Sections[3]

	h, ok := lines["Hedged requests"]
	require.True(t, ok, "a line for hedged requests")
	assert.Equal(t, "03-fanoutin -variant hedged", h.Lesson)
	plain, hedged := tail.pair()
	for _, figure := range []string{ms(plain.Report.LatencyMs.P99), ms(hedged.Report.LatencyMs.P99),
		units.Count(hedged.Report.Overlapping) + " hedges", "2% of the answers take 20 times as long"} {
		assert.Contains(t, h.Text, figure, "the line holds the figures of its rows")
	}
	assert.Contains(t, h.Text, "Choose it when")
	slow := *hedged
	slowReport := *hedged.Report
	slowReport.LatencyMs.P99 = plain.Report.LatencyMs.P99
	slow.Report = &slowReport
	assert.Contains(t, hedgedLine(&tail, plain, &slow), "not shorter in this run", "a run where hedging did not help says so")

	b, ok := lines["A circuit breaker"]
	require.True(t, ok, "a line for the circuit breaker")
	assert.Equal(t, "04-backpressure -variant breaker", b.Lesson)
	plain, breaker := outage.pair()
	for _, figure := range []string{units.Count(plain.Report.Server.OutageFailed), units.Count(breaker.Report.Server.OutageFailed),
		units.Count(breaker.Report.Final["200"]) + " ended 200 OK", "after the server came back"} {
		assert.Contains(t, b.Text, figure, "the line holds the figures of its rows")
	}

	var md bytes.Buffer
	require.NoError(t, c.WriteMarkdown(&md))
	assert.Contains(t, md.String(), "- **Hedged requests** (03-fanoutin -variant hedged): when the tail matters.")
	assert.Contains(t, md.String(), "### Challenge Breaker, on the outage server")
	assert.Contains(t, md.String(), "| 04-backpressure breaker | ")

	t.Run("and none when a breaker's runs ended before the outage", func(t *testing.T) {
		s := outage
		s.Rows = slices.Clone(s.Rows)
		early := *s.Rows[0].Report
		early.Server = &dataserver.Stats{}
		s.Rows[0].Report = &early
		assert.Empty(t, breakerLine(&s, &s.Rows[0], &s.Rows[1]))
	})
}

func TestASkippedChallengeSaysSoAndShowsNothingElse(t *testing.T) {
	c := load(t)
	c.Sections[2] = Section{Name: "tail", Server: "-profile tail", Challenge: "Hedged",
		Skipped: "The challenge Hedged is skipped: 03-fanoutin hedged is not solved yet (the pattern made no request).",
		Rows:    []Row{{Lesson: "03-fanoutin", Variant: "hedged", State: NotSolved, Detail: "the pattern made no request"}}}
	var text, md, page bytes.Buffer
	require.NoError(t, c.WriteText(&text))
	require.NoError(t, c.WriteMarkdown(&md))
	require.NoError(t, c.WriteHTML(&page))
	for _, out := range []string{text.String(), md.String(), page.String()} {
		assert.Contains(t, out, "Challenge Hedged, on the tail server")
		assert.Contains(t, out, "The challenge Hedged is skipped: 03-fanoutin hedged is not solved yet")
		assert.NotContains(t, out, "Hedged requests", "no guide line without its rows")
		assert.Contains(t, out, "A circuit breaker", "the other challenge's line stays")
	}
	assert.Equal(t, 7, strings.Count(md.String(), "|---|--:"), "no table for the skipped section")
}

func TestSparklinesMarkWhere500sEnded(t *testing.T) {
	tl := report.Timeline{StepMs: 100, Ticks: []report.Tick{{InFlight: 2}, {InFlight: 4, Failed: 3}, {InFlight: 4, Busy: 5}, {InFlight: 1}}}
	assert.Equal(t, "▄▄████▂▂", sparkline(tl, 8))
	marks, n := failedMarks(tl, 8)
	assert.Equal(t, "  ××    ", marks, "the cells of the tick with 500s, not the one with 503s")
	assert.Equal(t, 3, n)
	_, n = failedMarks(report.Timeline{StepMs: 100, Ticks: []report.Tick{{InFlight: 1}}}, 8)
	assert.Zero(t, n, "a run without 500s has no marks")
}

func TestOutageFor(t *testing.T) {
	assert.Equal(t, "4s+3s", outageFor(7500, 0), "lesson 04's own outage for its own run")
	assert.Equal(t, "4s+3s", outageFor(7500, 15))
	assert.Equal(t, "1.6s+1s", outageFor(3000, 0), "in the same place of a shorter run, whole seconds long")
	assert.Equal(t, "4.8s+4s", outageFor(3000, 5), "fewer workers: a longer run")
	assert.Equal(t, "10ms+1s", outageFor(1, 0), "never at once, never shorter than a second")

	cs := Challenges(7500, 0)
	require.Len(t, cs, 2)
	assert.Equal(t, hedgedRequests, cs[0].Challenge.Requests, "a challenge's pair runs fewer than 7,500")
	assert.Equal(t, breakerRequests, cs[1].Challenge.Requests)
	assert.Equal(t, []string{"-profile", "outage", "-outage", outageFor(breakerRequests, 0)}, cs[1].Flags,
		"the breaker's outage in the same place of its shorter run")
	assert.Equal(t, 200, Challenges(200, 0)[1].Challenge.Requests, "fewer than that: all of them")
}

func TestRunSkipsAChallengeWhoseLessonsItDoesNotCompare(t *testing.T) {
	var log bytes.Buffer
	c, err := Run(t.Context(), Options{Root: "../..", Lessons: []string{"07-missing"}, Requests: 20,
		Servers: Challenges(20, 0), Log: &log})
	require.NoError(t, err)
	require.Len(t, c.Sections, 2)
	assert.Equal(t, "The challenge Hedged is skipped: 03-fanoutin is not among the lessons compared.", c.Sections[0].Skipped)
	assert.Equal(t, "Breaker", c.Sections[1].Challenge)
	assert.NotContains(t, log.String(), "server at", "no server started")
}

func TestRunComparesAChallengeBesideThePlainPoolOrSkipsItUnsolved(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a lesson")
	}
	for _, solution := range []bool{true, false} {
		var log bytes.Buffer
		c, err := Run(t.Context(), Options{Root: "../..", Lessons: []string{"03-fanoutin"}, Solution: solution,
			Requests: 60, Servers: Challenges(60, 0)[:1], Log: &log})
		require.NoError(t, err)
		require.Len(t, c.Sections, 1)
		s := c.Sections[0]
		if !solution { // the stubs: the challenge is not solved
			assert.Contains(t, s.Skipped, "03-fanoutin hedged is not solved yet", log.String())
			require.Len(t, s.Rows, 1, "the plain pool is not run for nothing")
			continue
		}
		require.Len(t, s.Rows, 2, log.String())
		assert.Empty(t, s.Skipped)
		assert.Equal(t, Row{Lesson: "03-fanoutin", State: Ran}, Row{Lesson: s.Rows[0].Lesson, Variant: s.Rows[0].Variant, State: s.Rows[0].State},
			"the plain pool first: %s", s.Rows[0].Detail)
		assert.Equal(t, Row{Lesson: "03-fanoutin", Variant: "hedged", State: Ran},
			Row{Lesson: s.Rows[1].Lesson, Variant: s.Rows[1].Variant, State: s.Rows[1].State}, "then the challenge: %s", s.Rows[1].Detail)
		assert.Equal(t, "hedged", s.Rows[1].Report.Variant, "the program ran with -variant hedged")
		assert.Equal(t, "-profile tail", s.Server, "both on the server the challenge is made for")
		assert.Positive(t, s.Rows[0].Report.Server.Requests+s.Rows[1].Report.Server.Requests)
	}
}

func TestRowsThatRanFewerForOneReasonAreNamedInOneLine(t *testing.T) {
	s := Section{Rows: []Row{{Lesson: "01-sequential", Sampled: "ran 400: slow"}, {Lesson: "02-waitgroups"},
		{Lesson: "03-fanoutin", Sampled: "ran 3,000: the budget"}, {Lesson: "03-fanoutin", Variant: "hedged", Sampled: "ran 3,000: the budget"}}}
	assert.Equal(t, []string{"01-sequential ran 400: slow", "03-fanoutin and 03-fanoutin hedged ran 3,000: the budget"}, s.sampled())
	assert.Empty(t, Section{Rows: []Row{{Lesson: "01-sequential"}}}.sampled())
}
