// Command 02-waitgroups sends every request at once, one goroutine each, and shows what unbounded
// concurrency costs the client and the server. The lesson is in README.md; the exercises are in
// allatonce.go and allatoncemutex.go.
package main

import "github.com/go-concurrency-workshop/workshop/internal/harness"

func main() {
	run := harness.Start(harness.Lesson{
		Name:        "02-waitgroups",
		Pattern:     "one goroutine per request, sync.WaitGroup",
		Concurrency: harness.PerRequest,
	})
	results := AllAtOnce(run.Ctx, run.Requests, run.Fetch)
	run.Finish(results)
}
