package harness

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-concurrency-workshop/workshop/internal/dataserver"
	"github.com/go-concurrency-workshop/workshop/internal/lesson"
	"github.com/go-concurrency-workshop/workshop/internal/report"
	"github.com/go-concurrency-workshop/workshop/internal/units"
)

// serve runs the real /data handler on loopback for one test.
func serve(t *testing.T, cfg dataserver.Config) string {
	ts := httptest.NewServer(dataserver.New(cfg))
	t.Cleanup(ts.Close)
	return ts.URL + "/data"
}

// retrying is a pattern that retries: w goroutines share the ids, and each retries its request after a
// 503 until it gets another answer.
func retrying(ctx context.Context, n, w int, fetch lesson.Fetch) []lesson.Result {
	results := make([]lesson.Result, n)
	var wg sync.WaitGroup
	for g := range w {
		wg.Go(func() {
			for id := g; id < n; id += w {
				for {
					results[id] = fetch(ctx, id)
					if results[id].Status != http.StatusServiceUnavailable {
						break
					}
					time.Sleep(time.Millisecond) // the test's server says Retry-After: 1s; it need not wait that long
				}
			}
		})
	}
	wg.Wait()
	return results
}

func TestTheReportComesFromTheRecordOfEveryAttempt(t *testing.T) {
	// Room for 2 at once and none waiting: 6 workers with requests of 20ms are refused often.
	cfg := dataserver.Config{Latency: 20 * time.Millisecond, ErrorBurst: 1, Capacity: 2, RetryAfter: time.Second, Seed: 1}
	url := serve(t, cfg)
	l := Lesson{Name: "99-retries", Pattern: "retries after a 503", Concurrency: PerWorker}
	run, err := start(t.Context(), l, []string{"-url", url, "-requests", "30", "-workers", "6"}, io.Discard)
	require.NoError(t, err)

	results := retrying(run.Ctx, run.Requests, run.Workers, run.Fetch)
	rep := run.report(report.Results(results), run.rec.snapshot(), io.Discard)

	assert.Equal(t, 30, rep.Requests)
	assert.Equal(t, 6, rep.Concurrency, "6 workers")
	assert.Equal(t, 30, rep.Results, "every request has its final result")
	assert.Zero(t, rep.Missing+rep.Lost+rep.Duplicates+rep.Invalid)
	require.Positive(t, rep.Retries, "6 workers against room for 2 should have been refused at least once")
	assert.Equal(t, rep.Requests+rep.Retries, rep.Attempts)
	assert.Equal(t, map[string]int{"503": rep.Retries}, rep.RetriedAfter, "every retry followed a 503")
	assert.Equal(t, map[string]int{"200": 30}, rep.Final)

	require.NotNil(t, rep.Server, rep.ServerError)
	s := rep.Server
	assert.Equal(t, int64(rep.Attempts), s.Requests, "the server saw every attempt")
	assert.Equal(t, map[int]int{200: int(s.Served), 503: int(s.Rejected)}, rep.Statuses,
		"the client's statuses should add up to the server's counts")
	assert.Zero(t, s.Failed)
	assert.Empty(t, rep.Warnings)
	assert.Zero(t, rep.Status)

	var text bytes.Buffer
	require.NoError(t, rep.WriteText(&text))
	assert.Contains(t, text.String(), fmt.Sprintf("attempts    30 requests in %d attempts · %d retried after a 503",
		rep.Attempts, rep.Retries))
	assert.Contains(t, text.String(), "final       200 OK: 30")
	var js bytes.Buffer
	require.NoError(t, rep.WriteJSON(&js))
	assert.Contains(t, js.String(), fmt.Sprintf(`"attempts": %d`, rep.Attempts))
}

func TestAValuePatternIsJudgedByItsError(t *testing.T) {
	url := serve(t, dataserver.Config{ErrorBurst: 1, Capacity: dataserver.Unlimited, RetryAfter: time.Second, Seed: 1})
	l := Lesson{Name: "99-value", Pattern: "returns a value", Concurrency: OneAtATime}

	run, err := start(t.Context(), l, []string{"-url", url, "-requests", "3"}, io.Discard)
	require.NoError(t, err)
	for id := range 3 {
		run.Fetch(run.Ctx, id)
	}
	rep := run.report(report.Value("3 answers", nil), run.rec.snapshot(), io.Discard)
	assert.Equal(t, 3, rep.Results, "each request's outcome is its last attempt")
	assert.Equal(t, "3 answers", rep.Value)
	assert.Zero(t, rep.Status)

	run, err = start(t.Context(), l, []string{"-url", url, "-requests", "3"}, io.Discard)
	require.NoError(t, err)
	run.Fetch(run.Ctx, 0)
	rep = run.report(report.Value(nil, fmt.Errorf("decode: stage failed")), run.rec.snapshot(), io.Discard)
	assert.Equal(t, 1, rep.Status, "a pattern that returns an error fails the run")
	assert.Contains(t, rep.Verdict, "the pattern returned an error: decode: stage failed")
	assert.Equal(t, 2, rep.Missing)
}

func TestTraceWritesARuntimeTrace(t *testing.T) {
	url := serve(t, dataserver.Config{ErrorBurst: 1, Capacity: dataserver.Unlimited, RetryAfter: time.Second, Seed: 1})
	path := filepath.Join(t.TempDir(), "run.trace")
	var log bytes.Buffer
	run, err := start(t.Context(), Lesson{Name: "99-trace", Concurrency: OneAtATime}, []string{"-url", url, "-requests", "2", "-trace", path}, &log)
	require.NoError(t, err)
	run.Fetch(run.Ctx, 0)
	run.Fetch(run.Ctx, 1)
	run.report(report.Value(nil, nil), run.rec.snapshot(), &log)
	info, err := os.Stat(path)
	require.NoError(t, err)
	assert.Positive(t, info.Size())
	assert.Contains(t, log.String(), "go tool trace "+path)

	_, err = start(t.Context(), Lesson{Name: "99-trace"}, []string{"-url", url, "-trace", filepath.Join(t.TempDir(), "no", "such", "dir")}, &log)
	assert.ErrorContains(t, err, "99-trace: harness: -trace:")
}

func TestGoneWatch(t *testing.T) {
	attempt := func(r lesson.Result) report.Attempt { return report.NewAttempt(r, 0, 0) }
	refused := attempt(lesson.Result{Err: fmt.Errorf("dial: %w", syscall.ECONNREFUSED)})
	timedOut := attempt(lesson.Result{Err: context.DeadlineExceeded})
	ok := attempt(lesson.Result{Status: 200})

	t.Run("stops after 100 refusals in a row, none answered", func(t *testing.T) {
		var w goneWatch
		for range 99 {
			require.Nil(t, w.observe(refused, time.Second))
		}
		gone := w.observe(refused, time.Second)
		require.NotNil(t, gone)
		assert.Contains(t, gone.Error(), "the last 100 requests were refused or cut off (connection refused)")
	})

	t.Run("starts counting again after an answer, and ignores the client's own errors", func(t *testing.T) {
		var w goneWatch
		for range 99 {
			w.observe(refused, time.Second)
		}
		w.observe(attempt(lesson.Result{Err: context.Canceled}), time.Second)
		w.observe(attempt(lesson.Result{Err: fmt.Errorf("dial: %w", syscall.EMFILE)}), time.Second)
		assert.Nil(t, w.observe(ok, time.Second))
		for range 99 {
			require.Nil(t, w.observe(refused, time.Second))
		}
	})

	t.Run("stops once the server has only refused for 30s, 5 times in a row or more", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			busy := attempt(lesson.Result{Status: 503, RetryAfter: time.Second})
			tooMany := attempt(lesson.Result{Status: 429})
			var w goneWatch
			require.Nil(t, w.observe(ok, time.Second))
			for range 29 { // one refusal a second, as Retry-After: 1 makes them
				time.Sleep(time.Second)
				require.Nil(t, w.observe(busy, time.Second), "less than 30s")
			}
			time.Sleep(time.Second)
			gone := w.observe(tooMany, time.Second)
			require.NotNil(t, gone, "30s of refusals")
			assert.Contains(t, gone.Error(), "stopped early: the last 30 answers were all refusals (429), and nothing else has answered for 30s")

			w = goneWatch{}
			w.observe(ok, time.Second)
			time.Sleep(time.Minute)
			for range 4 {
				require.Nil(t, w.observe(busy, time.Second), "fewer than 5 refusals, however long since the last answer")
			}
			assert.Nil(t, w.observe(attempt(lesson.Result{Status: 500}), time.Second), "any other answer starts the count again")
			time.Sleep(time.Minute)
			for range 4 {
				require.Nil(t, w.observe(busy, time.Second))
			}
			require.NotNil(t, w.observe(busy, time.Second), "5 refusals, a minute after the 500")

			w = goneWatch{}
			require.Nil(t, w.observe(busy, time.Second))
			time.Sleep(30 * time.Second)
			for range 3 {
				require.Nil(t, w.observe(busy, time.Second))
			}
			require.NotNil(t, w.observe(busy, time.Second), "nothing else answered since the start: the start counts")
		})
	})

	t.Run("stops after 3 time-outs in a row once nothing has answered for twice the limit", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			var w goneWatch
			w.observe(ok, time.Second)
			time.Sleep(time.Second)
			require.Nil(t, w.observe(timedOut, time.Second))
			require.Nil(t, w.observe(timedOut, time.Second))
			require.Nil(t, w.observe(timedOut, time.Second), "3 in a row, but the last answer was only 1s ago")
			time.Sleep(time.Second)
			gone := w.observe(timedOut, time.Second)
			require.NotNil(t, gone)
			assert.Contains(t, gone.Error(), "the last 4 requests timed out, and nothing has answered for 2s")
		})
	})
}

func TestAServerThatIsGoneStopsTheRunEarly(t *testing.T) {
	ts := httptest.NewServer(dataserver.New(dataserver.Config{ErrorBurst: 1, Capacity: dataserver.Unlimited, RetryAfter: time.Second, Seed: 1}))
	url := ts.URL + "/data"
	run, err := start(t.Context(), Lesson{Name: "99-gone", Concurrency: OneAtATime}, []string{"-url", url, "-requests", "1000"}, io.Discard)
	require.NoError(t, err)
	ts.Close() // the server goes away before the run begins

	var results []lesson.Result
	for id := range run.Requests {
		if run.Ctx.Err() != nil {
			break
		}
		results = append(results, run.Fetch(run.Ctx, id))
	}
	rep := run.report(report.Results(results), run.rec.snapshot(), io.Discard)
	assert.Len(t, results, 100, "the run stops after 100 refusals in a row")
	assert.Equal(t, 1, rep.Status)
	assert.False(t, rep.Interrupted)
	assert.Contains(t, rep.Verdict, "99-gone: stopped early: the last 100 requests were refused")
}

func TestAPatternThatReturnsBeforeItsRequestsEndIsToldSo(t *testing.T) {
	cfg := dataserver.Config{Latency: 300 * time.Millisecond, ErrorBurst: 1, Capacity: dataserver.Unlimited, RetryAfter: time.Second, Seed: 1}
	url := serve(t, cfg)
	run, err := start(t.Context(), Lesson{Name: "99-nowait", Concurrency: PerRequest}, []string{"-url", url, "-requests", "20"}, io.Discard)
	require.NoError(t, err)

	// The mistake: goroutines started, and not waited for. What the pattern returns is its slice as it is
	// at once: empty slots.
	var wg sync.WaitGroup
	for id := range run.Requests {
		wg.Go(func() { run.Fetch(run.Ctx, id) })
	}
	require.Eventually(t, func() bool { return run.rec.inFlight.Load() == int64(run.Requests) }, 5*time.Second,
		time.Millisecond, "the 20 requests (300ms each) never were all in flight")
	at := run.rec.snapshot() // what Finish takes, the moment the pattern returns
	wg.Wait()                // the test's own cleanup
	rep := run.report(report.Results(make([]lesson.Result, run.Requests)), at, io.Discard)

	assert.Equal(t, 20, rep.InFlightAtReturn, "the requests were still in flight when the pattern returned")
	assert.Equal(t, 1, rep.Status)
	assert.Contains(t, rep.Verdict, "the pattern returned while")
	assert.Contains(t, rep.Verdict, "must wait for every goroutine it started")
}

func TestWatchStallSaysOnceWhenNothingHappens(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var r Run
		r.rec.begin(1)
		var log bytes.Buffer
		r.watchStall(&log, 10*time.Second) // returns once it has said it
		assert.Contains(t, log.String(), "no request has been in flight for 10s, and the pattern has not returned")
		assert.Equal(t, 10*time.Second, time.Since(r.rec.start), "it speaks after 10s of nothing, not before")
		assert.Equal(t, []string{"at 10s, no request had been in flight for 10s, and the pattern had not returned"}, r.takeNotes(),
			"the report repeats it")
	})
}

// nothingAt is a URL where nothing answers.
const nothingAt = "http://127.0.0.1:1/data"

// notWorkshop is another HTTP server, such as `python3 -m http.server`: it answers 404 to every path.
func notWorkshop(t *testing.T) string {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Server", "SimpleHTTP/0.6 Python/3.12.3")
		http.Error(w, "File not found", http.StatusNotFound)
	}))
	t.Cleanup(ts.Close)
	return ts.URL
}

// withDefaultURL makes url -url's default for one test: tests never rely on what answers at 8080.
func withDefaultURL(t *testing.T, url string) {
	old := defaultURL
	defaultURL = url
	t.Cleanup(func() { defaultURL = old })
}

func TestSomethingElseAtTheDefaultURLIsNotTakenForTheWorkshopsServer(t *testing.T) {
	other := notWorkshop(t)
	withDefaultURL(t, other+"/data")
	var log bytes.Buffer
	run, err := start(t.Context(), Lesson{Name: "03-x", Concurrency: OneAtATime}, []string{"-requests", "2"}, &log)
	require.NoError(t, err)
	assert.Equal(t, "Something else answers at "+other+"/data, not the workshop's server: starting one for this run on a free port.\n",
		log.String(), "one line says so")
	require.NotNil(t, run.child, "it starts a server of its own")
	assert.NotEqual(t, other+"/data", run.url)
	run.Fetch(run.Ctx, 0)
	run.Fetch(run.Ctx, 1)
	rep := run.report(report.Value(nil, nil), run.rec.snapshot(), io.Discard)
	assert.True(t, rep.Embedded)
	assert.Empty(t, rep.Foreign)
	assert.Equal(t, map[int]int{200: 2}, rep.Statuses)
	assert.Zero(t, rep.Status, rep.Verdict)
}

func TestAServerGivenWithURLThatIsNotTheWorkshopsIsWarnedOf(t *testing.T) {
	other := notWorkshop(t)
	var log bytes.Buffer
	run, err := start(t.Context(), Lesson{Name: "03-x", Concurrency: OneAtATime}, []string{"-url", other + "/data", "-requests", "3"}, &log)
	require.NoError(t, err)
	assert.Nil(t, run.child, "with -url given, no server is started")
	var results []lesson.Result
	for id := range run.Requests {
		results = append(results, run.Fetch(run.Ctx, id))
	}
	rep := run.report(report.Results(results), run.rec.snapshot(), io.Discard)
	require.NotEmpty(t, rep.Warnings)
	assert.Contains(t, rep.Warnings[0], "the server at "+other+"/data is not the workshop's: its /healthz answered "+
		"404 Not Found \"File not found\", from SimpleHTTP/0.6 Python/3.12.3.")
	assert.Equal(t, rep.Warnings[0], rep.Foreign)
	assert.Contains(t, log.String(), "warning: "+rep.Foreign, "said as the run starts, too")
	assert.Nil(t, rep.Server, "the server has no figures for this run")
	assert.Equal(t, map[int]int{404: 3}, rep.Statuses)
	assert.Equal(t, 1, rep.Status, "every answer was a 404")
	assert.Contains(t, rep.Verdict, "every answer was a 404 Not Found")

	var text bytes.Buffer
	require.NoError(t, rep.WriteText(&text))
	assert.Contains(t, strings.SplitN(text.String(), "\n", 4)[2], "warning: the server at "+other+"/data is not the workshop's",
		"at the top of the report")
}

func TestARetryAfterBeyondTheBoundIsClamped(t *testing.T) {
	handler := dataserver.New(dataserver.Config{ErrorBurst: 1, Capacity: dataserver.Unlimited, RetryAfter: time.Second, Seed: 1})
	var refused atomic.Bool
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/data" && !refused.Swap(true) { // the first request: come back in 2099
			w.Header().Set("Retry-After", "Fri, 31 Dec 2099 23:59:59 GMT")
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		handler.ServeHTTP(w, r)
	}))
	t.Cleanup(ts.Close)
	run, err := start(t.Context(), Lesson{Name: "04-x", Concurrency: OneAtATime},
		[]string{"-url", ts.URL + "/data", "-requests", "1", "-max-retry-after", "2s"}, io.Discard)
	require.NoError(t, err)

	first := run.Fetch(run.Ctx, 0)
	assert.Equal(t, http.StatusServiceUnavailable, first.Status)
	assert.Equal(t, 2*time.Second, first.RetryAfter, "the pattern is given the bound, not 2099")
	second := run.Fetch(run.Ctx, 0)
	assert.Equal(t, http.StatusOK, second.Status)
	rep := run.report(report.Results([]lesson.Result{second}), run.rec.snapshot(), io.Discard)

	require.NotNil(t, rep.RetryAfter)
	assert.Equal(t, 1, rep.RetryAfter.Answers)
	assert.Equal(t, 2000.0, rep.RetryAfter.BoundMs)
	assert.Greater(t, rep.RetryAfter.LongestMs, units.Millis(70*365*24*time.Hour), "what the server asked for")
	assert.Contains(t, strings.Join(rep.Warnings, "\n"), "1 answers asked to wait up to ")
	assert.Contains(t, strings.Join(rep.Warnings, "\n"), " days (Retry-After); the pattern was given 2.00s instead")
	assert.Zero(t, rep.Status, rep.Verdict)
}

func TestAVariantsSetup(t *testing.T) {
	withDefaultURL(t, nothingAt)
	l := Lesson{Name: "01-x", Concurrency: OneAtATime, Server: []string{"-capacity", "5"},
		Setups: map[string]VariantSetup{"budget": {Server: []string{"-profile", "calm", "-capacity", "7"}, MayStopEarly: true, LatencyPerRequest: true}}}

	run, err := start(t.Context(), l, []string{"-variant", "budget", "-requests", "10"}, io.Discard)
	require.NoError(t, err)
	require.NotNil(t, run.child)
	var results []lesson.Result
	for id := range 3 { // the budget ran out after 3
		results = append(results, run.Fetch(run.Ctx, id))
	}
	rep := run.report(report.Results(results), run.rec.snapshot(), io.Discard)
	require.NotNil(t, rep.Server, rep.ServerError)
	assert.Equal(t, 7, rep.Server.Capacity, "the variant's own server")
	assert.Equal(t, "budget", rep.Variant)
	assert.Equal(t, 7, rep.NotStarted)
	assert.Zero(t, rep.Missing, "requests not started are not missing when the pattern may stop early")
	assert.Equal(t, "request", rep.LatencyOf)
	assert.Zero(t, rep.Status, rep.Verdict)

	run, err = start(t.Context(), l, []string{"-requests", "10"}, io.Discard)
	require.NoError(t, err)
	run.Fetch(run.Ctx, 0)
	rep = run.report(report.Results(nil), run.rec.snapshot(), io.Discard)
	require.NotNil(t, rep.Server, rep.ServerError)
	assert.Equal(t, 5, rep.Server.Capacity, "the default variant gets the lesson's server")
	assert.Equal(t, "attempt", rep.LatencyOf)
}

// hedged is a pattern that hedges: for each id, an attempt, and a second one if the first has not ended
// within after; the first to end wins, and the other is cancelled and waited for.
func hedged(ctx context.Context, n int, after time.Duration, fetch lesson.Fetch) []lesson.Result {
	results := make([]lesson.Result, n)
	var wg sync.WaitGroup
	for id := range n {
		wg.Go(func() {
			ended := make(chan lesson.Result, 2)
			var attempts sync.WaitGroup
			var cancels []context.CancelFunc
			try := func() {
				actx, cancel := context.WithCancel(ctx)
				cancels = append(cancels, cancel)
				attempts.Go(func() { ended <- fetch(actx, id) })
			}
			try()
			select {
			case results[id] = <-ended:
			case <-time.After(after):
				try()
				results[id] = <-ended
			}
			for _, cancel := range cancels {
				cancel()
			}
			attempts.Wait()
		})
	}
	wg.Wait()
	return results
}

func TestAHedgeThatLostIsNotItsRequestsOutcome(t *testing.T) {
	// Every answer takes 300ms: a hedge sent after 50ms always loses to the first attempt, and is cancelled
	// while the server is still working on it.
	url := serve(t, dataserver.Config{Latency: 300 * time.Millisecond, ErrorBurst: 1, Capacity: dataserver.Unlimited,
		RetryAfter: time.Second, Seed: 1})
	l := Lesson{Name: "03-x", Concurrency: PerWorker, Variants: []string{"fanoutin", "hedged"},
		Setups: map[string]VariantSetup{"hedged": {LatencyPerRequest: true}}}
	run, err := start(t.Context(), l, []string{"-url", url, "-requests", "6", "-variant", "hedged"}, io.Discard)
	require.NoError(t, err)

	results := hedged(run.Ctx, run.Requests, 50*time.Millisecond, run.Fetch)
	require.Eventually(t, func() bool {
		st, err := run.client.ServerStats(t.Context())
		return err == nil && st.InFlight == 0
	}, 5*time.Second, time.Millisecond, "the server never counted the cancelled hedges out")
	rep := run.report(report.Results(results), run.rec.snapshot(), io.Discard)

	assert.Equal(t, 6, rep.Results, "each request's outcome is its answer, not the hedge cancelled after it")
	assert.Zero(t, rep.Invalid+rep.Lost+rep.Missing+rep.Duplicates)
	assert.Equal(t, 12, rep.Attempts)
	assert.Equal(t, 6, rep.Overlapping)
	assert.Equal(t, 6, rep.HedgesLost)
	assert.Equal(t, map[string]int{"200": 6}, rep.Final)
	assert.Equal(t, "request", rep.LatencyOf)
	require.NotNil(t, rep.Server, rep.ServerError)
	assert.Equal(t, int64(rep.HedgesLost), rep.Server.Canceled, "the server counts the hedges that lost as cancelled")
	assert.Equal(t, int64(6), rep.Server.Served)
	assert.Empty(t, rep.Warnings)
	assert.Zero(t, rep.Status, rep.Verdict)
}

// crawling is a pattern that crawls the link graph from root, one page after another, and returns each
// page's result.
func crawling(ctx context.Context, root int, fetchPage lesson.Fetch) []lesson.Result {
	var results []lesson.Result
	seen := map[int]bool{root: true}
	queue := []int{root}
	for len(queue) > 0 && ctx.Err() == nil {
		id := queue[0]
		queue = queue[1:]
		r := fetchPage(ctx, id)
		results = append(results, r)
		var page struct{ Links []int }
		if r.Status == http.StatusOK && json.Unmarshal(r.Body, &page) == nil {
			for _, l := range page.Links {
				if !seen[l] {
					seen[l] = true
					queue = append(queue, l)
				}
			}
		}
	}
	return results
}

func TestACrawlsRequestsAreThePagesItFound(t *testing.T) {
	cfg := dataserver.Config{ErrorBurst: 1, Capacity: dataserver.Unlimited, RetryAfter: time.Second, Seed: 1, Pages: 100}
	url := serve(t, cfg)
	l := Lesson{Name: "05-x", Concurrency: PerWorker, Variants: []string{"pipeline", "crawl"},
		Setups: map[string]VariantSetup{"crawl": {Discovers: true}}}
	run, err := start(t.Context(), l, []string{"-url", url, "-requests", "20", "-variant", "crawl"}, io.Discard)
	require.NoError(t, err)

	reach, err := run.Reach(0)
	require.NoError(t, err)
	assert.Equal(t, dataserver.NewGraph(cfg.Seed, cfg.Pages).Reachable(0), reach)
	_, err = run.Reach(4 * cfg.Pages) // beyond the id space: no page
	assert.ErrorContains(t, err, "httpclient: 400 is not a page of the server's link graph")
	results := crawling(run.Ctx, 0, run.FetchPage)
	rep := run.report(report.Results(results), run.rec.snapshot(), io.Discard)

	assert.True(t, rep.Discovered)
	assert.Equal(t, reach.Reachable+reach.Missing, rep.Requests, "every page found, and every dead link, once: not -requests")
	assert.Equal(t, rep.Requests, rep.Results)
	assert.Equal(t, rep.Requests, rep.Attempts)
	assert.Zero(t, rep.NotStarted+rep.Missing+rep.Lost+rep.Duplicates+rep.Invalid)
	assert.Equal(t, map[int]int{200: reach.Reachable, 404: reach.Missing}, rep.Statuses)
	require.NotNil(t, rep.Server, rep.ServerError)
	assert.Equal(t, int64(rep.Attempts), rep.Server.Requests)
	assert.Equal(t, rep.Server.Requests, rep.Server.PageRequests, "every request was for a page")
	assert.Equal(t, int64(reach.Missing), rep.Server.NotFound)
	assert.Empty(t, rep.Warnings)
	assert.Zero(t, rep.Status, rep.Verdict)
	assert.Equal(t, rep.Requests, run.rec.done(), "the progress bar counts the pages")
}

// A server given with -url is compared with the one the variant's server flags describe: a note only when
// it is set up otherwise, naming both.
func TestReachComparesTheServersSettings(t *testing.T) {
	flags := []string{"-profile", "overloaded", "-queue", "0"}
	meant, err := dataserver.ParseFlags(flags, io.Discard)
	require.NoError(t, err)
	other, err := dataserver.ParseFlags(nil, io.Discard)
	require.NoError(t, err)
	for _, c := range []struct {
		name  string
		cfg   dataserver.Config
		noted bool
	}{
		{"a server started with the variant's flags gets no note", meant.Config, false},
		{"a server set up otherwise gets a note that names both set-ups", other.Config, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			url := serve(t, c.cfg)
			f, err := ParseFlags(Lesson{Name: "04-backpressure"}, []string{"-url", url}, io.Discard)
			require.NoError(t, err)
			var log bytes.Buffer
			r := &Run{lesson: Lesson{Name: "04-backpressure"}, flags: f, setup: VariantSetup{Server: flags}}
			require.NoError(t, r.reach(&log))
			if !c.noted {
				assert.Empty(t, log.String(), "the server is set up as the variant's flags say")
				assert.Empty(t, r.notes)
				return
			}
			assert.Contains(t, log.String(), "is set up otherwise ("+other.Config.String()+")")
			assert.Contains(t, log.String(), "("+meant.Config.String()+")")
			assert.Len(t, r.notes, 1, "the note is among the report's warnings too")
		})
	}
}
