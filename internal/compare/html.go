package compare

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"math"
	"strings"

	"github.com/go-concurrency-workshop/workshop/internal/report"
	"github.com/go-concurrency-workshop/workshop/internal/units"
)

// page is the HTML page: one self-contained file, its charts inline SVG, nothing fetched from anywhere.
//
//go:embed page.html.tmpl
var page string

var pageTemplate = template.Must(template.New("page").Parse(page))

// palette colors the lessons in the charts, in order: no red, which marks the refusals.
var palette = []string{"#4e79a7", "#59a14f", "#f28e2b", "#b07aa1", "#76b7b2", "#edc948", "#9c755f"}

// The colors of what the charts mark.
const (
	okColor      = "#59a14f" // 200 OK
	refusedColor = "#d62728" // 503 and 429: refused
	failedColor  = "#6a3d9a" // 500, or another 5xx but 503: the server's own failures (no lesson's color)
	errorColor   = "#222222" // no answer
	limitColor   = "#222222" // lesson 04's limit
	openColor    = "#7f7f7f" // the breaker open: nothing goes through
	halfColor    = "#f28e2b" // the breaker half-open: its probes go through
	memoryColor  = "#4e79a7"
	allocColor   = "#9cb9d9"
)

// WriteHTML writes the comparison as one self-contained HTML page: for each server the tables, bars for
// time, throughput and memory, and a panel per lesson with its run over its own time; then which pattern
// when.
func (c Comparison) WriteHTML(w io.Writer) error {
	data := struct {
		Title, Note, When   string
		Interrupted         bool
		Sections            []htmlSection
		Guide               []guideLine
		SeedNote, SeedAside string
		Seed                table
	}{
		Title:       fmt.Sprintf("The patterns side by side · %s requests each · %s", units.Count(c.Requests), c.code()),
		Note:        idealNote,
		When:        c.When.Format("2006-01-02 15:04 MST"),
		Interrupted: c.Interrupted,
		Guide:       c.guide(),
		SeedNote:    seedNote,
		SeedAside:   c.seedAside(),
		Seed:        c.seedTable(),
	}
	for i, s := range c.Sections {
		data.Sections = append(data.Sections, s.html(i))
	}
	return pageTemplate.Execute(w, data)
}

// htmlSection is what the page shows of one server.
type htmlSection struct {
	ID, Title, Setting       string
	Skipped                  string // why the section did not run: nothing else is shown
	Sampled, Notes           []string
	Traffic, Cost            table
	CostNote, CostAside      string
	Time, Throughput, Memory svgBars
	Panels                   []svgPanel
}

func (s Section) html(i int) htmlSection {
	h := htmlSection{ID: fmt.Sprintf("server-%d", i+1), Title: s.title(), Setting: s.setting(), Skipped: s.Skipped,
		Traffic: s.traffic(), Cost: s.cost(),
		Time: s.timeBars(), Throughput: s.throughputBars(), Memory: s.memoryBars()}
	h.CostNote, h.CostAside = s.costNote()
	for _, line := range s.sampled() {
		h.Sampled = append(h.Sampled, line+".")
	}
	for _, r := range s.Rows {
		if r.State != Ran && r.Detail != "" {
			h.Notes = append(h.Notes, r.name()+" "+string(r.State)+": "+r.Detail)
		}
	}
	for i, r := range s.ran() {
		h.Panels = append(h.Panels, panel(r, palette[i%len(palette)]))
	}
	return h
}

// The bar charts' geometry, in SVG user units: each lesson's name on a line of its own, its bars below,
// so that a chart stays readable when a phone's screen scales it down.
const (
	barsWidth  = 400
	barsRoom   = 250 // the longest bar: the rest is for its label
	barHeight  = 14
	nameHeight = 16
	rowGap     = 10
	legendRoom = 22
)

type svgBars struct {
	Width, Height int
	Label         string // what the chart shows, for a screen reader
	Legend        []svgLegend
	Rows          []svgBarRow
}

type svgBarRow struct {
	Y      float64 // the top of the lesson's name
	Lesson string
	Bars   []svgBar
}

type svgBar struct {
	Y, Width, LabelX float64
	Color, Label     string
	Inside           bool    // the label is written inside the bar's end, as there is no room after it
	Marker           float64 // x of the ideal's tick; 0: none
}

type svgLegend struct {
	X, Y  float64 // Y: the line's offset, for a legend on more than one line
	Color string
	Text  string
}

// series is one bar of each row of a chart: its value, scale, color and label.
type series struct {
	color string
	value func(Row) float64
	most  float64 // the value of a full bar
	label func(Row) string
}

// bars lays out a chart of a row per lesson that ran, a bar per series in each.
func (s Section) bars(label string, names []string, ss ...series) svgBars {
	b := svgBars{Width: barsWidth, Label: label}
	y := 0.0
	if len(names) > 0 {
		for i, text := range names {
			b.Legend = append(b.Legend, svgLegend{Color: ss[i].color, Text: text})
		}
		b.Legend = legend(b.Legend, barsWidth)
		y = legendRoom
	}
	for _, r := range s.ran() {
		row := svgBarRow{Y: y, Lesson: r.name()}
		y += nameHeight
		for _, se := range ss {
			w := 0.0 // no bar for nothing
			if v := se.value(r); v > 0 && se.most > 0 {
				w = max(v/se.most*barsRoom, 1)
			}
			bar := svgBar{Y: y, Width: w, LabelX: w + 6, Color: se.color, Label: se.label(r)}
			if bar.LabelX+textWidth(bar.Label) > barsWidth && w > textWidth(bar.Label)+8 {
				bar.Inside, bar.LabelX = true, w-4
			}
			row.Bars = append(row.Bars, bar)
			y += barHeight + 2
		}
		b.Rows = append(b.Rows, row)
		y += rowGap
	}
	b.Height = int(math.Ceil(y))
	return b
}

// most is the largest of a figure over the rows that ran.
func (s Section) most(value func(Row) float64) float64 {
	m := 0.0
	for _, r := range s.ran() {
		m = max(m, value(r))
	}
	return m
}

// timeBars is a bar per lesson for its time, with a tick at its ideal time.
func (s Section) timeBars() svgBars {
	wallOf := func(r Row) float64 { return float64(wall(r.Report)) }
	most := max(s.most(wallOf), s.most(func(r Row) float64 { return float64(s.Ideal(r)) }))
	b := s.bars("time per pattern, beside its ideal", nil, series{color: palette[0], value: wallOf, most: most,
		label: func(r Row) string {
			return units.Duration(wall(r.Report)) + " (ideal " + units.Duration(s.Ideal(r)) + ")"
		}})
	for i, r := range s.ran() {
		if ideal := s.Ideal(r); ideal > 0 && most > 0 {
			b.Rows[i].Bars[0].Marker = float64(ideal) / most * barsRoom
		}
		b.Rows[i].Bars[0].Color = palette[i%len(palette)]
	}
	return b
}

// throughputBars is two bars per lesson: its 200 OK a second, and beside it the share of its attempts
// that the server refused, so that no pattern looks fast by being refused.
func (s Section) throughputBars() svgBars {
	ok := func(r Row) float64 { return r.Report.OKPerSec }
	return s.bars("200 OK a second, and the share of attempts refused, per pattern",
		[]string{"200 OK a second", "refused, % of attempts"},
		series{color: okColor, value: ok, most: s.most(ok), label: func(r Row) string { return units.Rate(r.Report.OKPerSec) + " of 200 OK" }},
		series{color: refusedColor, value: func(r Row) float64 { return refusedShare(r.Report) }, most: 1,
			label: func(r Row) string {
				if refused(r.Report) == 0 {
					return "none refused"
				}
				return fmt.Sprintf("%s refused (%s of %s)", percent(refusedShare(r.Report)), units.Count(refused(r.Report)),
					units.Count(r.Report.Attempts))
			}})
}

// memoryBars is two bars per lesson: its peak RSS, and the bytes it allocated.
func (s Section) memoryBars() svgBars {
	rss := func(r Row) float64 { return float64(r.Report.Memory.PeakRSSBytes) }
	alloc := func(r Row) float64 { return float64(r.Report.Memory.AllocBytes) }
	most := max(s.most(rss), s.most(alloc))
	return s.bars("memory per pattern", []string{"peak RSS", "allocated"},
		series{color: memoryColor, value: rss, most: most, label: func(r Row) string { return units.Bytes(r.Report.Memory.PeakRSSBytes) }},
		series{color: allocColor, value: alloc, most: most, label: func(r Row) string { return units.Bytes(r.Report.Memory.AllocBytes) }})
}

// A panel's geometry, in SVG user units.
const (
	panelWidth  = 360
	plotLeft    = 44.0
	plotRight   = 350.0
	plotTop     = 40.0
	plotBottom  = 130.0
	markHeight  = 7.0
	stageHeight = 18.0
	stageBar    = 80.0 // a stage busy all the time
)

// svgPanel is one lesson's run over its own time: its requests in flight, where its 503s, its 500s and its
// attempts without an answer happened, and what the lesson adds (04: its limit, or its breaker's states;
// 05: each stage's busy share).
type svgPanel struct {
	Lesson, Summary, Color, Label string
	Width, Height                 int
	Left, Right, Top, Bottom      float64
	InFlight                      string       // the area's path
	Limit                         string       // the limit's polyline points; "" when the lesson has none
	Marks                         []svgMarkRow // under the plot, a row per kind: refused, failed, no answer
	YTicks, XTicks                []svgTick
	XAxisY                        float64
	Legend                        []svgLegend
	Stages                        []svgStage
}

// svgMarkRow is a row of marks under a panel's plot: the ticks in which attempts of one kind ended.
type svgMarkRow struct {
	Y     float64
	Color string
	Marks []svgMark
}

// markKind is a kind of attempt a panel marks where it ended: its color, how the mark's title says it,
// and how many of a tick's attempts ended so.
type markKind struct {
	color, what string
	count       func(report.Tick) int
}

// markKinds are the rows of marks under a panel, from the top.
var markKinds = []markKind{
	{refusedColor, "refused (503)", func(t report.Tick) int { return t.Busy }},
	{failedColor, "ended 500", func(t report.Tick) int { return t.Failed }},
	{errorColor, "without an answer", func(t report.Tick) int { return t.Errors }},
}

type svgMark struct {
	X, Width, Opacity float64
	Title             string
}

type svgTick struct {
	At   float64
	Text string
}

type svgStage struct {
	Y, Width   float64
	Name, Text string
}

// panel draws a run on its own time axis, from its report's timeline (a tick per 100 ms or more): in
// flight up on a linear scale to its own peak, time across from its start to its end, and under it where
// attempts were refused, failed, or got no answer.
func panel(r Row, color string) svgPanel {
	rep := r.Report
	p := svgPanel{Lesson: r.name(), Color: color, Width: panelWidth,
		Left: plotLeft, Right: plotRight, Top: plotTop, Bottom: plotBottom}
	end := max(rep.WallMs, 1)
	x := func(ms float64) float64 { return plotLeft + min(max(ms, 0), end)/end*(plotRight-plotLeft) }

	peak := 0
	for _, t := range rep.Timeline.Ticks {
		peak = max(peak, t.InFlight)
	}
	f, hasLimit := limit(rep)
	top := peak
	if hasLimit {
		top = max(top, f.Peak)
	}
	top = max(top, 1)
	y := func(v float64) float64 { return plotBottom - v/float64(top)*(plotBottom-plotTop) }

	p.drawTimeline(rep.Timeline, x, y)
	states := p.drawStates(rep, x)
	if hasLimit {
		p.Limit = limitLine(f, x, y)
	}
	p.YTicks = []svgTick{{At: plotBottom, Text: "0"}, {At: plotTop, Text: units.Count(top)}}
	p.XAxisY = p.Marks[len(p.Marks)-1].Y + markHeight + 13
	for i := range 3 {
		at := end * float64(i) / 2
		p.XTicks = append(p.XTicks, svgTick{At: x(at), Text: units.Duration(units.FromMillis(at))})
	}
	items := []svgLegend{{Color: color, Text: "in flight"}}
	p.Summary = fmt.Sprintf("%s · %s at most in flight", units.Duration(wall(rep)), units.Count(peak))
	if hasLimit {
		p.Summary = fmt.Sprintf("%s · limit %d at most, %d at the end", units.Duration(wall(rep)), f.Peak, f.Last)
		items = append(items, svgLegend{Color: limitColor, Text: "limit"})
	}
	items = append(items, svgLegend{Color: refusedColor, Text: units.Count(refused(rep)) + " refused (503)"},
		svgLegend{Color: failedColor, Text: units.Count(failed(rep)) + " failed (500)"},
		svgLegend{Color: errorColor, Text: units.Count(rep.Attempts-rep.Responses) + " no answer"})
	items = append(items, states...)
	legendY := p.XAxisY + 10
	p.Legend = legend(items, panelWidth)
	for i := range p.Legend {
		p.Legend[i].Y += legendY
	}
	h := p.drawStages(rep, p.Legend[len(p.Legend)-1].Y+22)
	p.Height = int(math.Ceil(h))
	p.Label = fmt.Sprintf("%s: requests in flight over its run", r.name())
	return p
}

// drawTimeline draws the requests in flight over the run as an area, and under it a row of marks for each
// of markKinds: the ticks in which attempts of that kind ended, darker where more did.
func (p *svgPanel) drawTimeline(tl report.Timeline, x, y func(float64) float64) {
	var path strings.Builder
	fmt.Fprintf(&path, "M%.1f,%.1f", plotLeft, plotBottom)
	for _, t := range tl.Ticks {
		x0, x1 := x(t.AtMs), x(t.AtMs+tl.StepMs)
		fmt.Fprintf(&path, " L%.1f,%.1f L%.1f,%.1f", x0, y(float64(t.InFlight)), x1, y(float64(t.InFlight)))
	}
	fmt.Fprintf(&path, " L%.1f,%.1f Z", plotRight, plotBottom)
	p.InFlight = path.String()

	for i, k := range markKinds {
		row := svgMarkRow{Y: plotBottom + 3 + float64(i)*(markHeight+2), Color: k.color}
		most := 0
		for _, t := range tl.Ticks {
			most = max(most, k.count(t))
		}
		for _, t := range tl.Ticks {
			if n := k.count(t); n > 0 {
				x0, x1 := x(t.AtMs), x(t.AtMs+tl.StepMs)
				row.Marks = append(row.Marks, svgMark{X: x0, Width: max(x1-x0, 1.5), Opacity: shade(n, most),
					Title: fmt.Sprintf("%s %s from %s", units.Count(n), k.what, units.Duration(units.FromMillis(t.AtMs)))})
			}
		}
		p.Marks = append(p.Marks, row)
	}
}

// drawStates adds, for lesson 04's breaker, a row of marks under the others for each state but closed: the
// spans of the run it spent open, and half-open (at least a sliver, for a probe that failed at once). It
// returns their legend; nothing for a run without a breaker.
func (p *svgPanel) drawStates(rep *report.Report, x func(float64) float64) []svgLegend {
	var f breakerFigures
	if !sectionData(rep, "breaker", &f) || len(f.Changes) == 0 {
		return nil
	}
	var legend []svgLegend
	for _, k := range []struct{ state, color string }{{"open", openColor}, {"half-open", halfColor}} {
		row := svgMarkRow{Y: plotBottom + 3 + float64(len(p.Marks))*(markHeight+2), Color: k.color}
		spent := 0.0
		for i, c := range f.Changes {
			if c.State != k.state {
				continue
			}
			end := rep.WallMs
			if i+1 < len(f.Changes) {
				end = f.Changes[i+1].AtMs
			}
			spent += end - c.AtMs
			row.Marks = append(row.Marks, svgMark{X: x(c.AtMs), Width: max(x(end)-x(c.AtMs), 1.5), Opacity: 1,
				Title: fmt.Sprintf("the breaker %s from %s to %s", k.state, units.Duration(units.FromMillis(c.AtMs)),
					units.Duration(units.FromMillis(end)))})
		}
		p.Marks = append(p.Marks, row)
		legend = append(legend, svgLegend{Color: k.color, Text: fmt.Sprintf("breaker %s %s", k.state,
			units.Duration(units.FromMillis(spent)))})
	}
	return legend
}

// limitLine is lesson 04's limit over the run, as the points of a stepped line.
func limitLine(f limitFigures, x, y func(float64) float64) string {
	var pts []string
	for i, c := range f.Changes {
		if i > 0 {
			pts = append(pts, fmt.Sprintf("%.1f,%.1f", x(c.AtMs), y(float64(f.Changes[i-1].Limit))))
		}
		pts = append(pts, fmt.Sprintf("%.1f,%.1f", x(c.AtMs), y(float64(c.Limit))))
	}
	pts = append(pts, fmt.Sprintf("%.1f,%.1f", plotRight, y(float64(f.Changes[len(f.Changes)-1].Limit))))
	return strings.Join(pts, " ")
}

// drawStages draws lesson 05's stages, one bar of busy share each, from height h down, and returns the
// height below them (h itself for a run without stages).
func (p *svgPanel) drawStages(rep *report.Report, h float64) float64 {
	fs, ok := stages(rep)
	if !ok {
		return h
	}
	for _, s := range fs {
		text := fmt.Sprintf("%s busy · %d worker%s", percent(s.BusyShare), s.Workers, plural(s.Workers))
		if s.Bottleneck {
			text += " · bottleneck"
		}
		p.Stages = append(p.Stages, svgStage{Y: h, Width: max(min(s.BusyShare, 1)*stageBar, 1), Name: s.Name, Text: text})
		h += stageHeight
	}
	return h + 4
}

// shade is a mark's opacity: darker for more of them in its tick.
func shade(n, most int) float64 {
	return math.Round((0.35+0.65*float64(n)/float64(max(most, 1)))*100) / 100
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// textWidth estimates the width of a label in the charts' 12px type, in SVG units: wide enough for
// figures and lower-case words.
func textWidth(s string) float64 { return 6.6 * float64(len([]rune(s))) }

// legend lays out a chart's legend: a swatch and its text for each item, on as many lines as width needs
// (Y the line's offset, 16 a line).
func legend(items []svgLegend, width float64) []svgLegend {
	x, y := 0.0, 0.0
	for i := range items {
		w := 26 + textWidth(items[i].Text)
		if x > 0 && x+w-10 > width { // the last item's gap after its text need not fit
			x, y = 0, y+16
		}
		items[i].X, items[i].Y = x, y
		x += w
	}
	return items
}
