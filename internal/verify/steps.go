package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/go-concurrency-workshop/workshop/internal/httpclient"
	"github.com/go-concurrency-workshop/workshop/internal/lessons"
	"github.com/go-concurrency-workshop/workshop/internal/report"
)

// run runs a command, showing it, and returns its combined output.
func run(name string, args ...string) (string, error) {
	fmt.Printf("  $ %s %s\n", name, strings.Join(args, " "))
	out, err := exec.Command(name, args...).CombinedOutput()
	return string(out), err
}

// lint: formatting, vet and staticcheck with and without the solution tag, a tidy go.mod, and each
// lesson's hints in the workshop's form.
func lint(c *checker) {
	out, err := run("gofmt", "-l", ".")
	c.check(err == nil && out == "", "gofmt has nothing to change", out+errText(err))
	for _, tags := range [][]string{nil, {"-tags", "solution"}} {
		out, err := run("go", append(append([]string{"vet"}, tags...), "./...")...)
		c.check(err == nil, strings.Join(append(append([]string{"go vet"}, tags...), "./..."), " ")+" is clean", out)
		out, err = run("go", append(append([]string{"run", staticcheck}, tags...), "./...")...)
		c.check(err == nil, strings.Join(append(append([]string{"staticcheck"}, tags...), "./..."), " ")+" is clean", out)
	}
	out, err = run("go", "mod", "tidy", "-diff")
	c.check(err == nil, "go mod tidy changes nothing", out)
	hints(c)
}

// hints: each lesson has its hints.md, a section per exercise and one for the challenge (two hints at
// most), and no hint left in its README (lessons.CheckHints).
func hints(c *checker) {
	ls, ok := lessonsOrFail(c)
	if !ok {
		return
	}
	for _, l := range ls {
		problems := lessons.CheckHints(".", l)
		c.check(len(problems) == 0, l.Dir+": its hints.md has a section of hints per exercise, and its README none",
			strings.Join(problems, "\n"))
	}
}

// tests: the README's test command passes.
func tests(c *checker) {
	readme, err := os.ReadFile("README.md")
	c.check(err == nil && bytes.Contains(readme, []byte(testCommand)),
		fmt.Sprintf("README.md gives the test command %q", testCommand), errText(err))
	fmt.Printf("  $ %s\n", testCommand)
	cmd := exec.Command("sh", "-c", testCommand)
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	c.check(cmd.Run() == nil, testCommand+" passes", "")
}

// stubs: every lesson, as shipped, fails each exercise's test, its challenge's too: a test failure, not a
// build error, a panic hiding the other tests, or a time-out.
func stubs(c *checker) {
	ls, ok := lessonsOrFail(c)
	if !ok {
		return
	}
	for _, l := range ls {
		fmt.Printf("  $ go test -json -race ./%s\n", l.Dir)
		r := goTest("-race", "./"+l.Dir)
		if !c.check(!r.buildFailed, l.Dir+" builds with its stubs", tail(r.output, 20)) {
			continue
		}
		c.check(!r.panicked, l.Dir+": no panic hides the other tests", tail(r.output, 30))
		for _, test := range l.Tests {
			c.check(r.finished[test], fmt.Sprintf("%s: %s runs to its end", l.Dir, test), "")
		}
		for _, e := range l.Exercises {
			of := ""
			if e.Challenge {
				of = " (the challenge's)"
			}
			c.check(r.failed[e.Test], fmt.Sprintf("%s: %s fails on the stub of %s%s", l.Dir, e.Test, e.Func, of), tail(r.output, 20))
		}
		c.check(r.elapsed < 20, fmt.Sprintf("%s: the stubs fail within seconds (%.1fs)", l.Dir, r.elapsed), "")
	}
}

// mistakes: each entry of the catalogue, spliced into its reference file and swapped in for the exercise
// file with -overlay, fails the test its header names. Only that test runs, down to the subtest: a panic
// that crashes the test binary then lands in it, whatever order the test files run in; so does a data
// race, which the race detector reports once per process, in whichever test is running when it first
// sees it; and the step is quicker.
func mistakes(c *checker) {
	entries, ok := catalogue(c, lessons.Mistakes)
	if !ok {
		return
	}
	only := func(e entry) []string { return []string{"-run", runPattern(e.CaughtBy)} }
	caught := func(e entry, r testRun) bool { return r.failed[e.CaughtBy] }
	runs, errs := runEntries(c, entries, only, caught)
	for i, e := range entries {
		r := runs[i]
		if !c.check(errs[i] == nil && !r.buildFailed, fmt.Sprintf("%s builds in place of %s", e.Path, e.Replaces),
			errText(errs[i])+tail(r.output, 20)) {
			continue
		}
		c.check(r.failed[e.CaughtBy], fmt.Sprintf("%s is caught by %s", e.Name, e.CaughtBy), tail(r.output, 30))
	}
}

// runPattern is the -run pattern that selects the test named and nothing else: each level of the name
// ("TestX/sub_test") matched whole and literally.
func runPattern(name string) string {
	levels := strings.Split(name, "/")
	for i, l := range levels {
		levels[i] = "^" + regexp.QuoteMeta(l) + "$"
	}
	return strings.Join(levels, "/")
}

// alternatives: each correct alternative of the catalogue, spliced and swapped in the same way, passes the
// lesson's whole test suite.
func alternatives(c *checker) {
	entries, ok := catalogue(c, lessons.Alternatives)
	if !ok {
		return
	}
	runs, errs := runEntries(c, entries, func(entry) []string { return nil }, nil)
	for i, e := range entries {
		r := runs[i]
		if !c.check(errs[i] == nil && !r.buildFailed, fmt.Sprintf("%s builds in place of %s", e.Path, e.Replaces),
			errText(errs[i])+tail(r.output, 20)) {
			continue
		}
		c.check(r.passed && len(r.failed) == 0, fmt.Sprintf("%s passes every test of %s", e.Name, path.Dir(e.Replaces)), tail(r.output, 30))
	}
}

// entry is an entry of the catalogue, and its lesson.
type entry struct {
	lessons.Entry
	lesson lessons.Lesson
}

// catalogue reads one part of the catalogue for every lesson. Each lesson needs a mistake or more; an
// alternative is welcome, not required.
func catalogue(c *checker, part string) ([]entry, bool) {
	ls, ok := lessonsOrFail(c)
	if !ok {
		return nil, false
	}
	var all []entry
	for _, l := range ls {
		es, err := lessons.Catalogue(".", l, part)
		c.check(err == nil && (len(es) > 0 || part != lessons.Mistakes),
			fmt.Sprintf("%s: solutions/testdata/%s/%s holds %d entries, each with its header", l.Dir, part, l.Dir, len(es)), errText(err))
		for _, e := range es {
			all = append(all, entry{e, l})
		}
	}
	return all, true
}

// runEntries runs `go test -json -race` on the lesson of each entry, with the entry swapped in for its
// exercise file and the reference for the others, and the arguments args gives; in parallel, one per CPU.
// The error of an entry is why it could not be spliced.
//
// With done given (the mistakes), each entry runs without -race first, and again with it only when done
// says the first run did not settle it: a build with -race takes about three times as long, and most
// mistakes fail their test either way; the ones only the race detector sees get their -race run.
func runEntries(c *checker, entries []entry, args func(entry) []string, done func(entry, testRun) bool) ([]testRun, []error) {
	runs := make([]testRun, len(entries))
	errs := make([]error, len(entries))
	tmp, err := os.MkdirTemp("", "verify-overlay-")
	if !c.check(err == nil, "a folder for the overlays", errText(err)) {
		for i := range errs {
			errs[i] = err
		}
		return runs, errs
	}
	defer os.RemoveAll(tmp)
	slots := make(chan struct{}, runtime.NumCPU())
	var wg sync.WaitGroup
	for i, e := range entries {
		dir := path.Dir(e.Replaces)
		// -vet=off: an entry is wrong on purpose, and what must catch it is the test its header names, never
		// vet stopping the run first (lint vets the lessons and their references); it also saves a vet pass
		// per entry.
		a := append(append([]string{"-vet=off"}, args(e)...), "-overlay")
		race := "-race"
		if done != nil {
			race = "[-race]"
		}
		fmt.Printf("  $ go test -json %s %s {%s => %s} ./%s\n", race, strings.Join(a, " "), e.Replaces, e.Path, dir)
		overlay, err := e.Overlay(".", tmp, e.lesson)
		if errs[i] = err; err != nil {
			continue
		}
		a = append(a, overlay, "./"+dir)
		wg.Go(func() {
			slots <- struct{}{}
			defer func() { <-slots }()
			if done != nil {
				if runs[i] = goTest(a...); done(e, runs[i]) || runs[i].buildFailed {
					return
				}
			}
			runs[i] = goTest(append([]string{"-race"}, a...)...)
		})
	}
	wg.Wait()
	return runs, errs
}

func lessonsOrFail(c *checker) ([]lessons.Lesson, bool) {
	ls, err := findLessons()
	return ls, c.check(err == nil && len(ls) > 0, fmt.Sprintf("found %d lessons", len(ls)), errText(err))
}

// programs: every variant of every lesson's program, built with the reference solution, runs end to end
// against a server it starts itself (with the server flags its variant names), and its report agrees with
// itself and with the server's own figures; bad flags exit with status 2. The program lists its variants
// itself (-list-variants), so a new variant is checked by adding it to the lesson.
func programs(c *checker) {
	ls, ok := lessonsOrFail(c)
	if !ok {
		return
	}
	tmp, err := os.MkdirTemp("", "verify-programs-")
	if !c.check(err == nil, "a folder for the programs", errText(err)) {
		return
	}
	defer os.RemoveAll(tmp)
	var widest program // the variant with the most requests in flight at once, for checkFileLimit
	for _, l := range ls {
		bin := filepath.Join(tmp, l.Dir)
		out, err := run("go", "build", "-tags", "solution", "-o", bin, "./"+l.Dir)
		if !c.check(err == nil, l.Dir+" builds with the solution", out) {
			continue
		}
		variants, err := listVariants(bin)
		if !c.check(err == nil, fmt.Sprintf("%s lists its variants: %s", l.Dir, strings.Join(variants, ", ")), errText(err)) {
			continue
		}
		for _, v := range variants {
			p := program{dir: l.Dir, bin: bin, variant: v}
			rep, ok := p.runJSON(c, "-requests", "200")
			if !ok {
				continue
			}
			checkReport(c, p.name(), rep)
			if rep.Concurrency > widest.concurrency {
				widest, widest.concurrency = p, rep.Concurrency
			}
		}

		if l.Dir == ls[0].Dir && runtime.GOOS != "windows" {
			checkInterrupt(c, l.Dir, bin)
		}

		var stderr bytes.Buffer
		cmd := exec.Command(bin, "-requests", "-1")
		cmd.Stderr = &stderr
		err = cmd.Run()
		c.check(cmd.ProcessState != nil && cmd.ProcessState.ExitCode() == 2 && strings.Count(stderr.String(), "\n") == 1,
			l.Dir+" -requests -1 exits with status 2 and one line", errText(err)+"\n"+stderr.String())
	}
	if widest.bin != "" && runtime.GOOS != "windows" {
		checkFileLimit(c, widest)
	}
}

// checkInterrupt sends Ctrl-C's signal to a long run and checks that it stops at once, reports what
// finished, exits with status 130 and takes the server it started down with it; then sends SIGTERM twice
// at once, as `timeout` does, and checks that the report is still written; then does that again while the
// run is still being set up (see checkEarlySignals). The harness does this for every lesson, so one lesson
// is enough.
func checkInterrupt(c *checker, dir, bin string) {
	for _, signals := range [][]os.Signal{{os.Interrupt}, {syscall.SIGTERM, syscall.SIGTERM}} {
		fmt.Printf("  $ %s -requests 5000 -json, sent %v after 2s\n", dir, signals)
		var stdout bytes.Buffer
		cmd := exec.Command(bin, "-requests", "5000", "-json")
		cmd.Stdout = &stdout
		if err := cmd.Start(); !c.check(err == nil, dir+" starts", errText(err)) {
			return
		}
		time.Sleep(2 * time.Second) // a run of 5,000 requests one at a time takes about 25s
		start := time.Now()
		for _, sig := range signals {
			cmd.Process.Signal(sig)
		}
		cmd.Wait()
		var rep report.Report
		err := json.Unmarshal(stdout.Bytes(), &rep)
		c.check(err == nil && cmd.ProcessState.ExitCode() == 130 && time.Since(start) < 5*time.Second,
			fmt.Sprintf("%s: %v ends the run at once with status 130 and a report", dir, signals),
			fmt.Sprintf("status %d after %v; %v", cmd.ProcessState.ExitCode(), time.Since(start), errText(err)))
		c.check(rep.Interrupted && rep.Results > 0 && rep.Results < rep.Requests && rep.Missing == rep.Requests-rep.Results &&
			// The request cut short may not have reached the server yet: it saw all the attempts, or one fewer.
			rep.Server != nil && rep.Server.Requests <= int64(rep.Attempts) && rep.Server.Requests >= int64(rep.Attempts)-1,
			dir+": the report says it was interrupted and counts exactly what finished",
			fmt.Sprintf("interrupted %v, results %d of %d, missing %d, server saw %v", rep.Interrupted, rep.Results,
				rep.Requests, rep.Missing, rep.Server))
		err = httpclient.Ping(context.Background(), rep.URL)
		c.check(rep.Embedded && err != nil, dir+": the server it started is gone", "it still answers at "+rep.URL)
	}
	checkEarlySignals(c, dir, bin)
}

// checkReport checks a lesson's report against itself and the server's view of the run: nothing in it is
// particular to a lesson, so a lesson that retries, or hedges, is checked as one that does not. It adapts
// only to what the report itself says: requests not started by a pattern that may stop early, and
// attempts that overlapped.
func checkReport(c *checker, name string, rep report.Report) {
	c.check(rep.Embedded, name+" started a server of its own",
		"it used one already running at "+rep.URL+": stop it for a clean check")
	c.check(rep.Status == 0, name+": the report's verdict is a success", fmt.Sprintf("exit status %d: %s", rep.Status, rep.Verdict))
	notStarted := 0
	if rep.MayStopEarly {
		notStarted = rep.NotStarted
	}
	c.check(rep.Results+notStarted == rep.Requests && rep.Missing == 0 && rep.Lost == 0 && rep.Duplicates == 0 && rep.Invalid == 0,
		fmt.Sprintf("%s: each of the %d requests started (%d not started) has exactly one final result", name,
			rep.Requests-notStarted, notStarted),
		fmt.Sprintf("results %d, not started %d, missing %d, lost %d, duplicates %d, invalid %d", rep.Results, rep.NotStarted,
			rep.Missing, rep.Lost, rep.Duplicates, rep.Invalid))
	retriedAfter := 0
	for _, n := range rep.RetriedAfter {
		retriedAfter += n
	}
	c.check(rep.Attempts == rep.Requests-rep.NotStarted+rep.Retries && rep.Retries == retriedAfter+rep.Overlapping &&
		rep.HedgesLost <= rep.Errors["canceled"],
		fmt.Sprintf("%s: the report counts its attempts (%d for %d requests started: %d retries, %d of them overlapping, "+
			"%d lost and cancelled)", name, rep.Attempts, rep.Requests-rep.NotStarted, rep.Retries, rep.Overlapping, rep.HedgesLost),
		fmt.Sprintf("retried after %v", rep.RetriedAfter))
	s := rep.Server
	if !c.check(s != nil, name+": the report has the server's view of the run", rep.ServerError) {
		return
	}
	c.check(agrees(rep), fmt.Sprintf("%s: the server's figures agree with the client's: %d attempts, statuses %v, "+
		"errors %v", name, rep.Attempts, rep.Statuses, rep.Errors),
		fmt.Sprintf("server: requests %d, served %d, failed %d, rejected %d, canceled %d, in flight %d", s.Requests,
			s.Served, s.Failed, s.Rejected, s.Canceled, s.InFlight))
	c.check(len(rep.Warnings) == 0, name+": the report has no warning", strings.Join(rep.Warnings, "\n"))
}
