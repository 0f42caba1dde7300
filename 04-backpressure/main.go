// Command 04-backpressure sends its requests through a pool that paces itself: by default an AIMD limit
// that listens to the server's own overload signal (503 and Retry-After); with -variant throttle, the
// original project's throttle, which watches only its own busy workers. The lesson is in README.md; the
// exercises are in pace.go and pushback.go. -variant breaker runs the challenge (challenge.go): lesson 03's
// pool behind a circuit breaker, against a server that goes down for a while.
package main

import (
	"math/rand/v2"
	"time"

	"github.com/go-concurrency-workshop/workshop/internal/harness"
)

func main() {
	run := harness.Start(harness.Lesson{
		Name:        "04-backpressure",
		Pattern:     "a pool that paces itself by the server's load",
		Concurrency: harness.PerWorker,
		// A server that works on 8 requests at once, 20-30ms each, and refuses any more at once (503,
		// Retry-After: 1s): the 15 workers of -workers' default are more than it can take.
		Server:   []string{"-profile", "overloaded", "-queue", "0"},
		Variants: []string{"limiter", "throttle", "breaker"},
		Setups: map[string]harness.VariantSetup{
			// No random errors, 20-30ms an answer, and from 4s after the run's first request, 3s of 500s at
			// once: the middle of a run of 7,500 requests at 15 workers (about 12.5s without the outage).
			"breaker": {Server: []string{"-profile", "outage", "-outage", "4s+3s"}},
		},
	})

	if run.Variant == "breaker" {
		breaker(run)
		return
	}

	if run.Variant == "throttle" {
		run.Finish(Throttled(run.Ctx, run.Requests, run.Workers, run.Fetch, Original))
		return
	}

	start := time.Now()
	results, changes := Backpressure(run.Ctx, run.Requests, run.Workers, run.Fetch, Retry{
		Budget:  max(10, run.Requests/10), // at most one request in ten retried, once
		Backoff: 50 * time.Millisecond,    // about two answers' time: spreads out the retries of one overload
		Jitter:  func(int, int) float64 { return rand.Float64() },
	})
	text, data := limitChart(changes, time.Since(start))
	run.Section("limit", text, data)
	run.Finish(results)
}

// breaker runs the challenge: Resilient, behind a Breaker, with one retry for every ten requests (at least
// 10), and reports the breaker's states over the run.
func breaker(run *harness.Run) {
	b := NewBreaker(BreakerSettings{
		Trip:     5,           // a few failures in a row: not one unlucky answer, and not many at a down server
		CoolDown: time.Second, // a probe a second while the server is down
		Probes:   2,           // two answers before the whole pool comes back
	})
	if b == nil {
		run.Section("breaker", "NewBreaker returned nil: write it first (challenge.go)", nil)
		run.Finish(nil)
		return
	}
	start := time.Now()
	results := Resilient(run.Ctx, run.Requests, run.Workers, run.Fetch, b, max(10, run.Requests/10))
	text, data := statesChart(b.Changes(), time.Since(start))
	run.Section("breaker", text, data)
	run.Finish(results)
}
