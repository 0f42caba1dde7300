package compare

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/go-concurrency-workshop/workshop/internal/dataserver"
	"github.com/go-concurrency-workshop/workshop/internal/httpclient"
	"github.com/go-concurrency-workshop/workshop/internal/report"
	"github.com/go-concurrency-workshop/workshop/internal/serverproc"
	"github.com/go-concurrency-workshop/workshop/internal/units"
)

// Options is what a comparison runs.
type Options struct {
	Root     string    // the workshop's root folder
	Lessons  []string  // the lesson folders to run, in order: "01-sequential", ...
	Solution bool      // build with -tags solution: the reference solutions instead of the learner's code
	Requests int       // each lesson's -requests
	Workers  int       // each lesson's -workers; 0: each lesson's own default
	Servers  []Server  // the servers to run every lesson on, in order: a section each
	Log      io.Writer // a line as each step starts and ends
	// Limit is how long one lesson's program may run before it is stopped, with Ctrl-C's signal, as stuck;
	// 0: two minutes.
	Limit time.Duration
}

// Server is one server a comparison runs every lesson on, in a section of its own; or, with Challenge, the
// server a challenge is made for, which runs the challenge and the plain pattern beside it.
type Server struct {
	Name  string   // the section's name: "default", "overloaded", or the profile's
	Flags []string // the server's flags, such as {"-profile", "workshop"}
	// Sample lets a lesson run fewer requests on this server when all of them would take too long: one
	// whose ideal time here is over sampleOver runs the requests its ideal does in sampleFor. Its
	// ideal is reckoned from the concurrency it reported on the server before.
	Sample bool
	// Challenge, when set, makes the section a challenge's: its two rows, the plain pattern and the
	// challenge, in place of every lesson's.
	Challenge *Challenge
}

// Challenge is a lesson's challenge, run beside the plain pattern it does better than, both on one server
// of the kind the challenge is made for: each run is timed and counted by the server on its own (its run
// id), so the two see the same server.
type Challenge struct {
	Name    string // the challenge: "Hedged"
	Lesson  string // the lesson whose program runs it: "03-fanoutin"
	Variant string // the program's -variant for it: "hedged"
	Plain   string // the lesson whose own pattern runs beside it: "03-fanoutin"
	// Requests is the most requests each of the two runs makes, with why, when it is fewer than the
	// comparison's: 0 for all of them.
	Requests int
	Why      string
}

// TwoServers are the servers of a comparison by default. First the workshop's own server, with room for a
// bounded pool and a queue. Then the server lesson 04 names for itself: about 25 ms an answer, 8 at once
// and no queue, so a pool of 15 gets refused at once, and a pool that paces itself comes down to 8.
var TwoServers = []Server{
	{Name: "default", Flags: []string{"-profile", dataserver.DefaultProfile}},
	{Name: "overloaded", Flags: []string{"-profile", "overloaded", "-queue", "0"}, Sample: true},
}

// Challenges are the challenges' servers for a comparison of n requests a lesson at w workers (0: the
// lessons' default, 15), a section each: lesson 03's Hedged on a server with a slow tail, and lesson 04's
// Breaker through an outage, each beside lesson 03's plain pool. The hedged pair runs at most
// hedgedRequests, the breaker's at most breakerRequests, through an outage in the same place of its run as
// lesson 04's own (outageFor).
func Challenges(n, w int) []Server {
	hedged, breaker := min(n, hedgedRequests), min(n, breakerRequests)
	why := "all of them too would take the whole comparison past 2 minutes on 2 cores"
	return []Server{
		{Name: "tail", Flags: []string{"-profile", "tail"},
			Challenge: &Challenge{Name: "Hedged", Lesson: "03-fanoutin", Variant: "hedged", Plain: "03-fanoutin",
				Requests: hedged, Why: why}},
		{Name: "outage", Flags: []string{"-profile", "outage", "-outage", outageFor(breaker, w)},
			Challenge: &Challenge{Name: "Breaker", Lesson: "04-backpressure", Variant: "breaker", Plain: "03-fanoutin",
				Requests: breaker, Why: fmt.Sprintf("%s; the outage is where lesson 04 puts its %v+%v in a run of %s", why,
					naturalStart, naturalLength, units.Count(naturalRun))}},
	}
}

// The challenges' pairs run fewer requests than the lessons, so that the whole comparison stays within 2
// minutes on 2 cores (the breaker's pair alone takes over 20 s at 7,500): hedgedRequests, enough for a
// p99 (the 20th slowest); breakerRequests, enough that the plain pool's requests in the outage dwarf the
// few a breaker lets through before it opens, as they do in lesson 04's run. The breaker's outage is the
// one lesson 04's -variant breaker has in its run of naturalRun requests at naturalWorkers (about 12.5 s
// at 25 ms an answer): from naturalStart after the run's first request, for naturalLength.
const (
	hedgedRequests  = 2000
	breakerRequests = 3000
	naturalRun      = 7500
	naturalWorkers  = 15
	naturalStart    = 4 * time.Second
	naturalLength   = 3 * time.Second
)

// outageFor is the -outage of a run of n requests at w workers (0: 15): lesson 04's own for 7,500 at 15,
// scaled with the run's length, its start to the 10 ms, its length to whole seconds and at least one (the
// breaker probes once a second, so an outage of whole seconds ends as a probe goes out, as the lesson's
// does).
func outageFor(n, w int) string {
	if w <= 0 {
		w = naturalWorkers
	}
	scale := float64(n) / naturalRun * naturalWorkers / float64(w)
	start := time.Duration(float64(naturalStart) * scale).Round(10 * time.Millisecond)
	length := max(time.Duration(float64(naturalLength)*scale).Round(time.Second), time.Second)
	return fmt.Sprintf("%v+%v", max(start, 10*time.Millisecond), length)
}

// OneServer is a comparison on the server of one profile.
func OneServer(profile string) []Server {
	return []Server{{Name: profile, Flags: []string{"-profile", profile}}}
}

// On a server that samples, a lesson whose ideal time for every request is over sampleOver runs the
// requests its ideal does in sampleFor: sequential requests at 25 ms would take over 3 minutes for 7,500.
const (
	sampleOver = 30 * time.Second
	sampleFor  = 10 * time.Second
)

// The calibration measures L with up to calibration requests made one at a time, stopping after
// calibrationTime of answers 200 OK (on a challenge's server: at once) once it has at least calibrationMin
// of them.
const (
	calibration     = 200
	calibrationMin  = 40
	calibrationTime = 2 * time.Second
)

// buildGrace is how long a build has to end after its interrupt before it is killed.
const buildGrace = 5 * time.Second

// Run builds each lesson's program, then for each server in turn starts it in a process of its own,
// measures its time per answer, and runs each program against it with -json: a section of rows, each
// with what the program reported. A lesson that does not build, or whose exercise is not solved, is a row
// that says so: it does not stop the others. A lesson stuck or not solved on one server is not run again
// on the next. After Ctrl-C (ctx done) it returns what ran, marked interrupted, and ctx's error. The
// program calling Run must call serverproc.RunIfChild first thing in main.
func Run(ctx context.Context, o Options) (Comparison, error) {
	c := Comparison{When: time.Now().UTC().Truncate(time.Second), Solution: o.Solution, Requests: o.Requests}
	bins, err := os.MkdirTemp("", "workshop-compare-")
	if err != nil {
		return c, fmt.Errorf("compare: %w", err)
	}
	defer os.RemoveAll(bins)

	broken, err := buildAll(ctx, o, bins)
	if err != nil {
		c.Interrupted = true
		return c, err
	}
	var runErr error
	for _, srv := range o.Servers {
		var first *Section // where every lesson ran first: one not solved or stuck there is not run again
		if len(c.Sections) > 0 {
			first = &c.Sections[0]
		}
		s, err := runSection(ctx, o, srv, bins, broken, first)
		c.Sections = append(c.Sections, s)
		if err != nil {
			runErr = err
			break
		}
		if ctx.Err() != nil {
			break
		}
	}
	if err := ctx.Err(); err != nil {
		c.Interrupted = true
		return c, err
	}
	return c, runErr
}

// buildAll builds every lesson's program into bins, and returns the first lines the go command said for
// each lesson that does not build. Interrupted (ctx done), it returns ctx's error.
func buildAll(ctx context.Context, o Options, bins string) (map[string]string, error) {
	tmp := filepath.Join(bins, "go-tmp") // GOTMPDIR: whatever an interrupted build leaves is removed with bins
	if err := os.Mkdir(tmp, 0o700); err != nil {
		return nil, fmt.Errorf("compare: %w", err)
	}
	broken := map[string]string{}
	for _, dir := range o.Lessons {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		fmt.Fprintf(o.Log, "%-16s building…\n", dir)
		out, err := build(ctx, o, dir, filepath.Join(bins, dir), tmp)
		if ctx.Err() != nil {
			fmt.Fprintf(o.Log, "%-16s interrupted while it was being built\n", dir)
			return nil, ctx.Err()
		}
		if err != nil {
			broken[dir] = firstLines(out, 3)
			fmt.Fprintf(o.Log, "%-16s does not build\n", dir)
		}
	}
	return broken, nil
}

// build runs go build for one lesson. A cancelled ctx sends the build, and whatever it started, an
// interrupt, as Ctrl-C in a terminal would, and kills them if they have not ended buildGrace later.
func build(ctx context.Context, o Options, dir, bin, tmp string) ([]byte, error) {
	args := []string{"build", "-o", bin}
	if o.Solution {
		args = append(args, "-tags", "solution")
	}
	cmd := exec.CommandContext(ctx, "go", append(args, "./"+dir)...)
	cmd.Dir = o.Root
	cmd.Env = append(os.Environ(), "GOTMPDIR="+tmp)
	cmd.WaitDelay = buildGrace
	interruptible(cmd)
	out, err := cmd.CombinedOutput()
	if ctx.Err() != nil {
		sweep(cmd)
	}
	return out, err
}

// runSection starts srv, measures L, and runs against it every lesson that built, or srv's challenge and
// the plain pattern beside it. first is the comparison's first section, if this is not it: what each
// lesson did there.
func runSection(ctx context.Context, o Options, srv Server, bins string, broken map[string]string, first *Section) (Section, error) {
	s := Section{Name: srv.Name, Server: describeServer(srv.Flags)}
	if srv.Challenge != nil {
		s.Challenge = srv.Challenge.Name
		if s.Skipped = skipChallenge(o, srv.Challenge, broken); s.Skipped != "" {
			fmt.Fprintf(o.Log, "\n%s\n", s.Skipped)
			return s, nil
		}
	} else if len(broken) == len(o.Lessons) { // nothing to run: no server needed
		for _, dir := range o.Lessons {
			s.Rows = append(s.Rows, Row{Lesson: dir, State: NoBuild, Detail: broken[dir]})
		}
		return s, nil
	}
	fmt.Fprintf(o.Log, "\n%s server (%s)\n", srv.Name, s.Server)
	child, err := serverproc.Start(srv.Flags...)
	if err != nil {
		return s, fmt.Errorf("compare: %w", err)
	}
	defer child.Stop()
	r := runner{ctx: ctx, o: o, bins: bins, url: child.URL + "/data", first: first}
	floor := calibrationTime
	if srv.Challenge != nil {
		floor = 0 // its two runs never queue at the server: L is only shown
	}
	if err := s.calibrate(ctx, r.url, floor); err != nil {
		if ctx.Err() != nil {
			return s, nil
		}
		return s, err
	}
	fmt.Fprintf(o.Log, "server at %s: L = %s, a request's mean time made one at a time\n", child.URL,
		units.Duration(units.FromMillis(s.LatencyMs)))
	if srv.Challenge != nil {
		s.runChallenge(r, *srv.Challenge)
		return s, nil
	}
	for _, dir := range o.Lessons {
		if ctx.Err() != nil {
			break
		}
		if detail, ok := broken[dir]; ok {
			s.Rows = append(s.Rows, Row{Lesson: dir, State: NoBuild, Detail: detail})
			continue
		}
		n, why := o.Requests, ""
		if srv.Sample {
			n, why = s.sample(o.Requests, first.concurrencyOf(dir))
		}
		s.Rows = append(s.Rows, r.run(dir, "", n, why))
	}
	return s, nil
}

// runner runs the lessons' programs against one server.
type runner struct {
	ctx       context.Context
	o         Options
	bins, url string
	first     *Section // the comparison's first section; nil while it runs
}

// run runs a lesson's program, with -variant if variant is not "", for n requests, and returns its row;
// sampled says why n is fewer than the comparison's requests, if it is. A lesson not solved or stuck in
// the first section is not run again: its row says so.
func (r runner) run(dir, variant string, n int, sampled string) Row {
	if variant == "" {
		if skip := r.first.notAgain(dir); skip != nil {
			return *skip
		}
	}
	name := Row{Lesson: dir, Variant: variant}.name()
	fmt.Fprintf(r.o.Log, "%-16s running %s requests…\n", name, units.Count(n))
	row := runLesson(r.ctx, r.o, dir, variant, filepath.Join(r.bins, dir), r.url, n)
	row.Sampled = sampled
	fmt.Fprintf(r.o.Log, "%-16s %s\n", name, summary(row))
	return row
}

// skipChallenge says why a challenge's section cannot run, in a sentence; "" when it can: each of its two
// lessons must be among the comparison's, and build.
func skipChallenge(o Options, ch *Challenge, broken map[string]string) string {
	for _, dir := range []string{ch.Lesson, ch.Plain} {
		switch _, bad := broken[dir]; {
		case !slices.Contains(o.Lessons, dir):
			return fmt.Sprintf("The challenge %s is skipped: %s is not among the lessons compared.", ch.Name, dir)
		case bad:
			return fmt.Sprintf("The challenge %s is skipped: %s does not build.", ch.Name, dir)
		}
	}
	return ""
}

// runChallenge runs the challenge, then the plain pattern beside it, on the same server; rows: the plain
// pattern's first. A challenge not solved yet (its program made no request) skips the section, which says
// so: there is nothing to compare.
func (s *Section) runChallenge(r runner, ch Challenge) {
	n, why := r.o.Requests, ""
	if ch.Requests > 0 && ch.Requests < n {
		n, why = ch.Requests, fmt.Sprintf("ran %s of the %s requests: %s", units.Count(ch.Requests), units.Count(n), ch.Why)
	}
	challenge := r.run(ch.Lesson, ch.Variant, n, why)
	if challenge.State == NotSolved {
		s.Skipped = fmt.Sprintf("The challenge %s is skipped: %s is not solved yet (%s).", ch.Name, challenge.name(),
			challenge.Detail)
		s.Rows = []Row{challenge}
		return
	}
	if r.ctx.Err() != nil {
		s.Rows = []Row{challenge}
		return
	}
	s.Rows = []Row{r.run(ch.Plain, "", n, why), challenge}
}

// concurrencyOf is how many requests lesson dir kept in flight in this earlier section: 1, the most
// cautious guess, when it does not say, or there is no earlier section.
func (before *Section) concurrencyOf(dir string) int {
	if r := before.find(dir); r != nil && r.Report != nil && r.Report.Concurrency > 0 {
		return r.Report.Concurrency
	}
	return 1
}

// notAgain is, for a lesson that was not solved or was stuck in this earlier section, the row that says
// it is not run again; nil otherwise, or when there is no earlier section.
func (before *Section) notAgain(dir string) *Row {
	r := before.find(dir)
	if r == nil || (r.State != NotSolved && r.State != Stuck) {
		return nil
	}
	return &Row{Lesson: dir, State: r.State,
		Detail: fmt.Sprintf("%s on the %s server, so not run again: %s", r.State, before.Name, r.Detail)}
}

// find is the row of lesson dir's own pattern in this section; nil if it has none, or there is no section.
func (before *Section) find(dir string) *Row {
	if before == nil {
		return nil
	}
	for i, r := range before.Rows {
		if r.Lesson == dir && r.Variant == "" {
			return &before.Rows[i]
		}
	}
	return nil
}

// sample returns how many of n requests a lesson that keeps concurrency requests in flight runs on this
// server, and why it runs fewer, if it does: all n unless its ideal time for them is over sampleOver;
// then the requests its ideal does in sampleFor, to the hundred.
func (s Section) sample(n, concurrency int) (int, string) {
	l := units.FromMillis(s.LatencyMs)
	slots := time.Duration(s.slots(concurrency))
	all := time.Duration(n) * l / slots
	if l <= 0 || all <= sampleOver {
		return n, ""
	}
	m := max(int(sampleFor*slots/l+50)/100*100, 100)
	if m >= n {
		return n, ""
	}
	return m, fmt.Sprintf("ran %s of the %s requests: all of them, %d at a time at %s each, would take %s",
		units.Count(m), units.Count(n), int(slots), units.Duration(l), units.Duration(all.Round(time.Second)))
}

// calibrate measures L for the runs that queued at the server, or were refused: a request's mean time to
// a 200 OK, as the client sees it, over requests made one at a time, so that no queueing is in it. Other
// answers do not count: an outage's 500s come at once. It stops after floor of answers 200 OK (0: at
// once) once it has calibrationMin of them, or after calibration requests.
func (s *Section) calibrate(ctx context.Context, url string, floor time.Duration) error {
	client, err := httpclient.New(url, 1, 10*time.Second)
	if err != nil {
		return fmt.Errorf("compare: %w", err)
	}
	defer client.Close()
	var total time.Duration
	n := 0
	for id := range calibration {
		if n >= calibrationMin && total >= floor {
			break
		}
		r := client.Fetch(ctx, id)
		if r.Err != nil {
			return fmt.Errorf("compare: measuring the server: %w", r.Err)
		}
		if r.Status == 200 {
			total += r.Latency
			n++
		}
	}
	if n == 0 {
		return fmt.Errorf("compare: measuring the server: none of %d requests made one at a time ended 200 OK", calibration)
	}
	st, err := client.ServerStats(ctx)
	if err != nil {
		return fmt.Errorf("compare: %w", err)
	}
	// The mean, not the median: N requests take N times the mean.
	s.LatencyMs, s.Capacity, s.Queue = units.Millis(total/time.Duration(n)), st.Capacity, st.Queue
	return nil
}

// runLesson runs one lesson's program, with -variant if variant is not "", with n requests against url and reads its report. A program still
// running after o.Limit gets Ctrl-C's signal, and so writes the report of what finished: the row says it
// was stuck.
func runLesson(ctx context.Context, o Options, dir, variant, bin, url string, n int) Row {
	row := Row{Lesson: dir, Variant: variant, Requests: n}
	args := []string{"-url", url, "-json", "-no-color", "-requests", strconv.Itoa(n)}
	if variant != "" {
		args = append(args, "-variant", variant)
	}
	if o.Workers > 0 {
		args = append(args, "-workers", strconv.Itoa(o.Workers))
	}
	limit := o.Limit
	if limit == 0 {
		limit = 2 * time.Minute
	}
	run, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	cmd := exec.CommandContext(run, bin, args...)
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) } // let it report what finished
	cmd.WaitDelay = 10 * time.Second
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run()

	var rep report.Report
	if err := json.Unmarshal(stdout.Bytes(), &rep); err != nil {
		row.State, row.Detail = Failed, firstLines(append(stderr.Bytes(), []byte(errText(runErr))...), 3)
		if ctx.Err() != nil {
			row.State, row.Detail = Stopped, "the comparison was interrupted while it ran"
		}
		return row
	}
	row.Report = &rep
	switch {
	case ctx.Err() != nil:
		row.State, row.Detail = Stopped, "the comparison was interrupted while it ran"
	case run.Err() != nil:
		row.State, row.Detail = Stuck, fmt.Sprintf("still running after %v, and stopped: is it waiting for a channel "+
			"nobody closes? `go run ./workshop check %s` finds where", limit, dir)
	case rep.Attempts == 0:
		row.State, row.Detail = NotSolved, "the pattern made no request: is the exercise still the stub?"
	case runErr != nil || rep.Status != 0:
		row.State, row.Detail = Failed, rep.Verdict
		if row.Detail == "" {
			row.Detail = errText(runErr)
		}
	default:
		row.State = Ran
	}
	return row
}

// summary is a row in a few words, for the progress log.
func summary(r Row) string {
	if r.State != Ran {
		return string(r.State) + ": " + r.Detail
	}
	s := units.Duration(wall(r.Report)) + " · " + units.Rate(r.Report.OKPerSec) + " of 200 OK"
	if n := refused(r.Report); n > 0 {
		s += fmt.Sprintf(" · %s refused (%s of attempts)", units.Count(n), percent(refusedShare(r.Report)))
	}
	return s
}

func describeServer(flags []string) string {
	if len(flags) == 0 {
		return "its defaults"
	}
	return strings.Join(flags, " ")
}

func firstLines(b []byte, n int) string {
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	return strings.Join(lines[:min(len(lines), n)], "\n")
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
