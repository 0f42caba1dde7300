package compare

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/go-concurrency-workshop/workshop/internal/term"
	"github.com/go-concurrency-workshop/workshop/internal/units"
)

// table is the comparison as rows of cells, the first row the header: what every form of output shows.
type table [][]string

// traffic is the first table: how fast each pattern was, beside its ideal, and what it got back.
func (c Comparison) traffic() table {
	t := table{{"lesson", "time", "ideal", "vs ideal", "200 OK/s", "p50", "p99", "200", "500", "503", "errors", "attempts"}}
	for _, r := range c.Rows {
		rep := r.Report
		if r.State != Ran {
			t = append(t, append([]string{r.Lesson, string(r.State)}, blanks(10)...))
			continue
		}
		ideal := c.Ideal(r)
		t = append(t, []string{r.Lesson, units.Duration(wall(rep)), units.Duration(ideal), ratio(float64(wall(rep)), float64(ideal)),
			units.Rate(rep.OKPerSec), ms(rep.LatencyMs.P50), ms(rep.LatencyMs.P99),
			units.Count(rep.Statuses[200]), units.Count(rep.Statuses[500]), units.Count(rep.Statuses[503]),
			units.Count(rep.Attempts - rep.Responses), units.Count(rep.Attempts)})
	}
	return t
}

// cost is the second table: what each pattern cost the client, and the load the server felt, each
// beside its multiple of the baseline's.
func (c Comparison) cost() table {
	base := c.baseline()
	t := table{{"lesson", "goroutines", "peak RSS", "allocated", "GC cycles", "server held", "time", "200 OK/s"}}
	for _, r := range c.Rows {
		rep := r.Report
		if r.State != Ran {
			t = append(t, append([]string{r.Lesson, string(r.State)}, blanks(6)...))
			continue
		}
		// A row that ran means there is a baseline: the first row that ran, perhaps this one.
		b := base.Report
		rel := func(v, of float64, s string) string {
			if base.Lesson == r.Lesson {
				return s
			}
			return s + " (" + times(v, of) + ")"
		}
		t = append(t, []string{r.Lesson,
			rel(float64(rep.Goroutines.Peak), float64(b.Goroutines.Peak), units.Count(rep.Goroutines.Peak)),
			rel(float64(rep.Memory.PeakRSSBytes), float64(b.Memory.PeakRSSBytes), units.Bytes(rep.Memory.PeakRSSBytes)),
			rel(float64(rep.Memory.AllocBytes), float64(b.Memory.AllocBytes), units.Bytes(rep.Memory.AllocBytes)),
			rel(float64(rep.Memory.GCCycles), float64(b.Memory.GCCycles), units.Count(int64(rep.Memory.GCCycles))),
			units.Count(peakServer(rep)),
			rel(float64(wall(rep)), float64(wall(b)), units.Duration(wall(rep))),
			rel(rep.OKPerSec, b.OKPerSec, units.Rate(rep.OKPerSec)),
		})
	}
	return t
}

// WriteText writes the comparison for a terminal: a heading, the two tables, the rows that did not run
// with why, and bars for time, throughput and memory.
func (c Comparison) WriteText(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s · %s requests each · %s\n", term.Title.Sprint("The patterns side by side"), units.Count(c.Requests), c.code())
	fmt.Fprintf(&b, "%s\n", term.Faint.Sprint(c.setting()))
	if c.Interrupted {
		fmt.Fprintln(&b, term.Warn.Sprint(interrupted))
	}
	b.WriteString("\n")
	writeTable(&b, c.traffic())
	b.WriteString("\n")
	if base := c.baseline(); base != nil {
		fmt.Fprintf(&b, "%s\n", term.Faint.Sprintf("What each cost, and (in brackets) its multiple of %s's:", base.Lesson))
	}
	writeTable(&b, c.cost())
	for _, r := range c.Rows {
		if r.State != Ran && r.Detail != "" {
			fmt.Fprintf(&b, "\n%s %s: %s", term.Warn.Sprint(r.Lesson), r.State, strings.ReplaceAll(r.Detail, "\n", "\n    "))
		}
	}
	b.WriteString("\n")
	for _, ch := range c.charts() {
		if len(ch.bars) == 0 {
			continue // nothing ran
		}
		fmt.Fprintf(&b, "\n%s\n", term.Label.Sprint(ch.title))
		for _, bar := range ch.bars {
			fmt.Fprintf(&b, "  %-16s %s %s\n", bar.lesson, blocks(bar.value, ch.max, 40), bar.label)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// interrupted is what every form says of a comparison stopped before every lesson had run.
const interrupted = "interrupted: only the lessons listed ran, and the last may not have finished"

// code says whose code ran.
func (c Comparison) code() string {
	if c.Solution {
		return "the reference solutions"
	}
	return "your code"
}

// setting describes the server and L, the time per answer the ideal times are computed from.
func (c Comparison) setting() string {
	limit := "no capacity limit"
	if c.Capacity > 0 {
		limit = fmt.Sprintf("capacity %d, queue %d", c.Capacity, c.Queue)
	}
	return fmt.Sprintf("One server (%s; %s) · ideal = W·L / min(concurrency, capacity): W the requests the server "+
		"worked on (not refused), L the run's mean time per request (%s, one at a time, for a run that queued)",
		c.Server, limit, ms(c.LatencyMs))
}

func writeTable(b *strings.Builder, t table) {
	tw := tabwriter.NewWriter(b, 0, 0, 2, ' ', tabwriter.AlignRight)
	for _, row := range t {
		fmt.Fprintln(tw, fmt.Sprintf("%-16s\t", row[0])+strings.Join(row[1:], "\t")+"\t")
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

func (c Comparison) charts() []chart {
	charts := []chart{
		{title: "time (shorter is faster)"},
		{title: "throughput: requests answered 200 OK a second"},
		{title: "peak memory (RSS)"},
	}
	for _, r := range c.ran() {
		rep := r.Report
		charts[0].bars = append(charts[0].bars, bar{r.Lesson, float64(wall(rep)), units.Duration(wall(rep)) + " (ideal " + units.Duration(c.Ideal(r)) + ")"})
		charts[1].bars = append(charts[1].bars, bar{r.Lesson, rep.OKPerSec, units.Rate(rep.OKPerSec)})
		charts[2].bars = append(charts[2].bars, bar{r.Lesson, float64(rep.Memory.PeakRSSBytes), units.Bytes(rep.Memory.PeakRSSBytes)})
	}
	for i := range charts {
		for _, b := range charts[i].bars {
			charts[i].max = max(charts[i].max, b.value)
		}
	}
	return charts
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
