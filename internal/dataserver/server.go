package dataserver

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// RunHeader carries a client's run id. The server keeps separate /stats for each run id it sees
// (GET /stats?run=ID), so one client's figures stay its own while other runs share the server.
const RunHeader = "X-Run-Id"

// maxRuns bounds the runs whose figures are kept. A run with a request in flight (a live run) is never
// forgotten: a new run id that finds every place taken pushes out the idle run updated longest ago, and
// when every run is live, the new id is not tracked at all and its requests count in the totals only.
const maxRuns = 64

// Server simulates the /data service. It is an http.Handler for GET /data, GET /stats and GET /healthz.
// It starts no goroutines: all its work happens in the handler calls of its callers.
type Server struct {
	cfg Config
	sim *sim
	mux *http.ServeMux

	answers atomic.Uint64 // 200s given, to number them in the body

	mu      sync.Mutex
	working int      // requests being worked on, at most cfg.Capacity
	queue   []waiter // requests waiting for a slot, first come first served, at most cfg.Queue
	seq     uint64   // numbers the updates, to find the run updated longest ago
	total   counters
	runs    map[string]*counters
	live    []*counters // the tracked runs with a request in flight, at most maxRuns
}

// waiter is a queued request. Its channel is closed when a slot is handed to it.
type waiter struct {
	ready chan struct{}
	run   *counters
}

// counters are the figures of one run, or of the whole server.
type counters struct {
	requests, served, failed, rejected, canceled int64
	inFlight, peakInFlight                       int
	working, peakWorking                         int
	queued, peakQueued                           int
	latency                                      latencies
	updated                                      uint64

	// What the rest of the server did while this run was live; runs only.
	others           int64 // requests of other clients that arrived
	peakServerFlight int   // the most requests the whole server held at once
}

// New returns a server simulating cfg, which must be valid (see Config.Validate).
func New(cfg Config) *Server {
	s := &Server{cfg: cfg, sim: newSim(cfg), runs: make(map[string]*counters)}
	s.mux = http.NewServeMux()
	s.mux.HandleFunc("GET /data", s.data)
	s.mux.HandleFunc("GET /stats", s.stats)
	s.mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte("go-concurrency-workshop ok\n"))
	})
	return s
}

// ServeHTTP routes: unknown paths get 404, other methods on known paths 405 with an Allow header. A
// request that declares a body gets 400 at once, with its body unread and its connection closed: every
// route is a GET, and a body that never comes must not hold a connection (see refuseBody).
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.ContentLength != 0 || len(r.TransferEncoding) > 0 { // -1, unknown, is a chunked body
		refuseBody(w)
		return
	}
	s.mux.ServeHTTP(w, r)
}

// refuseBody answers a request that declares a body. After a handler returns, net/http reads what is
// left of the body so as to reuse the connection; a read deadline already past makes that read fail at
// once, so the connection closes instead of waiting for bytes a client may never send.
func refuseBody(w http.ResponseWriter) {
	w.Header().Set("Connection", "close")
	_ = http.NewResponseController(w).SetReadDeadline(time.Now()) // fails only without a connection, as in httptest
	writeJSON(w, http.StatusBadRequest, `{"error":"requests to this server carry no body"}`)
}

func (s *Server) data(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet { // the mux lets HEAD through to GET patterns; it is not a request for data
		w.Header().Set("Allow", http.MethodGet)
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	start := time.Now()
	run, ready, admitted := s.arrive(r.Header.Get(RunHeader))
	if !admitted {
		w.Header().Set("Retry-After", strconv.Itoa(int(s.cfg.RetryAfter/time.Second)))
		writeJSON(w, http.StatusServiceUnavailable, `{"error":"over capacity, retry later"}`)
		return
	}
	if ready != nil {
		select {
		case <-ready:
		case <-r.Context().Done():
			s.abandon(run, ready)
			return
		}
	}
	status := 0 // until an answer is written: the client went away (or the handler panicked)
	defer func() { s.finish(run, start, status) }()
	latency, fail := s.sim.next()
	if !sleep(r.Context(), latency) {
		return
	}
	if fail {
		status = http.StatusInternalServerError
		writeJSON(w, status, `{"error":"simulated failure"}`)
		return
	}
	status = http.StatusOK
	writeJSON(w, status, fmt.Sprintf(`{"seq":%d,"latency_us":%d}`, s.answers.Add(1), latency.Microseconds()))
}

func writeJSON(w http.ResponseWriter, status int, body string) {
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Content-Length", strconv.Itoa(len(body)+1))
	w.WriteHeader(status)
	w.Write([]byte(body + "\n"))
}

// sleep waits d, or until ctx is done; it reports whether the whole d passed.
func sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// arrive counts a request in and admits it: to a free slot (ready is nil), to the queue (ready is closed
// when a slot is handed over), or not at all (admitted is false: the caller answers 503). Only admitted
// requests count as in flight: a refused one is answered at once.
func (s *Server) arrive(id string) (run *counters, ready chan struct{}, admitted bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	run = s.run(id)
	s.each(run, func(c *counters) { c.requests++ })
	for _, l := range s.live {
		if l != run {
			l.others++
		}
	}
	switch {
	case s.cfg.Capacity == Unlimited || s.working < s.cfg.Capacity:
		s.working++
		s.each(run, func(c *counters) { c.working++; c.peakWorking = max(c.peakWorking, c.working) })
	case len(s.queue) < s.cfg.Queue:
		ready = make(chan struct{})
		s.queue = append(s.queue, waiter{ready, run})
		s.each(run, func(c *counters) { c.queued++; c.peakQueued = max(c.peakQueued, c.queued) })
	default:
		s.each(run, func(c *counters) { c.rejected++ })
		return run, nil, false
	}
	s.each(run, func(c *counters) { c.inFlight++; c.peakInFlight = max(c.peakInFlight, c.inFlight) })
	if run != nil && run.inFlight == 1 {
		s.live = append(s.live, run)
	}
	// The server holds more than ever only when a request is admitted, so this is where its peak moves.
	for _, l := range s.live {
		l.peakServerFlight = max(l.peakServerFlight, s.total.inFlight)
	}
	return run, ready, true
}

// left takes run off the live list once its last request in flight has left. s.mu is held.
func (s *Server) left(run *counters) {
	if run != nil && run.inFlight == 0 {
		i := slices.Index(s.live, run)
		s.live = slices.Delete(s.live, i, i+1)
	}
}

// abandon takes a queued request whose client went away out of the queue, or, if a slot reached it
// first, passes that slot on.
func (s *Server) abandon(run *counters, ready chan struct{}) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, w := range s.queue {
		if w.ready == ready {
			s.queue = append(s.queue[:i], s.queue[i+1:]...)
			s.each(run, func(c *counters) { c.queued--; c.inFlight--; c.canceled++ })
			s.left(run)
			return
		}
	}
	s.release(run)
	s.each(run, func(c *counters) { c.inFlight--; c.canceled++ })
	s.left(run)
}

// finish counts a worked request out with its status (0: the client went away) and frees its slot.
func (s *Server) finish(run *counters, start time.Time, status int) {
	took := time.Since(start)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.release(run)
	s.each(run, func(c *counters) {
		c.inFlight--
		switch status {
		case http.StatusOK:
			c.served++
		case 0:
			c.canceled++
			return
		default:
			c.failed++
		}
		c.latency.add(took)
	})
	s.left(run)
}

// release frees run's working slot, handing it to the first queued request if there is one. s.mu is held.
func (s *Server) release(run *counters) {
	s.each(run, func(c *counters) { c.working-- })
	if len(s.queue) == 0 {
		s.working--
		return
	}
	next := s.queue[0]
	s.queue = s.queue[1:]
	s.each(next.run, func(c *counters) {
		c.queued--
		c.working++
		c.peakWorking = max(c.peakWorking, c.working)
	})
	close(next.ready)
}

// run returns the counters of run id, creating them, or nil for requests that are counted in the totals
// only: those without a (usable) id, and those of a new run that finds every place taken by a live run.
// s.mu is held.
func (s *Server) run(id string) *counters {
	if id == "" || len(id) > 64 {
		return nil
	}
	if c, ok := s.runs[id]; ok {
		return c
	}
	if len(s.runs) >= maxRuns && !s.forgetIdleRun() {
		return nil
	}
	c := &counters{}
	s.runs[id] = c
	return c
}

// forgetIdleRun forgets the run updated longest ago among those with no request in flight, and reports
// whether there was one to forget. A live run is never forgotten: its requests hold its counters. s.mu
// is held.
func (s *Server) forgetIdleRun() bool {
	var oldest *counters
	oldestID := ""
	for id, c := range s.runs {
		if c.inFlight == 0 && (oldest == nil || c.updated < oldest.updated) {
			oldest, oldestID = c, id
		}
	}
	if oldest == nil {
		return false
	}
	delete(s.runs, oldestID)
	return true
}

// each applies f to the server's totals and, if run is not nil, to the run's. s.mu is held.
func (s *Server) each(run *counters, f func(*counters)) {
	s.seq++
	f(&s.total)
	if run != nil {
		f(run)
		run.updated = s.seq
	}
}

// Stats are the figures /stats reports, for one run or for the whole server.
type Stats struct {
	Run          string         `json:"run,omitempty"`  // the run id asked for; empty for the whole server
	Capacity     int            `json:"capacity"`       // requests worked on at once; -1: unlimited
	Queue        int            `json:"queue"`          // requests that may wait for a slot
	Requests     int64          `json:"requests"`       // /data requests that arrived
	Served       int64          `json:"served"`         // answered 200
	Failed       int64          `json:"failed"`         // answered 500 (simulated failures)
	Rejected     int64          `json:"rejected"`       // answered 503: over capacity, queue full
	Canceled     int64          `json:"canceled"`       // the client went away before the answer
	InFlight     int            `json:"in_flight"`      // requests the server holds now: working or queued
	PeakInFlight int            `json:"peak_in_flight"` // the most it held at once, never above capacity + queue
	PeakWorking  int            `json:"peak_working"`   // the most worked on at once, never above capacity
	PeakQueued   int            `json:"peak_queued"`    // the most waiting at once, never above queue
	Latency      LatencySummary `json:"latency"`        // time to answer 200s and 500s, queueing included

	// The rest of the server while this run had a request in flight, so a run can tell when other clients
	// loaded the server it measured. For the whole server, OtherRequests is 0 and PeakServerInFlight is
	// PeakInFlight.
	OtherRequests      int64 `json:"other_requests"`        // /data requests of other clients (other run ids, or none) that arrived
	PeakServerInFlight int   `json:"peak_server_in_flight"` // the most the whole server held at once, every client's requests
}

// Stats returns the figures of run id, or of the whole server when id is empty. A run the server has not
// seen, or did not track, or has forgotten after it went idle (see maxRuns), has every count at zero.
func (s *Server) Stats(id string) Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := &s.total
	if id != "" {
		c = s.runs[id]
		if c == nil {
			c = &counters{}
		}
	}
	st := Stats{
		Run: id, Capacity: s.cfg.Capacity, Queue: s.cfg.Queue,
		Requests: c.requests, Served: c.served, Failed: c.failed, Rejected: c.rejected, Canceled: c.canceled,
		InFlight: c.inFlight, PeakInFlight: c.peakInFlight, PeakWorking: c.peakWorking, PeakQueued: c.peakQueued,
		Latency:       c.latency.summary(),
		OtherRequests: c.others, PeakServerInFlight: c.peakServerFlight,
	}
	if id == "" {
		st.PeakServerInFlight = st.PeakInFlight
	}
	return st
}

func (s *Server) stats(w http.ResponseWriter, r *http.Request) {
	body, _ := json.MarshalIndent(s.Stats(r.URL.Query().Get("run")), "", "  ") // Stats always marshals
	writeJSON(w, http.StatusOK, string(body))
}
