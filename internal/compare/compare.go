// Package compare runs every lesson's program against one server and puts the patterns side by side: a
// matrix of their figures, each beside its ideal time, as text with bars for a terminal, as Markdown for
// the README, or as a self-contained HTML page.
package compare

import (
	"encoding/json"
	"io"
	"time"

	"github.com/go-concurrency-workshop/workshop/internal/report"
	"github.com/go-concurrency-workshop/workshop/internal/units"
)

// Comparison is one comparison run: the server's settings, and a row per lesson. Its JSON form is what
// -json writes, and what the renderers are tested on.
type Comparison struct {
	When      time.Time `json:"when"`
	Solution  bool      `json:"solution"`   // the reference solutions ran, not the learner's code
	Requests  int       `json:"requests"`   // each lesson's -requests
	Server    string    `json:"server"`     // the server's flags, in words: "profile workshop"
	Capacity  int       `json:"capacity"`   // requests the server works on at once; -1: unlimited
	Queue     int       `json:"queue"`      // requests that may wait for a slot
	LatencyMs float64   `json:"latency_ms"` // the calibration's L: a request's mean time, made one at a time
	// Interrupted says the comparison was stopped (Ctrl-C) before every lesson had run.
	Interrupted bool  `json:"interrupted,omitempty"`
	Rows        []Row `json:"rows"`
}

// Row is one lesson's run.
type Row struct {
	Lesson string         `json:"lesson"`
	State  State          `json:"state"`
	Detail string         `json:"detail,omitempty"` // why it did not run, or its verdict
	Report *report.Report `json:"report,omitempty"` // nil unless the program printed a report
}

// State is how a lesson's run went.
type State string

const (
	Ran       State = "ran"        // the program ran and its report's verdict is a success
	Failed    State = "failed"     // the program ran, and its verdict says what went wrong
	Stuck     State = "stuck"      // the program did not finish in time, and was stopped (a deadlock?)
	Stopped   State = "stopped"    // the comparison was interrupted while the program ran
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
// ratio to the ideal says how well the pattern kept its requests in flight. Where the run made requests
// wait in the server's queue, their time holds the wait too, so the calibration's L stands instead.
func (c Comparison) Ideal(r Row) time.Duration {
	if r.Report == nil || r.Report.Concurrency < 1 {
		return 0
	}
	slots := r.Report.Concurrency
	if c.Capacity > 0 {
		slots = min(slots, c.Capacity)
	}
	return time.Duration(worked(r.Report)) * c.latency(r.Report) / time.Duration(slots)
}

// latency is L for a run: its own mean time per answered request, or the calibration's.
func (c Comparison) latency(r *report.Report) time.Duration {
	ms := c.LatencyMs
	if s := r.Server; s != nil && s.PeakQueued == 0 && r.LatencyMs.Mean > 0 {
		ms = r.LatencyMs.Mean
	}
	return units.FromMillis(ms)
}

// worked counts the attempts the server worked on: all but those it refused at once.
func worked(r *report.Report) int { return r.Attempts - r.Statuses[503] - r.Statuses[429] }

// baseline is the row every figure is compared with: the first that ran (01-sequential, when it did).
func (c Comparison) baseline() *Row {
	for i := range c.Rows {
		if c.Rows[i].Report != nil && c.Rows[i].State == Ran {
			return &c.Rows[i]
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
