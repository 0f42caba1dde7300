package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os/exec"
	"strings"
)

// testRun is what one `go test -json` run of one package showed.
type testRun struct {
	failed      map[string]bool // tests and subtests that failed, or were running when the test binary crashed
	finished    map[string]bool // tests and subtests that passed, failed or were skipped
	buildFailed bool
	panicked    bool
	passed      bool    // the package passed: every test, and TestMain's checks after them
	elapsed     float64 // seconds the test binary ran
	output      string  // everything the tests printed
}

// goTest runs `go test -json` with a time limit per test binary, and reads its events.
func goTest(args ...string) testRun {
	cmd := exec.Command("go", append([]string{"test", "-json", "-count=1", "-timeout=60s"}, args...)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.Run() // a failing test is the point here: the events say what happened
	run := testRun{failed: map[string]bool{}, finished: map[string]bool{}}
	started := map[string]bool{}
	var out strings.Builder
	events := bufio.NewScanner(&stdout)
	events.Buffer(nil, 1<<20)
	for events.Scan() {
		var e struct {
			Action, Test, Output, FailedBuild string
			Elapsed                           float64
		}
		if json.Unmarshal(events.Bytes(), &e) != nil {
			continue
		}
		switch e.Action {
		case "output", "build-output":
			out.WriteString(e.Output)
			if strings.HasPrefix(e.Output, "panic: ") || strings.HasPrefix(e.Output, "fatal error: ") {
				run.panicked = true
			}
		case "build-fail":
			run.buildFailed = true
		case "run":
			started[e.Test] = true
		case "pass", "fail", "skip":
			if e.Test == "" {
				run.elapsed = e.Elapsed
				run.passed = e.Action == "pass"
				run.buildFailed = run.buildFailed || e.FailedBuild != ""
				continue
			}
			run.finished[e.Test] = true
			if e.Action == "fail" {
				run.failed[e.Test] = true
			}
		}
	}
	// A panic in a goroutine the test did not start (a learner's "close of closed channel") kills the test
	// binary, and test2json then reports no end for the tests that were running: they are the ones that
	// failed, by crashing.
	if run.panicked {
		for test := range started {
			if !run.finished[test] {
				run.failed[test] = true
			}
		}
	}
	if strings.Contains(out.String(), "[build failed]") || strings.Contains(stderr.String(), "[setup failed]") {
		run.buildFailed = true
	}
	out.WriteString(stderr.String())
	run.output = out.String()
	return run
}

// tail is the last n lines of s.
func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return strings.Join(lines[max(len(lines)-n, 0):], "\n")
}

// errText is err's text, or nothing for nil.
func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
