// Package dataserver is the workshop's simulated /data server: seeded latency, bursts of 500s, a slow
// tail, outages, a link graph and a bounded capacity behind one http.Handler, plus the flags and the
// serving of a server process.
package dataserver

import (
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Unlimited as a Config.Capacity means the server works on every request at once.
const Unlimited = -1

// Config is the simulation. Every /data answer takes Latency plus a random walk in [0, Jitter]; a two-state
// error process turns ErrorRate of the answers into 500s, in runs of ErrorBurst on average; at most Capacity
// requests are worked on at once, Queue more may wait, and the rest get 503 with Retry-After. A Tail makes
// a share of the answers slower; an Outage answers every /data request with a 500 for a while; Pages sizes
// the link graph of /page/{id}. The zero Tail and Outage are off, and Pages 0 is DefaultPages, so a Config
// written without them simulates what it did before they existed.
type Config struct {
	Latency    time.Duration // the floor of every answer's simulated work
	Jitter     time.Duration // how far above Latency the random walk may go; 0 keeps latency constant
	Step       time.Duration // the most the walk moves from one request to the next (capped at Jitter)
	ErrorRate  float64       // long-run fraction of answers that are 500s, in [0, 1)
	ErrorBurst float64       // mean length of a run of 500s, in requests, at least 1
	Capacity   int           // requests worked on at once, at least 1, or Unlimited
	Queue      int           // requests that may wait for a free slot; the next one gets a 503
	RetryAfter time.Duration // the Retry-After sent with a 503, in whole seconds
	Seed       uint64        // seeds the walk, the errors, the tail and the link graph: one seed and one request order, one run
	Tail       Tail          // a share of answers that take a multiple of their latency; the zero Tail is none
	Outage     Outage        // a stretch of every /data answer a 500, per run; the zero Outage is none
	Pages      int           // pages of the link graph served at /page/{id}, at most MaxPages; 0 means DefaultPages
}

// Tail is a slow tail: each answer, drawn on its own (a retry or a hedge draws again), is slow with
// probability Share, and a slow answer takes Factor times its latency.
type Tail struct {
	Share  float64 // in [0, 1]; 0: no tail
	Factor float64 // at least 1 when Share is above 0, at most MaxTailFactor
}

// String writes t as the -tail flag takes it: "0.02:20", or "none".
func (t Tail) String() string {
	if t.Share == 0 {
		return "none"
	}
	return strconv.FormatFloat(t.Share, 'g', -1, 64) + ":" + strconv.FormatFloat(t.Factor, 'g', -1, 64)
}

// Outage is a stretch of time in which every /data request is answered 500 at once, without latency. It
// runs from Start after a run's first request (any request carrying its X-Run-Id) for Length; requests
// without a run id, or of a run the server does not track, are timed from the server's first request.
type Outage struct {
	Start  time.Duration // normal service from the run's first request until then
	Length time.Duration // how long the outage lasts; 0: no outage
}

// String writes o as the -outage flag takes it: "4s+3s", or "none".
func (o Outage) String() string {
	if o.Length == 0 && o.Start == 0 {
		return "none"
	}
	return o.Start.String() + "+" + o.Length.String()
}

// down reports whether an outage is on after since of a run's time.
func (o Outage) down(since time.Duration) bool {
	return o.Length > 0 && since >= o.Start && since < o.Start+o.Length
}

// Limits of the settings.
const (
	DefaultPages  = 3000    // the link graph's pages when Config.Pages is 0
	MaxPages      = 100_000 // the most -pages may ask for
	MaxTailFactor = 1000    // the most -tail's FACTOR may be
)

// DefaultProfile is the profile used when none is named.
const DefaultProfile = "workshop"

// Profiles are the named presets of -profile. Each flag given alongside still overrides its field.
var Profiles = map[string]Config{
	// The workshop's server: about 4 ms an answer, 2% of 500s in bursts, and room for 50 requests at once
	// plus 50 waiting, so a bounded pool fits and one goroutine per request overloads it.
	"workshop": {
		Latency: 3 * time.Millisecond, Jitter: 2 * time.Millisecond, Step: 250 * time.Microsecond,
		ErrorRate: 0.02, ErrorBurst: 5, Capacity: 50, Queue: 50, RetryAfter: time.Second, Seed: 1,
		Pages: DefaultPages,
	},
	// How the original project's Python server behaved when measured: the same latency and errors, and no
	// capacity limit at all.
	"original": {
		Latency: 3 * time.Millisecond, Jitter: 2 * time.Millisecond, Step: 250 * time.Microsecond,
		ErrorRate: 0.02, ErrorBurst: 5, Capacity: Unlimited, Queue: 0, RetryAfter: time.Second, Seed: 1,
		Pages: DefaultPages,
	},
	// The same latency with no errors and no limit: every figure comes from the client alone.
	"calm": {
		Latency: 3 * time.Millisecond, Jitter: 2 * time.Millisecond, Step: 250 * time.Microsecond,
		ErrorRate: 0, ErrorBurst: 1, Capacity: Unlimited, Queue: 0, RetryAfter: time.Second, Seed: 1,
		Pages: DefaultPages,
	},
	// A small, slow, flaky server: 8 at once, 8 waiting, about 25 ms an answer and 5% of 500s.
	"overloaded": {
		Latency: 20 * time.Millisecond, Jitter: 10 * time.Millisecond, Step: time.Millisecond,
		ErrorRate: 0.05, ErrorBurst: 5, Capacity: 8, Queue: 8, RetryAfter: time.Second, Seed: 1,
		Pages: DefaultPages,
	},
	// A slow tail, for hedged requests (lesson 03's challenge): the workshop's latency, but 2% of the
	// answers, drawn per attempt, take 20 times as long. No random 500s to blur the tail, and room for a
	// pool of 15 and its hedges at once.
	"tail": {
		Latency: 3 * time.Millisecond, Jitter: 2 * time.Millisecond, Step: 250 * time.Microsecond,
		ErrorRate: 0, ErrorBurst: 1, Capacity: 50, Queue: 50, RetryAfter: time.Second, Seed: 1,
		Tail: Tail{Share: 0.02, Factor: 20}, Pages: DefaultPages,
	},
	// An outage, for the circuit breaker (lesson 04's challenge): no random 500s, about 25 ms an answer, so
	// a run of 7,500 requests at 15 workers lasts about 13 s; 4 s after a run's first request every /data
	// answer is a 500 at once, for 3 s.
	"outage": {
		Latency: 20 * time.Millisecond, Jitter: 10 * time.Millisecond, Step: time.Millisecond,
		ErrorRate: 0, ErrorBurst: 1, Capacity: 50, Queue: 50, RetryAfter: time.Second, Seed: 1,
		Outage: Outage{Start: 4 * time.Second, Length: 3 * time.Second}, Pages: DefaultPages,
	},
}

// ProfileNames lists the profiles in a stable order, for help and error messages.
func ProfileNames() []string { return slices.Sorted(maps.Keys(Profiles)) }

// Validate reports the first field that makes no sense, in the words of its flag.
func (c Config) Validate() error {
	for _, d := range []struct {
		flag  string
		value time.Duration
	}{{"-latency", c.Latency}, {"-jitter", c.Jitter}, {"-step", c.Step}} {
		if d.value < 0 || d.value > maxDuration {
			return fmt.Errorf("dataserver: %s must be between 0 and %v, got %v", d.flag, maxDuration, d.value)
		}
	}
	switch {
	case math.IsNaN(c.ErrorRate) || c.ErrorRate < 0 || c.ErrorRate >= 1:
		return fmt.Errorf("dataserver: -errors must be in [0%%, 100%%), got %g%%", c.ErrorRate*100)
	case math.IsNaN(c.ErrorBurst) || math.IsInf(c.ErrorBurst, 0) || c.ErrorBurst < 1:
		return fmt.Errorf("dataserver: -burst must be a number of requests, at least 1, got %g", c.ErrorBurst)
	case c.ErrorRate > c.ErrorBurst/(c.ErrorBurst+1):
		// Runs of 500s averaging b requests need at least one good answer between them on average.
		return fmt.Errorf("dataserver: -errors %g%% cannot come in bursts of %g: at most %.4g%% can, or lengthen -burst",
			c.ErrorRate*100, c.ErrorBurst, 100*c.ErrorBurst/(c.ErrorBurst+1))
	case c.Capacity < 1 && c.Capacity != Unlimited:
		return fmt.Errorf("dataserver: -capacity must be at least 1 or \"unlimited\", got %d", c.Capacity)
	case c.Queue < 0:
		return fmt.Errorf("dataserver: -queue must not be negative, got %d", c.Queue)
	case c.RetryAfter < time.Second || c.RetryAfter%time.Second != 0:
		return fmt.Errorf("dataserver: -retry-after must be a whole number of seconds, at least 1s, got %v", c.RetryAfter)
	case math.IsNaN(c.Tail.Share) || c.Tail.Share < 0 || c.Tail.Share > 1:
		return fmt.Errorf("dataserver: -tail's SHARE must be in [0, 1] (0.02 is 2%%), got %g", c.Tail.Share)
	case c.Tail.Share > 0 && (math.IsNaN(c.Tail.Factor) || c.Tail.Factor < 1 || c.Tail.Factor > MaxTailFactor):
		return fmt.Errorf("dataserver: -tail's FACTOR must be between 1 and %d, got %g", MaxTailFactor, c.Tail.Factor)
	case c.Outage.Start < 0 || c.Outage.Start > maxDuration || c.Outage.Length < 0 || c.Outage.Length > maxDuration:
		return fmt.Errorf("dataserver: -outage's START and LENGTH must be between 0 and %v, got %v", maxDuration, c.Outage)
	case c.Outage.Start > 0 && c.Outage.Length == 0:
		return fmt.Errorf("dataserver: -outage needs a LENGTH above 0 (START+LENGTH, such as 4s+3s), got %v", c.Outage)
	case c.Pages < 0 || c.Pages > MaxPages:
		return fmt.Errorf("dataserver: -pages must be between 1 and %d, got %d", MaxPages, c.Pages)
	}
	return nil
}

// pages is the size of the link graph c asks for.
func (c Config) pages() int {
	if c.Pages == 0 {
		return DefaultPages
	}
	return c.Pages
}

// String describes the simulation in one line, for the server's banner.
func (c Config) String() string {
	var b strings.Builder
	if c.Jitter > 0 {
		fmt.Fprintf(&b, "latency %v to %v", c.Latency, c.Latency+c.Jitter)
	} else {
		fmt.Fprintf(&b, "latency %v", c.Latency)
	}
	if c.ErrorRate > 0 {
		fmt.Fprintf(&b, ", %g%% errors in bursts of ~%g", c.ErrorRate*100, c.ErrorBurst)
	} else {
		b.WriteString(", no errors")
	}
	if c.Capacity == Unlimited {
		b.WriteString(", no capacity limit")
	} else {
		fmt.Fprintf(&b, ", capacity %d + queue %d", c.Capacity, c.Queue)
	}
	if c.Tail.Share > 0 {
		fmt.Fprintf(&b, ", %g%% of answers %g× slower", c.Tail.Share*100, c.Tail.Factor)
	}
	if c.Outage.Length > 0 {
		fmt.Fprintf(&b, ", an outage %v after each run's first request, for %v", c.Outage.Start, c.Outage.Length)
	}
	fmt.Fprintf(&b, ", seed %d", c.Seed)
	return b.String()
}

// maxDuration bounds the simulated durations: far beyond any useful setting, far below overflow.
const maxDuration = time.Hour

var errUnknownProfile = errors.New("dataserver: unknown profile")
