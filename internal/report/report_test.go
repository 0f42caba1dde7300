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
	"strings"
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
	"github.com/go-concurrency-workshop/workshop/internal/units"
)

func TestMain(m *testing.M) {
	color.NoColor = true // the text is compared as plain text
	goleak.VerifyTestMain(m)
}

func msec(n int) time.Duration { return time.Duration(n) * time.Millisecond }

// once is the record of a run in which each result was one attempt, made at the start of the run.
func once(results []lesson.Result) []Attempt {
	var record []Attempt
	for _, r := range results {
		if r.ID >= 0 && (r.Status != 0 || r.Err != nil) {
			record = append(record, NewAttempt(r, 0, r.Latency))
		}
	}
	return record
}

func TestNewCountsEveryRequestOnce(t *testing.T) {
	refused := &net.OpError{Op: "dial", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}
	results := []lesson.Result{
		{ID: 0, Latency: msec(4), Status: 200},
		{ID: 1, Latency: msec(2), Status: 200},
		{ID: 2, Latency: msec(9), Status: 500},
		{ID: 3, Latency: msec(1), Status: 503},
		{ID: 4, Latency: msec(7), Err: refused},
		{ID: 5, Latency: msec(3), Err: context.Canceled},
	}
	record := once(results)
	returned := append(results,
		lesson.Result{ID: 1, Latency: msec(2), Status: 200}, // a duplicate
		lesson.Result{ID: 99, Status: 200},                  // out of range
		lesson.Result{},                                     // empty: neither status nor error
		lesson.Result{ID: 6, Status: 200},                   // made up: id 6 was never requested
	)
	r := New(Run{Requests: 8, Wall: 2 * time.Second}, record, Results(returned), meter.Usage{}, nil, errors.New("no server"))

	assert.Equal(t, 6, r.Results, "ids 0 to 5 have a result")
	assert.Equal(t, 2, r.Missing, "ids 6 and 7 have none")
	assert.Zero(t, r.Lost)
	assert.Equal(t, 1, r.Duplicates)
	assert.Equal(t, 3, r.Invalid)
	assert.Equal(t, 6, r.Attempts)
	assert.Zero(t, r.Retries)
	assert.Equal(t, map[int]int{200: 2, 500: 1, 503: 1}, r.Statuses)
	assert.Equal(t, map[string]int{"connection refused": 1, "canceled": 1}, r.Errors)
	assert.Equal(t, map[string]int{"200": 2, "500": 1, "503": 1, "connection refused": 1, "canceled": 1}, r.Final)
	assert.Equal(t, 4, r.Responses)
	assert.Equal(t, 2.0, r.PerSecond, "4 requests answered (200, 200, 500, 503) in 2s; a refused connection and a cancellation are no throughput")
	assert.Equal(t, 1.0, r.OKPerSec, "2 200s in 2s")
	// Latency is over the 4 responses only: 1, 2, 4, 9 ms.
	assert.Equal(t, Latency{Mean: 4, Min: 1, P50: 2, P90: 9, P99: 9, Max: 9}, r.LatencyMs)
	assert.Equal(t, "no server", r.ServerError)
	assert.Equal(t, 1, r.Status, "results that do not add up fail the run")
}

func TestNewChecksTheResultsAgainstTheAttempts(t *testing.T) {
	record := []Attempt{
		{ID: 0, End: msec(1), Status: 503, RetryAfter: time.Second},
		{ID: 1, End: msec(2), Status: 200},
		{ID: 0, Start: msec(1), End: msec(3), Status: 503},
		{ID: 2, End: msec(4), Cause: "timeout"},
		{ID: 0, Start: msec(3), End: msec(5), Status: 200},
		{ID: 2, Start: msec(4), End: msec(6), Status: 200},
		{ID: 3, End: msec(7), Status: 200},
	}
	t.Run("counts retries, and what each followed", func(t *testing.T) {
		r := New(Run{Requests: 4, Wall: time.Second}, record, Results([]lesson.Result{
			{ID: 0, Status: 200}, {ID: 1, Status: 200}, {ID: 2, Status: 200}, {ID: 3, Status: 200},
		}), meter.Usage{}, nil, nil)
		assert.Equal(t, 7, r.Attempts)
		assert.Equal(t, 3, r.Retries)
		assert.Equal(t, map[string]int{"503": 2, "timeout": 1}, r.RetriedAfter)
		assert.Equal(t, map[int]int{200: 4, 503: 2}, r.Statuses, "the traffic is every attempt")
		assert.Equal(t, map[string]int{"200": 4}, r.Final, "the outcome is each request's last attempt")
		assert.Equal(t, 4, r.Results)
		assert.Zero(t, r.Status)

		var text bytes.Buffer
		require.NoError(t, r.WriteText(&text))
		assert.Contains(t, text.String(), "attempts    4 requests in 7 attempts · 2 retried after a 503, 1 after a timeout")
	})

	t.Run("finds a result that is not its request's last attempt", func(t *testing.T) {
		r := New(Run{Requests: 4, Wall: time.Second}, record, Results([]lesson.Result{
			{ID: 0, Status: 503}, {ID: 1, Status: 200}, {ID: 2, Status: 200}, {ID: 3, Status: 200},
		}), meter.Usage{}, nil, nil)
		assert.Equal(t, 1, r.Invalid, "id 0 ended 200, not 503")
		assert.Equal(t, 1, r.Lost, "so its real result was not returned")
		assert.Equal(t, 1, r.Status)
	})

	t.Run("finds results that were made but not returned", func(t *testing.T) {
		r := New(Run{Requests: 4, Wall: time.Second}, record, Results([]lesson.Result{{ID: 1, Status: 200}}),
			meter.Usage{}, nil, nil)
		assert.Equal(t, 3, r.Lost)
		assert.Equal(t, 3, r.Missing)
		assert.Equal(t, 1, r.Status)
		assert.Contains(t, r.Verdict, "3 requests were made but their results were not returned")
	})

	t.Run("takes a value pattern's outcomes from the record", func(t *testing.T) {
		r := New(Run{Requests: 5, Wall: time.Second}, record, Value(42, nil), meter.Usage{}, nil, nil)
		assert.Equal(t, "42", r.Value)
		assert.Equal(t, 4, r.Results)
		assert.Equal(t, 1, r.Missing, "id 4 was never requested")
		assert.Equal(t, 1, r.Status)
	})
}

func TestVerdict(t *testing.T) {
	refused := []Attempt{{ID: 0, Cause: "connection refused"}, {ID: 1, Cause: "connection refused"}}
	for _, tc := range []struct {
		name    string
		record  []Attempt
		ret     Returned
		run     Run
		status  int
		verdict string
	}{
		{"all is well", []Attempt{{ID: 0, Status: 200}}, Results([]lesson.Result{{ID: 0, Status: 200}}), Run{Requests: 1}, 0, ""},
		{"interrupted", nil, Results(nil), Run{Requests: 1, Interrupted: true}, 130, ""},
		{"the stub", nil, Results(nil), Run{Lesson: "01-x", Requests: 1}, 1, "01-x: the pattern returned no results. Is the exercise done?"},
		{"empty slots", nil, Results(make([]lesson.Result, 3)), Run{Lesson: "02-x", Requests: 3}, 1,
			"02-x: the pattern returned 3 results with neither a status nor an error: slots never filled."},
		{"requests left in flight", []Attempt{{ID: 0, Status: 200}}, Results([]lesson.Result{{ID: 0, Status: 200}}),
			Run{Lesson: "02-x", Requests: 1, InFlightAtReturn: 4}, 1, "the pattern returned while 4 of its requests were still in flight"},
		{"every request refused", refused, Results([]lesson.Result{{ID: 0, Err: syscall.ECONNREFUSED}, {ID: 1, Err: syscall.ECONNREFUSED}}),
			Run{Lesson: "01-x", Requests: 2, URL: "http://h/data"}, 1, "every request failed: connection refused. Is the server at http://h/data still running?"},
		{"some time-outs", []Attempt{{ID: 0, Status: 200}, {ID: 1, Cause: "timeout"}},
			Results([]lesson.Result{{ID: 0, Status: 200}, {ID: 1, Err: context.DeadlineExceeded}}),
			Run{Lesson: "01-x", Requests: 2, Timeout: time.Second}, 0, "1 attempt got no answer: they took longer than -timeout 1s"},
		{"time-outs of the pattern's own", []Attempt{{ID: 0, Status: 200}, {ID: 1, Cause: "timeout", OwnDeadline: true}},
			Results([]lesson.Result{{ID: 0, Status: 200}, {ID: 1, Err: context.DeadlineExceeded}}),
			Run{Lesson: "01-x", Requests: 2, Timeout: time.Second}, 0, "the pattern's own deadlines cut them short"},
		{"a value pattern's error", []Attempt{{ID: 0, Status: 200}}, Value(nil, errors.New("stage 2: boom")),
			Run{Lesson: "05-x", Requests: 1}, 1, "05-x: the pattern returned an error: stage 2: boom"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := New(tc.run, tc.record, tc.ret, meter.Usage{}, nil, nil)
			assert.Equal(t, tc.status, r.Status)
			if tc.verdict == "" {
				assert.Empty(t, r.Verdict)
			} else {
				assert.Contains(t, r.Verdict, tc.verdict)
			}
		})
	}
}

func TestWarnsWhenTheServerCountedOtherwise(t *testing.T) {
	record := []Attempt{{ID: 0, Status: 200}, {ID: 1, Status: 200}}
	ret := Results([]lesson.Result{{ID: 0, Status: 200}, {ID: 1, Status: 200}})
	r := New(Run{Requests: 2}, record, ret, meter.Usage{}, &dataserver.Stats{Requests: 2, Served: 2}, nil)
	assert.Empty(t, r.Warnings)
	r = New(Run{Requests: 2}, record, ret, meter.Usage{}, &dataserver.Stats{Requests: 0}, nil)
	require.Len(t, r.Warnings, 1)
	assert.Contains(t, r.Warnings[0], "the server counted 0 requests from this run, but the client made 2 attempts")
}

func TestPercentiles(t *testing.T) {
	var results []lesson.Result
	for i := range 1000 {
		results = append(results, lesson.Result{ID: i, Latency: msec(i + 1), Status: 200})
	}
	r := New(Run{Requests: 1000, Wall: time.Second}, once(results), Results(results), meter.Usage{}, nil, nil)
	assert.Equal(t, Latency{Mean: 500.5, Min: 1, P50: 500, P90: 900, P99: 990, Max: 1000}, r.LatencyMs)

	small := New(Run{Requests: 10, Wall: time.Second}, once(results[:10]), Results(results[:10]), meter.Usage{}, nil, nil)
	assert.Equal(t, Latency{Mean: 5.5, Min: 1, P50: 5, P90: 9, P99: 10, Max: 10}, small.LatencyMs, "nearest rank, as the server computes it")
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
		Requests: 3, Wall: 15 * time.Millisecond}, once(results), Results(results),
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
		"statuses    200 OK: 2 · 500 error: 1",
		"errors      none",
		"memory      3.0 MiB allocated in 1,234 objects · 2 GC cycles · peak heap 1.0 MiB · peak RSS 9.0 MiB",
		"goroutines  peak 6 (4 before the run)",
		"server saw  at most 1 request at once (capacity 50, queue 50)",
		"3 answered · 503 busy: 0 · 500 error: 1",
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

func TestTheServerLinesSayWhatTheServerSaw(t *testing.T) {
	record := []Attempt{{ID: 0, Status: 200}, {ID: 1, Status: 503}}
	ret := Results([]lesson.Result{{ID: 0, Status: 200}, {ID: 1, Status: 503}})
	server := &dataserver.Stats{Capacity: 50, Queue: 50, Requests: 2, Served: 1, Rejected: 1, PeakInFlight: 30,
		PeakWorking: 25, PeakQueued: 5, OtherRequests: 2300, PeakServerInFlight: 100}
	var text bytes.Buffer
	require.NoError(t, New(Run{Requests: 2}, record, ret, meter.Usage{}, server, nil).WriteText(&text))
	assert.Contains(t, text.String(), "at most 30 requests at once (capacity 50, queue 50)")
	assert.Contains(t, text.String(), "at most 25 worked on at once · at most 5 waiting at once",
		"peaks that may have come at different moments are told apart")
	assert.Contains(t, text.String(), "warning: other clients sent 2,300 requests to the server during this run, and it "+
		"held up to 100 at once with theirs: some of the 503s are their doing")

	server.OtherRequests, server.PeakQueued = 0, 0
	text.Reset()
	require.NoError(t, New(Run{Requests: 2}, record, ret, meter.Usage{}, server, nil).WriteText(&text))
	assert.NotContains(t, text.String(), "other clients")
	assert.NotContains(t, text.String(), "waiting at once")
	assert.Contains(t, text.String(), "2 answered · 503 busy: 1 · 500 error: 0\n")
	assert.NotContains(t, text.String(), "/page/{id}", "a run of /data alone says nothing of pages")

	// A crawl's requests are for pages, and an id that is not a page is answered 404.
	record = []Attempt{{ID: 0, Status: 200}, {ID: 17, Status: 404}}
	ret = Results([]lesson.Result{{ID: 0, Status: 200}, {ID: 17, Status: 404}})
	server = &dataserver.Stats{Capacity: -1, Requests: 2, PageRequests: 2, Served: 1, NotFound: 1, PeakInFlight: 2}
	text.Reset()
	require.NoError(t, New(Run{Discovered: true}, record, ret, meter.Usage{}, server, nil).WriteText(&text))
	assert.Contains(t, text.String(), "2 answered · 503 busy: 0 · 500 error: 0 · 404 not found: 1\n")
	assert.Contains(t, text.String(), "of its 2 requests, 2 were for /page/{id} and 0 for /data")
}

func TestRequestsFoundAsTheRunWent(t *testing.T) {
	// A crawl fetched page 0, which linked to 40 and 7,000; 7,000 is not a page, and 40 was cut short once and
	// fetched again.
	record := []Attempt{{ID: 0, End: msec(5), Status: 200}, {ID: 7000, Start: msec(5), End: msec(5), Status: 404},
		{ID: 40, Start: msec(5), End: msec(8), Cause: "timeout"}, {ID: 40, Start: msec(8), End: msec(12), Status: 200}}
	run := Run{Lesson: "05-x", Discovered: true, Requests: 200, Wall: msec(12)}

	t.Run("counts the distinct ids attempted as the requests, whatever they are", func(t *testing.T) {
		ret := Results([]lesson.Result{{ID: 40, Status: 200}, {ID: 0, Status: 200}, {ID: 7000, Status: 404}})
		r := New(run, record, ret, meter.Usage{}, nil, nil)
		assert.True(t, r.Discovered)
		assert.Equal(t, 3, r.Requests, "-requests says nothing of the ids a crawl finds")
		assert.Equal(t, 3, r.Results)
		assert.Zero(t, r.NotStarted+r.Missing+r.Lost+r.Duplicates+r.Invalid)
		assert.Equal(t, 4, r.Attempts)
		assert.Equal(t, 1, r.Retries)
		assert.Equal(t, map[string]int{"timeout": 1}, r.RetriedAfter)
		assert.Equal(t, map[string]int{"200": 2, "404": 1}, r.Final)
		assert.Zero(t, r.Status, r.Verdict)
		var text bytes.Buffer
		require.NoError(t, r.WriteText(&text))
		assert.Contains(t, text.String(), "3 requests found as it went · ")
		assert.Contains(t, text.String(), "3 of 3 requests · every request accounted for")
	})

	t.Run("judges what the pattern returned against them", func(t *testing.T) {
		ret := Results([]lesson.Result{{ID: 40, Err: context.DeadlineExceeded}, {ID: 0, Status: 200}, {ID: 0, Status: 200},
			{ID: 12, Status: 200}})
		r := New(run, record, ret, meter.Usage{}, nil, nil)
		assert.Equal(t, 3, r.Requests)
		assert.Equal(t, 1, r.Results, "page 0")
		assert.Equal(t, 1, r.Duplicates, "page 0 again")
		assert.Equal(t, 2, r.Invalid, "40's is not its last attempt's outcome, and 12 was never fetched")
		assert.Equal(t, 2, r.Lost, "40 and 7,000 were fetched, and their results not returned")
		assert.Equal(t, 2, r.Missing)
		assert.Equal(t, 1, r.Status)
	})

	t.Run("a run of ids 0 to n-1 is judged as before", func(t *testing.T) {
		ret := Results([]lesson.Result{{ID: 0, Status: 200}, {ID: 40, Status: 200}})
		r := New(Run{Requests: 50, Wall: msec(12)}, record, ret, meter.Usage{}, nil, nil)
		assert.False(t, r.Discovered)
		assert.Equal(t, 50, r.Requests)
		assert.Equal(t, 2, r.Results)
		assert.Equal(t, 48, r.NotStarted)
		assert.Equal(t, 48, r.Missing)
	})
}

func TestTimeline(t *testing.T) {
	record := []Attempt{
		{ID: 0, Start: msec(0), End: msec(50), Status: 200},
		{ID: 1, Start: msec(10), End: msec(150), Status: 503},
		{ID: 2, Start: msec(20), End: msec(120), Cause: "timeout"},
		{ID: 3, Start: msec(150), End: msec(250), Status: 200},
		{ID: 4, Start: msec(160), End: msec(170), Status: 500},
		{ID: 5, Start: msec(160), End: msec(180), Status: 502},
		{ID: 6, Start: msec(160), End: msec(190), Status: 429},
	}
	tl := timeline(record, msec(250))
	assert.Equal(t, 100.0, tl.StepMs)
	assert.Equal(t, []Tick{
		{AtMs: 0, Finished: 1, InFlight: 3},
		{AtMs: 100, Finished: 5, InFlight: 4, Busy: 2, Errors: 1, Failed: 2},
		{AtMs: 200, Finished: 1, InFlight: 1},
	}, tl.Ticks, "a 503 or a 429 is busy, any other 5xx failed, no answer an error")

	data, err := json.Marshal(Tick{AtMs: 0, InFlight: 1})
	require.NoError(t, err)
	assert.JSONEq(t, `{"at_ms":0,"finished":0,"in_flight":1,"busy":0,"errors":0}`, string(data),
		"a tick without failures has the JSON it had before they were counted")

	long := timeline([]Attempt{{End: time.Hour, Status: 200}}, time.Hour)
	assert.LessOrEqual(t, len(long.Ticks), maxTicks, "a long run gets longer ticks")
	assert.Equal(t, 1, long.Ticks[len(long.Ticks)-1].Finished)
}

func TestTheTitleNamesTheVariant(t *testing.T) {
	var b bytes.Buffer
	r := New(Run{Lesson: "02-waitgroups", Pattern: "one goroutine per request", Variant: "mutex"}, nil, Results(nil), meter.Usage{}, nil, nil)
	require.NoError(t, r.WriteText(&b))
	assert.True(t, strings.HasPrefix(b.String(), "02-waitgroups · one goroutine per request · -variant mutex\n"), b.String())
}

func TestRequestsNotStarted(t *testing.T) {
	record := []Attempt{{ID: 0, End: msec(1), Status: 200}, {ID: 1, Start: msec(1), End: msec(2), Status: 200},
		{ID: 2, Start: msec(2), End: msec(5), Cause: "timeout"}} // the request the budget cut short
	ret := Results([]lesson.Result{{ID: 0, Status: 200}, {ID: 1, Status: 200}, {ID: 2, Err: context.DeadlineExceeded}})

	t.Run("a pattern that may stop early leaves them neither missing nor lost", func(t *testing.T) {
		r := New(Run{Lesson: "01-x", Requests: 5, Wall: time.Second, MayStopEarly: true}, record, ret, meter.Usage{}, nil, nil)
		assert.Equal(t, 3, r.Results)
		assert.Equal(t, 2, r.NotStarted)
		assert.Zero(t, r.Missing+r.Lost)
		assert.Zero(t, r.Status, r.Verdict)
		var text bytes.Buffer
		require.NoError(t, r.WriteText(&text))
		assert.Contains(t, text.String(), "results     3 of 5 requests · every request started accounted for")
		assert.Contains(t, text.String(), "2 of 5 requests not started: the budget ran out")
	})

	t.Run("any other pattern must start every request", func(t *testing.T) {
		r := New(Run{Lesson: "01-x", Requests: 5, Wall: time.Second}, record, ret, meter.Usage{}, nil, nil)
		assert.Equal(t, 2, r.NotStarted)
		assert.Equal(t, 2, r.Missing)
		assert.Equal(t, 1, r.Status)
	})
}

func TestHedges(t *testing.T) {
	// In the order they ended, as the harness records them.
	record := []Attempt{
		{ID: 1, Start: msec(0), End: msec(10), Status: 200},                   // no hedge
		{ID: 3, Start: msec(0), End: msec(30), Status: 200},                   // the original wins...
		{ID: 0, Start: msec(50), End: msec(60), Status: 200},                  // the hedge wins...
		{ID: 0, Start: msec(0), End: msec(61), Cause: "canceled"},             // ...and the original is cancelled
		{ID: 3, Start: msec(20), End: msec(31), Cause: "canceled"},            // ...and the hedge is cancelled
		{ID: 2, Start: msec(0), End: msec(70), Cause: "canceled"},             // Ctrl-C: both cancelled
		{ID: 2, Start: msec(50), End: msec(70), Cause: "canceled"},            //
		{ID: 4, Start: msec(0), End: msec(5), Status: 503},                    // a retry after a 503,
		{ID: 4, Start: msec(6), End: msec(9), Cause: "canceled"},              // cancelled,
		{ID: 4, Start: msec(10), End: msec(19), Status: 200, RetryAfter: 0},   // and retried again: no overlap
		{ID: 5, Start: msec(0), End: msec(40), Status: 500},                   // the original fails first...
		{ID: 5, Start: msec(30), End: msec(41), Cause: "canceled"},            // ...and that is the answer
		{ID: 6, Start: msec(80), End: msec(90), Status: 200, RetryAfter: 0},   // both answered: the last is the outcome
		{ID: 6, Start: msec(70), End: msec(91), Status: 200, RetryAfter: 0},   //
		{ID: 7, Start: msec(100), End: msec(100), Status: 200, RetryAfter: 0}, //
	}
	returned := Results([]lesson.Result{
		{ID: 0, Status: 200}, {ID: 1, Status: 200}, {ID: 2, Err: context.Canceled}, {ID: 3, Status: 200},
		{ID: 4, Status: 200}, {ID: 5, Status: 500}, {ID: 6, Status: 200}, {ID: 7, Status: 200},
	})
	r := New(Run{Requests: 8, Wall: time.Second}, record, returned, meter.Usage{}, nil, nil)
	assert.Equal(t, 8, r.Results, "the hedge that lost is not its request's outcome")
	assert.Zero(t, r.Invalid+r.Lost+r.Missing+r.Duplicates)
	assert.Equal(t, 15, r.Attempts)
	assert.Equal(t, 7, r.Retries)
	assert.Equal(t, 5, r.Overlapping, "ids 0, 2, 3, 5, 6 each had a second attempt while the first was in flight")
	assert.Equal(t, map[string]int{"503": 1, "canceled": 1}, r.RetriedAfter)
	assert.Equal(t, 3, r.HedgesLost, "ids 0, 3 and 5 each had an attempt cancelled while the other, not cancelled, ran")
	assert.Equal(t, 6, r.Errors["canceled"], "the lost hedges are among the cancelled attempts")
	assert.Equal(t, map[string]int{"200": 6, "500": 1, "canceled": 1}, r.Final)
	assert.Equal(t, "attempt", r.LatencyOf)
	assert.Zero(t, r.Status, r.Verdict)

	var text bytes.Buffer
	require.NoError(t, r.WriteText(&text))
	assert.Contains(t, text.String(), "8 requests in 15 attempts · 5 overlapping (hedges), 3 lost the race and cancelled · "+
		"1 retried after a 503, 1 after a canceled")
}

func TestAHedgeSentAnInstantAfterTheAnswerIsNotTheOutcome(t *testing.T) {
	// In real time the harness records an attempt's end before the pattern hears of it: a hedge due at that
	// very moment may start just after the answer that makes it moot, and is cancelled at once.
	record := []Attempt{
		{ID: 0, Start: msec(0), End: msec(20), Status: 200},
		{ID: 0, Start: msec(20) + time.Microsecond, End: msec(20) + 2*time.Microsecond, Cause: "canceled"},
	}
	returned := Results([]lesson.Result{{ID: 0, Status: 200}})
	hedging := New(Run{Requests: 1, Wall: time.Second, LatencyPerRequest: true}, record, returned, meter.Usage{}, nil, nil)
	assert.Zero(t, hedging.Invalid, "a pattern that hedges returned the answer: the late hedge is no outcome")
	assert.Equal(t, 1, hedging.HedgesLost)
	assert.Zero(t, hedging.Status, hedging.Verdict)

	// Without hedging, an attempt cancelled after another answered is the outcome: a retry cut short.
	retrying := New(Run{Requests: 1, Wall: time.Second}, record, Results([]lesson.Result{{ID: 0, Err: context.Canceled}}),
		meter.Usage{}, nil, nil)
	assert.Zero(t, retrying.Invalid)
	assert.Equal(t, map[string]int{"canceled": 1}, retrying.Final)
}

func TestLatencyPerRequest(t *testing.T) {
	record := []Attempt{
		{ID: 0, Start: msec(50), End: msec(60), Status: 200}, // the hedge: 10ms for the attempt, 60ms for the request
		{ID: 0, Start: msec(0), End: msec(61), Cause: "canceled"},
		{ID: 1, Start: msec(0), End: msec(20), Status: 200},
		{ID: 2, Start: msec(0), End: msec(5), Status: 503}, // a retry: 5ms, then 30ms; 35ms for the request
		{ID: 2, Start: msec(5), End: msec(35), Status: 200},
		{ID: 3, Start: msec(0), End: msec(90), Cause: "timeout"}, // no answer: no latency
	}
	returned := Results([]lesson.Result{{ID: 0, Status: 200}, {ID: 1, Status: 200}, {ID: 2, Status: 200},
		{ID: 3, Err: context.DeadlineExceeded}})

	perAttempt := New(Run{Requests: 4, Wall: time.Second}, record, returned, meter.Usage{}, nil, nil)
	assert.Equal(t, Latency{Mean: 16.25, Min: 5, P50: 10, P90: 30, P99: 30, Max: 30}, perAttempt.LatencyMs)

	perRequest := New(Run{Requests: 4, Wall: time.Second, LatencyPerRequest: true}, record, returned, meter.Usage{}, nil, nil)
	assert.Equal(t, "request", perRequest.LatencyOf)
	assert.Equal(t, Latency{Mean: 38.333, Min: 20, P50: 35, P90: 60, P99: 60, Max: 60}, perRequest.LatencyMs)
	var text bytes.Buffer
	require.NoError(t, perRequest.WriteText(&text))
	assert.Contains(t, text.String(), "max 60.0ms (each request's, from its first attempt to its final answer)")
}

func TestAClampedRetryAfterIsReported(t *testing.T) {
	days := 26690 * 24 * time.Hour
	record := []Attempt{
		{ID: 0, End: msec(1), Status: 503, RetryAfter: days, Clamped: true},
		{ID: 0, Start: 5 * time.Second, End: 5*time.Second + msec(1), Status: 503, RetryAfter: time.Hour, Clamped: true},
		{ID: 0, Start: 10 * time.Second, End: 10*time.Second + msec(1), Status: 200},
	}
	r := New(Run{Requests: 1, Wall: 11 * time.Second, RetryAfterBound: 5 * time.Second}, record,
		Results([]lesson.Result{{ID: 0, Status: 200}}), meter.Usage{}, nil, nil)
	require.NotNil(t, r.RetryAfter)
	assert.Equal(t, Clamp{Answers: 2, LongestMs: units.Millis(days), BoundMs: 5000}, *r.RetryAfter)
	want := "2 answers asked to wait up to 26,690 days (Retry-After); the pattern was given 5.00s instead: -max-retry-after bounds it"
	assert.Equal(t, []string{want}, r.Warnings)
	assert.Zero(t, r.Status, "a clamp is no failure")
	var text bytes.Buffer
	require.NoError(t, r.WriteText(&text))
	assert.Contains(t, text.String(), "warning: "+want)
}

func TestEveryAnswerA404FailsTheRun(t *testing.T) {
	record := []Attempt{{ID: 0, Status: 404}, {ID: 1, Status: 404}}
	ret := Results([]lesson.Result{{ID: 0, Status: 404}, {ID: 1, Status: 404}})
	r := New(Run{Lesson: "03-x", Requests: 2, URL: "http://h/data"}, record, ret, meter.Usage{}, nil, nil)
	assert.Equal(t, 1, r.Status)
	assert.Contains(t, r.Verdict, "03-x: every answer was a 404 Not Found: http://h/data has no /data")

	record[1].Status, ret = 200, Results([]lesson.Result{{ID: 0, Status: 404}, {ID: 1, Status: 200}})
	assert.Zero(t, New(Run{Requests: 2}, record, ret, meter.Usage{}, nil, nil).Status, "one 404 among answers is a figure")
}

func TestTheJSONCarriesEveryWarningTheTextShows(t *testing.T) {
	record := []Attempt{{ID: 0, Status: 200, RetryAfter: time.Hour, Clamped: true}, {ID: 1, Status: 503}}
	server := &dataserver.Stats{Requests: 9, Served: 1, Rejected: 1, OtherRequests: 40, PeakServerInFlight: 12}
	r := New(Run{Lesson: "04-x", Requests: 2, Foreign: "the server at http://h/data is not the workshop's",
		Notes: []string{"04-x is meant for a server started with `go run ./server -profile overloaded`"}, RetryAfterBound: time.Second},
		record, Unreturned(), meter.Usage{}, server, nil)
	var text, js bytes.Buffer
	require.NoError(t, r.WriteText(&text))
	require.NoError(t, r.WriteJSON(&js))
	var back Report
	require.NoError(t, json.Unmarshal(js.Bytes(), &back))

	var shown []string
	for _, l := range strings.Split(text.String(), "\n") {
		if w, ok := strings.CutPrefix(l, "warning: "); ok {
			shown = append(shown, w)
		}
	}
	assert.Len(t, shown, 6, "the foreign server, the note, the clamp, other clients, the count, the pattern that did not return:\n%s", text.String())
	assert.ElementsMatch(t, shown, back.Warnings)
	assert.Equal(t, "the server at http://h/data is not the workshop's", back.Foreign)
	assert.True(t, strings.HasPrefix(strings.SplitN(text.String(), "\n", 4)[2], "warning: the server at http://h/data is not"),
		"the foreign server is the first thing the report says after its title:\n%s", text.String())
}
