// Command 03-fanoutin sends its requests through a fixed pool of workers: bounded concurrency, sized to
// what the server can take. The lesson is in README.md; the exercises are in fanoutin.go and merge.go:
// -variant fanoutin runs FanOutIn, -variant merge the same pool fanned in by Merge (merged.go).
package main

import "github.com/go-concurrency-workshop/workshop/internal/harness"

func main() {
	run := harness.Start(harness.Lesson{
		Name:        "03-fanoutin",
		Pattern:     "a pool of workers: jobs fanned out, results fanned in",
		Concurrency: harness.PerWorker,
		Variants:    []string{"fanoutin", "merge"},
	})
	pool := FanOutIn
	if run.Variant == "merge" {
		pool = fanOutInMerged
	}
	run.Finish(pool(run.Ctx, run.Requests, run.Workers, run.Fetch))
}
