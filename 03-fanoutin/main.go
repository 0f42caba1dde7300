// Command 03-fanoutin sends its requests through a fixed pool of workers: bounded concurrency, sized to
// what the server can take. The lesson is in README.md; the exercises are in fanoutin.go and merge.go.
package main

import "github.com/go-concurrency-workshop/workshop/internal/harness"

func main() {
	run := harness.Start(harness.Lesson{
		Name:        "03-fanoutin",
		Pattern:     "a pool of workers: jobs fanned out, results fanned in",
		Concurrency: harness.PerWorker,
	})
	results := FanOutIn(run.Ctx, run.Requests, run.Workers, run.Fetch)
	run.Finish(results)
}
