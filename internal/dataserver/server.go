package dataserver

import (
	"container/list"
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

// Health is the body of GET /healthz, a newline after it: a client tells the workshop's server from any
// other program on the port by it.
const Health = "go-concurrency-workshop ok"

// How long the figures of a run are kept. A run is live while it has a request in flight, and idle from
// the end of its last request (or the arrival of one answered at once). The server keeps every run it
// tracks for as long as it is live or has been idle less than RunIdle, however many other runs come: a
// client pausing between requests (a Retry-After, a breaker's cool-down) keeps its figures. Only when
// MaxRuns runs are tracked does a new run id make room, by forgetting the run idle longest if it has
// been idle RunIdle or more; when none has, the new run is not tracked, and its requests count in the
// server's totals only.
const (
	RunIdle = 10 * time.Minute
	MaxRuns = 4096
)

// Server simulates the /data service. It is an http.Handler for GET /data, GET /page/{id}, GET /graph,
// GET /stats and GET /healthz. It starts no goroutines: all its work happens in the handler calls of its
// callers.
type Server struct {
	cfg   Config
	sim   *sim
	mux   *http.ServeMux
	graph func() *Graph // built by the first request that needs it

	answers atomic.Uint64 // 200s of /data given, to number them in the body

	mu      sync.Mutex
	working int       // requests being worked on, at most cfg.Capacity
	queue   []waiter  // requests waiting for a slot, first come first served, at most cfg.Queue
	first   time.Time // the server's first request, which times the outage of requests without a run
	total   counters
	runs    map[string]*counters
	live    []*counters // the tracked runs with a request in flight
	idle    list.List   // the other tracked runs, idle longest first: each *counters is in live or idle
}

// waiter is a queued request. Its channel is closed when a slot is handed to it.
type waiter struct {
	ready chan struct{}
	run   *counters
}

// counters are the figures of one run, or of the whole server.
type counters struct {
	requests, pageRequests, served, failed, outageFailed int64
	rejected, canceled, notFound, slow                   int64
	inFlight, peakInFlight                               int
	working, peakWorking                                 int
	queued, peakQueued                                   int
	latency                                              latencies

	// What the rest of the server did while this run was live; runs only.
	others           int64 // requests of other clients that arrived
	peakServerFlight int   // the most requests the whole server held at once

	// Runs only: the bookkeeping of their time.
	id        string
	first     time.Time     // the run's first request, which times its outage
	idleSince time.Time     // when it last became idle, while it is
	inIdle    *list.Element // its place in Server.idle, while it is idle
}

// New returns a server simulating cfg, which must be valid (see Config.Validate).
func New(cfg Config) *Server {
	s := &Server{cfg: cfg, sim: newSim(cfg), runs: make(map[string]*counters)}
	s.graph = sync.OnceValue(func() *Graph { return NewGraph(cfg.Seed, cfg.pages()) })
	s.mux = http.NewServeMux()
	s.mux.HandleFunc("GET /data", s.data)
	s.mux.HandleFunc("GET /page/{id}", s.page)
	s.mux.HandleFunc("GET /graph", s.reach)
	s.mux.HandleFunc("GET /stats", s.stats)
	s.mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte(Health + "\n"))
	})
	return s
}

// Graph returns the link graph the server serves at /page/{id}: NewGraph(cfg.Seed, cfg.Pages).
func (s *Server) Graph() *Graph { return s.graph() }

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

// onlyGet answers 405 to a HEAD, which the mux lets through to GET patterns, and reports whether r is a GET.
func onlyGet(w http.ResponseWriter, r *http.Request) bool {
	if r.Method == http.MethodGet {
		return true
	}
	w.Header().Set("Allow", http.MethodGet)
	http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
	return false
}

func (s *Server) data(w http.ResponseWriter, r *http.Request) {
	if !onlyGet(w, r) {
		return
	}
	s.work(w, r, kindData, func(a answer) string {
		return fmt.Sprintf(`{"seq":%d,"latency_us":%d}`, s.answers.Add(1), a.latency.Microseconds())
	})
}

// page answers GET /page/{id}: 400 at once for an id that is not a non-negative integer written plainly
// (uncounted, as a request for no page at all), 404 at once for an id that is not a page, and otherwise
// the page's links after the latency, errors and capacity of /data.
func (s *Server) page(w http.ResponseWriter, r *http.Request) {
	if !onlyGet(w, r) {
		return
	}
	id, ok := pageID(r.PathValue("id"))
	if !ok {
		writeJSON(w, http.StatusBadRequest, `{"error":"a page id is a non-negative integer, such as /page/17"}`)
		return
	}
	links, ok := s.Graph().Links(id)
	if !ok {
		s.work(w, r, kindMissingPage, nil)
		return
	}
	s.work(w, r, kindPage, func(answer) string {
		b := fmt.Appendf(nil, `{"id":%d,"links":[`, id)
		for i, l := range links {
			if i > 0 {
				b = append(b, ',')
			}
			b = strconv.AppendInt(b, int64(l), 10)
		}
		return string(append(b, "]}"...))
	})
}

// pageID reads a page id: a non-negative decimal integer written without a sign or leading zeros.
func pageID(s string) (int, bool) {
	id, err := strconv.Atoi(s)
	return id, err == nil && id >= 0 && strconv.Itoa(id) == s
}

// reach answers GET /graph?root=N (root 0 when none is given): what the root leads to, as Graph.Reachable
// says, at once; 400 for a root that is not an integer, 404 for one that is not a page. It is not counted
// in /stats.
func (s *Server) reach(w http.ResponseWriter, r *http.Request) {
	if !onlyGet(w, r) {
		return
	}
	root := 0
	if q := r.URL.Query().Get("root"); q != "" {
		var ok bool
		if root, ok = pageID(q); !ok {
			writeJSON(w, http.StatusBadRequest, `{"error":"root is a page id, a non-negative integer, such as /graph?root=0"}`)
			return
		}
	}
	if _, ok := s.Graph().Links(root); !ok {
		writeJSON(w, http.StatusNotFound, fmt.Sprintf(`{"error":"no page %d"}`, root))
		return
	}
	body, _ := json.Marshal(s.Graph().Reachable(root)) // Reach always marshals
	writeJSON(w, http.StatusOK, string(body))
}

// kind is what a request asks for, as the server counts it.
type kind int

const (
	kindData        kind = iota // GET /data
	kindPage                    // GET /page/{id} of a page
	kindMissingPage             // GET /page/{id} of an id that is not a page
)

// verdict is what arrive decides for a request.
type verdict int

const (
	admitted     verdict = iota // given a slot, or a place in the queue
	overCapacity                // 503 at once: every slot and queue place taken
	down                        // 500 at once: the run's outage is on
	notFound                    // 404 at once: no such page
)

// work answers a request of kind k: it admits it (or answers at once: 503, an outage's 500, a 404), waits
// for a slot, takes the simulated latency, and answers a simulated 500 or 200 with body(the answer).
func (s *Server) work(w http.ResponseWriter, r *http.Request, k kind, body func(answer) string) {
	start := time.Now()
	run, ready, v := s.arrive(r.Header.Get(RunHeader), k)
	switch v {
	case overCapacity:
		w.Header().Set("Retry-After", strconv.Itoa(int(s.cfg.RetryAfter/time.Second)))
		writeJSON(w, http.StatusServiceUnavailable, `{"error":"over capacity, retry later"}`)
		return
	case down:
		writeJSON(w, http.StatusInternalServerError, `{"error":"outage: the service is down"}`)
		return
	case notFound:
		writeJSON(w, http.StatusNotFound, fmt.Sprintf(`{"error":"no page %s"}`, r.PathValue("id")))
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
	a := s.sim.next()
	status := 0 // until an answer is written: the client went away (or the handler panicked)
	defer func() { s.finish(run, start, status, a.slow) }()
	if !sleep(r.Context(), a.latency) {
		return
	}
	if a.fail {
		status = http.StatusInternalServerError
		writeJSON(w, status, `{"error":"simulated failure"}`)
		return
	}
	status = http.StatusOK
	writeJSON(w, status, body(a))
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

// arrive counts a request of kind k in and decides it: admitted to a free slot (ready is nil) or to the
// queue (ready is closed when a slot is handed over), or answered at once (see verdict). Only admitted
// requests count as in flight.
func (s *Server) arrive(id string, k kind) (run *counters, ready chan struct{}, v verdict) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := time.Now() // under the lock, so that the idle runs stay in the order of their times
	if s.first.IsZero() {
		s.first = now
	}
	run = s.run(id, now)
	s.each(run, func(c *counters) {
		c.requests++
		if k != kindData {
			c.pageRequests++
		}
	})
	for _, l := range s.live {
		if l != run {
			l.others++
		}
	}
	first := s.first
	if run != nil {
		first = run.first
	}
	switch {
	case k == kindMissingPage:
		s.each(run, func(c *counters) { c.notFound++ })
		return run, nil, s.answered(run, now, notFound)
	case k == kindData && s.cfg.Outage.down(now.Sub(first)):
		s.each(run, func(c *counters) { c.failed++; c.outageFailed++ })
		return run, nil, s.answered(run, now, down)
	case s.cfg.Capacity == Unlimited || s.working < s.cfg.Capacity:
		s.working++
		s.each(run, func(c *counters) { c.working++; c.peakWorking = max(c.peakWorking, c.working) })
	case len(s.queue) < s.cfg.Queue:
		ready = make(chan struct{})
		s.queue = append(s.queue, waiter{ready, run})
		s.each(run, func(c *counters) { c.queued++; c.peakQueued = max(c.peakQueued, c.queued) })
	default:
		s.each(run, func(c *counters) { c.rejected++ })
		return run, nil, s.answered(run, now, overCapacity)
	}
	s.each(run, func(c *counters) { c.inFlight++; c.peakInFlight = max(c.peakInFlight, c.inFlight) })
	if run != nil && run.inFlight == 1 { // it goes live
		s.idle.Remove(run.inIdle)
		run.inIdle = nil
		s.live = append(s.live, run)
	}
	// The server holds more than ever only when a request is admitted, so this is where its peak moves.
	for _, l := range s.live {
		l.peakServerFlight = max(l.peakServerFlight, s.total.inFlight)
	}
	return run, ready, admitted
}

// answered notes that run's request was answered at once at now: an idle run's idle time starts again.
// It returns v. s.mu is held.
func (s *Server) answered(run *counters, now time.Time, v verdict) verdict {
	if run != nil && run.inIdle != nil {
		run.idleSince = now
		s.idle.MoveToBack(run.inIdle)
	}
	return v
}

// left takes run off the live list once its last request in flight has left: it is idle from now.
// s.mu is held.
func (s *Server) left(run *counters) {
	if run != nil && run.inFlight == 0 {
		i := slices.Index(s.live, run)
		s.live = slices.Delete(s.live, i, i+1)
		run.idleSince = time.Now()
		run.inIdle = s.idle.PushBack(run)
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

// finish counts a worked request out with its status (0: the client went away) and whether it was drawn
// on the slow tail, and frees its slot.
func (s *Server) finish(run *counters, start time.Time, status int, slow bool) {
	took := time.Since(start)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.release(run)
	s.each(run, func(c *counters) {
		c.inFlight--
		if slow {
			c.slow++
		}
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

// run returns the counters of run id, creating them (idle, as of now, until arrive admits its request),
// or nil for requests that are counted in the totals only: those without a (usable) id, and those of a
// new run that finds MaxRuns runs tracked and none idle for RunIdle. s.mu is held.
func (s *Server) run(id string, now time.Time) *counters {
	if id == "" || len(id) > 64 {
		return nil
	}
	if c, ok := s.runs[id]; ok {
		return c
	}
	if len(s.runs) >= MaxRuns && !s.forgetIdleRun(now) {
		return nil
	}
	c := &counters{id: id, first: now, idleSince: now}
	c.inIdle = s.idle.PushBack(c)
	s.runs[id] = c
	return c
}

// forgetIdleRun forgets the run idle longest if it has been idle RunIdle or more at now, and reports
// whether it did. A live run is never forgotten, nor one whose client may be pausing between requests.
// s.mu is held.
func (s *Server) forgetIdleRun(now time.Time) bool {
	oldest := s.idle.Front()
	if oldest == nil {
		return false
	}
	c := oldest.Value.(*counters)
	if now.Sub(c.idleSince) < RunIdle {
		return false
	}
	s.idle.Remove(oldest)
	delete(s.runs, c.id)
	return true
}

// each applies f to the server's totals and, if run is not nil, to the run's. s.mu is held.
func (s *Server) each(run *counters, f func(*counters)) {
	f(&s.total)
	if run != nil {
		f(run)
	}
}

// Stats are the figures /stats reports, for one run or for the whole server. Requests counts /data and
// /page requests alike, and each request that arrived is in exactly one of the others:
// Requests = Served + Failed + Rejected + Canceled + NotFound + InFlight.
type Stats struct {
	Run          string         `json:"run,omitempty"`  // the run id asked for; empty for the whole server
	Settings     string         `json:"settings"`       // how the server is set up, as its banner says it (Config.String)
	Capacity     int            `json:"capacity"`       // requests worked on at once; -1: unlimited
	Queue        int            `json:"queue"`          // requests that may wait for a slot
	Requests     int64          `json:"requests"`       // /data and /page requests that arrived
	PageRequests int64          `json:"page_requests"`  // of Requests, those for /page/{id} (404s included)
	Served       int64          `json:"served"`         // answered 200
	Failed       int64          `json:"failed"`         // answered 500: simulated failures and outages
	OutageFailed int64          `json:"outage_failed"`  // of Failed, the 500s answered at once during an outage
	Rejected     int64          `json:"rejected"`       // answered 503: over capacity, queue full
	Canceled     int64          `json:"canceled"`       // the client went away before the answer
	NotFound     int64          `json:"not_found"`      // answered 404 at once: a /page id that is not a page
	Slow         int64          `json:"slow"`           // drawn on the slow tail (-tail), however they ended
	InFlight     int            `json:"in_flight"`      // requests the server holds now: working or queued
	PeakInFlight int            `json:"peak_in_flight"` // the most it held at once, never above capacity + queue
	PeakWorking  int            `json:"peak_working"`   // the most worked on at once, never above capacity
	PeakQueued   int            `json:"peak_queued"`    // the most waiting at once, never above queue
	Latency      LatencySummary `json:"latency"`        // time to answer the 200s and simulated 500s, queueing included

	// The rest of the server while this run had a request in flight, so a run can tell when other clients
	// loaded the server it measured. For the whole server, OtherRequests is 0 and PeakServerInFlight is
	// PeakInFlight.
	OtherRequests      int64 `json:"other_requests"`        // requests of other clients (other run ids, or none) that arrived
	PeakServerInFlight int   `json:"peak_server_in_flight"` // the most the whole server held at once, every client's requests
}

// Stats returns the figures of run id, or of the whole server when id is empty. A run the server has not
// seen, or did not track, or has forgotten (see RunIdle), has every count at zero.
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
		Run: id, Settings: s.cfg.String(), Capacity: s.cfg.Capacity, Queue: s.cfg.Queue,
		Requests: c.requests, PageRequests: c.pageRequests, Served: c.served, Failed: c.failed,
		OutageFailed: c.outageFailed, Rejected: c.rejected, Canceled: c.canceled, NotFound: c.notFound,
		Slow: c.slow, InFlight: c.inFlight, PeakInFlight: c.peakInFlight, PeakWorking: c.peakWorking,
		PeakQueued: c.peakQueued, Latency: c.latency.summary(),
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
