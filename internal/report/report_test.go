package report

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"syscall"
	"testing"
	"time"

	"github.com/fatih/color"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/go-concurrency-workshop/workshop/internal/dataserver"
	"github.com/go-concurrency-workshop/workshop/internal/lesson"
	"github.com/go-concurrency-workshop/workshop/internal/meter"
)

func TestMain(m *testing.M) {
	color.NoColor = true // the text is compared as plain text
	goleak.VerifyTestMain(m)
}

func msec(n int) time.Duration { return time.Duration(n) * time.Millisecond }

func TestNewCountsEveryRequestOnce(t *testing.T) {
	refused := &net.OpError{Op: "dial", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}
	results := []lesson.Result{
		{ID: 0, Latency: msec(4), Status: 200},
		{ID: 1, Latency: msec(2), Status: 200},
		{ID: 2, Latency: msec(9), Status: 500},
		{ID: 3, Latency: msec(1), Status: 503},
		{ID: 4, Latency: msec(7), Err: refused},
		{ID: 5, Latency: msec(3), Err: context.Canceled},
		{ID: 1, Latency: msec(2), Status: 200}, // a duplicate
		{ID: 99, Status: 200},                  // out of range
		{},                                     // empty: neither status nor error
	}
	r := New(Run{Requests: 8, Wall: 2 * time.Second}, results, meter.Usage{}, nil, errors.New("no server"))

	assert.Equal(t, 6, r.Results, "ids 0 to 5 have a result")
	assert.Equal(t, 2, r.Missing, "ids 6 and 7 have none")
	assert.Equal(t, 1, r.Duplicates)
	assert.Equal(t, 2, r.Invalid)
	assert.Equal(t, map[int]int{200: 2, 500: 1, 503: 1}, r.Statuses)
	assert.Equal(t, map[string]int{"connection refused": 1, "canceled": 1}, r.Errors)
	assert.Equal(t, 4, r.Responses)
	assert.Equal(t, 3.0, r.PerSecond, "6 results in 2s")
	assert.Equal(t, 1.0, r.OKPerSec, "2 200s in 2s")
	// Latency is over the 4 responses only: 1, 2, 4, 9 ms.
	assert.Equal(t, Latency{Min: 1, P50: 2, P90: 9, P99: 9, Max: 9}, r.LatencyMs)
	assert.Equal(t, "no server", r.ServerError)
}

func TestPercentiles(t *testing.T) {
	var results []lesson.Result
	for i := range 1000 {
		results = append(results, lesson.Result{ID: i, Latency: msec(i + 1), Status: 200})
	}
	r := New(Run{Requests: 1000, Wall: time.Second}, results, meter.Usage{}, nil, nil)
	assert.Equal(t, Latency{Min: 1, P50: 500, P90: 900, P99: 990, Max: 1000}, r.LatencyMs)

	small := New(Run{Requests: 10, Wall: time.Second}, results[:10], meter.Usage{}, nil, nil)
	assert.Equal(t, Latency{Min: 1, P50: 5, P90: 9, P99: 10, Max: 10}, small.LatencyMs, "nearest rank, as the server computes it")
}

func TestCause(t *testing.T) {
	timeout := &net.DNSError{IsTimeout: true}
	for err, want := range map[error]string{
		context.Canceled:         "canceled",
		context.DeadlineExceeded: "timeout",
		timeout:                  "timeout",
		fmt.Errorf("get: %w", syscall.ECONNRESET):             "connection reset by the server",
		fmt.Errorf("dial: %w", syscall.EMFILE):                "too many open files",
		fmt.Errorf("read: %w", io.ErrUnexpectedEOF):           "connection closed by the server",
		fmt.Errorf("outer: %w", errors.New("the root cause")): "the root cause",
	} {
		assert.Equal(t, want, Cause(err), "%v", err)
	}
}

func TestWrite(t *testing.T) {
	server := &dataserver.Stats{Capacity: 50, Queue: 50, Requests: 3, Served: 2, Failed: 1, PeakInFlight: 1, PeakWorking: 1,
		Latency: dataserver.LatencySummary{Count: 3, P50Ms: 4, P99Ms: 5}}
	results := []lesson.Result{{ID: 0, Latency: msec(4), Status: 200}, {ID: 1, Latency: msec(5), Status: 200}, {ID: 2, Latency: msec(5), Status: 500}}
	r := New(Run{Lesson: "01-sequential", Pattern: "one after another", InFlight: "1 at a time", URL: "http://x/data",
		Requests: 3, Wall: 15 * time.Millisecond}, results,
		meter.Usage{AllocBytes: 3 << 20, AllocObjects: 1234, GCCycles: 2, PeakHeapBytes: 1 << 20, PeakRSSBytes: 9 << 20,
			GoroutinesBefore: 4, PeakGoroutines: 6}, server, nil)

	var text bytes.Buffer
	require.NoError(t, r.WriteText(&text))
	for _, want := range []string{
		"01-sequential · one after another",
		"3 requests · 1 at a time",
		"results     3 of 3 requests · every request accounted for",
		"time        15.0ms",
		"throughput  200.0 req/s (200 OK: 133.3 req/s)",
		"latency     min 4.00ms · p50 5.00ms",
		"statuses    200 ×2 · 500 ×1",
		"errors      none",
		"memory      3.0 MiB allocated in 1,234 objects · 2 GC cycles · peak heap 1.0 MiB · peak RSS 9.0 MiB",
		"goroutines  peak 6 (4 before the run)",
		"server saw  at most 1 request at once (capacity 50, queue 50)",
		"3 answered · 503 ×0 · 500 ×1",
		"its own time per answer: p50 4.00ms · p99 5.00ms",
	} {
		assert.Contains(t, text.String(), want)
	}

	var js bytes.Buffer
	require.NoError(t, r.WriteJSON(&js))
	var back Report
	require.NoError(t, json.Unmarshal(js.Bytes(), &back))
	assert.Equal(t, r, back, "the JSON report carries every figure")
}
