package httpclient

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/go-concurrency-workshop/workshop/internal/dataserver"
	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// serve starts the real handler on loopback and counts the connections clients open to it.
func serve(t *testing.T, cfg dataserver.Config) (url string, conns *atomic.Int64) {
	conns = &atomic.Int64{}
	ts := httptest.NewUnstartedServer(dataserver.New(cfg))
	ts.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	ts.Start()
	t.Cleanup(ts.Close)
	return ts.URL, conns
}

var quick = dataserver.Config{ErrorBurst: 1, Capacity: dataserver.Unlimited, RetryAfter: time.Second}

func TestFetch(t *testing.T) {
	url, conns := serve(t, quick)
	c, err := New(url+"/data", 1, 5*time.Second)
	require.NoError(t, err)
	defer c.Close()

	for id := range 20 {
		r := c.Fetch(t.Context(), id)
		require.NoError(t, r.Err)
		assert.Equal(t, id, r.ID)
		assert.Equal(t, http.StatusOK, r.Status)
		assert.Positive(t, r.Latency)
	}
	assert.Equal(t, int64(1), conns.Load(), "answers are read to the end, so one connection carries every request")

	st, err := c.ServerStats(t.Context())
	require.NoError(t, err)
	assert.Equal(t, int64(20), st.Served, "the server counts this client's run on its own")
	assert.NotEmpty(t, st.Run)
}

func TestRunsAreCountedApart(t *testing.T) {
	url, _ := serve(t, quick)
	a, err := New(url+"/data", 1, 5*time.Second)
	require.NoError(t, err)
	defer a.Close()
	b, err := New(url+"/data", 1, 5*time.Second)
	require.NoError(t, err)
	defer b.Close()
	a.Fetch(t.Context(), 0)
	b.Fetch(t.Context(), 0)
	b.Fetch(t.Context(), 1)
	stA, err := a.ServerStats(t.Context())
	require.NoError(t, err)
	stB, err := b.ServerStats(t.Context())
	require.NoError(t, err)
	assert.Equal(t, int64(1), stA.Served)
	assert.Equal(t, int64(2), stB.Served)
}

func TestFetchErrors(t *testing.T) {
	url, _ := serve(t, quick)
	c, err := New(url+"/data", 1, 5*time.Second)
	require.NoError(t, err)
	defer c.Close()

	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	r := c.Fetch(ctx, 7)
	assert.ErrorIs(t, r.Err, context.Canceled)
	assert.Zero(t, r.Status, "no status without an answer")
	assert.Equal(t, 7, r.ID)

	nobody, err := New("http://127.0.0.1:1/data", 1, time.Second)
	require.NoError(t, err)
	defer nobody.Close()
	r = nobody.Fetch(t.Context(), 0)
	assert.Error(t, r.Err)
	assert.Zero(t, r.Status)
}

func TestConnectionPoolIsSizedAndCapped(t *testing.T) {
	for inFlight, want := range map[int]int{0: 1, 1: 1, 15: 15, 7500: MaxConns} {
		c, err := New("http://127.0.0.1:8080/data", inFlight, time.Second)
		require.NoError(t, err)
		tr := c.http.Transport.(*http.Transport)
		assert.Equal(t, want, tr.MaxConnsPerHost, "in flight %d", inFlight)
		assert.Equal(t, want, tr.MaxIdleConnsPerHost, "in flight %d: every connection is kept for reuse", inFlight)
		c.Close()
	}
}

func TestPing(t *testing.T) {
	t.Run("recognises the workshop's server by its /healthz", func(t *testing.T) {
		url, _ := serve(t, quick)
		assert.NoError(t, Ping(t.Context(), url+"/data"))
	})

	t.Run("tells another HTTP server from the workshop's", func(t *testing.T) {
		for name, h := range map[string]http.HandlerFunc{
			"a file server": func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) },
			"a server that says ok to everything": func(w http.ResponseWriter, r *http.Request) {
				w.Write([]byte("ok\n"))
			},
		} {
			other := httptest.NewServer(h)
			err := Ping(t.Context(), other.URL+"/data")
			other.Close()
			require.ErrorIs(t, err, ErrNotWorkshop, name)
			assert.Contains(t, err.Error(), "httpclient: not the workshop's server: "+other.URL+"/healthz answered ", name)
			var e *NotWorkshopError
			require.ErrorAs(t, err, &e)
			assert.Equal(t, other.URL+"/healthz", e.URL)
		}
	})

	t.Run("fails when nothing answers", func(t *testing.T) {
		err := Ping(t.Context(), "http://127.0.0.1:1/data")
		require.Error(t, err)
		assert.NotErrorIs(t, err, ErrNotWorkshop)
	})
}

func TestSibling(t *testing.T) {
	for in, want := range map[string]string{
		"http://h:1/data":          "http://h:1/stats",
		"http://h:1/api/data?x=1":  "http://h:1/api/stats",
		"http://h:1/":              "http://h:1/stats",
		"https://h/v1/data#anchor": "https://h/v1/stats#anchor",
	} {
		u, err := url.Parse(in)
		require.NoError(t, err)
		assert.Equal(t, want, sibling(u, "stats").String(), in)
	}
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		header string
		want   time.Duration
	}{
		{"", 0},
		{"2", 2 * time.Second},
		{"0", 0},
		{"-5", 0},
		{"soon", 0},
		{"99999999999", time.Duration(maxRetryAfterSecs) * time.Second},
		{now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second},
		// What the server asked for, however long: the harness bounds it, and the report says so.
		{"Fri, 31 Dec 2099 23:59:59 GMT", time.Date(2099, 12, 31, 23, 59, 59, 0, time.UTC).Sub(now)},
		{now.Add(-time.Minute).Format(http.TimeFormat), 0},
	} {
		assert.Equal(t, tc.want, RetryAfter(tc.header, now), "Retry-After: %q", tc.header)
	}
}

func TestFetchReadsTheOverloadSignal(t *testing.T) {
	cfg := quick
	cfg.Capacity, cfg.Queue, cfg.Latency, cfg.RetryAfter = 1, 0, 200*time.Millisecond, 3*time.Second
	url, _ := serve(t, cfg)
	c, err := New(url+"/data", 2, 5*time.Second)
	require.NoError(t, err)
	defer c.Close()

	held := make(chan lesson.Result)
	go func() { held <- c.Fetch(t.Context(), 0) }() // takes the only slot for 200ms
	require.Eventually(t, func() bool {
		st, err := c.ServerStats(t.Context())
		return err == nil && st.InFlight == 1
	}, 5*time.Second, time.Millisecond, "the first request never reached the server")
	r := c.Fetch(t.Context(), 1)
	require.Equal(t, http.StatusServiceUnavailable, r.Status, "a second request while the only slot is taken should get a 503")
	assert.Equal(t, 3*time.Second, r.RetryAfter, "the 503's Retry-After should be read into the result")
	first := <-held
	assert.Equal(t, http.StatusOK, first.Status)
	assert.Zero(t, first.RetryAfter, "a 200 carries no Retry-After")
}

func TestConnsLeaveRoomUnderTheOpenFileLimit(t *testing.T) {
	assert.Equal(t, 1, Conns(0), "at least one connection")
	assert.Equal(t, 15, min(Conns(15), 15))
	for _, tc := range []struct{ inFlight, limit, want int }{
		{7500, 0, MaxConns},       // the limit is unknown
		{7500, 1 << 20, MaxConns}, // a high limit
		{15, 1024, 15},
		{7500, 1024, MaxConns},
		{7500, 64, 64 - spareFiles}, // `ulimit -n 64`: 48 connections, not 1
		{7500, 32, 16},
		{7500, MinOpenFiles, 1},
	} {
		assert.Equal(t, tc.want, conns(tc.inFlight, tc.limit), "%d in flight under a limit of %d", tc.inFlight, tc.limit)
	}
	if limit := openFileLimit(); limit > 0 {
		assert.LessOrEqual(t, Conns(7500), max(limit-spareFiles, 1), "the limit is %d", limit)
	}
}

func TestCheckFileLimit(t *testing.T) {
	assert.NoError(t, checkFileLimit(0), "an unknown limit: try")
	assert.NoError(t, checkFileLimit(MinOpenFiles))
	err := checkFileLimit(MinOpenFiles - 1)
	require.Error(t, err)
	assert.Contains(t, err.Error(), fmt.Sprintf("the open-file limit (ulimit -n) is %d, and a run needs at least %d",
		MinOpenFiles-1, MinOpenFiles))
	assert.NotContains(t, err.Error(), "\n")
}

// fakeTransport answers every request 200 after latency, in virtual time, and counts the requests it holds.
type fakeTransport struct {
	latency  time.Duration
	inFlight atomic.Int64
	peak     atomic.Int64
}

func (f *fakeTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	n := f.inFlight.Add(1)
	defer f.inFlight.Add(-1)
	for p := f.peak.Load(); n > p && !f.peak.CompareAndSwap(p, n); p = f.peak.Load() {
	}
	select {
	case <-time.After(f.latency):
	case <-req.Context().Done():
		return nil, req.Context().Err()
	}
	return &http.Response{StatusCode: 200, Status: "200 OK", Header: http.Header{},
		Body: io.NopCloser(strings.NewReader(`{"seq":1}`)), Request: req}, nil
}

func TestARequestsTimeLimitStartsOnceItHasAConnection(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		// One connection (as under a low `ulimit -n`), 20 requests at once of 100ms each, a limit of 1s: they
		// take turns, 2s in all, and none times out, since each waits for the connection before its limit starts.
		c, err := New("http://127.0.0.1:1/data", 1, time.Second)
		require.NoError(t, err)
		fake := &fakeTransport{latency: 100 * time.Millisecond}
		c.http.Transport = fake
		start := time.Now()
		results := make([]lesson.Result, 20)
		var wg sync.WaitGroup
		for id := range results {
			wg.Go(func() { results[id] = c.Fetch(t.Context(), id) })
		}
		wg.Wait()
		for _, r := range results {
			require.NoError(t, r.Err, "request %d", r.ID)
			assert.Equal(t, 200, r.Status)
		}
		assert.Equal(t, int64(1), fake.peak.Load(), "one connection: one request at a time")
		assert.Equal(t, 2*time.Second, time.Since(start))

		// A request still waiting for a connection when its ctx ends returns at once, with ctx's error.
		ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
		defer cancel()
		wg.Go(func() { c.Fetch(t.Context(), 98) }) // holds the connection for 100ms
		synctest.Wait()
		waited := time.Now()
		r := c.Fetch(ctx, 99)
		assert.ErrorIs(t, r.Err, context.DeadlineExceeded)
		assert.Equal(t, 50*time.Millisecond, time.Since(waited))
		wg.Wait()
	})
}

func TestABodyLargerThanTheLimitIsAnErrorThatSaysSo(t *testing.T) {
	big := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		chunk := []byte(strings.Repeat("x", 1<<10))
		for range 1 << 10 { // 1 MiB; the client reads 64 KiB of it and hangs up
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	}))
	defer big.Close()
	c, err := New(big.URL+"/data", 1, 5*time.Second)
	require.NoError(t, err)
	defer c.Close()
	r := c.Fetch(t.Context(), 0)
	require.ErrorIs(t, r.Err, ErrBodyTooLarge)
	assert.Contains(t, r.Err.Error(), "the answer's body is larger than 64 KiB (status 200)")
	assert.Zero(t, r.Status)
	assert.Nil(t, r.Body)
}

func TestARequestCutShortReturnsCtxsError(t *testing.T) {
	cfg := quick
	cfg.Latency = time.Minute
	url, _ := serve(t, cfg)
	c, err := New(url+"/data", 1, 5*time.Minute)
	require.NoError(t, err)
	defer c.Close()

	ctx, cancel := context.WithCancelCause(t.Context())
	time.AfterFunc(50*time.Millisecond, func() { cancel(errors.New("stage decode: boom")) })
	r := c.Fetch(ctx, 0)
	assert.Equal(t, context.Canceled, r.Err, "ctx's error, not its cause: the request did not fail, it was cut short")
}
