// Command 01-sequential sends its requests one after another: the baseline every later lesson is measured
// against. The lesson is in README.md; the exercise is in sequential.go.
package main

import "github.com/go-concurrency-workshop/workshop/internal/harness"

func main() {
	run := harness.Start(harness.Lesson{
		Name:        "01-sequential",
		Pattern:     "one request after another",
		Concurrency: harness.OneAtATime,
	})
	results := Sequential(run.Ctx, run.Requests, run.Fetch)
	run.Finish(results)
}
