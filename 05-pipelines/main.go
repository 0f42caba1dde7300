// Command 05-pipelines fetches /data through a typed pipeline, each stage with its own workers, all of them
// under one errgroup:
//
//	ids → fetch (-workers) → decode (-decode-workers) → Ordered (-reorder) → aggregate
//
// Its report says what each stage did and which one set the pace: the bottleneck. The lesson is in
// README.md; the exercises are in stage.go and ordered.go. -variant crawl runs the challenge, Crawl
// (challenge.go): it crawls the server's link graph from page -root, with -workers fetches at most in
// flight, and follows links to at most -requests ids.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/go-concurrency-workshop/workshop/internal/harness"
	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

func main() {
	var (
		s settings
		c crawlSettings
	)
	run := harness.Start(harness.Lesson{
		Name:        "05-pipelines",
		Pattern:     "a typed pipeline: fetch, decode, put in order, aggregate",
		Concurrency: harness.PerWorker, // -workers is the fetch stage's: its requests in flight
		Variants:    []string{"pipeline", "crawl"},
		Setups: map[string]harness.VariantSetup{
			// The crawl's requests are the pages it finds, on a server with no 500s: a page that fails hides
			// the pages only it links to (the README shows what that costs).
			"crawl": {Server: []string{"-profile", "calm"}, Discovers: true},
		},
		Flags: allFlags(s.flags, c.flags), // -decode-workers, -decode-cost, -reorder and -root: this lesson's own
	})
	if run.Variant == "crawl" {
		reach, err := run.Reach(c.root) // what the server says root leads to; an error if root is not a page
		if err != nil {
			run.FinishValue(nil, err)
			return
		}
		results, figures := webCrawl(run.Ctx, c.root, run.Workers, run.Requests, run.FetchPage, reach)
		run.Section("crawl", figures.String(), figures)
		run.Finish(results)
		return
	}
	s.requests, s.fetchWorkers = run.Requests, run.Workers
	sum, stages, err := runPipeline(run.Ctx, s, run.Fetch)
	run.Section("stages", stages.String(), stages)
	run.FinishValue(sum, err)
}

// settings are the pipeline's knobs.
type settings struct {
	requests      int           // -requests: ids 0 to requests-1
	fetchWorkers  int           // -workers
	decodeWorkers int           // -decode-workers
	decodeCost    time.Duration // -decode-cost: a simulated cost per message in decode
	reorder       int           // -reorder: the most messages Ordered may hold
}

// runPipeline fetches ids 0 to s.requests-1 through the pipeline and returns the aggregate, what each stage did,
// and the pipeline's error: the first any stage returned, or ctx's once ctx is cancelled.
func runPipeline(ctx context.Context, s settings, fetch lesson.Fetch) (summary, stageFigures, error) {
	start := time.Now()
	// One group for the whole pipeline: its ctx is cancelled as soon as any goroutine in it returns an
	// error, so every stage, and the source, stop together.
	g, ctx := errgroup.WithContext(ctx)
	var (
		fetching    = stageMeter{flag: "-workers"}
		decoding    = stageMeter{flag: "-decode-workers"}
		aggregating = stageMeter{name: "aggregate", workers: 1}
	)

	ids := source(ctx, g, s.requests)
	fetched := metered(&fetching, Stage[int, lesson.Result]{
		Name: "fetch", Workers: s.fetchWorkers, Buffer: s.fetchWorkers,
		// The request gets the pipeline's ctx: an error anywhere, or Ctrl-C, cuts it short.
		Function: func(m Message[int]) (Message[lesson.Result], error) {
			return Message[lesson.Result]{ID: m.ID, Payload: fetch(ctx, m.Payload)}, nil
		},
	}).Run(ctx, g, ids)
	decoded := metered(&decoding, Stage[lesson.Result, answer]{
		Name: "decode", Workers: s.decodeWorkers, Buffer: s.decodeWorkers, Function: decode(ctx, s.decodeCost),
	}).Run(ctx, g, fetched)
	inOrder := Ordered(ctx, g, decoded, s.reorder)
	if fetched == nil || decoded == nil || inOrder == nil {
		return summary{}, nil, notWritten(g)
	}

	// The aggregate is the pipeline's consumer, here in runPipeline's own goroutine. It reads until Ordered
	// closes its output: after the last message, or once the pipeline has stopped. (A consumer that stops
	// early must first cancel the context the group was made from, so that no stage is left blocked on a
	// send: see the README.)
	var sum summary
	for m := range inOrder {
		begin := time.Now()
		sum.add(m.ID, m.Payload)
		aggregating.observe(time.Since(begin))
	}
	err := g.Wait()
	return sum, figures(time.Since(start), &fetching, &decoding, &aggregating), err
}

// source sends ids 0 to n-1 as messages numbered the same, then closes its output. It runs in g like the
// stages, and stops once ctx is done.
func source(ctx context.Context, g *errgroup.Group, n int) <-chan Message[int] {
	out := make(chan Message[int])
	g.Go(func() error {
		defer close(out)
		for id := range n {
			select {
			case out <- Message[int]{ID: id, Payload: id}:
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		return nil
	})
	return out
}

// answer is what decode makes of one fetched result.
type answer struct {
	status int           // the HTTP status; 0 when the request got no answer
	err    error         // why it got none
	server time.Duration // for a 200, the latency the server says it simulated
	reason string        // for an error status, the reason the server gave
}

// decode returns the decode stage's Function: it decodes the JSON body of each answer. The work itself
// takes a few microseconds; cost adds a simulated cost per message (a wait: it stands for work that
// waits, such as writing each answer to a store), so that this stage can be made the bottleneck. Like a
// request, that wait ends when ctx is done (Ctrl-C, or an error anywhere): the message then fails with
// ctx's error.
func decode(ctx context.Context, cost time.Duration) func(Message[lesson.Result]) (Message[answer], error) {
	return func(m Message[lesson.Result]) (Message[answer], error) {
		r := m.Payload
		a := answer{status: r.Status, err: r.Err}
		if len(r.Body) > 0 {
			var body struct {
				LatencyUS int64  `json:"latency_us"` // a 200's
				Error     string `json:"error"`      // an error status's
			}
			if err := json.Unmarshal(r.Body, &body); err != nil {
				return Message[answer]{}, fmt.Errorf("request %d: the body is not the JSON expected: %w", r.ID, err)
			}
			a.server, a.reason = time.Duration(body.LatencyUS)*time.Microsecond, body.Error
		}
		if cost > 0 {
			wait := time.NewTimer(cost)
			defer wait.Stop()
			select {
			case <-wait.C:
			case <-ctx.Done():
				return Message[answer]{}, ctx.Err()
			}
		}
		return Message[answer]{ID: m.ID, Payload: a}, nil
	}
}
