// Package report turns a run's results into the figures a lesson prints: as text for people, colored on a
// terminal, or as JSON for tools.
package report

import (
	"context"
	"errors"
	"io"
	"math"
	"net"
	"slices"
	"syscall"
	"time"

	"github.com/go-concurrency-workshop/workshop/internal/dataserver"
	"github.com/go-concurrency-workshop/workshop/internal/lesson"
	"github.com/go-concurrency-workshop/workshop/internal/meter"
	"github.com/go-concurrency-workshop/workshop/internal/units"
)

// Run describes the run being reported.
type Run struct {
	Lesson      string        // "01-sequential"
	Pattern     string        // "one request after another"
	InFlight    string        // how many requests the pattern keeps open at once, in words: "1 at a time"
	URL         string        // the /data URL the requests went to
	Embedded    bool          // the lesson started that server for this run
	Requests    int           // how many requests the run was asked to make
	Wall        time.Duration // from the pattern's call to its return
	Interrupted bool          // Ctrl-C (or SIGTERM) stopped the run early
}

// Report is every figure of a run. Its JSON form is what -json prints.
type Report struct {
	Lesson      string `json:"lesson"`
	Pattern     string `json:"pattern"`
	InFlight    string `json:"in_flight"`
	URL         string `json:"url"`
	Embedded    bool   `json:"embedded_server"`
	Requests    int    `json:"requests"`
	Interrupted bool   `json:"interrupted"`

	Results    int `json:"results"`    // results returned with an id in [0, Requests), counted once each
	Missing    int `json:"missing"`    // requests with no result: never sent, or lost
	Duplicates int `json:"duplicates"` // results for an id already counted
	Invalid    int `json:"invalid"`    // results with an id out of range, or with neither a status nor an error

	WallMs     float64        `json:"wall_ms"`
	PerSecond  float64        `json:"throughput_per_s"` // results per second of wall time
	OKPerSec   float64        `json:"ok_per_s"`         // 200s per second of wall time
	Responses  int            `json:"responses"`        // results with an HTTP status
	LatencyMs  Latency        `json:"latency_ms"`       // over the responses
	Statuses   map[int]int    `json:"statuses"`         // responses by HTTP status
	Errors     map[string]int `json:"errors"`           // transport errors by cause
	Memory     Memory         `json:"memory"`
	Goroutines Goroutines     `json:"goroutines"`

	Server      *dataserver.Stats `json:"server"`                 // the server's view of this run; nil if unknown
	ServerError string            `json:"server_error,omitempty"` // why the server's view is missing
}

// Latency is a distribution in milliseconds.
type Latency struct {
	Min float64 `json:"min"`
	P50 float64 `json:"p50"`
	P90 float64 `json:"p90"`
	P99 float64 `json:"p99"`
	Max float64 `json:"max"`
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

// New computes the report of run from the pattern's results, the client's usage and the server's view of
// the run (server nil and serverErr set when that view could not be had).
func New(run Run, results []lesson.Result, usage meter.Usage, server *dataserver.Stats, serverErr error) Report {
	r := Report{
		Lesson: run.Lesson, Pattern: run.Pattern, InFlight: run.InFlight, URL: run.URL, Embedded: run.Embedded,
		Requests: run.Requests, Interrupted: run.Interrupted,
		WallMs:   units.Millis(run.Wall),
		Statuses: map[int]int{}, Errors: map[string]int{},
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

	seen := make([]bool, run.Requests)
	var latencies []time.Duration
	for _, res := range results {
		switch {
		case res.ID < 0 || res.ID >= run.Requests || res.Status == 0 && res.Err == nil:
			r.Invalid++
			continue
		case seen[res.ID]:
			r.Duplicates++
			continue
		}
		seen[res.ID] = true
		r.Results++
		if res.Err != nil {
			r.Errors[Cause(res.Err)]++
			continue
		}
		r.Responses++
		r.Statuses[res.Status]++
		latencies = append(latencies, res.Latency)
	}
	r.Missing = run.Requests - r.Results
	if run.Wall > 0 {
		r.PerSecond = float64(r.Results) / run.Wall.Seconds()
		r.OKPerSec = float64(r.Statuses[200]) / run.Wall.Seconds()
	}
	if len(latencies) > 0 {
		slices.Sort(latencies)
		// Nearest rank: the smallest latency with at least a share q of them at or below it.
		at := func(q float64) float64 { return units.Millis(latencies[int(math.Ceil(q*float64(len(latencies))))-1]) }
		r.LatencyMs = Latency{Min: units.Millis(latencies[0]), P50: at(0.50), P90: at(0.90), P99: at(0.99), Max: units.Millis(latencies[len(latencies)-1])}
	}
	return r
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
