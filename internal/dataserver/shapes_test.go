package dataserver

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// get sends one GET path for run to h and returns its recorder and how long it took. It must run inside
// a synctest bubble for the time to be exact.
func get(ctx context.Context, h http.Handler, path, run string) (*httptest.ResponseRecorder, time.Duration) {
	rec := httptest.NewRecorder()
	req := httptest.NewRequestWithContext(ctx, http.MethodGet, path, nil)
	if run != "" {
		req.Header.Set(RunHeader, run)
	}
	start := time.Now()
	h.ServeHTTP(rec, req)
	return rec, time.Since(start)
}

func TestTail(t *testing.T) {
	t.Run("a slow answer takes the factor times the latency and is counted as slow", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			cfg := steady(Unlimited, 0)
			cfg.Tail = Tail{Share: 1, Factor: 20}
			s := New(cfg)
			rec, took := get(t.Context(), s, "/data", "r")
			assert.Equal(t, http.StatusOK, rec.Code)
			assert.Equal(t, 200*time.Millisecond, took, "10ms × 20")
			assert.Contains(t, rec.Body.String(), `"latency_us":200000`)
			st := s.Stats("r")
			assert.Equal(t, int64(1), st.Slow)
			assert.Equal(t, int64(1), st.Served)
		})
	})

	t.Run("a slow answer whose client goes away ends at once and is counted as cancelled", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			cfg := steady(1, 0)
			cfg.Tail = Tail{Share: 1, Factor: 20}
			s := New(cfg)
			ctx, cancel := context.WithTimeout(t.Context(), 15*time.Millisecond) // a hedge won, say
			defer cancel()
			_, took := get(ctx, s, "/data", "r")
			assert.Equal(t, 15*time.Millisecond, took, "the server should stop working on it when its client leaves")
			st := s.Stats("r")
			assert.Equal(t, int64(1), st.Canceled)
			assert.Equal(t, int64(1), st.Slow)
			assert.Zero(t, st.InFlight)
			assert.Zero(t, st.Latency.Count, "an answer never given has no latency")
			rec, _ := get(t.Context(), s, "/data", "next")
			assert.Equal(t, http.StatusOK, rec.Code, "its slot should be free again")
		})
	})

	t.Run("makes the share of answers slow, drawn per request as the seed says", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			cfg := steady(Unlimited, 0)
			cfg.Tail = Tail{Share: 0.1, Factor: 5}
			s := New(cfg)
			want := newSim(cfg)
			slow := 0
			for i := range 1000 {
				rec, took := get(t.Context(), s, "/data", "r")
				require.Equal(t, http.StatusOK, rec.Code)
				a := want.next()
				require.Equal(t, a.latency, took, "request %d: the seed decides which answer is slow", i)
				if a.slow {
					slow++
				}
			}
			assert.Equal(t, int64(slow), s.Stats("r").Slow)
			assert.InDelta(t, 100, slow, 30)
			assert.Equal(t, 50.0, s.Stats("r").Latency.MaxMs)
		})
	})
}

func TestOutage(t *testing.T) {
	outage := func() Config {
		cfg := steady(Unlimited, 0)
		cfg.Outage = Outage{Start: time.Second, Length: 2 * time.Second}
		return cfg
	}

	t.Run("from START after the run's first request, every /data answer is a 500 at once for LENGTH", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			s := New(outage())
			start := time.Now()
			at := func(d time.Duration) (int, time.Duration) {
				time.Sleep(d - time.Since(start))
				rec, took := get(t.Context(), s, "/data", "a")
				return rec.Code, took
			}
			for _, tc := range []struct {
				at     time.Duration
				status int
				took   time.Duration
			}{
				{0, 200, 10 * time.Millisecond},
				{990 * time.Millisecond, 200, 10 * time.Millisecond},
				{time.Second, 500, 0},
				{2 * time.Second, 500, 0},
				{3*time.Second - time.Nanosecond, 500, 0},
				{3 * time.Second, 200, 10 * time.Millisecond},
				{time.Hour, 200, 10 * time.Millisecond},
			} {
				status, took := at(tc.at)
				assert.Equal(t, tc.status, status, "at %v", tc.at)
				assert.Equal(t, tc.took, took, "at %v", tc.at)
			}
			st := s.Stats("a")
			assert.Equal(t, int64(3), st.Failed)
			assert.Equal(t, int64(3), st.OutageFailed)
			assert.Equal(t, int64(4), st.Served)
			assert.Equal(t, int64(4), st.Latency.Count, "an outage's 500s, answered without work, have no latency")
			assert.Equal(t, int64(3), s.Stats("").OutageFailed)
		})
	})

	t.Run("each run has its own outage, and requests without a run id the server's", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			s := New(outage())
			get(t.Context(), s, "/data", "a") // t=0: a's clock and the server's start
			time.Sleep(1500 * time.Millisecond)
			b, _ := get(t.Context(), s, "/data", "b") // t=1.5s: b's clock starts
			a, _ := get(t.Context(), s, "/data", "a")
			anon, _ := get(t.Context(), s, "/data", "")
			assert.Equal(t, http.StatusOK, b.Code, "b's first request is normal")
			assert.Equal(t, http.StatusInternalServerError, a.Code, "a is 1.5s into its run: its outage is on")
			assert.Equal(t, http.StatusInternalServerError, anon.Code, "the server is 1.5s past its first request")
			assert.Contains(t, a.Body.String(), "outage")

			time.Sleep(time.Second)
			b, _ = get(t.Context(), s, "/data", "b") // t=2.5s+: b is 1s in
			assert.Equal(t, http.StatusInternalServerError, b.Code)
			time.Sleep(2 * time.Second)
			b, _ = get(t.Context(), s, "/data", "b") // b is 3s in: over
			assert.Equal(t, http.StatusOK, b.Code)
			assert.Equal(t, int64(1), s.Stats("b").OutageFailed)
			assert.Equal(t, int64(1), s.Stats("a").OutageFailed)
			assert.Equal(t, int64(3), s.Stats("").OutageFailed)
		})
	})

	t.Run("a request answered before the outage began ends normally; pages are not down", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			cfg := outage()
			cfg.Latency = 1500 * time.Millisecond
			s := New(cfg)
			rec, took := get(t.Context(), s, "/data", "a") // in flight from 0 to 1.5s, across START
			assert.Equal(t, http.StatusOK, rec.Code)
			assert.Equal(t, 1500*time.Millisecond, took)
			rec, _ = get(t.Context(), s, "/page/0", "a")
			assert.Equal(t, http.StatusOK, rec.Code, "an outage takes /data down, not the link graph")
		})
	})

	t.Run("comes before capacity: an outage's 500 takes no slot", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			cfg := outage()
			cfg.Outage.Start = 0
			cfg.Capacity, cfg.Queue = 1, 0
			s := New(cfg)
			recs := clients(t.Context(), s, "a", 20)()
			assert.Equal(t, map[int]int{500: 20}, statuses(recs))
			st := s.Stats("a")
			assert.Zero(t, st.PeakInFlight)
			assert.Zero(t, st.Rejected)
		})
	})
}
