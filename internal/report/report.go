// Package report turns the record of a run into the figures a lesson prints, checks what the pattern
// returned against that record, and gives the run's verdict: as text for people, colored on a terminal,
// or as JSON for tools.
package report

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"slices"
	"strconv"
	"syscall"
	"time"

	"github.com/go-concurrency-workshop/workshop/internal/dataserver"
	"github.com/go-concurrency-workshop/workshop/internal/httpclient"
	"github.com/go-concurrency-workshop/workshop/internal/lesson"
	"github.com/go-concurrency-workshop/workshop/internal/meter"
	"github.com/go-concurrency-workshop/workshop/internal/units"
)

// Run describes the run being reported.
type Run struct {
	Lesson      string        // "01-sequential"
	Pattern     string        // "one request after another"
	Variant     string        // which of the lesson's exercises ran, when not its default; "" otherwise
	InFlight    string        // how many requests the pattern keeps open at once, in words: "1 at a time"
	Concurrency int           // the same as a number: 1, the requests, or the workers
	URL         string        // the /data URL the requests went to
	Embedded    bool          // the lesson started that server for this run
	Requests    int           // how many requests the run was asked to make
	Timeout     time.Duration // the limit for one request, for the advice on time-outs
	Wall        time.Duration // from the pattern's call to its return
	Interrupted bool          // Ctrl-C (or SIGTERM) stopped the run early
	Stopped     string        // why the harness stopped the run early, in a sentence; "": it did not
	// InFlightAtReturn is how many requests were still in flight when the pattern returned: goroutines it
	// started and did not wait for.
	InFlightAtReturn int
	// MayStopEarly: the pattern may end before starting every request (a time budget). The ids it never
	// attempted are counted as not started, never as missing, and do not fail the run.
	MayStopEarly bool
	// LatencyPerRequest: the latency figures are each request's time to its final outcome, from its first
	// attempt's start (a pattern that hedges), not each attempt's.
	LatencyPerRequest bool
	// RetryAfterBound is the longest Retry-After the pattern was given: a longer one was clamped to it
	// (see Attempt.Clamped). 0: none was.
	RetryAfterBound time.Duration
	// Foreign says, in a sentence, that the server at URL is not the workshop's; "" when it is. The report
	// warns of it first.
	Foreign string
	// Notes are what the program noticed during the run, for the report's warnings: one sentence each.
	Notes []string
}

// Attempt is one call of the run's fetch: the record of the run is every attempt.
type Attempt struct {
	ID         int
	Start, End time.Duration // since the run started
	Status     int           // the HTTP status; 0 when the attempt got no answer
	Cause      string        // why it got no answer, as Cause names it; "" when Status is set
	RetryAfter time.Duration // the server's Retry-After, if it sent one: what it asked for
	Clamped    bool          // RetryAfter was beyond the run's bound: the pattern was given the bound instead
}

// NewAttempt records a fetch's result: when it started and ended since the run's start.
func NewAttempt(r lesson.Result, start, end time.Duration) Attempt {
	a := Attempt{ID: r.ID, Start: start, End: end, Status: r.Status, RetryAfter: r.RetryAfter}
	if r.Err != nil {
		a.Status, a.Cause = 0, Cause(r.Err)
	}
	return a
}

// Returned is what the pattern gave back. Make it with Results or Value.
type Returned struct {
	results    []lesson.Result
	value      any
	err        error
	isValue    bool
	unreturned bool
}

// Results is what a pattern that returns one result per request gave back: each is checked against the
// attempts recorded for its id.
func Results(rs []lesson.Result) Returned { return Returned{results: rs} }

// Value is what a pattern that returns a value and an error gave back: the value is shown as it prints
// (with %v), and the outcome of each request is its id's last attempt.
func Value(v any, err error) Returned { return Returned{value: v, err: err, isValue: true} }

// Unreturned stands for a pattern that had not returned when the run had to end (it ignored Ctrl-C, say):
// each request's outcome is its last attempt, and the report warns that the pattern did not return.
func Unreturned() Returned { return Returned{isValue: true, unreturned: true} }

// Report is every figure of a run. Its JSON form is what -json prints.
type Report struct {
	Lesson      string `json:"lesson"`
	Pattern     string `json:"pattern"`
	Variant     string `json:"variant,omitempty"` // which of the lesson's exercises ran (-variant), when not its default
	InFlight    string `json:"in_flight"`
	Concurrency int    `json:"concurrency"` // how many requests the pattern keeps in flight at most: 1, the requests, or the workers
	URL         string `json:"url"`
	Embedded    bool   `json:"embedded_server"`
	Requests    int    `json:"requests"`
	Interrupted bool   `json:"interrupted"`
	Stopped     string `json:"stopped_early,omitempty"` // why the run was stopped early
	// MayStopEarly: the pattern may end before starting every request (a time budget); NotStarted counts
	// the ones it did not start, which are not missing.
	MayStopEarly bool `json:"may_stop_early,omitempty"`
	// Foreign says that the server is not the workshop's: its figures are not what the lesson expects.
	Foreign string `json:"foreign_server,omitempty"`

	// What the pattern returned, checked against the attempts.
	Results    int `json:"results"`     // requests with a final outcome, counted once each
	NotStarted int `json:"not_started"` // requests with no attempt at all; with MayStopEarly, not counted missing
	Missing    int `json:"missing"`     // requests with no final outcome: never made (unless MayStopEarly), or their result lost
	Lost       int `json:"lost"`        // of those, requests that were made but whose result was not returned
	Duplicates int `json:"duplicates"`  // results for an id already counted
	Invalid    int `json:"invalid"`     // results with an id out of range, with neither status nor error, or unlike any attempt of their id
	// InFlightAtReturn counts the requests still in flight when the pattern returned: it did not wait for
	// every goroutine it started.
	InFlightAtReturn int `json:"in_flight_at_return"`

	// The traffic, from the record of every attempt.
	Attempts int `json:"attempts"` // calls of fetch, retries and hedges included: requests started + retries
	Retries  int `json:"retries"`  // attempts beyond the first for their id: retried after an outcome, or overlapping
	// RetriedAfter counts the retries begun after an attempt of their id had ended, by what it got: "503",
	// "timeout", ... The other retries are Overlapping.
	RetriedAfter map[string]int `json:"retried_after"`
	// Overlapping counts the attempts begun while another attempt of their id was in flight: hedges.
	Overlapping int `json:"overlapping"`
	// HedgesLost counts the attempts cancelled while another attempt of their id, not cancelled, overlapped
	// them: the hedge (or the original) that lost the race. Such an attempt is not its request's outcome,
	// and the server counts it as cancelled. They are among Errors["canceled"].
	HedgesLost int `json:"hedges_lost"`
	// RetryAfter is set when the server asked for a Retry-After longer than the run's bound, which the
	// pattern was given instead.
	RetryAfter *Clamp  `json:"retry_after_clamped,omitempty"`
	WallMs     float64 `json:"wall_ms"`
	PerSecond  float64 `json:"throughput_per_s"` // requests answered (their final outcome an HTTP status) per second of wall time
	OKPerSec   float64 `json:"ok_per_s"`         // requests that ended 200 per second of wall time
	Responses  int     `json:"responses"`        // attempts answered with an HTTP status
	// LatencyOf says what LatencyMs measures: "attempt", each response's own time; or "request", each
	// answered request's time from its first attempt's start to its final outcome (LatencyPerRequest).
	LatencyOf string         `json:"latency_of"`
	LatencyMs Latency        `json:"latency_ms"`
	Statuses  map[int]int    `json:"statuses"` // attempts by HTTP status
	Errors    map[string]int `json:"errors"`   // attempts that got no answer, by cause
	Final     map[string]int `json:"final"`    // requests by their final outcome: "200", "500", "timeout", ...
	Timeline  Timeline       `json:"timeline"` // the traffic over time

	Memory     Memory     `json:"memory"`
	Goroutines Goroutines `json:"goroutines"`

	Server      *dataserver.Stats `json:"server"`                 // the server's view of this run; nil if unknown
	ServerError string            `json:"server_error,omitempty"` // why the server's view is missing

	Value    string    `json:"value,omitempty"`    // what a value pattern returned, as it prints
	Error    string    `json:"error,omitempty"`    // the error a value pattern returned
	Sections []Section `json:"sections,omitempty"` // what the lesson added: its own figures and charts
	Warnings []string  `json:"warnings,omitempty"` // every warning the text shows, a sentence each: the foreign server's first
	Status   int       `json:"exit_status"`        // the program's exit status: 0, 1, or 130 when interrupted
	Verdict  string    `json:"verdict,omitempty"`  // one line on what went wrong and what to do; "" when all is well
}

// Section is a lesson's own part of the report: a label, its text (lines after the first are indented
// under it), and the same figures for -json.
type Section struct {
	Label string `json:"label"`
	Text  string `json:"text"`
	Data  any    `json:"data,omitempty"`
}

// Clamp is what became of the Retry-Afters longer than the run's bound.
type Clamp struct {
	Answers   int     `json:"answers"`    // answers whose Retry-After was longer than the bound
	LongestMs float64 `json:"longest_ms"` // the longest the server asked for
	BoundMs   float64 `json:"bound_ms"`   // what the pattern was given instead
}

// Latency is a distribution in milliseconds.
type Latency struct {
	Mean float64 `json:"mean"`
	Min  float64 `json:"min"`
	P50  float64 `json:"p50"`
	P90  float64 `json:"p90"`
	P99  float64 `json:"p99"`
	Max  float64 `json:"max"`
}

// Memory is what the run cost the client's memory.
type Memory struct {
	AllocBytes    uint64 `json:"alloc_bytes"`
	AllocObjects  uint64 `json:"alloc_objects"`
	GCCycles      uint32 `json:"gc_cycles"`
	PeakHeapBytes uint64 `json:"peak_heap_bytes"`
	PeakRSSBytes  uint64 `json:"peak_rss_bytes"` // 0: unknown on this system
}

// Goroutines counts the client's goroutines.
type Goroutines struct {
	Before int `json:"before"`
	Peak   int `json:"peak"`
}

// New computes the report of run from the record of its attempts (in the order they ended), what the
// pattern returned, the client's usage and the server's view of the run (server nil and serverErr set
// when that view could not be had), and gives the verdict.
func New(run Run, attempts []Attempt, ret Returned, usage meter.Usage, server *dataserver.Stats, serverErr error) Report {
	r := Report{
		Lesson: run.Lesson, Pattern: run.Pattern, Variant: run.Variant, InFlight: run.InFlight, Concurrency: run.Concurrency, URL: run.URL,
		Embedded: run.Embedded, MayStopEarly: run.MayStopEarly, Foreign: run.Foreign,
		Requests: run.Requests, Interrupted: run.Interrupted, Stopped: run.Stopped, InFlightAtReturn: run.InFlightAtReturn,
		WallMs:       units.Millis(run.Wall),
		RetriedAfter: map[string]int{}, Statuses: map[int]int{}, Errors: map[string]int{}, Final: map[string]int{},
		Memory: Memory{
			AllocBytes: usage.AllocBytes, AllocObjects: usage.AllocObjects, GCCycles: usage.GCCycles,
			PeakHeapBytes: usage.PeakHeapBytes, PeakRSSBytes: usage.PeakRSSBytes,
		},
		Goroutines: Goroutines{Before: usage.GoroutinesBefore, Peak: usage.PeakGoroutines},
		Server:     server,
	}
	if serverErr != nil {
		r.ServerError = serverErr.Error()
	}
	outcomes := r.traffic(attempts, run)
	r.Timeline = timeline(attempts, run.Wall)
	if ret.isValue {
		if ret.value != nil {
			r.Value = fmt.Sprint(ret.value)
		}
		if ret.err != nil {
			r.Error = ret.err.Error()
		}
		for _, a := range outcomes {
			if a != nil {
				r.final(*a)
			}
		}
	} else {
		r.check(ret.results, outcomes)
	}
	r.Missing = run.Requests - r.Results
	if run.MayStopEarly {
		r.Missing -= r.NotStarted
	}
	if run.Wall > 0 {
		r.PerSecond = float64(r.answered()) / run.Wall.Seconds()
		r.OKPerSec = float64(r.Final["200"]) / run.Wall.Seconds()
	}
	r.Warnings = r.warnings(run, ret)
	r.Status, r.Verdict = r.verdict(run, ret.isValue)
	return r
}

// traffic counts the attempts and returns each id's outcome (nil for ids never attempted): its last
// attempt to end, except that an attempt cancelled while another attempt of its id overlapped it, one
// not cancelled, lost a race (a hedge) and is not the outcome.
func (r *Report) traffic(attempts []Attempt, run Run) []*Attempt {
	r.LatencyOf = "attempt"
	if run.LatencyPerRequest {
		r.LatencyOf = "request"
	}
	byID := make([][]*Attempt, run.Requests)
	var latencies []time.Duration
	for i := range attempts {
		a := &attempts[i]
		r.Attempts++
		if a.Cause != "" {
			r.Errors[a.Cause]++
		} else {
			r.Responses++
			r.Statuses[a.Status]++
			if !run.LatencyPerRequest {
				latencies = append(latencies, a.End-a.Start)
			}
		}
		if a.Clamped {
			if r.RetryAfter == nil {
				r.RetryAfter = &Clamp{BoundMs: units.Millis(run.RetryAfterBound)}
			}
			r.RetryAfter.Answers++
			r.RetryAfter.LongestMs = max(r.RetryAfter.LongestMs, units.Millis(a.RetryAfter))
		}
		if a.ID < 0 || a.ID >= run.Requests {
			continue // a pattern that fetches ids out of range: its results are counted invalid
		}
		byID[a.ID] = append(byID[a.ID], a) // in the order they ended
	}
	outcomes := make([]*Attempt, run.Requests)
	for id, as := range byID {
		if len(as) == 0 {
			r.NotStarted++
			continue
		}
		outcomes[id] = r.outcome(as)
		if run.LatencyPerRequest && outcomes[id].Cause == "" {
			first := slices.MinFunc(as, func(a, b *Attempt) int { return cmp.Compare(a.Start, b.Start) })
			latencies = append(latencies, outcomes[id].End-first.Start)
		}
	}
	if len(latencies) > 0 {
		slices.Sort(latencies)
		// Nearest rank: the smallest latency with at least a share q of them at or below it.
		at := func(q float64) float64 { return units.Millis(latencies[int(math.Ceil(q*float64(len(latencies))))-1]) }
		var sum time.Duration
		for _, l := range latencies {
			sum += l
		}
		r.LatencyMs = Latency{Mean: units.Millis(sum / time.Duration(len(latencies))), Min: units.Millis(latencies[0]),
			P50: at(0.50), P90: at(0.90), P99: at(0.99), Max: units.Millis(latencies[len(latencies)-1])}
	}
	return outcomes
}

// outcome counts the retries among one id's attempts (in the order they ended), and returns the id's
// outcome (see traffic).
func (r *Report) outcome(as []*Attempt) *Attempt {
	if len(as) == 1 {
		return as[0]
	}
	overlaps := func(a, b *Attempt) bool { return a.Start < b.End && b.Start < a.End }
	byStart := slices.Clone(as)
	slices.SortStableFunc(byStart, func(a, b *Attempt) int { return cmp.Compare(a.Start, b.Start) })
	for i, b := range byStart[1:] {
		r.Retries++
		// What b followed: the attempt of its id that ended last before b began, if none was in flight.
		var before *Attempt
		overlapping := false
		for _, a := range byStart[:i+1] {
			if a.End > b.Start {
				overlapping = true
				break
			}
			if before == nil || a.End >= before.End {
				before = a
			}
		}
		if overlapping {
			r.Overlapping++
		} else {
			r.RetriedAfter[before.outcome()]++
		}
	}
	var last *Attempt
	for _, a := range as {
		lost := a.Cause == "canceled" && slices.ContainsFunc(as, func(b *Attempt) bool {
			return b != a && b.Cause != "canceled" && overlaps(a, b)
		})
		if lost {
			r.HedgesLost++
		} else {
			last = a // they ended in this order: the last one kept is the outcome
		}
	}
	return last
}

// check counts what a results pattern returned, each result against its id's outcome.
func (r *Report) check(results []lesson.Result, last []*Attempt) {
	seen := make([]bool, len(last))
	for _, res := range results {
		switch {
		case res.ID < 0 || res.ID >= len(last) || res.Status == 0 && res.Err == nil:
			r.Invalid++
			continue
		case seen[res.ID]:
			r.Duplicates++
			continue
		}
		a := last[res.ID]
		if a == nil || !a.matches(res) {
			r.Invalid++ // made up, or not the outcome of its id's last attempt
			continue
		}
		seen[res.ID] = true
		r.final(*a)
	}
	for id, a := range last {
		if a != nil && !seen[id] {
			r.Lost++
		}
	}
}

// final counts one request's final outcome.
func (r *Report) final(a Attempt) {
	r.Results++
	r.Final[a.outcome()]++
}

// answered counts the requests whose final outcome is an HTTP status: the ones that got an answer.
func (r *Report) answered() int {
	n := 0
	for what, count := range r.Final {
		if _, err := strconv.Atoi(what); err == nil {
			n += count
		}
	}
	return n
}

// outcome names what an attempt got: its status, or the cause of its error.
func (a Attempt) outcome() string {
	if a.Cause != "" {
		return a.Cause
	}
	return strconv.Itoa(a.Status)
}

// matches reports whether res is this attempt's result.
func (a Attempt) matches(res lesson.Result) bool {
	if res.Err != nil {
		return a.Cause == Cause(res.Err)
	}
	return a.Cause == "" && a.Status == res.Status
}

// warnings are every warning of the report, a sentence each, in the order the text shows them: that the
// server is not the workshop's; what the program noticed; a clamped Retry-After; other clients on the
// server; figures that do not add up; a pattern that had not returned.
func (r *Report) warnings(run Run, ret Returned) []string {
	var ws []string
	if run.Foreign != "" {
		ws = append(ws, run.Foreign)
	}
	ws = append(ws, run.Notes...)
	if c := r.RetryAfter; c != nil {
		ws = append(ws, fmt.Sprintf("%s answers asked to wait up to %s (Retry-After); the pattern was given %s instead: "+
			"-max-retry-after bounds it", units.Count(c.Answers), long(units.FromMillis(c.LongestMs)),
			units.Duration(units.FromMillis(c.BoundMs))))
	}
	if s := r.Server; s != nil && s.OtherRequests > 0 {
		others := fmt.Sprintf("other clients sent %s requests to the server during this run, and it held up to %s at "+
			"once with theirs", units.Count(s.OtherRequests), units.Count(s.PeakServerInFlight))
		if s.Rejected > 0 {
			others += ": some of the 503s are their doing"
		}
		ws = append(ws, others)
	}
	ws = append(ws, r.disagreements()...)
	if ret.unreturned {
		ws = append(ws, "the pattern had not returned when the run had to end: "+
			"these figures come from the record of the requests it made")
	}
	return ws
}

// long writes a duration that may be days long: "26,690 days", "2.00s".
func long(d time.Duration) string {
	if d >= 48*time.Hour {
		return units.Count(int64(d/(24*time.Hour))) + " days"
	}
	return units.Duration(d)
}

// disagreements are the warnings for figures that do not add up: the server's count of this run's
// requests against the client's attempts.
func (r *Report) disagreements() []string {
	s := r.Server
	if s == nil {
		return nil
	}
	// An attempt cut short by Ctrl-C, or one whose connection failed, may never have reached the server.
	unsent := r.Errors["canceled"] + r.Errors["connection refused"] + r.Errors["too many open files"] +
		r.Errors["no free local port"] + r.Errors["timeout"]
	if s.Requests > int64(r.Attempts) || s.Requests < int64(r.Attempts-unsent) {
		return []string{fmt.Sprintf("the server counted %s requests from this run, but the client made %s attempts: "+
			"the server's figures above may not be this run's alone", units.Count(s.Requests), units.Count(r.Attempts))}
	}
	return nil
}

// Cause names why a request got no answer, in a few words: the key of Report.Errors.
func Cause(err error) string {
	var netErr net.Error
	switch {
	case errors.Is(err, context.Canceled):
		return "canceled"
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &netErr) && netErr.Timeout():
		return "timeout"
	case errors.Is(err, syscall.ECONNREFUSED):
		return "connection refused"
	case errors.Is(err, syscall.ECONNRESET):
		return "connection reset by the server"
	case errors.Is(err, syscall.EMFILE), errors.Is(err, syscall.ENFILE):
		return "too many open files"
	case errors.Is(err, syscall.EADDRNOTAVAIL):
		return "no free local port"
	case errors.Is(err, httpclient.ErrBodyTooLarge):
		return "body larger than 64 KiB"
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "connection closed by the server"
	}
	for {
		next := errors.Unwrap(err)
		if next == nil {
			return err.Error()
		}
		err = next
	}
}
