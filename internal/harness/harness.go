// Package harness runs a lesson's program: it reads the common flags, reaches a /data server (starting one
// in a child process if none answers), hands the pattern a real, measured fetch, and prints the report.
//
// A lesson's main is three steps:
//
//	run := harness.Start(harness.Lesson{Name: "01-sequential", Pattern: "...", Concurrency: harness.OneAtATime})
//	results := Sequential(run.Ctx, run.Requests, run.Fetch)
//	run.Finish(results) // prints the report and exits
package harness

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/fatih/color"
	"github.com/mattn/go-isatty"

	"github.com/go-concurrency-workshop/workshop/internal/dataserver"
	"github.com/go-concurrency-workshop/workshop/internal/httpclient"
	"github.com/go-concurrency-workshop/workshop/internal/lesson"
	"github.com/go-concurrency-workshop/workshop/internal/meter"
	"github.com/go-concurrency-workshop/workshop/internal/progress"
	"github.com/go-concurrency-workshop/workshop/internal/report"
	"github.com/go-concurrency-workshop/workshop/internal/serverproc"
	"github.com/go-concurrency-workshop/workshop/internal/units"
)

// Concurrency is how many requests a lesson's pattern keeps in flight at once. It sizes the connection
// pool and is shown in the report.
type Concurrency int

const (
	OneAtATime Concurrency = iota + 1 // one request after another
	PerRequest                        // every request at once, one goroutine each
	PerWorker                         // -workers requests at once
)

func (c Concurrency) inFlight(f Flags) int {
	switch c {
	case PerRequest:
		return f.Requests
	case PerWorker:
		return f.Workers
	}
	return 1
}

func (c Concurrency) describe(f Flags) string {
	switch c {
	case PerRequest:
		return "one goroutine per request"
	case PerWorker:
		return units.Count(f.Workers) + " workers"
	}
	return "1 at a time"
}

// Lesson describes a lesson's program.
type Lesson struct {
	Name        string      // the lesson's folder, such as "01-sequential"
	Pattern     string      // the pattern in a few words, for the report's title
	Concurrency Concurrency // how many requests it keeps in flight
}

// Run is one run of a lesson's pattern, from Start to Finish.
type Run struct {
	Ctx      context.Context // cancelled by Ctrl-C: the pattern should stop and return what finished
	Requests int             // -requests
	Workers  int             // -workers
	Fetch    lesson.Fetch    // sends one real GET /data, measured

	lesson   Lesson
	flags    Flags
	url      string
	child    *serverproc.Child // the server started for this run, if one was
	client   *httpclient.Client
	meter    *meter.Meter
	bar      *progress.Bar // nil unless stderr is a terminal
	finished atomic.Int64  // requests whose fetch has returned
	start    time.Time
	stop     context.CancelFunc // stops listening for Ctrl-C
}

// Start prepares a run of l from the command line, and exits the program when it cannot: status 2 for bad
// flags, 1 when no server can be reached. In the child process that serves /data for a lesson (see
// serverproc), Start serves and never returns, so it must come first in main.
func Start(l Lesson) *Run {
	serverproc.RunIfChild()
	f, err := ParseFlags(l.Name, os.Args[1:], os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		os.Exit(0)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	if f.NoColor {
		color.NoColor = true
	}
	if f.set["workers"] && l.Concurrency != PerWorker {
		fmt.Fprintf(os.Stderr, "note: -workers has no effect in %s (%s)\n", l.Name, l.Concurrency.describe(f))
	}

	r := &Run{Requests: f.Requests, Workers: f.Workers, lesson: l, flags: f}
	if r.url, r.child, err = reach(l.Name, f, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if r.client, err = httpclient.New(r.url, l.Concurrency.inFlight(f), f.Timeout); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	r.Ctx, r.stop = signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	context.AfterFunc(r.Ctx, r.stop) // after the first Ctrl-C, a second one ends the program at once

	r.meter = meter.Start()
	if isTerminal(os.Stderr) {
		r.bar = progress.Start(os.Stderr, f.Requests, func() int { return int(r.finished.Load()) })
	}
	r.Fetch = func(ctx context.Context, id int) lesson.Result {
		r.meter.Observe()
		res := r.client.Fetch(ctx, id)
		r.finished.Add(1)
		return res
	}
	r.start = time.Now()
	return r
}

// reach returns the /data URL to use: f.URL if anything answers there; otherwise, unless -url was given,
// the URL of a server started for this run.
func reach(name string, f Flags, log io.Writer) (string, *serverproc.Child, error) {
	err := httpclient.Ping(context.Background(), f.URL)
	if err == nil {
		return f.URL, nil, nil
	}
	if f.URLSet {
		return "", nil, fmt.Errorf("%s: nothing answers at %s (%v): start the server with `go run ./server`, or leave out -url",
			name, f.URL, err)
	}
	fmt.Fprintf(log, "No server at %s: starting one for this run (`go run ./server` in another terminal keeps one running).\n", f.URL)
	child, err := serverproc.Start()
	if err != nil {
		return "", nil, fmt.Errorf("%s: %w", name, err)
	}
	return child.URL + "/data", child, nil
}

// Finish reports the run and exits: status 0, or 1 when no request got an answer (it says why), or 130
// after Ctrl-C (or SIGTERM). It stops the server started for the run, if any.
func (r *Run) Finish(results []lesson.Result) {
	wall := time.Since(r.start)
	if r.bar != nil {
		r.bar.Stop()
	}
	usage := r.meter.Stop()
	interrupted := r.Ctx.Err() != nil
	r.stop()

	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	st, statsErr := r.client.ServerStats(ctx)
	cancel()
	var server *dataserver.Stats
	if statsErr == nil {
		server = &st
	}
	r.client.Close()
	if r.child != nil {
		if err := r.child.Stop(); err != nil {
			fmt.Fprintln(os.Stderr, err)
		}
	}

	rep := report.New(report.Run{
		Lesson: r.lesson.Name, Pattern: r.lesson.Pattern, InFlight: r.lesson.Concurrency.describe(r.flags),
		URL: r.url, Embedded: r.child != nil, Requests: r.Requests, Wall: wall, Interrupted: interrupted,
	}, results, usage, server, statsErr)
	write := rep.WriteText
	if r.flags.JSON {
		write = rep.WriteJSON
	}
	if err := write(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, err)
	}
	os.Exit(r.exitStatus(rep))
}

func (r *Run) exitStatus(rep report.Report) int {
	name := r.lesson.Name
	switch {
	case rep.Interrupted:
		return 130
	case rep.Results == 0:
		fmt.Fprintf(os.Stderr, "\n%s: the pattern returned no results. Is the exercise done? `go test ./%s` says what is "+
			"missing; `go run -tags solution ./%s` runs the reference solution.\n", name, name, name)
		return 1
	case rep.Responses == 0:
		fmt.Fprintf(os.Stderr, "\n%s: every request failed: %s\n", name, r.advice(topCause(rep.Errors)))
		return 1
	case len(rep.Errors) > 0:
		fmt.Fprintf(os.Stderr, "\n%s: %s requests got no answer: %s\n", name,
			units.Count(rep.Results-rep.Responses), r.advice(topCause(rep.Errors)))
	}
	return 0
}

// advice explains the commonest transport error of a run.
func (r *Run) advice(cause string) string {
	switch cause {
	case "timeout":
		return fmt.Sprintf("they took longer than -timeout %v; give them longer, or ask why the server is slow.", r.flags.Timeout)
	case "connection refused", "connection reset by the server", "connection closed by the server":
		return fmt.Sprintf("%s. Is the server at %s still running?", cause, r.url)
	case "too many open files":
		return "too many open files: the process ran out of file descriptors (see `ulimit -n`)."
	}
	return cause + "."
}

func topCause(errs map[string]int) string {
	top := ""
	for cause, n := range errs {
		if top == "" || n > errs[top] || n == errs[top] && cause < top {
			top = cause
		}
	}
	return top
}

func isTerminal(f *os.File) bool { return isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()) }
