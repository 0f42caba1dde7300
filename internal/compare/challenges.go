package compare

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/go-concurrency-workshop/workshop/internal/dataserver"
	"github.com/go-concurrency-workshop/workshop/internal/report"
	"github.com/go-concurrency-workshop/workshop/internal/units"
)

// challengeLine writes the guide's line of one challenge from its section: p the plain pattern's row, c the
// challenge's, both run on s's server. It returns "" when the rows cannot say what the line is about (a
// breaker's runs that ended before the outage).
type challengeLine struct {
	challenge, name string
	line            func(s *Section, p, c *Row) string
}

// challengeLines are the guide's lines for the challenges, after the lessons'.
var challengeLines = []challengeLine{
	{"Hedged", "Hedged requests", hedgedLine},
	{"Breaker", "A circuit breaker", breakerLine},
}

// challengeGuide is the guide's lines for the challenges: one for each challenge's section in which the
// plain pattern (its first row without a variant) and the challenge (its row with one) both ran.
func (c Comparison) challengeGuide() []guideLine {
	var lines []guideLine
	for _, l := range challengeLines {
		for _, s := range c.Sections {
			if s.Challenge != l.challenge || s.Skipped != "" {
				continue
			}
			p, ch := s.pair()
			if p == nil || ch == nil {
				continue
			}
			if text := l.line(&s, p, ch); text != "" {
				lines = append(lines, guideLine{Name: l.name, Lesson: ch.Lesson + " -variant " + ch.Variant, Text: text})
			}
		}
	}
	return lines
}

// pair returns a challenge's section's two rows that ran: the plain pattern's (the first without a
// variant) and the challenge's (the first with one); nil for either that did not run.
func (s Section) pair() (plain, challenge *Row) {
	for _, r := range s.Rows {
		switch {
		case r.Variant == "" && plain == nil:
			plain = s.variantRow(r.Lesson, "")
		case r.Variant != "" && challenge == nil:
			challenge = s.variantRow(r.Lesson, r.Variant)
		}
	}
	return plain, challenge
}

// hedgedLine is the line of hedged requests, from the plain pool's run and the hedged one's on a server
// with a slow tail: the p99 of each, the extra attempts, and the hedges the server saw cancelled.
func hedgedLine(s *Section, p, c *Row) string {
	pr, cr := p.Report, c.Report
	if pr.LatencyMs.P99 <= 0 || cr.LatencyMs.P99 <= 0 || cr.Requests == 0 {
		return ""
	}
	tail := "a slow tail"
	if cfg, ok := s.config(); ok && cfg.Tail.Share > 0 {
		tail = fmt.Sprintf("%g%% of the answers take %g times as long", cfg.Tail.Share*100, cfg.Tail.Factor)
	}
	cut := "not shorter in this run"
	if x := pr.LatencyMs.P99 / cr.LatencyMs.P99; x >= 1.05 {
		cut = fmt.Sprintf("%.1f times shorter", x)
	}
	text := fmt.Sprintf("when the tail matters. On a server where %s, the plain pool's p99 was %s and the hedged "+
		"pool's %s, %s (p50 %s and %s), for %s more attempts: %s hedges for %s requests",
		tail, ms(pr.LatencyMs.P99), ms(cr.LatencyMs.P99), cut, ms(pr.LatencyMs.P50), ms(cr.LatencyMs.P50),
		percent(float64(cr.Attempts-cr.Requests)/float64(cr.Requests)), units.Count(cr.Overlapping), units.Count(cr.Requests))
	if cr.Server != nil {
		text += fmt.Sprintf("; the server saw %s attempts cancelled, the races' losers, which cost it no more "+
			"than the time they had run", units.Count(cr.Server.Canceled))
	}
	return text + ". Choose it when the slowest answers set the pace (a page waits for its slowest call, a batch " +
		"for its last request) and the server has room for a few percent more; not against a server that is slow " +
		"because it is overloaded, where each hedge adds to the load."
}

// breakerLine is the line of a circuit breaker, from the plain pool's run and the breaker's through an
// outage: the requests each sent to the down server, those that ended 200 OK, and how soon the breaker
// was at full speed again. "" when the plain pool's run ended before the outage, or the server's view of
// either run is missing.
func breakerLine(s *Section, p, c *Row) string {
	pr, cr := p.Report, c.Report
	if pr.Server == nil || cr.Server == nil || pr.Server.OutageFailed == 0 {
		return ""
	}
	outage := "an outage"
	cfg, hasOutage := s.config()
	if hasOutage = hasOutage && cfg.Outage.Length > 0; hasOutage {
		outage = fmt.Sprintf("an outage (every answer a 500 at once for %v, from %v after each run's first request)",
			cfg.Outage.Length, cfg.Outage.Start)
	}
	down, plainDown := cr.Server.OutageFailed, pr.Server.OutageFailed
	text := fmt.Sprintf("when the dependency fails. Through %s, the plain pool sent %s of its %s requests to the "+
		"down server (%s), and %s ended 200 OK; behind the breaker, %s of %s reached it (%s, %s of the plain pool's), "+
		"and %s ended 200 OK, those that failed retried once it was back",
		outage, units.Count(plainDown), units.Count(pr.Requests), percent(float64(plainDown)/float64(max(pr.Requests, 1))),
		units.Count(pr.Final["200"]), units.Count(down), units.Count(cr.Requests),
		percent(float64(down)/float64(max(cr.Requests, 1))), share(float64(down), float64(plainDown)),
		units.Count(cr.Final["200"]))
	if hasOutage {
		text += recovery(cr, cfg.Outage.Start+cfg.Outage.Length)
	}
	return text + fmt.Sprintf(". The price is time: %s against the plain pool's %s, while it held its requests. "+
		"Choose it when a dependency can go down for seconds: it spares the server the requests that cannot succeed, "+
		"and the stampede when it comes back; with a retry budget, a batch loses nothing.",
		units.Duration(wall(cr)), units.Duration(wall(pr)))
}

// recovery says how soon after the server came back, at back since the run's start, the breaker closed
// and the pool had all its requests in flight again, from the report's section "breaker" and its
// timeline; "" when the report does not say when it closed.
func recovery(r *report.Report, back time.Duration) string {
	var f breakerFigures
	if !sectionData(r, "breaker", &f) || f.ClosedAtMs <= 0 {
		return ""
	}
	closed := units.FromMillis(f.ClosedAtMs)
	text := fmt.Sprintf("; it closed %s after the server came back", units.Duration(max(closed-back, 0)))
	tl := r.Timeline
	for _, t := range tl.Ticks {
		end := units.FromMillis(t.AtMs + tl.StepMs)
		if end > closed && t.InFlight >= r.Concurrency {
			return text + fmt.Sprintf(", and had its %d requests in flight again within %s", r.Concurrency,
				units.Duration(end-back))
		}
	}
	return text
}

// breakerFigures is what compare reads of lesson 04's section "breaker": when the breaker closed for good,
// and each change of its state.
type breakerFigures struct {
	ClosedAtMs float64 `json:"closed_at_ms"` // since the pattern started; 0: it did not close again
	Changes    []struct {
		AtMs  float64 `json:"at_ms"` // since the pattern started
		State string  `json:"state"` // "closed", "open" or "half-open"
	} `json:"changes"`
}

// config is the server's configuration, read back from the section's flags; false if they do not parse
// (a comparison recorded by another version).
func (s *Section) config() (dataserver.Config, bool) {
	opts, err := dataserver.ParseFlags(strings.Fields(s.Server), io.Discard)
	return opts.Config, err == nil
}
