package report

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/go-concurrency-workshop/workshop/internal/term"
	"github.com/go-concurrency-workshop/workshop/internal/units"
)

// WriteJSON writes the report as indented JSON.
func (r Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// WriteText writes the report for people: a header, then one labelled line per figure.
func (r Report) WriteText(w io.Writer) error {
	var b strings.Builder
	r.writeTitle(&b)
	line := func(name, format string, args ...any) {
		fmt.Fprintf(&b, "  %s %s\n", term.Label.Sprintf("%-11s", name), fmt.Sprintf(format, args...))
	}
	r.writeOutcome(line)
	r.writeTraffic(line)
	r.writeCost(line)
	r.writeServer(line)
	for _, sec := range r.Sections {
		line(sec.Label, "%s", strings.ReplaceAll(sec.Text, "\n", "\n"+strings.Repeat(" ", 14)))
	}
	for _, w := range r.Warnings {
		if w != r.Foreign { // said at the top
			fmt.Fprintf(&b, "\n%s\n", term.Warn.Sprint("warning: "+w))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// writeTitle writes the report's first lines: the lesson, what ran against which server, and what stopped
// it early, if anything did.
func (r Report) writeTitle(b *strings.Builder) {
	fmt.Fprintf(b, "%s · %s", term.Title.Sprint(r.Lesson), r.Pattern)
	if r.Variant != "" {
		fmt.Fprintf(b, " · -variant %s", r.Variant)
	}
	b.WriteString("\n")
	where := "server at " + r.URL
	if r.Embedded {
		where = "a server started for this run at " + r.URL
	}
	found := ""
	if r.Discovered {
		found = " found as it went"
	}
	fmt.Fprintf(b, "%s requests%s · %s · %s\n", units.Count(r.Requests), found, r.InFlight, term.Faint.Sprint(where))
	if r.Foreign != "" {
		fmt.Fprintln(b, term.Warn.Sprint("warning: "+r.Foreign))
	}
	if r.Interrupted {
		fmt.Fprintln(b, term.Warn.Sprint("interrupted: the figures cover what finished"))
	}
	if r.Stopped != "" {
		fmt.Fprintln(b, term.Bad.Sprint(r.Stopped))
	}
	b.WriteString("\n")
}

// writeOutcome writes what the pattern returned, checked against the record: the results, and the
// attempts and final outcomes when there were retries.
func (r Report) writeOutcome(line func(name, format string, args ...any)) {
	line("results", "%s", r.results())
	if r.MayStopEarly && r.NotStarted > 0 {
		line("", "%s of %s requests not started: the budget ran out", units.Count(r.NotStarted), units.Count(r.Requests))
	}
	if r.Value != "" {
		line("returned", "%s", r.Value)
	}
	if r.Error != "" {
		line("error", "%s", term.Bad.Sprint(r.Error))
	}
	if r.Retries > 0 {
		line("attempts", "%s", r.attempts())
		line("final", "%s", r.finalText())
	}
}

// writeTraffic writes the run's time, throughput, latency, statuses and errors.
func (r Report) writeTraffic(line func(name, format string, args ...any)) {
	wall := units.FromMillis(r.WallMs)
	line("time", "%s", term.Title.Sprint(units.Duration(wall)))
	line("throughput", "%s %s", term.Title.Sprint(units.Rate(r.PerSecond)), term.Faint.Sprintf("(200 OK: %s)", units.Rate(r.OKPerSec)))
	if r.Responses > 0 {
		l := r.LatencyMs
		of := ""
		if r.LatencyOf == "request" {
			of = term.Faint.Sprint(" (each request's, from its first attempt to its final answer)")
		}
		line("latency", "min %s · p50 %s · p90 %s · p99 %s · max %s%s", msDur(l.Min), term.Title.Sprint(msDur(l.P50)),
			msDur(l.P90), msDur(l.P99), msDur(l.Max), of)
	} else {
		line("latency", "no responses")
	}
	line("statuses", "%s", statuses(r.Statuses))
	line("errors", "%s", r.errors())
}

// writeCost writes what the run cost the client: memory and goroutines.
func (r Report) writeCost(line func(name, format string, args ...any)) {
	m := r.Memory
	rss := "n/a"
	if m.PeakRSSBytes > 0 {
		rss = units.Bytes(m.PeakRSSBytes)
	}
	line("memory", "%s allocated in %s objects · %s GC cycles · peak heap %s · peak RSS %s",
		term.Title.Sprint(units.Bytes(m.AllocBytes)), units.Count(m.AllocObjects), units.Count(int64(m.GCCycles)),
		units.Bytes(m.PeakHeapBytes), rss)
	line("goroutines", "peak %s %s", term.Title.Sprint(units.Count(r.Goroutines.Peak)),
		term.Faint.Sprintf("(%d before the run)", r.Goroutines.Before))
}

func (r Report) results() string {
	s := fmt.Sprintf("%s of %s requests", units.Count(r.Results), units.Count(r.Requests))
	var trouble []string
	if r.Missing > 0 {
		c := term.Bad
		if r.Interrupted {
			c = term.Warn
		}
		trouble = append(trouble, c.Sprintf("%s without a result", units.Count(r.Missing)))
	}
	if r.Lost > 0 {
		trouble = append(trouble, term.Bad.Sprintf("%s of them made but not returned", units.Count(r.Lost)))
	}
	if r.InFlightAtReturn > 0 {
		trouble = append(trouble, term.Bad.Sprintf("%s still in flight when the pattern returned", units.Count(r.InFlightAtReturn)))
	}
	if r.Duplicates > 0 {
		trouble = append(trouble, term.Bad.Sprintf("%s duplicates", units.Count(r.Duplicates)))
	}
	if r.Invalid > 0 {
		trouble = append(trouble, term.Bad.Sprintf("%s invalid (an id out of range, neither status nor error, or unlike its id's last attempt)", units.Count(r.Invalid)))
	}
	if len(trouble) == 0 {
		every := "every request"
		if r.MayStopEarly && r.NotStarted > 0 {
			every = "every request started"
		}
		if unanswered := r.Results - r.answered(); unanswered > 0 {
			return s + term.Warn.Sprintf(" · %s accounted for, %s of them without an answer", every, units.Count(unanswered))
		}
		return s + term.Good.Sprintf(" · %s accounted for", every)
	}
	return s + " · " + strings.Join(trouble, " · ")
}

// attempts says how many attempts the requests took, and what the retries followed: "7,500 requests in
// 7,812 attempts · 312 retried after a 503", or "7,500 requests in 7,650 attempts · 150 overlapping
// (hedges), 148 of them lost and cancelled".
func (r Report) attempts() string {
	s := fmt.Sprintf("%s requests in %s attempts", units.Count(r.Requests-r.NotStarted), units.Count(r.Attempts))
	if r.Retries == 0 {
		return s
	}
	if r.Overlapping > 0 {
		s += fmt.Sprintf(" · %s overlapping (hedges)", units.Count(r.Overlapping))
		if r.HedgesLost > 0 {
			s += fmt.Sprintf(", %s lost the race and cancelled", units.Count(r.HedgesLost))
		}
	}
	after := slices.Collect(maps.Keys(r.RetriedAfter))
	slices.SortFunc(after, func(a, b string) int { return cmp.Or(r.RetriedAfter[b]-r.RetriedAfter[a], strings.Compare(a, b)) })
	for i, what := range after {
		if i == 0 {
			s += fmt.Sprintf(" · %s retried after a %s", units.Count(r.RetriedAfter[what]), what)
		} else {
			s += fmt.Sprintf(", %s after a %s", units.Count(r.RetriedAfter[what]), what)
		}
	}
	return s
}

// finalText is each request's final outcome: "200 OK: 7,480 · 500 error: 20".
func (r Report) finalText() string {
	codes := map[int]int{}
	var parts []string
	for what, n := range r.Final {
		if code, err := strconv.Atoi(what); err == nil {
			codes[code] = n
		} else {
			parts = append(parts, term.Bad.Sprint(what)+": "+units.Count(n))
		}
	}
	slices.Sort(parts)
	if len(codes) > 0 {
		parts = append([]string{statuses(codes)}, parts...)
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, " · ")
}

// statuses writes counts by HTTP status so that a code never reads as a count: "200 OK: 7,308 · 500 error: 192".
func statuses(byCode map[int]int) string {
	if len(byCode) == 0 {
		return "none"
	}
	var parts []string
	for _, code := range slices.Sorted(maps.Keys(byCode)) {
		c := term.Good
		switch {
		case code == 503 || code == 429:
			c = term.Warn
		case code >= 400:
			c = term.Bad
		}
		parts = append(parts, c.Sprint(statusName(code))+": "+units.Count(byCode[code]))
	}
	return strings.Join(parts, " · ")
}

// statusName is a status code with a word that says what it means here.
func statusName(code int) string {
	switch code {
	case 200:
		return "200 OK"
	case 429:
		return "429 too many"
	case 500:
		return "500 error"
	case 503:
		return "503 busy"
	}
	return strconv.Itoa(code)
}

func (r Report) errors() string {
	if len(r.Errors) == 0 {
		return term.Good.Sprint("none")
	}
	causes := slices.Collect(maps.Keys(r.Errors))
	slices.SortFunc(causes, func(a, b string) int { return r.Errors[b] - r.Errors[a] })
	var parts []string
	for _, cause := range causes {
		parts = append(parts, term.Bad.Sprint(cause)+": "+units.Count(r.Errors[cause]))
	}
	return strings.Join(parts, " · ")
}

func (r Report) writeServer(line func(name, format string, args ...any)) {
	s := r.Server
	if s == nil {
		line("server", "%s", term.Faint.Sprintf("its view is unknown: %s", r.ServerError))
		return
	}
	limit := "no capacity limit"
	if s.Capacity > 0 {
		limit = fmt.Sprintf("capacity %d, queue %d", s.Capacity, s.Queue)
	}
	atOnce := term.Title.Sprint(units.Count(s.PeakInFlight))
	if s.Capacity > 0 && s.PeakInFlight > s.Capacity {
		atOnce = term.Warn.Sprint(units.Count(s.PeakInFlight))
	}
	noun := "requests"
	if s.PeakInFlight == 1 {
		noun = "request"
	}
	line("server saw", "at most %s %s at once %s", atOnce, noun, term.Faint.Sprintf("(%s)", limit))
	if s.PeakQueued > 0 {
		// The two peaks need not have come at the same moment: say each on its own.
		line("", "at most %d worked on at once · at most %d waiting at once", s.PeakWorking, s.PeakQueued)
	}
	notFound := ""
	if s.NotFound > 0 {
		notFound = " · 404 not found: " + term.Count(term.Bad, s.NotFound)
	}
	line("", "%s answered · 503 busy: %s · 500 error: %s%s", units.Count(s.Served+s.Failed+s.Rejected+s.NotFound),
		term.Count(term.Warn, s.Rejected), term.Count(term.Bad, s.Failed), notFound)
	if s.PageRequests > 0 {
		line("", "of its %s requests, %s were for /page/{id} and %s for /data", units.Count(s.Requests),
			units.Count(s.PageRequests), units.Count(s.Requests-s.PageRequests))
	}
	if s.Canceled > 0 {
		line("", "%s given up by the client", units.Count(s.Canceled))
	}
	if s.Latency.Count > 0 {
		line("", "its own time per answer: p50 %s · p99 %s", msDur(s.Latency.P50Ms), msDur(s.Latency.P99Ms))
	}
}

func msDur(ms float64) string { return units.Duration(units.FromMillis(ms)) }
