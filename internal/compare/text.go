package compare

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/go-concurrency-workshop/workshop/internal/report"
	"github.com/go-concurrency-workshop/workshop/internal/term"
	"github.com/go-concurrency-workshop/workshop/internal/units"
)

// table is the comparison as rows of cells, the first row the header: what every form of output shows.
type table [][]string

// traffic is a section's first table: how fast each pattern was, beside its ideal, and what it got back.
func (s Section) traffic() table {
	t := table{{"lesson", "requests", "time", "ideal", "vs ideal", "200 OK/s", "p50", "p99", "200", "500", "503", "errors", "attempts"}}
	for _, r := range s.Rows {
		rep := r.Report
		if r.State != Ran {
			t = append(t, append([]string{r.name(), string(r.State)}, blanks(11)...))
			continue
		}
		ideal := s.Ideal(r)
		t = append(t, []string{r.name(), units.Count(rep.Requests), units.Duration(wall(rep)), units.Duration(ideal),
			ratio(float64(wall(rep)), float64(ideal)), units.Rate(rep.OKPerSec), ms(rep.LatencyMs.P50), ms(rep.LatencyMs.P99),
			units.Count(rep.Statuses[200]), units.Count(rep.Statuses[500]), units.Count(rep.Statuses[503]),
			units.Count(rep.Attempts - rep.Responses), units.Count(rep.Attempts)})
	}
	return t
}

// cost is a section's second table: what each pattern cost the client, and the load the server felt,
// each beside its multiple of the baseline's.
func (s Section) cost() table {
	base := s.baseline()
	t := table{{"lesson", "goroutines", "peak RSS", "allocated", "GC cycles", "server held", "time", "200 OK/s"}}
	for _, r := range s.Rows {
		rep := r.Report
		if r.State != Ran {
			t = append(t, append([]string{r.name(), string(r.State)}, blanks(6)...))
			continue
		}
		// A row that ran means there is a baseline: the first row that ran, perhaps this one.
		b := base.Report
		rel := func(v, of float64, s string) string {
			if base.name() == r.name() {
				return s
			}
			return s + " (" + times(v, of) + ")"
		}
		// The totals per request, so that they compare with a baseline that ran fewer (sampled).
		each := func(r *report.Report, v float64) float64 { return v / float64(max(r.Requests, 1)) }
		t = append(t, []string{r.name(),
			rel(float64(rep.Goroutines.Peak), float64(b.Goroutines.Peak), units.Count(rep.Goroutines.Peak)),
			rel(float64(rep.Memory.PeakRSSBytes), float64(b.Memory.PeakRSSBytes), units.Bytes(rep.Memory.PeakRSSBytes)),
			rel(each(rep, float64(rep.Memory.AllocBytes)), each(b, float64(b.Memory.AllocBytes)), units.Bytes(rep.Memory.AllocBytes)),
			rel(each(rep, float64(rep.Memory.GCCycles)), each(b, float64(b.Memory.GCCycles)), units.Count(int64(rep.Memory.GCCycles))),
			units.Count(peakServer(rep)),
			rel(perRequest(rep), perRequest(b), units.Duration(wall(rep))),
			rel(rep.OKPerSec, b.OKPerSec, units.Rate(rep.OKPerSec)),
		})
	}
	return t
}

// perRequest is a run's wall time per request it was asked for, in nanoseconds.
func perRequest(r *report.Report) float64 { return float64(wall(r)) / float64(max(r.Requests, 1)) }

// costNote introduces the cost table, and says, when the rows ran different numbers of requests, how
// they still compare.
func (s Section) costNote() (note, aside string) {
	base := s.baseline()
	if base == nil {
		return "", ""
	}
	note = fmt.Sprintf("What each cost, and (in brackets) its multiple of %s's", base.name())
	for _, r := range s.ran() {
		if r.Report.Requests != base.Report.Requests {
			return note, "for time, bytes allocated and GC cycles: per request, as the rows ran different numbers of requests"
		}
	}
	return note, ""
}

// costLine is the cost table's note on one line.
func (s Section) costLine() string {
	note, aside := s.costNote()
	if aside != "" {
		return note + " (" + aside + ")"
	}
	return note
}

// WriteText writes the comparison for a terminal: a heading, then for each server its two tables, the rows
// that did not run with why, bars for time, throughput and memory, and each run's requests in flight as a
// line of its own; last, which pattern when.
func (c Comparison) WriteText(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s · %s requests each · %s\n", term.Title.Sprint("The patterns side by side"), units.Count(c.Requests), c.code())
	fmt.Fprintf(&b, "%s\n", term.Faint.Sprint(idealNote))
	if c.Interrupted {
		fmt.Fprintln(&b, term.Warn.Sprint(interrupted))
	}
	for _, s := range c.Sections {
		s.writeText(&b)
	}
	if g := c.guide(); len(g) > 0 {
		fmt.Fprintf(&b, "\n%s\n", term.Title.Sprint("Which pattern when"))
		for _, l := range g {
			fmt.Fprintf(&b, "\n%s %s\n", term.Label.Sprint(l.Name+" ("+l.Lesson+"):"), l.Text)
		}
		if seed := c.seedTable(); len(seed) > 0 {
			fmt.Fprintf(&b, "\n%s\n", term.Faint.Sprint(seedNote))
			writeTable(&b, seed)
			fmt.Fprintf(&b, "%s\n", term.Faint.Sprint(c.seedAside()))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// writeText writes one section for a terminal: its title and setting, or why it was skipped; its tables,
// the rows that did not run with why, its bars, and its sparklines.
func (s Section) writeText(b *strings.Builder) {
	fmt.Fprintf(b, "\n%s\n", term.Title.Sprint(s.title()))
	fmt.Fprintf(b, "%s\n", term.Faint.Sprint(s.setting()))
	if s.Skipped != "" {
		fmt.Fprintf(b, "%s\n", term.Warn.Sprint(s.Skipped))
		return
	}
	for _, line := range s.sampled() {
		fmt.Fprintf(b, "%s\n", term.Faint.Sprint(line))
	}
	b.WriteString("\n")
	writeTable(b, s.traffic())
	b.WriteString("\n")
	if note := s.costLine(); note != "" {
		fmt.Fprintf(b, "%s\n", term.Faint.Sprint(note+":"))
	}
	writeTable(b, s.cost())
	for _, r := range s.Rows {
		if r.State != Ran && r.Detail != "" {
			fmt.Fprintf(b, "\n%s %s: %s", term.Warn.Sprint(r.name()), r.State, strings.ReplaceAll(r.Detail, "\n", "\n    "))
		}
	}
	b.WriteString("\n")
	width := s.nameWidth()
	for _, ch := range s.charts() {
		if len(ch.bars) == 0 {
			continue // nothing ran
		}
		fmt.Fprintf(b, "\n%s\n", term.Label.Sprint(ch.title))
		for _, bar := range ch.bars {
			fmt.Fprintf(b, "  %-*s %s %s\n", width, bar.lesson, blocks(bar.value, ch.max, 40), bar.label)
		}
	}
	if rows := s.ran(); len(rows) > 0 {
		fmt.Fprintf(b, "\n%s\n", term.Label.Sprint(sparkTitle))
		for _, r := range rows {
			fmt.Fprintf(b, "  %-*s └%s┘ %s\n", width, r.name(), sparkline(r.Report.Timeline, sparkWidth), sparkLabel(r.Report))
			if marks, n := failedMarks(r.Report.Timeline, sparkWidth); n > 0 {
				fmt.Fprintf(b, "  %-*s  %s  %s\n", width, "", term.Warn.Sprint(marks), term.Faint.Sprintf("%s ended 500", units.Count(n)))
			}
		}
	}
}

// sparkTitle heads the sparklines.
const sparkTitle = "requests in flight over each run, each on its own scale (└ start, ┘ end; × below: where attempts ended 500)"

// nameWidth is the width of the section's longest row name, and at least 16: the column of its bars and
// sparklines.
func (s Section) nameWidth() int {
	w := 16
	for _, r := range s.Rows {
		w = max(w, len([]rune(r.name())))
	}
	return w
}

// idealNote explains the ideal time, once for every section.
const idealNote = "ideal = W·L / min(concurrency, capacity): W the requests the server worked on (not refused), L the run's " +
	"mean time per answered request (where the server refused some: its own mean for the others; where some waited in " +
	"its queue: a request's mean time made one at a time)"

// interrupted is what every form says of a comparison stopped before every lesson had run.
const interrupted = "interrupted: only the lessons listed ran, and the last may not have finished"

// code says whose code ran.
func (c Comparison) code() string {
	if c.Solution {
		return "the reference solutions"
	}
	return "your code"
}

// title names the section's server, and the challenge it compares, if it does.
func (s Section) title() string {
	if s.Challenge != "" {
		return "Challenge " + s.Challenge + ", on the " + s.Name + " server"
	}
	switch s.Name {
	case "default":
		return "On the default server"
	case "overloaded":
		return "On an overloaded server"
	}
	return "On the " + s.Name + " server"
}

// setting describes the server and L, its time per answer.
func (s Section) setting() string { return s.Server + ": " + s.limits() }

// limits is the setting without the server's flags.
func (s Section) limits() string {
	limit := "no capacity limit"
	if s.Capacity > 0 {
		limit = fmt.Sprintf("works on %d at once, %d more may wait, the rest are refused (503)", s.Capacity, s.Queue)
		if s.Queue == 0 {
			limit = fmt.Sprintf("works on %d at once and refuses the rest (503): no queue", s.Capacity)
		}
	}
	return fmt.Sprintf("%s · L %s, a request's mean time made one at a time", limit, ms(s.LatencyMs))
}

// writeTable writes a table's columns aligned right, but the first, which is aligned left and at least 16
// wide.
func writeTable(b *strings.Builder, t table) {
	width := 16
	for _, row := range t {
		width = max(width, len([]rune(row[0])))
	}
	tw := tabwriter.NewWriter(b, 0, 0, 2, ' ', tabwriter.AlignRight)
	for _, row := range t {
		fmt.Fprintln(tw, fmt.Sprintf("%-*s\t", width, row[0])+strings.Join(row[1:], "\t")+"\t")
	}
	tw.Flush()
}

// chart is one bar chart: a bar per lesson that ran.
type chart struct {
	title string
	max   float64
	bars  []bar
}

type bar struct {
	lesson string
	value  float64
	label  string
}

func (s Section) charts() []chart {
	charts := []chart{
		{title: "time (shorter is faster)"},
		{title: "200 OK a second, and the share of attempts the server refused"},
		{title: "peak memory (RSS)"},
	}
	for _, r := range s.ran() {
		rep := r.Report
		charts[0].bars = append(charts[0].bars, bar{r.name(), float64(wall(rep)), units.Duration(wall(rep)) + " (ideal " + units.Duration(s.Ideal(r)) + ")"})
		charts[1].bars = append(charts[1].bars, bar{r.name(), rep.OKPerSec, units.Rate(rep.OKPerSec) + " · " + refusedLabel(rep)})
		charts[2].bars = append(charts[2].bars, bar{r.name(), float64(rep.Memory.PeakRSSBytes), units.Bytes(rep.Memory.PeakRSSBytes)})
	}
	for i := range charts {
		for _, b := range charts[i].bars {
			charts[i].max = max(charts[i].max, b.value)
		}
	}
	return charts
}

// refusedLabel says how much of a run the server refused.
func refusedLabel(r *report.Report) string {
	if refused(r) == 0 {
		return "none refused"
	}
	return fmt.Sprintf("%s refused (%s of %s attempts)", percent(refusedShare(r)), units.Count(refused(r)), units.Count(r.Attempts))
}

// percent writes a share as a percentage with two significant digits at most: "62%", "0.093%", "100%".
func percent(share float64) string {
	switch p := share * 100; {
	case p == 0 || p >= 10:
		return fmt.Sprintf("%.0f%%", p)
	case p >= 1:
		return fmt.Sprintf("%.1f%%", p)
	default:
		return fmt.Sprintf("%.2g%%", p)
	}
}

// sparkWidth is the width of a text sparkline, in cells.
const sparkWidth = 40

// sparkline draws a timeline's requests in flight in width cells, each cell the most in flight during its
// share of the run, in eighths of the run's own peak: its shape, whatever its scale.
func sparkline(tl report.Timeline, width int) string {
	levels := []rune(" ▁▂▃▄▅▆▇█")
	cells := cellsOf(tl, width, func(t report.Tick) int { return t.InFlight })
	peak := slices.Max(cells)
	var b strings.Builder
	for _, v := range cells {
		level := 0
		if v > 0 && peak > 0 {
			level = max(int(math.Ceil(float64(v)*8/float64(peak))), 1)
		}
		b.WriteRune(levels[level])
	}
	return b.String()
}

// failedMarks marks, in width cells under a timeline's sparkline, those in which attempts ended with a
// 500 (or another 5xx but a 503): "×" there, a space elsewhere. It returns how many such attempts there were
// in all; 0 and the marks are blank for a run without any.
func failedMarks(tl report.Timeline, width int) (string, int) {
	n := 0
	for _, t := range tl.Ticks {
		n += t.Failed
	}
	var b strings.Builder
	for _, v := range cellsOf(tl, width, func(t report.Tick) int { return t.Failed }) {
		mark := " "
		if v > 0 {
			mark = "×"
		}
		b.WriteString(mark)
	}
	return b.String(), n
}

// cellsOf spreads a timeline's ticks over width cells, each cell the most of value over the ticks in its
// share of the run; a short run's tick spans several cells.
func cellsOf(tl report.Timeline, width int, value func(report.Tick) int) []int {
	cells := make([]int, width)
	for i, t := range tl.Ticks {
		cell := i * width / len(tl.Ticks)
		for j := cell; j < max(cell+1, (i+1)*width/len(tl.Ticks)); j++ {
			cells[j] = max(cells[j], value(t))
		}
	}
	return cells
}

// sparkLabel is what a sparkline's scale and length are.
func sparkLabel(r *report.Report) string {
	peak := 0
	for _, t := range r.Timeline.Ticks {
		peak = max(peak, t.InFlight)
	}
	return fmt.Sprintf("%s in flight at most, over %s", units.Count(peak), units.Duration(wall(r)))
}

// blocks draws v of most as a bar of at most width cells, in eighths of a cell; never empty, so that a
// small value still shows.
func blocks(v, most float64, width int) string {
	if most <= 0 {
		return ""
	}
	eighths := max(int(v/most*float64(width*8)+0.5), 1)
	partial := []string{"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"}
	return strings.Repeat("█", eighths/8) + partial[eighths%8]
}

func blanks(n int) []string { return make([]string, n) }

func ms(v float64) string { return units.Duration(units.FromMillis(v)) }

// ratio writes a/b as "1.04×"; "" when b is unknown.
func ratio(a, b float64) string {
	if b <= 0 {
		return ""
	}
	return fmt.Sprintf("%.2f×", a/b)
}

// times writes v as a multiple of b with two or three significant digits: "×0.008", "×12", "×1.3".
func times(v, b float64) string {
	if b <= 0 {
		return "n/a"
	}
	x := v / b
	switch {
	case x >= 100:
		return "×" + units.Count(int64(x+0.5))
	case x >= 10:
		return fmt.Sprintf("×%.1f", x)
	case x >= 0.1:
		return fmt.Sprintf("×%.2f", x)
	}
	return fmt.Sprintf("×%.2g", x)
}
