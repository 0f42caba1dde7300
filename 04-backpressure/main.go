// Command 04-backpressure sends its requests through a pool that paces itself: by default an AIMD limit
// that listens to the server's own overload signal (503 and Retry-After); with -variant throttle, the
// original project's throttle, which watches only its own busy workers. The lesson is in README.md; the
// exercises are in pace.go and pushback.go.
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
		Variants: []string{"limiter", "throttle"},
	})

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
