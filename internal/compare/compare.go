// Package compare runs every lesson's program against a server with room for it and then against an
// overloaded one, and puts the patterns side by side: for each server a matrix of their figures, each
// beside its ideal time, each run drawn over its own time, and a guide to choosing a pattern made from the
// figures; as text for a terminal, as Markdown for the README, as a self-contained HTML page, or as JSON.
package compare

import (
	"encoding/json"
	"io"
	"strings"
	"time"

	"github.com/go-concurrency-workshop/workshop/internal/report"
	"github.com/go-concurrency-workshop/workshop/internal/units"
)

// Comparison is one comparison run: a section per server, each with a row per lesson, and after them a
// section per challenge, each with the challenge's row beside the plain pattern's on the server the
// challenge is made for. Its JSON form is what -json writes, and what the renderers are tested on.
type Comparison struct {
	When     time.Time `json:"when"`
	Solution bool      `json:"solution"` // the reference solutions ran, not the learner's code
	Requests int       `json:"requests"` // each lesson's -requests, unless its section says it ran fewer
	// Interrupted says the comparison was stopped (Ctrl-C) before every lesson had run on every server.
	Interrupted bool      `json:"interrupted,omitempty"`
	Sections    []Section `json:"sections"`
}

// Section is every lesson's run against one server, or a challenge's pair of runs against the server the
// challenge is made for.
type Section struct {
	Name      string  `json:"name"`       // the server's role: "default", "overloaded", the -profile named, "tail", "outage"
	Server    string  `json:"server"`     // the server's flags, in words: "-profile workshop"
	Capacity  int     `json:"capacity"`   // requests the server works on at once; -1: unlimited
	Queue     int     `json:"queue"`      // requests that may wait for a slot
	LatencyMs float64 `json:"latency_ms"` // the calibration's L: a request's mean time, made one at a time
	// Challenge names the challenge a challenge's section compares ("Hedged"); "" for a section of every
	// lesson.
	Challenge string `json:"challenge,omitempty"`
	// Skipped says, in a sentence, why the section did not run (a challenge not solved yet); its rows then
	// hold the row that says so, and no figures are shown.
	Skipped string `json:"skipped,omitempty"`
	Rows    []Row  `json:"rows"`
}

// Row is one lesson's run: its own pattern's, or with Variant, the run of that -variant (a challenge).
type Row struct {
	Lesson   string         `json:"lesson"`
	Variant  string         `json:"variant,omitempty"` // the -variant it ran with; "": the lesson's own pattern
	State    State          `json:"state"`
	Detail   string         `json:"detail,omitempty"`   // why it did not run, or its verdict
	Requests int            `json:"requests,omitempty"` // the requests it was asked for
	Sampled  string         `json:"sampled,omitempty"`  // why it ran fewer requests than the others, if it did
	Report   *report.Report `json:"report,omitempty"`   // nil unless the program printed a report
}

// State is how a lesson's run went.
type State string

const (
	Ran       State = "ran"        // the program ran and its report's verdict is a success
	Failed    State = "failed"     // the program ran, and its verdict says what went wrong
	Stuck     State = "stuck"      // the program did not finish in time, and was stopped (a deadlock?)
	Stopped   State = "stopped"    // the comparison was interrupted while the program ran, or was built
	NotSolved State = "not solved" // the exercise is still the stub: the pattern made no request
	NoBuild   State = "no build"   // the lesson does not compile
)

// Ideal is a row's ideal time for the server's settings: W·L/min(concurrency, capacity), where W is the
// requests the server worked on (every attempt but those it refused with a 503 or 429), and L the time a
// request takes. A pattern cannot beat it; one that gets most of its requests refused finishes soon, but
// has done little.
//
// L is the run's own: the mean time of its answered requests as the client saw them (the server's work
// plus the round trip), which follows the simulation's random walk of latencies wherever it went. So the
// ratio to the ideal says how well the pattern kept its requests in flight. Where the server refused some
// at once, the client's mean holds those instant answers: the server's own mean time for the requests it
// worked on stands instead. Where the run made requests wait in the server's queue, both hold the wait
// too: the calibration's L stands.
func (s Section) Ideal(r Row) time.Duration {
	if r.Report == nil || r.Report.Concurrency < 1 {
		return 0
	}
	return time.Duration(worked(r.Report)) * s.latency(r.Report) / time.Duration(s.slots(r.Report.Concurrency))
}

// slots is how many requests a pattern that keeps concurrency in flight has the server work on at once.
func (s Section) slots(concurrency int) int {
	if s.Capacity > 0 {
		return max(min(concurrency, s.Capacity), 1)
	}
	return max(concurrency, 1)
}

// latency is L for a run: its own mean time per answered request, the server's for it, or the
// calibration's.
func (s Section) latency(r *report.Report) time.Duration {
	ms := s.LatencyMs
	switch sv := r.Server; {
	case sv == nil || sv.PeakQueued > 0:
	case refused(r) == 0 && r.LatencyMs.Mean > 0:
		ms = r.LatencyMs.Mean
	case refused(r) > 0 && sv.Latency.Count > 0:
		ms = sv.Latency.MeanMs
	}
	return units.FromMillis(ms)
}

// worked counts the attempts the server worked on: all but those it refused at once.
func worked(r *report.Report) int { return r.Attempts - refused(r) }

// refused counts the attempts the server refused at once, with a 503 or a 429.
func refused(r *report.Report) int { return r.Statuses[503] + r.Statuses[429] }

// failed counts the attempts that the server answered with a 500, or another 5xx but a 503: its own
// failures, not its overload signal.
func failed(r *report.Report) int {
	n := 0
	for status, count := range r.Statuses {
		if status >= 500 && status <= 599 && status != 503 {
			n += count
		}
	}
	return n
}

// refusedShare is the share of a run's attempts that the server refused; 0 for a run with none.
func refusedShare(r *report.Report) float64 {
	if r.Attempts == 0 {
		return 0
	}
	return float64(refused(r)) / float64(r.Attempts)
}

// baseline is the row every figure is compared with: the first that ran (01-sequential, when it did).
func (s Section) baseline() *Row {
	for i := range s.Rows {
		if s.Rows[i].Report != nil && s.Rows[i].State == Ran {
			return &s.Rows[i]
		}
	}
	return nil
}

// ran are the rows with a report to draw.
func (s Section) ran() []Row {
	var rows []Row
	for _, r := range s.Rows {
		if r.Report != nil && r.State == Ran {
			rows = append(rows, r)
		}
	}
	return rows
}

// name is how the row is shown: its lesson, and its variant if it has one ("03-fanoutin hedged").
func (r Row) name() string {
	if r.Variant == "" {
		return r.Lesson
	}
	return r.Lesson + " " + r.Variant
}

// sampled says which rows ran fewer requests than the others, and why: a sentence for each reason, naming
// the rows that ran fewer for it ("03-fanoutin and 03-fanoutin hedged ran 2,000 of the 7,500 requests:
// ..."), without the full stop.
func (s Section) sampled() []string {
	var whys []string
	names := map[string][]string{}
	for _, r := range s.Rows {
		if r.Sampled == "" {
			continue
		}
		if names[r.Sampled] == nil {
			whys = append(whys, r.Sampled)
		}
		names[r.Sampled] = append(names[r.Sampled], r.name())
	}
	var lines []string
	for _, why := range whys {
		n := names[why]
		who := strings.Join(n[:len(n)-1], ", ")
		if who != "" {
			who += " and "
		}
		lines = append(lines, who+n[len(n)-1]+" "+why)
	}
	return lines
}

// row returns the section's row of a lesson's own pattern, if it ran; nil if it did not.
func (s Section) row(lesson string) *Row { return s.variantRow(lesson, "") }

// variantRow returns the section's row of a lesson's variant ("" for its own pattern), if it ran; nil if
// it did not.
func (s Section) variantRow(lesson, variant string) *Row {
	for i, r := range s.Rows {
		if r.Lesson == lesson && r.Variant == variant && r.Report != nil && r.State == Ran {
			return &s.Rows[i]
		}
	}
	return nil
}

// section returns the comparison's section of that name; nil if it has none.
func (c Comparison) section(name string) *Section {
	for i := range c.Sections {
		if c.Sections[i].Name == name {
			return &c.Sections[i]
		}
	}
	return nil
}

// wall is a report's time.
func wall(r *report.Report) time.Duration { return units.FromMillis(r.WallMs) }

// peakServer is the most requests the server held at once for the run; 0 when unknown.
func peakServer(r *report.Report) int {
	if r.Server == nil {
		return 0
	}
	return r.Server.PeakInFlight
}

// WriteJSON writes the comparison as JSON: the record that the other forms can be made from again.
func (c Comparison) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", " ")
	return enc.Encode(c)
}
