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
	"strconv"
	"strings"
	"time"

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
	Server   []string  // the server's flags, such as {"-profile", "workshop"}
	Log      io.Writer // a line as each step starts and ends
	// Limit is how long one lesson's program may run before it is stopped, with Ctrl-C's signal, as stuck;
	// 0: two minutes.
	Limit time.Duration
}

// calibration is how many requests, one at a time, measure the server's time per answer.
const calibration = 200

// Run builds each lesson's program, starts one server in a process of its own, measures its time per
// answer, then runs each program in turn against it with -json, and returns what each reported. A lesson
// that does not build, or whose exercise is not solved, is a row that says so: it does not stop the others.
// The program calling Run must call serverproc.RunIfChild first thing in main.
func Run(ctx context.Context, o Options) (Comparison, error) {
	c := Comparison{When: time.Now().UTC().Truncate(time.Second), Solution: o.Solution, Requests: o.Requests,
		Server: describeServer(o.Server)}
	bins, err := os.MkdirTemp("", "workshop-compare-")
	if err != nil {
		return c, fmt.Errorf("compare: %w", err)
	}
	defer os.RemoveAll(bins)

	child, err := serverproc.Start(o.Server...)
	if err != nil {
		return c, fmt.Errorf("compare: %w", err)
	}
	defer child.Stop()
	url := child.URL + "/data"
	fmt.Fprintf(o.Log, "server at %s (%s)\n", child.URL, c.Server)
	if err := c.calibrate(ctx, url); err != nil {
		return c, err
	}
	fmt.Fprintf(o.Log, "L = %s: a request's mean time over %d made one at a time\n",
		units.Duration(units.FromMillis(c.LatencyMs)), calibration)

	for _, dir := range o.Lessons {
		if ctx.Err() != nil {
			c.Interrupted = true
			break
		}
		row := Row{Lesson: dir}
		bin := filepath.Join(bins, dir)
		if out, err := build(ctx, o, dir, bin); err != nil {
			row.State, row.Detail = NoBuild, firstLines(out, 3)
			fmt.Fprintf(o.Log, "%-16s does not build\n", dir)
			c.Rows = append(c.Rows, row)
			continue
		}
		fmt.Fprintf(o.Log, "%-16s running…\n", dir)
		row = runLesson(ctx, o, dir, bin, url)
		fmt.Fprintf(o.Log, "%-16s %s\n", dir, summary(row))
		c.Rows = append(c.Rows, row)
	}
	c.Interrupted = c.Interrupted || ctx.Err() != nil
	return c, ctx.Err()
}

// calibrate measures L for the runs that queued at the server: a request's mean time, as the client sees
// it, over requests made one at a time, so that no queueing is in it.
func (c *Comparison) calibrate(ctx context.Context, url string) error {
	client, err := httpclient.New(url, 1, 10*time.Second)
	if err != nil {
		return fmt.Errorf("compare: %w", err)
	}
	defer client.Close()
	var total time.Duration
	for id := range calibration {
		r := client.Fetch(ctx, id)
		if r.Err != nil {
			return fmt.Errorf("compare: measuring the server: %w", r.Err)
		}
		total += r.Latency
	}
	st, err := client.ServerStats(ctx)
	if err != nil {
		return fmt.Errorf("compare: %w", err)
	}
	// The mean, not the median: N requests take N times the mean.
	c.LatencyMs, c.Capacity, c.Queue = units.Millis(total/calibration), st.Capacity, st.Queue
	return nil
}

func build(ctx context.Context, o Options, dir, bin string) ([]byte, error) {
	args := []string{"build", "-o", bin}
	if o.Solution {
		args = append(args, "-tags", "solution")
	}
	cmd := exec.CommandContext(ctx, "go", append(args, "./"+dir)...)
	cmd.Dir = o.Root
	return cmd.CombinedOutput()
}

// runLesson runs one lesson's program against url and reads its report. A program still running after
// o.Limit gets Ctrl-C's signal, and so writes the report of what finished: the row says it was stuck.
func runLesson(ctx context.Context, o Options, dir, bin, url string) Row {
	row := Row{Lesson: dir}
	args := []string{"-url", url, "-json", "-no-color", "-requests", strconv.Itoa(o.Requests)}
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
	return units.Duration(wall(r.Report)) + " · " + units.Rate(r.Report.OKPerSec) + " of 200 OK"
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
