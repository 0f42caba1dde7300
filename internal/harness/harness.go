// Package harness runs a lesson's program: it reads the common flags, reaches a /data server (starting one
// in a child process if none answers), hands the pattern a real fetch that records every attempt, and
// prints the report.
//
// A lesson's main is three steps:
//
//	run := harness.Start(harness.Lesson{Name: "01-sequential", Pattern: "...", Concurrency: harness.OneAtATime})
//	results := Sequential(run.Ctx, run.Requests, run.Fetch)
//	run.Finish(results) // prints the report and exits
//
// A pattern that returns a value and an error instead of one result per request ends with
// run.FinishValue(value, err).
//
// A lesson with several variants (-variant) names them in Lesson.Variants, and gives any that needs a
// server or a report of its own a VariantSetup in Lesson.Setups. `-list-variants` prints them, one a line.
//
// A pattern that crawls the server's link graph fetches pages with run.FetchPage (GET /page/{id} beside
// /data, recorded as run.Fetch records /data), asks the server what a root leads to with run.Reach, and
// has VariantSetup.Discovers set: its requests are the pages it found, not ids 0 to -requests-1.
package harness

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"net/http"
	"os"
	"os/signal"
	"runtime/trace"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/fatih/color"

	"github.com/go-concurrency-workshop/workshop/internal/dataserver"
	"github.com/go-concurrency-workshop/workshop/internal/httpclient"
	"github.com/go-concurrency-workshop/workshop/internal/lesson"
	"github.com/go-concurrency-workshop/workshop/internal/meter"
	"github.com/go-concurrency-workshop/workshop/internal/progress"
	"github.com/go-concurrency-workshop/workshop/internal/report"
	"github.com/go-concurrency-workshop/workshop/internal/serverproc"
	"github.com/go-concurrency-workshop/workshop/internal/term"
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
	// Server is the server flags the lesson's run is meant for, such as {"-profile", "overloaded"}: a
	// server the lesson starts for itself gets them. Nil: the server's defaults. A variant's
	// VariantSetup.Server takes its place.
	Server []string
	// Variants names the lesson's exercises that main can run, the default first, for -variant: such as
	// {"index", "mutex"}. Nil: the lesson has one, and no -variant flag. A variant named only in Setups is
	// a variant too, after these (and after "default", when Variants is nil).
	Variants []string
	// Setups says, by variant name, what a variant needs that the lesson's default does not: its own
	// server, a pattern that may stop early, latency per request. A variant without one gets the zero
	// VariantSetup: Lesson.Server, and the report as for any other pattern.
	Setups map[string]VariantSetup
	// Flags adds the lesson's own flags to the ones every lesson shares, and returns a check of their
	// values to run once they are parsed (or nil). A bad value is reported like any other: one line, and
	// exit status 2. Nil: the lesson has none of its own.
	Flags func(fs *flag.FlagSet) (check func() error)
}

// VariantSetup is what one variant of a lesson needs from the harness.
type VariantSetup struct {
	// Server is the server flags for the variant's own server, in place of Lesson.Server: such as
	// {"-profile", "tail"}. Nil: Lesson.Server.
	Server []string
	// MayStopEarly: the pattern may end before starting every request (a time budget). The ids it never
	// attempted count in the report as not started (JSON not_started), never as missing or lost, and do
	// not fail the run.
	MayStopEarly bool
	// LatencyPerRequest: the report's latency is each request's time to its final result, from its first
	// attempt's start to the end of its final attempt (a pattern that hedges), not each attempt's; and an
	// attempt cancelled is never the outcome of a request another attempt answered (a hedge that lost).
	LatencyPerRequest bool
	// Discovers: the pattern finds its requests as it goes (a crawl, whose pages link to more pages). Their
	// ids are whatever it fetched (page ids, with Run.FetchPage), not 0 to -requests-1: the report counts
	// the distinct ids attempted as the run's requests, none of them "not started", and judges each as any
	// other. What -requests means for such a pattern (a limit, say) is the lesson's to decide and to say.
	Discovers bool
	// Requests is the variant's own default for -requests, when the lesson's 7,500 mean something else
	// for it (a dedup run whose requests are ids, each asked for by many callers). 0: the usual default.
	Requests int
}

// variants are the names -variant takes, the default first: Variants, then the variants named only in
// Setups, in alphabetical order (after "default", the lesson's own pattern, when Variants is nil). None
// for a lesson with one.
func (l Lesson) variants() []string {
	names := slices.Clone(l.Variants)
	extra := slices.Sorted(maps.Keys(l.Setups))
	if len(names) == 0 && len(extra) > 0 && !slices.Contains(extra, "default") {
		names = []string{"default"}
	}
	for _, v := range extra {
		if !slices.Contains(names, v) {
			names = append(names, v)
		}
	}
	return names
}

// setup is the VariantSetup of variant, with the lesson's server when it names none.
func (l Lesson) setup(variant string) VariantSetup {
	s := l.Setups[variant]
	if s.Server == nil {
		s.Server = l.Server
	}
	return s
}

// Run is one run of a lesson's pattern, from Start to Finish.
type Run struct {
	Ctx      context.Context // cancelled by Ctrl-C: the pattern should stop and return what finished
	Requests int             // -requests
	Workers  int             // -workers
	Variant  string          // -variant: which of the lesson's variants to run
	Fetch    lesson.Fetch    // sends one real GET /data, and records the attempt
	// FetchPage sends one real GET /page/{id} of the server's link graph, beside /data (the id is the
	// page's), and records the attempt as Fetch does. A 200's body is the page: {"id":17,"links":[3,99]};
	// an id that is not a page is answered 404.
	FetchPage lesson.Fetch

	lesson   Lesson
	setup    VariantSetup // the variant's, its Server filled in
	flags    Flags
	url      string
	foreign  string            // why the server at url is not the workshop's; "": it is
	child    *serverproc.Child // the server started for this run, if one was
	client   *httpclient.Client
	meter    *meter.Meter
	bar      *progress.Bar // nil unless stderr is a terminal
	trace    *os.File      // the -trace file while the trace runs, or nil
	rec      recorder
	gone     goneWatch
	sections []report.Section
	cancel   context.CancelCauseFunc // cancels Ctx, with a *serverGone as the cause (Ctrl-C cancels its parent)
	ending   sync.Mutex              // held by whichever of Finish and onSignals reports the run and exits

	notesMu sync.Mutex
	notes   []string // what the program told the learner on stderr about this run, for the report's warnings
}

// Start prepares a run of l from the command line, and exits the program when it cannot: status 2 for bad
// flags, 1 when no server can be reached or the open-file limit is too low for any run. With
// -list-variants it prints the lesson's variants, one a line, and exits 0. In the child process that
// serves /data for a lesson (see serverproc), Start serves and never returns, so it must come first in main.
func Start(l Lesson) *Run {
	serverproc.RunIfChild()
	// Listening starts before anything else: a Ctrl-C (or SIGTERM) at any moment, even while the run is
	// being set up, is the run's to handle, and its report is written.
	signals := make(chan os.Signal, 2)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	parent, interrupt := context.WithCancelCause(context.Background())
	ready := make(chan *Run, 1)
	go onSignals(signals, interrupt, ready)

	r, err := start(parent, l, os.Args[1:], os.Stderr)
	var bad badFlags
	switch {
	case errors.Is(err, flag.ErrHelp):
		os.Exit(0)
	case errors.Is(err, errListed):
		for _, v := range l.variants() {
			fmt.Println(v)
		}
		os.Exit(0)
	case errors.As(err, &bad):
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	case err != nil:
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if r.flags.NoColor {
		color.NoColor = true
	}
	if term.IsTerminal(os.Stderr) {
		r.bar = progress.Start(os.Stderr, r.Requests, r.rec.done)
	}
	go r.watchStall(os.Stderr, 10*time.Second)
	ready <- r
	return r
}

// watchStall says once, on log, when the run seems stuck: no request in flight, none ended for quiet, and
// the pattern has not returned. It cannot tell a deadlock from a long pause, so it only says what it sees;
// Ctrl-C still writes the report, which repeats it. The goroutine belongs to the program.
func (r *Run) watchStall(log io.Writer, quiet time.Duration) {
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for range tick.C {
		if r.rec.inFlight.Load() == 0 && time.Since(r.rec.lastActive()) >= quiet {
			fmt.Fprintf(log, "\nnote: no request has been in flight for %v, and the pattern has not returned. Is it waiting "+
				"for a channel nobody closes, a receive nobody sends to, or a WaitGroup that never reaches zero? "+
				"Ctrl-C stops it and prints the report of what finished.\n", quiet)
			r.keep(fmt.Sprintf("at %v, no request had been in flight for %v, and the pattern had not returned",
				r.rec.lastActive().Add(quiet).Sub(r.rec.start).Round(time.Second), quiet))
			return
		}
	}
}

// note tells the learner something about the run on log, as one line, and keeps it for the report's
// warnings. It is safe for concurrent use.
func (r *Run) note(log io.Writer, sentence string) {
	fmt.Fprintf(log, "note: %s.\n", sentence)
	r.keep(sentence)
}

// keep adds a sentence to the report's warnings. It is safe for concurrent use.
func (r *Run) keep(sentence string) {
	r.notesMu.Lock()
	defer r.notesMu.Unlock()
	r.notes = append(r.notes, sentence)
}

// onSignals turns the first Ctrl-C (or SIGTERM) into the run's cancellation, by interrupting the context
// the run is made from: the pattern stops and returns what finished, and Finish reports it; a run still
// being set up starts cancelled. A second signal, or a pattern still running 5s after the first, ends the
// program with the report the record of its requests gives, once the run is set up (ready): whatever
// signals arrive, in whatever order (`timeout` sends SIGTERM to the program and then to its whole process
// group), the report of what finished is written. If the run cannot be set up, Start exits on its own. The
// goroutine belongs to the program, which it may end.
func onSignals(signals <-chan os.Signal, interrupt context.CancelCauseFunc, ready <-chan *Run) {
	<-signals
	interrupt(errInterrupted)
	select {
	case <-signals:
	case <-time.After(5 * time.Second):
	}
	r := <-ready
	r.end(report.Unreturned(), r.rec.snapshot())
}

// badFlags is a command-line error: exit status 2.
type badFlags struct{ error }

func (e badFlags) Unwrap() error { return e.error }

// errInterrupted is the cause of a run's cancellation by Ctrl-C (or SIGTERM). Like every cause the
// harness gives, it is a context.Canceled, so the requests it cuts short count as "canceled".
var errInterrupted = fmt.Errorf("harness: interrupted: %w", context.Canceled)

// errListed is start's answer to -list-variants: Start prints them on standard output.
var errListed = errors.New("harness: -list-variants")

// start parses args, reaches a server and makes the run's client and recorder. Notes for the learner go to
// log. The run's Ctx is a child of parent.
func start(parent context.Context, l Lesson, args []string, log io.Writer) (*Run, error) {
	f, err := ParseFlags(l, args, log)
	if err != nil {
		return nil, badFlags{err}
	}
	if f.ListVariants {
		return nil, errListed
	}
	if err := httpclient.CheckFileLimit(); err != nil {
		return nil, fmt.Errorf("%s: %w", l.Name, err)
	}
	r := &Run{Requests: f.Requests, Workers: f.Workers, Variant: f.Variant, lesson: l, setup: l.setup(f.Variant), flags: f}
	if f.set["workers"] && l.Concurrency != PerWorker {
		r.note(log, fmt.Sprintf("-workers has no effect in %s (%s)", l.Name, l.Concurrency.describe(f)))
	}
	if err := r.reach(log); err != nil {
		return nil, err
	}
	if r.client, err = httpclient.New(r.url, l.Concurrency.inFlight(f), f.Timeout); err != nil {
		r.stopServer(log)
		return nil, err
	}
	if f.Trace != "" {
		if r.trace, err = startTrace(f.Trace); err != nil {
			r.client.Close()
			r.stopServer(log)
			return nil, fmt.Errorf("%s: %w", l.Name, err)
		}
	}
	r.Ctx, r.cancel = context.WithCancelCause(parent)
	r.rec.begin(f.Requests)
	r.meter = meter.Start()
	r.Fetch, r.FetchPage = r.recorded(r.client.Fetch), r.recorded(r.client.FetchPage)
	return r, nil
}

// recorded returns fetch with each call measured, recorded and watched: the run's record is every attempt
// of every fetch it hands out.
func (r *Run) recorded(fetch lesson.Fetch) lesson.Fetch {
	return func(ctx context.Context, id int) lesson.Result {
		r.meter.Observe()
		start := r.rec.started()
		res := fetch(ctx, id)
		asked := res.RetryAfter
		res.RetryAfter = min(asked, r.flags.MaxRetryAfter)    // a 2099 date must not freeze the run: the report says so
		own := errors.Is(ctx.Err(), context.DeadlineExceeded) // the pattern's own time limit, not -timeout
		if gone := r.gone.observe(r.rec.record(res, start, time.Now(), asked, own), r.flags.Timeout); gone != nil {
			r.cancel(gone)
		}
		return res
	}
}

// Reach asks the server what page root of its link graph leads to (GET /graph?root=N): the pages
// reachable from it, the dead ids they link to, and the depth of a breadth-first walk. The server answers
// at once and does not count it among the run's requests. It fails for a root that is not a page, and for
// a server that is not the workshop's.
func (r *Run) Reach(root int) (dataserver.Reach, error) {
	if r.foreign != "" {
		return dataserver.Reach{}, fmt.Errorf("harness: the server at %s is not the workshop's: it has no link graph", r.url)
	}
	reach, err := r.client.Reach(r.Ctx, root)
	if err == nil && r.bar != nil {
		r.bar.SetTotal(min(reach.Reachable+reach.Missing, r.Requests)) // what a crawl from root fetches
	}
	return reach, err
}

// noteOtherSettings notes when the server at url, which the run found there, is not set up as one started
// with the variant's server flags would be: the server says how it is set up (its /stats settings), and
// the flags say what was meant. A server that does not say gets the reminder alone.
func (r *Run) noteOtherSettings(log io.Writer, server []string, url string) {
	meant := fmt.Sprintf("%s is meant for a server started with `go run ./server %s`", r.lesson.Name, strings.Join(server, " "))
	want, err := dataserver.ParseFlags(server, io.Discard)
	got, gerr := httpclient.ServerSettings(context.Background(), url)
	switch {
	case err != nil || gerr != nil || got == "":
		r.note(log, fmt.Sprintf("%s; the one at %s may be set up otherwise", meant, url))
	case got != want.Config.String():
		r.note(log, fmt.Sprintf("%s (%s); the one at %s is set up otherwise (%s), so its figures may not show what the lesson describes",
			meant, want.Config, url, got))
	}
}

// reach finds the /data URL to use: f.URL if the workshop's server answers there; otherwise, unless -url
// was given, the URL of a server started for this run with the variant's server flags. Given with -url, a
// server that is not the workshop's is used, and the report warns of it.
func (r *Run) reach(log io.Writer) error {
	l, f, server := r.lesson, r.flags, r.setup.Server
	err := httpclient.Ping(context.Background(), f.URL)
	var other *httpclient.NotWorkshopError
	switch {
	case err == nil:
		if len(server) > 0 {
			r.noteOtherSettings(log, server, f.URL)
		}
		r.url = f.URL
		return nil
	case f.URLSet && errors.As(err, &other):
		r.foreign = fmt.Sprintf("the server at %s is not the workshop's: its /healthz answered %s. Its answers are not "+
			"what %s expects, and it has no figures of its own for this run", f.URL, other.Answer(), l.Name)
		fmt.Fprintf(log, "warning: %s.\n", r.foreign)
		r.url = f.URL
		return nil
	case f.URLSet:
		return fmt.Errorf("%s: nothing answers at %s (%v): start the server with `go run ./server`, or leave out -url",
			l.Name, f.URL, err)
	case errors.Is(err, httpclient.ErrNotWorkshop):
		fmt.Fprintf(log, "Something else answers at %s, not the workshop's server: starting one for this run on a free port.\n", f.URL)
	default:
		fmt.Fprintf(log, "No server at %s: starting one for this run (`go run ./server` in another terminal keeps one running).\n", f.URL)
	}
	child, err := serverproc.Start(server...)
	if err != nil {
		return fmt.Errorf("%s: %w", l.Name, err)
	}
	r.url, r.child = child.URL+"/data", child
	return nil
}

// Section adds a part of the lesson's own to the report: a label, its text (lines after the first are
// indented under it) and the same figures for -json. Call it before Finish.
func (r *Run) Section(label, text string, data any) {
	r.sections = append(r.sections, report.Section{Label: label, Text: text, Data: data})
}

// Finish reports a run whose pattern returned one result per request, and exits with the report's status:
// 0, 1 when something went wrong (it says what), or 130 after Ctrl-C (or SIGTERM). It stops the server
// started for the run, if any.
func (r *Run) Finish(results []lesson.Result) {
	// What the pattern returned is judged as it was when it returned: goroutines it left running may still
	// write to the slice, and requests it left in flight are its bug to report, not to wait for.
	at := r.rec.snapshot()
	r.end(report.Results(slices.Clone(results)), at)
}

// FinishValue reports a run whose pattern returned a value and an error, as Finish does. The value is
// shown as it prints; each request's outcome is its last attempt.
func (r *Run) FinishValue(value any, err error) { r.end(report.Value(value, err), r.rec.snapshot()) }

// end writes the report of the run as the snapshot at shows it, and exits. It runs once: a second caller
// waits for the exit.
func (r *Run) end(ret report.Returned, at snapshot) {
	r.ending.Lock() // never unlocked: the program exits holding it
	rep := r.report(ret, at, os.Stderr)
	write := rep.WriteText
	if r.flags.JSON {
		write = rep.WriteJSON
	}
	if err := write(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, err)
	}
	if rep.Verdict != "" {
		fmt.Fprintf(os.Stderr, "\n%s\n", rep.Verdict)
	}
	os.Exit(rep.Status)
}

// report ends the run: it stops the meter and the progress bar, asks the server for its view of the run,
// closes the client, stops the server started for the run, and computes the report from the record as it
// was at the pattern's return.
func (r *Run) report(ret report.Returned, at snapshot, log io.Writer) report.Report {
	wall := time.Since(r.rec.start)
	if r.bar != nil {
		r.bar.Stop()
	}
	usage := r.meter.Stop()
	if r.trace != nil {
		if err := stopTrace(r.trace); err != nil {
			fmt.Fprintln(log, err)
		} else {
			fmt.Fprintf(log, "The run's trace is in %s: `go tool trace %s` shows it.\n", r.trace.Name(), r.trace.Name())
		}
	}
	cause := context.Cause(r.Ctx)
	r.cancel(nil) // the run is over, whatever the pattern left running
	stopped := ""
	var gone *serverGone
	if errors.As(cause, &gone) {
		stopped = gone.Error()
	}

	var server *dataserver.Stats
	statsErr := errors.New("not the workshop's server")
	if r.foreign == "" {
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		var st dataserver.Stats
		if st, statsErr = r.client.ServerStats(ctx); statsErr == nil {
			server = &st
		}
		cancel()
	}
	r.client.Close()
	r.stopServer(log)

	rep := report.New(report.Run{
		Lesson: r.lesson.Name, Pattern: r.lesson.Pattern, Variant: r.chosenVariant(), InFlight: r.lesson.Concurrency.describe(r.flags),
		Concurrency: r.lesson.Concurrency.inFlight(r.flags),
		URL:         r.url, Embedded: r.child != nil, Requests: r.Requests, Timeout: r.flags.Timeout, Wall: wall,
		Interrupted: errors.Is(cause, errInterrupted), Stopped: stopped, InFlightAtReturn: at.inFlight,
		MayStopEarly: r.setup.MayStopEarly, LatencyPerRequest: r.setup.LatencyPerRequest, Discovered: r.setup.Discovers,
		RetryAfterBound: r.flags.MaxRetryAfter, Foreign: r.foreign, Notes: r.takeNotes(),
	}, at.attempts, ret, usage, server, statsErr)
	rep.Sections = r.sections
	return rep
}

// takeNotes is a copy of the notes so far.
func (r *Run) takeNotes() []string {
	r.notesMu.Lock()
	defer r.notesMu.Unlock()
	return slices.Clone(r.notes)
}

// chosenVariant is the -variant that ran when it is not the lesson's default; "" otherwise, so that the
// report names a variant only when one was asked for.
func (r *Run) chosenVariant() string {
	if vs := r.lesson.variants(); len(vs) == 0 || r.Variant == vs[0] {
		return ""
	}
	return r.Variant
}

func (r *Run) stopServer(log io.Writer) {
	if r.child == nil {
		return
	}
	if err := r.child.Stop(); err != nil {
		fmt.Fprintln(log, err)
	}
}

// goneWatch tells when a run's server is clearly gone: 100 attempts in a row refused or cut off, or 3 in
// a row timed out with no answer for twice the time limit, and no answer in between; or when it only
// refuses: at least busyInARow answers in a row were 503 or 429, and nothing else has answered for
// busyFor. Errors of the client's own (Ctrl-C, too many open files) neither count nor break a streak. Its
// methods are safe for concurrent use.
type goneWatch struct {
	mu         sync.Mutex
	refused    int       // attempts in a row refused, reset or closed by the server
	timedOut   int       // attempts in a row that timed out
	busy       int       // answers in a row that were 503 or 429
	lastAnswer time.Time // when an attempt last got an answer; zero: none yet
	lastServed time.Time // when an attempt last got an answer other than 503 or 429; zero: none yet
	start      time.Time
}

// A server that answers nothing but 503 or 429 for busyFor, busyInARow times or more, stops the run: with
// a Retry-After of 1s, it would otherwise keep lesson 04 going for hours.
const (
	busyFor    = 30 * time.Second
	busyInARow = 5
)

// serverGone is the cause of a run stopped early because its server is gone.
type serverGone struct{ why string }

func (e *serverGone) Error() string { return e.why }

// Unwrap makes the requests the stop cuts short count as cancelled, not as failed for another reason.
func (e *serverGone) Unwrap() error { return context.Canceled }

// observe counts an attempt and returns the reason to stop, or nil.
func (w *goneWatch) observe(a report.Attempt, timeout time.Duration) *serverGone {
	w.mu.Lock()
	defer w.mu.Unlock()
	now := time.Now()
	if w.start.IsZero() {
		w.start = now
	}
	if a.Cause == "" {
		w.refused, w.timedOut, w.lastAnswer = 0, 0, now
		if a.Status != http.StatusServiceUnavailable && a.Status != http.StatusTooManyRequests {
			w.busy, w.lastServed = 0, now
			return nil
		}
		w.busy++
		since := w.lastServed
		if since.IsZero() {
			since = w.start
		}
		if quiet := now.Sub(since); w.busy >= busyInARow && quiet >= busyFor {
			return &serverGone{fmt.Sprintf("stopped early: the last %d answers were all refusals (%d), and nothing "+
				"else has answered for %v: the server refuses every request. Is it overloaded by other clients, "+
				"or not the workshop's?", w.busy, a.Status, quiet.Round(time.Second))}
		}
		return nil
	}
	switch a.Cause {
	case "connection refused", "connection reset by the server", "connection closed by the server":
		w.refused++
		if w.refused >= 100 {
			return &serverGone{fmt.Sprintf("stopped early: the last %d requests were refused or cut off (%s), "+
				"none answered: is the server still running?", w.refused, a.Cause)}
		}
	case "timeout":
		w.timedOut++
		quiet := now.Sub(w.lastAnswer)
		if w.lastAnswer.IsZero() {
			quiet = now.Sub(w.start) + timeout // the first attempts started a timeout before start
		}
		if w.timedOut >= 3 && quiet >= 2*timeout {
			return &serverGone{fmt.Sprintf("stopped early: the last %d requests timed out, and nothing has answered "+
				"for %v: is the server frozen, or slower than -timeout %v?", w.timedOut, quiet.Round(time.Second), timeout)}
		}
	}
	return nil
}

// recorder keeps the record of a run: every attempt, in the order they ended. Its methods are safe for
// concurrent use.
type recorder struct {
	start    time.Time
	finished atomic.Int64 // ids with at least one attempt ended, for the progress bar
	inFlight atomic.Int64 // attempts begun and not yet recorded
	active   atomic.Int64 // when an attempt last began or ended, in nanoseconds since start

	mu   sync.Mutex
	list []report.Attempt
	seen map[int]bool // the ids with an attempt ended, whatever they are (a crawl's page ids too)
}

func (rec *recorder) begin(requests int) {
	rec.seen = make(map[int]bool, requests)
	rec.start = time.Now()
}

// lastActive is when an attempt last began or ended.
func (rec *recorder) lastActive() time.Time { return rec.start.Add(time.Duration(rec.active.Load())) }

// started counts an attempt in flight, and returns when it began.
func (rec *recorder) started() time.Time {
	rec.inFlight.Add(1)
	now := time.Now()
	rec.active.Store(int64(now.Sub(rec.start)))
	return now
}

// record keeps an attempt that began at start (see started) and ended at end, and returns it. asked is the
// Retry-After the server sent, when the pattern was given res.RetryAfter instead.
func (rec *recorder) record(res lesson.Result, start, end time.Time, asked time.Duration, own bool) report.Attempt {
	rec.active.Store(int64(end.Sub(rec.start)))
	a := report.NewAttempt(res, start.Sub(rec.start), end.Sub(rec.start))
	a.OwnDeadline = own
	if asked != res.RetryAfter {
		a.RetryAfter, a.Clamped = asked, true
	}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if !rec.seen[res.ID] {
		rec.seen[res.ID] = true
		rec.finished.Add(1)
	}
	rec.list = append(rec.list, a)
	rec.inFlight.Add(-1)
	return a
}

// done is how many requests have had an attempt end.
func (rec *recorder) done() int { return int(rec.finished.Load()) }

// snapshot is the record at one moment: the attempts that had ended, and how many were still in flight.
type snapshot struct {
	attempts []report.Attempt
	inFlight int
}

func (rec *recorder) snapshot() snapshot {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return snapshot{attempts: slices.Clone(rec.list), inFlight: int(rec.inFlight.Load())}
}

// startTrace creates path and starts writing the execution trace to it.
func startTrace(path string) (*os.File, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("harness: -trace: %w", err)
	}
	if err := trace.Start(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("harness: -trace: %w", err)
	}
	return f, nil
}

// stopTrace stops the execution trace and closes its file.
func stopTrace(f *os.File) error {
	trace.Stop()
	if err := f.Close(); err != nil {
		return fmt.Errorf("harness: -trace: %w", err)
	}
	return nil
}
