// Command 02-waitgroups sends every request at once, one goroutine each, and shows what unbounded
// concurrency costs the client and the server. The lesson is in README.md; the exercises are in
// allatonce.go and allatoncemutex.go: -variant index runs AllAtOnce, -variant mutex AllAtOnceMutex.
// -variant dedup runs the challenge, Dedup (challenge.go): each of the -requests ids is asked for by
// -callers goroutines at once, and Dedup sends one request for them all.
package main

import "github.com/go-concurrency-workshop/workshop/internal/harness"

func main() {
	var perID callers
	run := harness.Start(harness.Lesson{
		Name:        "02-waitgroups",
		Pattern:     "one goroutine per request, sync.WaitGroup",
		Concurrency: harness.PerRequest,
		Variants:    []string{"index", "mutex", "dedup"},
		Flags:       perID.flags,
	})
	switch run.Variant {
	case "dedup":
		results, figures := dedup(run.Ctx, run.Requests, int(perID), run.Fetch)
		run.Section("dedup", figures.String(), figures)
		run.Finish(results)
	case "mutex":
		run.Finish(AllAtOnceMutex(run.Ctx, run.Requests, run.Fetch))
	default:
		run.Finish(AllAtOnce(run.Ctx, run.Requests, run.Fetch))
	}
}
