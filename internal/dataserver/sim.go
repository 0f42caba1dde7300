package dataserver

import (
	"math/rand/v2"
	"sync"
	"time"
)

// sim draws each answer's latency and outcome. Draws are serialised, so one seed and one order of
// requests always give the same answers.
type sim struct {
	mu      sync.Mutex
	cfg     Config
	rng     *rand.Rand
	walk    time.Duration // the current offset above cfg.Latency, always in [0, cfg.Jitter]
	failing bool          // the error state: while it holds, every answer is a 500

	// The error state is a two-state Markov chain. Leaving it has probability 1/ErrorBurst per request, so
	// runs of 500s last ErrorBurst on average; entering it has the probability that makes the long-run
	// share of 500s equal ErrorRate: enter / (enter + leave) = ErrorRate.
	enter, leave float64
}

func newSim(cfg Config) *sim {
	s := &sim{cfg: cfg, rng: rand.New(rand.NewPCG(cfg.Seed, 0x5eed)), walk: cfg.Jitter / 2}
	if cfg.ErrorRate > 0 {
		s.leave = 1 / cfg.ErrorBurst
		s.enter = cfg.ErrorRate * s.leave / (1 - cfg.ErrorRate)
	}
	return s
}

// answer is what the simulation decides for one request.
type answer struct {
	latency time.Duration // how long the answer takes, the slow tail's factor included
	fail    bool          // a simulated 500
	slow    bool          // drawn on the slow tail
}

// next moves the walk one step and the error state one request, draws the tail (only when there is one,
// so that a Config without a tail draws exactly what it did before tails existed), and returns the answer
// they give.
func (s *sim) next() answer {
	s.mu.Lock()
	defer s.mu.Unlock()
	if most := min(s.cfg.Step, s.cfg.Jitter); most > 0 {
		step := time.Duration(s.rng.Int64N(int64(2*most)+1)) - most
		s.walk = min(max(s.walk+step, 0), s.cfg.Jitter)
	}
	if s.failing {
		s.failing = s.rng.Float64() >= s.leave
	} else {
		s.failing = s.rng.Float64() < s.enter
	}
	a := answer{latency: s.cfg.Latency + s.walk, fail: s.failing}
	if s.cfg.Tail.Share > 0 && s.rng.Float64() < s.cfg.Tail.Share {
		a.slow = true
		a.latency = time.Duration(float64(a.latency) * s.cfg.Tail.Factor)
	}
	return a
}
