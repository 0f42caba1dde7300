// Command 03-fanoutin sends its requests through a fixed pool of workers: bounded concurrency, sized to
// what the server can take. The lesson is in README.md; the exercises are in fanoutin.go and merge.go:
// -variant fanoutin runs FanOutIn, -variant merge the same pool fanned in by Merge (merged.go).
// -variant hedged runs the challenge, Hedged (challenge.go), against a server with a slow tail: a request
// with no answer after -hedge-after gets a second attempt (hedged.go).
package main

import "github.com/go-concurrency-workshop/workshop/internal/harness"

func main() {
	var h hedging
	run := harness.Start(harness.Lesson{
		Name:        "03-fanoutin",
		Pattern:     "a pool of workers: jobs fanned out, results fanned in",
		Concurrency: harness.PerWorker,
		Variants:    []string{"fanoutin", "merge", "hedged"},
		Setups: map[string]harness.VariantSetup{
			// 2% of the answers take 20 times as long; each request's latency is the time to its first answer.
			"hedged": {Server: []string{"-profile", "tail"}, LatencyPerRequest: true},
		},
		Flags: h.flags,
	})
	if run.Variant == "hedged" {
		results, figures := h.run(run.Ctx, run.Requests, run.Workers, run.Fetch)
		run.Section("hedging", figures.String(), figures)
		run.Finish(results)
		return
	}
	pool := FanOutIn
	if run.Variant == "merge" {
		pool = fanOutInMerged
	}
	run.Finish(pool(run.Ctx, run.Requests, run.Workers, run.Fetch))
}
