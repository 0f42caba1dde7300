package dataserver

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// steady is a server with a constant latency and no errors, so that virtual time is exact.
func steady(capacity, queue int) Config {
	return Config{Latency: 10 * time.Millisecond, ErrorBurst: 1, Capacity: capacity, Queue: queue,
		RetryAfter: 2 * time.Second, Seed: 1}
}

// clients sends n concurrent GET /data for run to h, each with ctx, and returns their recorders once all
// have been answered. It must run inside a synctest bubble.
func clients(ctx context.Context, h http.Handler, run string, n int) (wait func() []*httptest.ResponseRecorder) {
	recs := make([]*httptest.ResponseRecorder, n)
	var wg sync.WaitGroup
	for i := range n {
		recs[i] = httptest.NewRecorder()
		req := httptest.NewRequestWithContext(ctx, http.MethodGet, "/data", nil)
		req.Header.Set(RunHeader, run)
		wg.Go(func() { h.ServeHTTP(recs[i], req) })
	}
	return func() []*httptest.ResponseRecorder { wg.Wait(); return recs }
}

func statuses(recs []*httptest.ResponseRecorder) map[int]int {
	m := map[int]int{}
	for _, r := range recs {
		m[r.Code]++
	}
	return m
}

func TestCapacity(t *testing.T) {
	t.Run("works on at most capacity requests, queues up to the queue and rejects the rest at once", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			const capacity, queue = 4, 6
			s := New(steady(capacity, queue))
			start := time.Now()
			wait := clients(t.Context(), s, "r", 5*capacity)

			synctest.Wait() // every client is now working, queued, or already answered
			now := s.Stats("r")
			assert.Equal(t, capacity, now.PeakWorking)
			assert.Equal(t, queue, now.PeakQueued)
			assert.Equal(t, int64(5*capacity-capacity-queue), now.Rejected, "the rest should be rejected before any work is done")
			assert.Equal(t, capacity+queue, now.InFlight)

			recs := wait()
			assert.Equal(t, map[int]int{200: capacity + queue, 503: 5*capacity - capacity - queue}, statuses(recs))
			for _, r := range recs {
				if r.Code == http.StatusServiceUnavailable {
					assert.Equal(t, "2", r.Header().Get("Retry-After"))
				}
			}
			// 10 admitted requests through 4 slots of 10ms each: three rounds.
			assert.Equal(t, 30*time.Millisecond, time.Since(start))
			end := s.Stats("r")
			assert.Equal(t, capacity, end.PeakWorking, "the server worked on more than its capacity at once")
			assert.Equal(t, capacity+queue, end.PeakInFlight, "refused requests are not held, so not in flight")
			assert.Equal(t, 0, end.InFlight)
			assert.Equal(t, int64(capacity+queue), end.Served)
		})
	})

	t.Run("never rejects a client that stays within capacity", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			s := New(steady(8, 0))
			for range 50 {
				recs := clients(t.Context(), s, "pool", 8)()
				require.Equal(t, map[int]int{200: 8}, statuses(recs))
			}
			assert.Equal(t, int64(0), s.Stats("pool").Rejected)
		})
	})

	t.Run("serves the queue first come, first served", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			s := New(steady(1, 3))
			var order []string
			var mu sync.Mutex
			var wg sync.WaitGroup
			for _, run := range []string{"a", "b", "c", "d"} {
				wg.Go(func() {
					clients(t.Context(), s, run, 1)()
					mu.Lock()
					order = append(order, run)
					mu.Unlock()
				})
				synctest.Wait() // let each one arrive before the next
			}
			wg.Wait()
			assert.Equal(t, []string{"a", "b", "c", "d"}, order)
		})
	})

	t.Run("a queued client that goes away gives its place back", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			s := New(steady(1, 1))
			working := clients(t.Context(), s, "w", 1)
			synctest.Wait() // w has the only slot
			ctx, cancel := context.WithCancel(t.Context())
			queued := clients(ctx, s, "q", 1)
			synctest.Wait()
			require.Equal(t, 1, s.Stats("q").PeakQueued)
			cancel()
			queued()
			working()
			st := s.Stats("q")
			assert.Equal(t, int64(1), st.Canceled)
			assert.Equal(t, 0, st.InFlight)
			// The slot and the queue place are free again: two more requests fit without a 503.
			assert.Equal(t, map[int]int{200: 2}, statuses(clients(t.Context(), s, "after", 2)()))
		})
	})

	t.Run("a working client that goes away frees its slot", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			s := New(steady(1, 0))
			ctx, cancel := context.WithCancel(t.Context())
			gone := clients(ctx, s, "gone", 1)
			synctest.Wait()
			cancel()
			gone()
			assert.Equal(t, int64(1), s.Stats("gone").Canceled)
			assert.Equal(t, map[int]int{200: 1}, statuses(clients(t.Context(), s, "next", 1)()))
		})
	})

	t.Run("unlimited capacity works on everything at once", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			s := New(steady(Unlimited, 0))
			start := time.Now()
			recs := clients(t.Context(), s, "all", 500)()
			assert.Equal(t, map[int]int{200: 500}, statuses(recs))
			assert.Equal(t, 10*time.Millisecond, time.Since(start))
			assert.Equal(t, 500, s.Stats("all").PeakWorking)
		})
	})
}

func TestStatsPerRun(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := New(steady(Unlimited, 0))
		a := clients(t.Context(), s, "run-a", 3)
		time.Sleep(5 * time.Millisecond) // half-way through a's requests, b starts
		b := clients(t.Context(), s, "run-b", 5)
		a()
		b()
		clients(t.Context(), s, "", 2)() // no run id: counted in the totals only

		stA, stB, total := s.Stats("run-a"), s.Stats("run-b"), s.Stats("")
		assert.Equal(t, int64(3), stA.Served)
		assert.Equal(t, 3, stA.PeakInFlight, "run a had 3 requests at once; b's must not count")
		assert.Equal(t, int64(5), stB.Served)
		assert.Equal(t, 5, stB.PeakInFlight)
		assert.Equal(t, int64(10), total.Served)
		assert.Equal(t, 8, total.PeakInFlight, "the server itself held both runs at once")
		assert.Equal(t, 10.0, stA.Latency.MaxMs)

		assert.Equal(t, Stats{Run: "never-seen", Settings: s.cfg.String(), Capacity: Unlimited}, s.Stats("never-seen"))
	})
}

// slow is a server whose every answer takes an hour of virtual time, so a request stays in flight until
// the test ends it.
func slow() Config {
	cfg := steady(Unlimited, 0)
	cfg.Latency = time.Hour
	return cfg
}

// comeAndGo sends one request for run to s and takes it back (the client goes away) once it is in flight,
// so that run is seen, then idle. It must run inside a synctest bubble.
func comeAndGo(t testing.TB, s *Server, run string) {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	wait := clients(ctx, s, run, 1)
	synctest.Wait()
	cancel()
	wait()
}

// tracked is the number of runs s keeps figures for.
func tracked(s *Server) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.runs)
}

// holdOnlySlot starts a request for run that holds the only slot of a server with capacity 1 for a day
// of virtual time (or until the returned wait), so every other /data request is refused at once; it
// must run inside a synctest bubble.
func holdOnlySlot(t testing.TB, run string) (*Server, func() []*httptest.ResponseRecorder) {
	t.Helper()
	cfg := slow()
	cfg.Latency, cfg.Capacity = 24*time.Hour, 1
	s := New(cfg)
	live := clients(t.Context(), s, run, 1)
	synctest.Wait()
	return s, live
}

func TestStatsKeepRuns(t *testing.T) {
	t.Run("a run pausing between requests keeps its figures while 200 other runs come and go", func(t *testing.T) {
		// Lesson 04 waiting out a Retry-After has nothing in flight: it must not be taken for a run that is over.
		synctest.Test(t, func(t *testing.T) {
			s := New(steady(Unlimited, 0))
			clients(t.Context(), s, "paused", 1)()
			for i := range 200 {
				clients(t.Context(), s, fmt.Sprint("other-", i), 1)()
			}
			time.Sleep(time.Minute) // the rest of a long pause, in virtual time
			clients(t.Context(), s, "paused", 1)()

			st := s.Stats("paused")
			assert.Equal(t, int64(2), st.Requests, "a run idle for %v must keep its figures, however many runs came meanwhile", 2*time.Second+time.Minute)
			assert.Equal(t, int64(2), st.Served)
			assert.Equal(t, int64(1), s.Stats("other-0").Served, "no run idle for less than %v should be forgotten", RunIdle)
		})
	})

	t.Run("a live run stays visible while 200 other run ids come and go", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			s := New(slow())
			live := clients(t.Context(), s, "live", 1)
			synctest.Wait()
			for i := range 200 {
				comeAndGo(t, s, fmt.Sprint("other-", i))
			}
			st := s.Stats("live")
			assert.Equal(t, int64(1), st.Requests, "a run with a request in flight must keep its figures")
			assert.Equal(t, 1, st.InFlight)

			live()
			assert.Equal(t, int64(1), s.Stats("live").Served, "the live run's answer should be counted in its figures")
			assert.Equal(t, int64(1), s.Stats("other-0").Canceled, "the runs that came and went are kept too")
		})
	})

	t.Run("at the cap, a new run id replaces only a run idle for RunIdle, or is counted in the totals only", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			s, live := holdOnlySlot(t, "live") // every other request is answered 503 at once, so its run is idle
			for i := range MaxRuns - 1 {
				_, _, v := s.arrive(fmt.Sprint("run-", i), kindData)
				require.Equal(t, overCapacity, v)
			}
			require.Equal(t, MaxRuns, tracked(s))

			time.Sleep(RunIdle - time.Second)
			s.arrive("run-1", kindData) // run-1 is idle from now on: it goes to the back of the line
			s.arrive("early", kindData)
			assert.Zero(t, s.Stats("early").Requests, "every run has been idle less than %v: none may be forgotten", RunIdle)
			assert.Equal(t, MaxRuns, tracked(s))

			time.Sleep(time.Second) // run-0, run-2, ... have been idle for RunIdle; run-1 not
			s.arrive("late", kindData)
			s.arrive("later", kindData)
			assert.Equal(t, int64(1), s.Stats("late").Rejected, "a run idle for %v should make room", RunIdle)
			assert.Equal(t, int64(1), s.Stats("later").Rejected)
			assert.Zero(t, s.Stats("run-0").Requests, "the run idle longest should be forgotten first")
			assert.Zero(t, s.Stats("run-2").Requests)
			assert.Equal(t, int64(2), s.Stats("run-1").Requests, "run-1 came back: its idle time starts again")
			assert.Equal(t, int64(1), s.Stats("run-3").Requests)
			assert.Equal(t, MaxRuns, tracked(s))
			assert.Equal(t, int64(MaxRuns+3), s.Stats("").Rejected, "every request counts in the totals")

			time.Sleep(time.Hour) // however long a run is live, it is never forgotten
			for i := range MaxRuns {
				s.arrive(fmt.Sprint("new-", i), kindData)
			}
			assert.Equal(t, 1, s.Stats("live").InFlight)
			live()
			assert.Equal(t, int64(1), s.Stats("live").Served)
		})
	})

	t.Run("a new run id finding every run live is counted in the totals only", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			s := New(slow())
			for i := range MaxRuns { // live, as far as the bookkeeping knows: admitted and never finished
				_, _, v := s.arrive(fmt.Sprint("live-", i), kindData)
				require.Equal(t, admitted, v)
			}
			time.Sleep(2 * RunIdle)
			s.arrive("late", kindData)

			assert.Zero(t, s.Stats("late").Requests, "no live run may be forgotten to make room")
			assert.Equal(t, int64(MaxRuns+1), s.Stats("").Requests, "every request counts in the totals")
			assert.Equal(t, MaxRuns, tracked(s))
			for _, i := range []int{0, 1, MaxRuns / 2, MaxRuns - 1} {
				assert.Equal(t, 1, s.Stats(fmt.Sprint("live-", i)).InFlight, "live-%d", i)
			}
		})
	})

	t.Run("memory stays bounded with 200,000 distinct run ids", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			s, live := holdOnlySlot(t, "live")
			for i := range 200_000 { // the handler's bookkeeping alone: through HTTP, this takes seconds
				if i%50_000 == 0 {
					time.Sleep(RunIdle) // every run seen so far may be forgotten
				}
				_, _, v := s.arrive("run-"+strconv.Itoa(i), kindData)
				require.Equal(t, overCapacity, v, "the live run holds the only slot: every other request should be refused")
			}
			assert.LessOrEqual(t, tracked(s), MaxRuns, "the server should keep at most %d runs", MaxRuns)
			assert.Equal(t, int64(1), s.Stats("run-150000").Rejected, "the first run after a pause of %v should be kept", RunIdle)
			assert.Zero(t, s.Stats("run-199999").Requests, "a run finding %d recent runs should not be kept", MaxRuns)
			assert.Equal(t, int64(200_000), s.Stats("").Rejected)
			assert.Equal(t, 1, s.Stats("live").InFlight, "the live run should be kept through it all")
			live()
		})
	})
}

func TestStatsOtherTraffic(t *testing.T) {
	t.Run("a run counts the other clients' requests that arrived while it had one in flight", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			s := New(steady(Unlimited, 0))
			a := clients(t.Context(), s, "a", 2)
			synctest.Wait()
			b := clients(t.Context(), s, "b", 3)
			synctest.Wait()
			anonymous := clients(t.Context(), s, "", 2)
			a()
			b()
			anonymous()
			clients(t.Context(), s, "b", 4)() // a is idle now: not its business

			stA, stB := s.Stats("a"), s.Stats("b")
			assert.Equal(t, int64(5), stA.OtherRequests, "3 from b and 2 without a run id arrived while a was live")
			assert.Equal(t, 2, stA.PeakInFlight)
			assert.Equal(t, 7, stA.PeakServerInFlight, "the server held a's 2, b's 3 and 2 others at once")
			assert.Equal(t, int64(2), stB.OtherRequests, "a's requests came before b was live; b's own never count")
			assert.Equal(t, 7, stB.PeakServerInFlight)
		})
	})

	t.Run("refused requests of others count, and the server's peak counts only what it held", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			s := New(steady(1, 1))
			a := clients(t.Context(), s, "a", 1)
			synctest.Wait()
			b := clients(t.Context(), s, "b", 3) // one queued, two refused
			a()
			b()
			st := s.Stats("a")
			assert.Equal(t, int64(3), st.OtherRequests)
			assert.Equal(t, 2, st.PeakServerInFlight, "a working, one of b's waiting; refused requests are not held")
		})
	})

	t.Run("what the server held before or after a run does not count", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			s := New(steady(Unlimited, 0))
			clients(t.Context(), s, "before", 5)()
			clients(t.Context(), s, "a", 1)()
			clients(t.Context(), s, "after", 5)()
			st := s.Stats("a")
			assert.Zero(t, st.OtherRequests)
			assert.Equal(t, 1, st.PeakServerInFlight, "the server held a's request alone while a was live")
		})
	})

	t.Run("for the whole server, nothing is other traffic and its peak is its own", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			s := New(steady(Unlimited, 0))
			a := clients(t.Context(), s, "a", 4)
			clients(t.Context(), s, "", 3)()
			a()
			total := s.Stats("")
			assert.Zero(t, total.OtherRequests)
			assert.Equal(t, 7, total.PeakInFlight)
			assert.Equal(t, total.PeakInFlight, total.PeakServerInFlight)
		})
	})

	t.Run("the figures are in the JSON of /stats?run=", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			s := New(steady(Unlimited, 0))
			a := clients(t.Context(), s, "a", 1)
			synctest.Wait()
			clients(t.Context(), s, "b", 2)()
			a()
			rec := httptest.NewRecorder()
			s.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/stats?run=a", nil))
			var fields map[string]any
			require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &fields))
			assert.Equal(t, 2.0, fields["other_requests"])
			assert.Equal(t, 3.0, fields["peak_server_in_flight"])
		})
	})

	t.Run("a run leaves the live runs, the only ones updated, however its last request ends", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			s := New(steady(1, 1))
			liveRuns := func() int {
				s.mu.Lock()
				defer s.mu.Unlock()
				return len(s.live)
			}
			working, leaveWork := context.WithCancel(t.Context())
			w := clients(working, s, "working", 1)
			synctest.Wait()
			queued, leaveQueue := context.WithCancel(t.Context())
			q := clients(queued, s, "queued", 1)
			synctest.Wait()
			refused := clients(t.Context(), s, "refused", 1)()
			require.Equal(t, http.StatusServiceUnavailable, refused[0].Code)
			require.Equal(t, 2, liveRuns(), "the working and the queued runs have a request in flight, the refused one none")
			leaveQueue()
			q()
			assert.Equal(t, 1, liveRuns(), "a run whose last request left the queue is idle")
			leaveWork()
			w()
			assert.Zero(t, liveRuns(), "a run whose last request was given up while worked on is idle")

			for i := range 200 { // answered
				clients(t.Context(), s, fmt.Sprint("run-", i), 1)()
			}
			assert.Zero(t, liveRuns(), "no request is in flight, so no run is live")
		})
	})
}

func TestRoutes(t *testing.T) {
	s := New(Config{ErrorBurst: 1, Capacity: 1, RetryAfter: time.Second})
	for _, tc := range []struct {
		method, path string
		status       int
		body         string
	}{
		{"GET", "/data", 200, `{"seq":1,"latency_us":0}` + "\n"},
		{"GET", "/healthz", 200, "go-concurrency-workshop ok\n"},
		{"GET", "/nope", 404, ""},
		{"POST", "/data", 405, ""},
		{"HEAD", "/data", 405, ""},
		{"DELETE", "/stats", 405, ""},
		{"GET", "/stats?run=unknown", 200, ""},
		{"HEAD", "/page/0", 405, ""},
		{"POST", "/page/0", 405, ""},
		{"HEAD", "/graph", 405, ""},
		{"POST", "/healthz", 405, ""},
	} {
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, httptest.NewRequest(tc.method, tc.path, nil))
		assert.Equal(t, tc.status, rec.Code, "%s %s", tc.method, tc.path)
		if tc.body != "" {
			assert.Equal(t, tc.body, rec.Body.String(), "%s %s", tc.method, tc.path)
		}
	}

	for _, path := range []string{"/data", "/stats", "/nope"} {
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, httptest.NewRequest("GET", path, strings.NewReader("a body")))
		assert.Equal(t, http.StatusBadRequest, rec.Code, "GET %s with a body", path)
		assert.Equal(t, "close", rec.Header().Get("Connection"), "GET %s with a body", path)
	}

	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest("GET", "/stats", nil))
	var st Stats
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &st))
	assert.Equal(t, int64(1), st.Served)
	assert.Equal(t, 1, st.Capacity)

	rec = httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest("GET", "/healthz", nil))
	assert.Equal(t, Health+"\n", rec.Body.String(), "a client tells the workshop's server by /healthz's body")
	assert.Equal(t, "text/plain; charset=utf-8", rec.Header().Get("Content-Type"))
}

func TestErrorsReachClients(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		cfg := steady(Unlimited, 0)
		cfg.ErrorRate, cfg.ErrorBurst = 0.5, 2
		s := New(cfg)
		recs := clients(t.Context(), s, "e", 1000)()
		got := statuses(recs)
		assert.Equal(t, 1000, got[200]+got[500])
		assert.InDelta(t, 500, got[500], 100)
		assert.Equal(t, int64(got[500]), s.Stats("e").Failed)
	})
}
