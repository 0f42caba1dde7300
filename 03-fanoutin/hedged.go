package main

import (
	"context"
	"flag"
	"fmt"
	"math"
	"slices"
	"sync"
	"time"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
	"github.com/go-concurrency-workshop/workshop/internal/units"
)

// hedging is -variant hedged's setting, for the challenge, Hedged (challenge.go).
type hedging struct {
	after time.Duration // -hedge-after: how long a request waits for an answer before its hedge; 0: adaptive
}

// flags adds -hedge-after to the flags every lesson shares (harness.Lesson.Flags).
func (h *hedging) flags(fs *flag.FlagSet) (check func() error) {
	fs.DurationVar(&h.after, "hedge-after", 0, "with -variant hedged: how long a request waits for an answer "+
		"before its hedge is sent; 0: the p95 of the latencies seen so far")
	return func() error {
		if h.after < 0 {
			return fmt.Errorf("-hedge-after must not be negative (0: the p95 seen so far), got %v", h.after)
		}
		return nil
	}
}

// never is an after longer than any request may take (-timeout): Hedged sends no hedge.
const never = 24 * time.Hour

// run makes requests 0 to n-1 with Hedged and returns their results. With a -hedge-after above 0 it is
// one call of Hedged. With 0, after is the p95 of the latencies seen so far, which Hedged, taking a fixed
// after, cannot follow by itself: so the run goes in rounds, each a call of Hedged with the p95 of the
// first attempts made before it. The first round, 100 requests (or 4×workers, if more), has nothing to go
// by and sends no hedge; each round after it is as long as all those before it, so the p95 is estimated
// again each time the requests seen have doubled.
func (h hedging) run(ctx context.Context, n, workers int, fetch lesson.Fetch) ([]lesson.Result, hedgeFigures) {
	seen := &firstAttempts{attempts: make([]int, n), skip: workers}
	fetch = seen.watch(fetch)
	if h.after > 0 {
		results := Hedged(ctx, n, workers, fetch, h.after)
		return results, seen.figures(false, []time.Duration{h.after}, 0)
	}
	var (
		results  []lesson.Result
		afters   []time.Duration
		unhedged int
	)
	for lo := 0; lo < n && ctx.Err() == nil; {
		base, hi, after := lo, min(n, max(2*lo, 4*workers, 100)), seen.p95()
		if lo == 0 {
			after, unhedged = never, hi
		} else {
			afters = append(afters, after)
		}
		// Hedged makes ids 0 to hi-lo-1 of this round; they are ids lo to hi-1 of the run.
		round := func(ctx context.Context, id int) lesson.Result {
			r := fetch(ctx, base+id)
			r.ID = id
			return r
		}
		for _, r := range Hedged(ctx, hi-lo, workers, round, after) {
			r.ID += base
			results = append(results, r)
		}
		lo = hi
	}
	return results, seen.figures(true, afters, unhedged)
}

// firstAttempts counts the attempts at each id, and keeps the latency of each id's first attempt: its
// answer's, or, when its hedge answered first and it was cancelled, the time it had taken by then (less
// than its latency would have been, and more than the after it was hedged at: so it still ranks among
// the slow ones, where it belongs).
type firstAttempts struct {
	mu        sync.Mutex
	attempts  []int // by id
	latencies []time.Duration
	skip      int // the first latencies, left out of the p95: the run's first requests open its connections
}

// watch returns fetch, counting and timing its attempts.
func (s *firstAttempts) watch(fetch lesson.Fetch) lesson.Fetch {
	return func(ctx context.Context, id int) lesson.Result {
		s.mu.Lock()
		s.attempts[id]++
		first := s.attempts[id] == 1
		s.mu.Unlock()
		r := fetch(ctx, id)
		if first && r.Latency > 0 {
			s.mu.Lock()
			s.latencies = append(s.latencies, r.Latency)
			s.mu.Unlock()
		}
		return r
	}
}

// p95 is the 95th percentile of the first attempts' latencies so far (0 when there are none), leaving out
// the run's first few: each of them opened a connection, and its time is the dial's too.
func (s *firstAttempts) p95() time.Duration {
	s.mu.Lock()
	sorted := slices.Clone(s.latencies[min(s.skip, len(s.latencies)):])
	s.mu.Unlock()
	if len(sorted) == 0 {
		return 0
	}
	slices.Sort(sorted)
	return sorted[int(math.Ceil(0.95*float64(len(sorted))))-1]
}

// figures sums up the run.
func (s *firstAttempts) figures(adaptive bool, afters []time.Duration, unhedged int) hedgeFigures {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := hedgeFigures{Adaptive: adaptive, Unhedged: unhedged}
	for _, a := range afters {
		f.AfterMs = append(f.AfterMs, units.Millis(a))
	}
	for _, n := range s.attempts {
		if n > 0 {
			f.Requests++
			f.Hedges += n - 1
		}
	}
	return f
}

// hedgeFigures is what a run of Hedged did: the report's "hedging" section.
type hedgeFigures struct {
	Adaptive bool      `json:"adaptive"` // -hedge-after 0: after is the p95 of the first attempts seen so far
	AfterMs  []float64 `json:"after_ms"` // the after of each call of Hedged that hedged: one, or one per round
	Unhedged int       `json:"unhedged"` // the first round's requests, made before there was a p95 to go by
	Requests int       `json:"requests"` // the requests made
	Hedges   int       `json:"hedges"`   // their attempts beyond the first
}

// String is the section's text.
func (f hedgeFigures) String() string {
	share := 0.0
	if f.Requests > 0 {
		share = 100 * float64(f.Hedges) / float64(f.Requests)
	}
	s := fmt.Sprintf("%s hedges for %s requests (%.1f%% more attempts)", units.Count(f.Hedges), units.Count(f.Requests), share)
	switch {
	case !f.Adaptive && len(f.AfterMs) == 1:
		return s + fmt.Sprintf("\nsent after %s without an answer (-hedge-after)", units.Duration(units.FromMillis(f.AfterMs[0])))
	case len(f.AfterMs) == 0:
		return s + fmt.Sprintf("\nnone sent: the first %s requests go unhedged, to learn the p95 to hedge after", units.Count(f.Unhedged))
	}
	first, last := units.FromMillis(f.AfterMs[0]), units.FromMillis(f.AfterMs[len(f.AfterMs)-1])
	return s + fmt.Sprintf("\nsent after the p95 of the latencies seen so far: %s, then %s at the last of %d estimates; "+
		"the first %s requests unhedged", units.Duration(first), units.Duration(last), len(f.AfterMs), units.Count(f.Unhedged))
}
