// Command 01-sequential sends its requests one after another: the baseline every later lesson is measured
// against. The lesson is in README.md; the exercise is in sequential.go. -variant budget runs the
// challenge, WithinBudget (challenge.go): the same loop within a time budget, -budget for the whole run
// and -request-timeout for each request.
package main

import "github.com/go-concurrency-workshop/workshop/internal/harness"

func main() {
	var b budget
	run := harness.Start(harness.Lesson{
		Name:        "01-sequential",
		Pattern:     "one request after another",
		Concurrency: harness.OneAtATime,
		Variants:    []string{"sequential", "budget"},
		Setups: map[string]harness.VariantSetup{
			// A server with a slow tail: 2% of the answers take 20 times as long. The requests the budget
			// leaves no time for count as not started, not as lost.
			"budget": {Server: []string{"-profile", "tail"}, MayStopEarly: true},
		},
		Flags: b.flags,
	})
	if run.Variant == "budget" {
		results := WithinBudget(run.Ctx, run.Requests, run.Fetch, b.total, b.perRequest)
		figures := b.figures(results, run.Requests)
		run.Section("budget", figures.String(), figures)
		run.Finish(results)
		return
	}
	run.Finish(Sequential(run.Ctx, run.Requests, run.Fetch))
}
