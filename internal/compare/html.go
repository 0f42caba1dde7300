package compare

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"math"
	"strings"

	"github.com/go-concurrency-workshop/workshop/internal/units"
)

// page is the HTML page: one self-contained file, its charts inline SVG, nothing fetched from anywhere.
//
//go:embed page.html.tmpl
var page string

var pageTemplate = template.Must(template.New("page").Parse(page))

// palette colors the lessons in the charts, in order.
var palette = []string{"#4e79a7", "#e15759", "#59a14f", "#f28e2b", "#b07aa1", "#76b7b2", "#edc948"}

// WriteHTML writes the comparison as one self-contained HTML page: the tables, bars for time and memory,
// and each pattern's requests in flight over time, on one axis.
func (c Comparison) WriteHTML(w io.Writer) error {
	data := struct {
		Title, Setting string
		Interrupted    bool
		Traffic, Cost  table
		Notes          []string
		Time, Memory   svgBars
		InFlight       svgLines
	}{
		Title:       fmt.Sprintf("The patterns side by side · %s requests each · %s", units.Count(c.Requests), c.code()),
		Setting:     c.setting() + " · " + c.When.Format("2006-01-02 15:04 MST"),
		Interrupted: c.Interrupted,
		Traffic:     c.traffic(), Cost: c.cost(),
		Time: c.timeBars(), Memory: c.memoryBars(), InFlight: c.inFlightLines(),
	}
	for _, r := range c.Rows {
		if r.State != Ran && r.Detail != "" {
			data.Notes = append(data.Notes, r.Lesson+" "+string(r.State)+": "+r.Detail)
		}
	}
	return pageTemplate.Execute(w, data)
}

// The charts' geometry, in SVG user units.
const (
	chartWidth = 760
	labelWidth = 130 // room for the lesson's name left of a bar
	barHeight  = 18
	barGap     = 8
)

type svgBars struct {
	Width, Height int
	Bars          []svgBar
	Legend        []svgLegend
}

type svgBar struct {
	Y, X, Width   float64
	Color, Lesson string
	Label         string // the value, written after the bar
	LabelX        float64
	Marker        float64 // x of the ideal's tick; 0: none
}

type svgLegend struct {
	X     float64
	Color string
	Text  string
}

// timeBars is a bar per lesson for its time, with a tick at its ideal time.
func (c Comparison) timeBars() svgBars {
	var most float64
	for _, r := range c.ran() {
		most = max(most, float64(wall(r.Report)), float64(c.Ideal(r)))
	}
	var b svgBars
	for i, r := range c.ran() {
		y := float64(i * (barHeight + barGap))
		bar := c.bar(y, float64(wall(r.Report)), most, palette[i%len(palette)], r.Lesson,
			units.Duration(wall(r.Report))+" (ideal "+units.Duration(c.Ideal(r))+")")
		if ideal := c.Ideal(r); ideal > 0 {
			bar.Marker = labelWidth + scale(float64(ideal), most)
		}
		b.Bars = append(b.Bars, bar)
	}
	b.Width, b.Height = chartWidth, len(b.Bars)*(barHeight+barGap)
	return b
}

// memoryBars is two bars per lesson: its peak RSS, and the bytes it allocated.
func (c Comparison) memoryBars() svgBars {
	var most float64
	for _, r := range c.ran() {
		most = max(most, float64(r.Report.Memory.PeakRSSBytes), float64(r.Report.Memory.AllocBytes))
	}
	var b svgBars
	y := 0.0
	for _, r := range c.ran() {
		m := r.Report.Memory
		b.Bars = append(b.Bars,
			c.bar(y, float64(m.PeakRSSBytes), most, palette[0], r.Lesson, "peak RSS "+units.Bytes(m.PeakRSSBytes)),
			c.bar(y+barHeight, float64(m.AllocBytes), most, palette[1], "", "allocated "+units.Bytes(m.AllocBytes)))
		y += 2*barHeight + barGap
	}
	b.Width, b.Height = chartWidth, int(y)+20
	for i := range b.Bars {
		b.Bars[i].Y += 20 // below the legend
	}
	b.Legend = []svgLegend{{X: labelWidth, Color: palette[0], Text: "peak RSS"}, {X: labelWidth + 110, Color: palette[1], Text: "allocated"}}
	return b
}

func (c Comparison) bar(y, v, most float64, color, lesson, label string) svgBar {
	w := max(scale(v, most), 1)
	return svgBar{Y: y, X: labelWidth, Width: w, Color: color, Lesson: lesson, Label: label, LabelX: labelWidth + w + 6}
}

// scale maps v of most onto the room a bar has, leaving space for its label.
func scale(v, most float64) float64 {
	if most <= 0 {
		return 0
	}
	return v / most * (chartWidth - labelWidth - 220)
}

type svgLines struct {
	Width, Height       int
	Left, Right, Bottom float64
	LegendX             float64
	Lines               []svgLine
	XTicks              []svgTick
	YTicks              []svgTick
}

type svgLine struct {
	Points, Color, Lesson string
	LegendY               float64
}

type svgTick struct {
	At   float64
	Text string
}

// inFlightLines is each lesson's requests in flight over its run, one line per lesson on one pair of
// axes: time in seconds across, in flight up, on a log scale so that 1 and 7,500 both show.
func (c Comparison) inFlightLines() svgLines {
	const width, height, left, bottom, top = chartWidth, 300, 60.0, 270.0, 10.0
	right := float64(width - 150) // room for the legend
	var longest, most float64
	for _, r := range c.ran() {
		longest = max(longest, r.Report.WallMs)
		for _, t := range r.Report.Timeline.Ticks {
			most = max(most, float64(t.InFlight))
		}
	}
	decades := math.Max(1, math.Ceil(math.Log10(most+1)))
	x := func(msAt float64) float64 { return left + msAt/math.Max(longest, 1)*(right-left) }
	y := func(v float64) float64 { return bottom - math.Log10(v+1)/decades*(bottom-top) }
	l := svgLines{Width: width, Height: height, Left: left, Right: right, Bottom: bottom, LegendX: right + 20}
	for i, r := range c.ran() {
		var pts []string
		for _, t := range r.Report.Timeline.Ticks {
			pts = append(pts, fmt.Sprintf("%.1f,%.1f %.1f,%.1f", x(t.AtMs), y(float64(t.InFlight)),
				x(math.Min(t.AtMs+r.Report.Timeline.StepMs, r.Report.WallMs)), y(float64(t.InFlight))))
		}
		l.Lines = append(l.Lines, svgLine{Points: strings.Join(pts, " "), Color: palette[i%len(palette)],
			Lesson: r.Lesson, LegendY: top + 10 + float64(i)*18})
	}
	for d := 0.0; d <= decades; d++ {
		v := math.Pow(10, d)
		l.YTicks = append(l.YTicks, svgTick{At: y(v), Text: units.Count(int64(v))})
	}
	for i := 0; i <= 4; i++ {
		at := longest * float64(i) / 4
		l.XTicks = append(l.XTicks, svgTick{At: x(at), Text: units.Duration(units.FromMillis(at))})
	}
	return l
}

// ran are the rows with a report to draw.
func (c Comparison) ran() []Row {
	var rows []Row
	for _, r := range c.Rows {
		if r.Report != nil && r.State == Ran {
			rows = append(rows, r)
		}
	}
	return rows
}
