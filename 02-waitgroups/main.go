// Command 02-waitgroups sends every request at once, one goroutine each, and shows what unbounded
// concurrency costs the client and the server. The lesson is in README.md; the exercises are in
// allatonce.go and allatoncemutex.go: -variant index runs AllAtOnce, -variant mutex AllAtOnceMutex.
package main

import "github.com/go-concurrency-workshop/workshop/internal/harness"

func main() {
	run := harness.Start(harness.Lesson{
		Name:        "02-waitgroups",
		Pattern:     "one goroutine per request, sync.WaitGroup",
		Concurrency: harness.PerRequest,
		Variants:    []string{"index", "mutex"},
	})
	allAtOnce := AllAtOnce
	if run.Variant == "mutex" {
		allAtOnce = AllAtOnceMutex
	}
	run.Finish(allAtOnce(run.Ctx, run.Requests, run.Fetch))
}
