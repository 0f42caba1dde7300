package compare

import (
	"fmt"
	"strings"

	"github.com/go-concurrency-workshop/workshop/internal/units"
)

// guideLine is one line of "Which pattern when": a pattern, and what the measurements say of it.
type guideLine struct {
	Name   string // "A goroutine per request"
	Lesson string // "02-waitgroups"
	Text   string // when to choose it, with the figures that say so
}

// guidePattern writes the line of one lesson's pattern from its rows on the two servers, d and o. g holds
// both sections, for the lines that compare with another lesson.
type guidePattern struct {
	lesson, name string
	line         func(g guideSections, d, o *Row) string
}

type guideSections struct{ d, o *Section }

// guidePatterns are the lines of the guide for the lessons' patterns, in the lessons' order; the
// challenges' lines follow them (challengeLines).
var guidePatterns = []guidePattern{
	{"01-sequential", "One request after another", func(g guideSections, d, o *Row) string {
		never := "never refused on either server"
		if n := refused(d.Report) + refused(o.Report); n > 0 {
			never = fmt.Sprintf("refused %s times on the two servers", units.Count(n))
		}
		return fmt.Sprintf("the least to get wrong: results in order, one connection, %s. But only as fast as one "+
			"answer's time allows: %s of 200 OK on the default server (%s for %s requests), %s on the overloaded one. "+
			"Choose it for a baseline, a handful of requests, or when each request needs the answer of the one before.",
			never, units.Rate(d.Report.OKPerSec), units.Duration(wall(d.Report)), units.Count(d.Report.Requests),
			units.Rate(o.Report.OKPerSec))
	}},
	{"02-waitgroups", "A goroutine per request", func(g guideSections, d, o *Row) string {
		return fmt.Sprintf("the least code to write, and %s for %s requests on the default server, %s the time per "+
			"request of 01. But %s goroutines at once, %s the memory of 01 (%s peak RSS), and a server with a limit "+
			"refuses what it cannot take: %s of its attempts on the default server, %s on the overloaded one, where "+
			"%s of its %s requests ended 200 OK. Choose it only for a few requests, known in number, to a server "+
			"without a limit.",
			units.Duration(wall(d.Report)), units.Count(d.Report.Requests), g.relTo(g.d, d, perRequestOf),
			units.Count(d.Report.Goroutines.Peak), g.relTo(g.d, d, peakRSS), units.Bytes(d.Report.Memory.PeakRSSBytes),
			percent(refusedShare(d.Report)), percent(refusedShare(o.Report)),
			units.Count(o.Report.Final["200"]), units.Count(o.Report.Requests))
	}},
	{"03-fanoutin", "A fixed pool of workers", func(g guideSections, d, o *Row) string {
		return fmt.Sprintf("%d workers: on the default server at %s its ideal time, %s the 200 OK a second of 01 "+
			"for %s its memory. But a fixed size fits only the server it was sized for: the overloaded one works on %d "+
			"at once, and refused %s of its attempts; %s of its %s requests ended 200 OK. Choose it when you know the "+
			"server's capacity, and size the pool within it.",
			d.Report.Concurrency, ratio(float64(wall(d.Report)), float64(g.d.Ideal(*d))), g.relTo(g.d, d, okPerSec),
			g.relTo(g.d, d, peakRSS), g.o.Capacity, percent(refusedShare(o.Report)),
			units.Count(o.Report.Final["200"]), units.Count(o.Report.Requests))
	}},
	{"04-backpressure", "A pool that paces itself", func(g guideSections, d, o *Row) string {
		s := fmt.Sprintf("on the default server %s", units.Duration(wall(d.Report)))
		if pool := g.d.row("03-fanoutin"); pool != nil {
			s += fmt.Sprintf(", the fixed pool %s", units.Duration(wall(pool.Report)))
		}
		s += ". On the overloaded one"
		if f, ok := limit(o.Report); ok {
			s += fmt.Sprintf(" its limit came down to %d (from %d),", f.Last, f.Peak)
		}
		lost := "nothing was lost"
		if n := o.Report.Lost + o.Report.Missing; n > 0 {
			lost = units.Count(n) + " were lost or missing"
		}
		s += fmt.Sprintf(" %s of its attempts were refused, %s, and %s of its %s requests ended 200 OK",
			percent(refusedShare(o.Report)), lost, units.Count(o.Report.Final["200"]), units.Count(o.Report.Requests))
		if n := o.Report.Final["500"]; n > 0 {
			s += fmt.Sprintf(" (%s ended 500: the server's own errors)", units.Count(n))
		}
		if pool := g.o.row("03-fanoutin"); pool != nil {
			s += fmt.Sprintf(", where the fixed pool got %s of %s", units.Count(pool.Report.Final["200"]), units.Count(pool.Report.Requests))
		}
		s += fmt.Sprintf("; at %s its ideal time. Choose it when the server is shared, its capacity unknown, or it says "+
			"when it is overloaded (503 with Retry-After).", ratio(float64(wall(o.Report)), float64(g.o.Ideal(*o))))
		return s
	}},
	{"05-pipelines", "A pipeline of stages", func(g guideSections, d, o *Row) string {
		s := fmt.Sprintf("stages with workers of their own, for work after each request (here, decoding the answer): "+
			"%s on the default server, at %s its ideal time", units.Duration(wall(d.Report)),
			ratio(float64(wall(d.Report)), float64(g.d.Ideal(*d))))
		if fs, ok := stages(d.Report); ok {
			for _, f := range fs {
				if f.Bottleneck {
					s += fmt.Sprintf(", its pace set by its %s stage (%s busy)", f.Name, percent(f.BusyShare))
				}
			}
		}
		return s + fmt.Sprintf(". Its fetch stage is a fixed pool of %d: the overloaded server refused %s of its "+
			"attempts. Choose it when each answer needs work of its own that should not hold up the requests; give its "+
			"fetch stage 04's limit when the server can be overloaded.", d.Report.Concurrency, percent(refusedShare(o.Report)))
	}},
}

// guide is "Which pattern when", written from the measured rows: the lessons' lines, then the
// challenges'.
func (c Comparison) guide() []guideLine { return append(c.patternGuide(), c.challengeGuide()...) }

// patternGuide is the guide's lines for the lessons' patterns, written from the rows of both servers: a
// line per lesson that ran on both. It is empty unless the comparison has a "default" and an "overloaded"
// section.
func (c Comparison) patternGuide() []guideLine {
	d, o := c.section("default"), c.section("overloaded")
	if d == nil || o == nil || d.baseline() == nil || o.baseline() == nil {
		return nil
	}
	g := guideSections{d, o}
	var lines []guideLine
	for _, p := range guidePatterns {
		rd, ro := d.row(p.lesson), o.row(p.lesson)
		if rd == nil || ro == nil {
			continue
		}
		lines = append(lines, guideLine{Name: p.name, Lesson: p.lesson, Text: p.line(g, rd, ro)})
	}
	return lines
}

// relTo writes a row's figure as a multiple of its section's baseline's.
func (guideSections) relTo(s *Section, r *Row, figure func(*Row) float64) string {
	return times(figure(r), figure(s.baseline()))
}

func perRequestOf(r *Row) float64 { return perRequest(r.Report) }

func peakRSS(r *Row) float64 { return float64(r.Report.Memory.PeakRSSBytes) }

func okPerSec(r *Row) float64 { return r.Report.OKPerSec }

// seedGuesses are the original project's "expected relative performance on typical systems": time,
// memory and throughput, each in percent of sequential's.
var seedGuesses = map[string][3]float64{
	"02-waitgroups":   {20, 400, 500},
	"03-fanoutin":     {25, 150, 400},
	"04-backpressure": {30, 150, 350},
}

// seedNote introduces the seed's table.
const seedNote = "The original project guessed each pattern's time, memory and throughput in percent of sequential's. " +
	"Measured, in the same terms (time per request, peak RSS, 200 OK a second), on each server:"

// seedTable sets the original project's guesses beside the measured figures, each in percent of
// 01-sequential's on the same server. Empty unless the guide has lines for the lessons.
func (c Comparison) seedTable() table {
	d, o := c.section("default"), c.section("overloaded")
	if len(c.patternGuide()) == 0 {
		return nil
	}
	t := table{{"lesson", "the seed guessed", "default server", "overloaded server"}}
	for _, p := range guidePatterns[1:] {
		row := []string{p.lesson, "—"}
		if g, ok := seedGuesses[p.lesson]; ok {
			row[1] = fmt.Sprintf("%.0f%% · %.0f%% · %.0f%%", g[0], g[1], g[2])
		}
		for _, s := range []*Section{d, o} {
			r, base := s.row(p.lesson), s.baseline()
			if r == nil {
				row = append(row, string(stateOf(*s, p.lesson)))
				continue
			}
			row = append(row, fmt.Sprintf("%s · %s · %s", share(perRequestOf(r), perRequestOf(base)),
				share(peakRSS(r), peakRSS(base)), share(okPerSec(r), okPerSec(base))))
		}
		t = append(t, row)
	}
	return t
}

// seedAside says what 200 OK a second hides on the overloaded server: a pattern refused for most of its
// requests ends soon, so its rate over that short time looks good; the share of its requests that ended
// 200 OK says what it got done. Empty unless the guide has lines for the lessons.
func (c Comparison) seedAside() string {
	o := c.section("overloaded")
	if len(c.patternGuide()) == 0 {
		return ""
	}
	var parts []string
	for _, p := range guidePatterns {
		if r := o.row(p.lesson); r != nil && r.Report.Requests > 0 {
			parts = append(parts, fmt.Sprintf("%s %s", p.lesson[:2], percent(float64(r.Report.Final["200"])/float64(r.Report.Requests))))
		}
	}
	return "On the overloaded server, 200 OK a second flatters the patterns it refused: they end soon, and their rate " +
		"over that short time looks good. The share of each pattern's requests that ended 200 OK there says what it " +
		"got done: " + strings.Join(parts, ", ") + "."
}

// stateOf is a lesson's state in a section: "missing" when it has no row there.
func stateOf(s Section, lesson string) State {
	for _, r := range s.Rows {
		if r.Lesson == lesson {
			return r.State
		}
	}
	return "missing"
}

// share writes v in percent of b, with two significant digits or more: "1.8%", "618%", "2,120%".
func share(v, b float64) string {
	if b <= 0 {
		return "n/a"
	}
	p := v / b * 100
	switch {
	case p >= 1000:
		return units.Count(int64(p/10+0.5)*10) + "%"
	case p >= 10:
		return fmt.Sprintf("%.0f%%", p)
	}
	return fmt.Sprintf("%.2g%%", p)
}
