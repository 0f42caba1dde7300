// Package dataserver is the workshop's simulated /data server: seeded latency, bursts of 500s and a
// bounded capacity behind one http.Handler, plus the flags and the serving of a server process.
package dataserver

import (
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
	"time"
)

// Unlimited as a Config.Capacity means the server works on every request at once.
const Unlimited = -1

// Config is the simulation. Every /data answer takes Latency plus a random walk in [0, Jitter]; a two-state
// error process turns ErrorRate of the answers into 500s, in runs of ErrorBurst on average; at most Capacity
// requests are worked on at once, Queue more may wait, and the rest get 503 with Retry-After.
type Config struct {
	Latency    time.Duration // the floor of every answer's simulated work
	Jitter     time.Duration // how far above Latency the random walk may go; 0 keeps latency constant
	Step       time.Duration // the most the walk moves from one request to the next (capped at Jitter)
	ErrorRate  float64       // long-run fraction of answers that are 500s, in [0, 1)
	ErrorBurst float64       // mean length of a run of 500s, in requests, at least 1
	Capacity   int           // requests worked on at once, at least 1, or Unlimited
	Queue      int           // requests that may wait for a free slot; the next one gets a 503
	RetryAfter time.Duration // the Retry-After sent with a 503, in whole seconds
	Seed       uint64        // seeds the walk and the errors: one seed and one request order, one run
}

// DefaultProfile is the profile used when none is named.
const DefaultProfile = "workshop"

// Profiles are the named presets of -profile. Each flag given alongside still overrides its field.
var Profiles = map[string]Config{
	// The workshop's server: about 4 ms an answer, 2% of 500s in bursts, and room for 50 requests at once
	// plus 50 waiting, so a bounded pool fits and one goroutine per request overloads it.
	"workshop": {
		Latency: 3 * time.Millisecond, Jitter: 2 * time.Millisecond, Step: 250 * time.Microsecond,
		ErrorRate: 0.02, ErrorBurst: 5, Capacity: 50, Queue: 50, RetryAfter: time.Second, Seed: 1,
	},
	// How the original project's Python server behaved when measured: the same latency and errors, and no
	// capacity limit at all.
	"original": {
		Latency: 3 * time.Millisecond, Jitter: 2 * time.Millisecond, Step: 250 * time.Microsecond,
		ErrorRate: 0.02, ErrorBurst: 5, Capacity: Unlimited, Queue: 0, RetryAfter: time.Second, Seed: 1,
	},
	// The same latency with no errors and no limit: every figure comes from the client alone.
	"calm": {
		Latency: 3 * time.Millisecond, Jitter: 2 * time.Millisecond, Step: 250 * time.Microsecond,
		ErrorRate: 0, ErrorBurst: 1, Capacity: Unlimited, Queue: 0, RetryAfter: time.Second, Seed: 1,
	},
	// A small, slow, flaky server: 8 at once, 8 waiting, about 25 ms an answer and 5% of 500s.
	"overloaded": {
		Latency: 20 * time.Millisecond, Jitter: 10 * time.Millisecond, Step: time.Millisecond,
		ErrorRate: 0.05, ErrorBurst: 5, Capacity: 8, Queue: 8, RetryAfter: time.Second, Seed: 1,
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
	}
	return nil
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
	fmt.Fprintf(&b, ", seed %d", c.Seed)
	return b.String()
}

// maxDuration bounds the simulated durations: far beyond any useful setting, far below overflow.
const maxDuration = time.Hour

var errUnknownProfile = errors.New("dataserver: unknown profile")
