package main

import (
	"bufio"
	"cmp"
	"encoding/json"
	"go/ast"
	"io"
	"path/filepath"
	"regexp"
	"strings"
)

// outcome is what one run of a lesson's tests and vet found, in short: what check prints, what list's
// states come from, and what the cache keeps.
type outcome struct {
	Race   bool         `json:"race"`            // the tests ran with -race
	Broken []string     `json:"broken,omitzero"` // why the tests did not build or run at all: the go command's lines
	Tests  []testResult `json:"tests,omitzero"`  // the top-level tests that ran, in order
	Crash  *crash       `json:"crash,omitzero"`  // a panic or fatal error that ended the test binary
	Leak   string       `json:"leak,omitzero"`   // a failure after the tests, such as goleak's, first line
	Vet    []finding    `json:"vet,omitzero"`    // go vet's findings

	cached bool // it comes from the cache: nothing changed since the tests last ran
}

// testResult is one top-level test.
type testResult struct {
	Name     string    `json:"name"`
	Passed   bool      `json:"passed"`
	Checks   int       `json:"checks,omitzero"`   // how many subtests without subtests of their own ran
	Failures []failure `json:"failures,omitzero"` // the failing subtests (or the test itself) that said why
	Races    []string  `json:"races,omitzero"`    // where a data race happened: "allatonce.go:24 (write)"
	RaceIn   []string  `json:"race_in,omitzero"`  // for each race, the function whose code raced: "Throttled" (see findRaces)
}

// failure is one failing test or subtest, and what it said.
type failure struct {
	Name    string   `json:"name"`            // the subtest's name below its top-level test, spaces restored; "" for the test itself
	Message string   `json:"message"`         // the first line it said; "" when it said nothing (it crashed, say)
	Detail  []string `json:"detail,omitzero"` // the lines it said after that one (at most maxDetail)
}

// maxDetail bounds the lines of a failure kept after its first: check shows fewer.
const maxDetail = 200

// crash is a panic or fatal error that stopped the test binary.
type crash struct {
	Message string   `json:"message"`         // "close of closed channel"
	Detail  []string `json:"detail,omitzero"` // the lines of a message that spans several, after the first
	Test    string   `json:"test"`            // the test that was running: "TestCloser/closes_once"
	At      string   `json:"at"`              // the first line of the lesson's code on the stack: "merge.go:31"
	In      string   `json:"in,omitzero"`     // the first exercise-like function on the stack: "Merge" (see funcName)
}

// finding is one of go vet's findings.
type finding struct {
	At      string `json:"at"`      // "allatonce.go:12"
	Message string `json:"message"` // vet's own words
}

// passed reports whether the lesson passes: it builds, every test ran and passed, nothing crashed or
// leaked, and vet found nothing.
func (o outcome) passed() bool {
	if len(o.Broken) > 0 || o.Crash != nil || o.Leak != "" || len(o.Vet) > 0 || len(o.Tests) == 0 {
		return false
	}
	for _, t := range o.Tests {
		if !t.Passed {
			return false
		}
	}
	return true
}

// test returns the top-level test named name, and whether it ran.
func (o outcome) test(name string) (testResult, bool) {
	for _, t := range o.Tests {
		if t.Name == name {
			return t, true
		}
	}
	return testResult{}, false
}

// event is one line of `go test -json`: see `go doc test2json`. ImportPath and FailedBuild come with the
// build events.
type event struct {
	Action      string
	Package     string
	Test        string
	Output      string
	ImportPath  string
	FailedBuild string
}

// readEvents decodes the events of `go test -json`, skipping lines that are not JSON (the go command may
// print some of its own).
func readEvents(r io.Reader) []event {
	var events []event
	lines := bufio.NewScanner(r)
	lines.Buffer(make([]byte, 0, 64*1024), 16*1024*1024)
	for lines.Scan() {
		var e event
		if json.Unmarshal(lines.Bytes(), &e) == nil && e.Action != "" {
			events = append(events, e)
		}
	}
	return events
}

// summarize turns the events of one package's test run into an outcome. dir is the lesson's folder: frames
// of the stack and race reports in it are the ones worth showing.
func summarize(events []event, pkg, dir string) outcome {
	run := collect(events, pkg)
	if run.failedBuild != "" {
		return outcome{Broken: buildLines(run.build, run.failedBuild)}
	}
	var o outcome
	o.Crash = run.crash(dir)
	for _, name := range run.order {
		if !strings.Contains(name, "/") {
			o.Tests = append(o.Tests, run.result(name, dir, o.Crash != nil))
		}
	}
	// The package can fail after every test passed: goleak's check in TestMain, say.
	if o.Crash == nil && o.passedTests() {
		o.Leak = run.leak()
	}
	if len(o.Tests) == 0 && o.Crash == nil && o.Leak == "" {
		for _, line := range run.pkgLines {
			if line = strings.TrimSpace(line); line != "" {
				o.Broken = append(o.Broken, line)
			}
		}
	}
	return o
}

// testRun is one package's events, gathered by test.
type testRun struct {
	order       []string                    // every test and subtest, in the order they started
	status      map[string]string           // name → pass, fail or skip
	output      map[string]*strings.Builder // name → what it printed
	pkgLines    []string                    // output outside any test
	build       map[string][]string         // import path → the build's output
	failedBuild string                      // the build that failed: the package itself or one it imports
}

// collect gathers the events of the package pkg (and the build output of every package).
func collect(events []event, pkg string) testRun {
	run := testRun{status: map[string]string{}, output: map[string]*strings.Builder{}, build: map[string][]string{}}
	for _, e := range events {
		switch {
		case e.Action == "build-output":
			run.build[e.ImportPath] = append(run.build[e.ImportPath], strings.TrimRight(e.Output, "\n"))
			continue
		case e.Package != pkg:
			continue
		}
		switch e.Action {
		case "run":
			run.order = append(run.order, e.Test)
		case "pass", "fail", "skip":
			if e.Test != "" {
				run.status[e.Test] = e.Action
			} else if e.FailedBuild != "" {
				run.failedBuild = e.FailedBuild
			}
		case "output":
			if e.Test == "" {
				run.pkgLines = append(run.pkgLines, strings.TrimRight(e.Output, "\n"))
				continue
			}
			if run.output[e.Test] == nil {
				run.output[e.Test] = &strings.Builder{}
			}
			run.output[e.Test].WriteString(e.Output)
		}
	}
	return run
}

// text is what a test printed.
func (run testRun) text(name string) string {
	if b := run.output[name]; b != nil {
		return b.String()
	}
	return ""
}

// crash finds the first panic or fatal error, in whichever test's output it came, and names the test that
// was running: the last one started, as the test binary runs one test at a time.
func (run testRun) crash(dir string) *crash {
	var c *crash
	for _, name := range run.order {
		if c = findCrash(run.text(name), dir); c != nil {
			break
		}
	}
	if c == nil {
		c = findCrash(strings.Join(run.pkgLines, "\n"), dir)
	}
	if c != nil && len(run.order) > 0 {
		c.Test = run.order[len(run.order)-1]
	}
	return c
}

// result sums up the top-level test top and its subtests: how many checks ran, which failed and what
// each said, and where a data race happened. crashed says the test binary crashed: a test that never
// ended then failed by crashing.
func (run testRun) result(top, dir string, crashed bool) testResult {
	t := testResult{Name: top, Passed: run.status[top] == "pass" || run.status[top] == "skip"}
	var all strings.Builder // the test's output and its subtests', for the race reports
	for _, n := range run.order {
		if n != top && !strings.HasPrefix(n, top+"/") {
			continue
		}
		leaf := !hasChild(run.order, n)
		if leaf && n != top {
			t.Checks++
		}
		all.WriteString(run.text(n))
		if f, ok := run.failure(top, n, leaf, crashed); ok {
			t.Failures = append(t.Failures, f)
		}
	}
	t.Races, t.RaceIn = findRaces(all.String(), dir)
	return t
}

// failure returns the failure of the test or subtest n of top, if it failed and says why.
func (run testRun) failure(top, n string, leaf, crashed bool) (failure, bool) {
	if run.status[n] != "fail" && run.status[n] != "" {
		return failure{}, false
	}
	said := said(run.text(n))
	msg := said.head
	if msg == "race detected during execution of test" {
		msg = "-race found a data race during this test"
	}
	if msg == "" && !leaf {
		return failure{}, false // a parent that fails only because a subtest did
	}
	if run.status[n] == "" && !crashed {
		return failure{}, false // it never ended, and nothing says why: the package's failure will
	}
	name := strings.ReplaceAll(strings.TrimPrefix(strings.TrimPrefix(n, top), "/"), "_", " ")
	return failure{Name: name, Message: msg, Detail: said.more[:min(len(said.more), maxDetail)]}, true
}

// leak returns the first thing the package said after its tests, such as goleak's complaint; "" if none.
func (run testRun) leak() string {
	for _, line := range run.pkgLines {
		if line = strings.TrimSpace(line); isMessage(line) {
			return line
		}
	}
	return ""
}

// passedTests reports whether every test that ran passed.
func (o outcome) passedTests() bool {
	for _, t := range o.Tests {
		if !t.Passed {
			return false
		}
	}
	return true
}

// isMessage reports whether a line of the package's own output says something: not go test's verdicts.
func isMessage(line string) bool {
	return line != "" && line != "PASS" && line != "FAIL" && !strings.HasPrefix(line, "FAIL\t") &&
		!strings.HasPrefix(line, "ok  \t") && !strings.HasPrefix(line, "testing: warning: no tests to run")
}

// hasChild reports whether the test named name has a subtest among names.
func hasChild(names []string, name string) bool {
	for _, n := range names {
		if strings.HasPrefix(n, name+"/") {
			return true
		}
	}
	return false
}

// buildLines returns the compiler's lines for the build that failed, without the "# package" headers.
func buildLines(build map[string][]string, failed string) []string {
	lines := build[failed]
	if lines == nil { // the test variant: "pkg [pkg.test]"
		for path, l := range build {
			if strings.HasPrefix(path, failed+" ") {
				lines = append(lines, l...)
			}
		}
	}
	var out []string
	for _, l := range lines {
		if !strings.HasPrefix(l, "# ") && strings.TrimSpace(l) != "" {
			out = append(out, l)
		}
	}
	if len(out) == 0 {
		out = []string{"the build of " + failed + " failed"}
	}
	return out
}

var (
	// fileLine is a test's own message: "    sequential_test.go:30: Sequential returned no results".
	fileLine = regexp.MustCompile(`^\s+[\w.\-]+\.go:\d+: ?(.*)$`)
	// testifyField starts a field of testify's report: "        \tMessages:   \tthe message".
	testifyField = regexp.MustCompile(`^ *\t([A-Za-z][A-Za-z ]*):\s*\t(.*)$`)
	// testifyMore goes on with the field before: "        \t            \tactual  : 0".
	testifyMore = regexp.MustCompile(`^ *\t +\t(.*)$`)
	// actualLine is the line after "expected: ..." in testify's Not equal.
	actualLine = regexp.MustCompile(`^actual\s*:\s*(.*)$`)
)

// message is what a test said: its first line, and the lines after it.
type message struct {
	head string
	more []string
}

// messages returns what a test said, message by message, in its own words: each line of a t.Error and
// the lines that go on from it; of testify's report, the Messages field when there is one, else the Error
// field, with what follows its colon ("Not equal: expected 1, got 0"; "Received unexpected error: the
// error"), then the rest of both.
func messages(text string) []message {
	lines := strings.Split(text, "\n")
	var out []message
	for i := 0; i < len(lines); i++ {
		m := fileLine.FindStringSubmatch(lines[i])
		if m == nil {
			continue
		}
		// The lines of the message after the first are indented four spaces more than it.
		indent := strings.Repeat(" ", len(lines[i])-len(strings.TrimLeft(lines[i], " "))+4)
		var more []string
		for i+1 < len(lines) && strings.HasPrefix(lines[i+1], indent) {
			i++
			more = append(more, strings.TrimRight(strings.TrimPrefix(lines[i], indent), " "))
		}
		if head := strings.TrimSpace(m[1]); head != "" {
			out = append(out, message{head, more})
		} else if t, ok := testifyMessage(more); ok {
			out = append(out, t)
		}
	}
	return out
}

// said returns all a test said, as one message: the first line of the first message, then the rest.
func said(text string) message {
	msgs := messages(text)
	if len(msgs) == 0 {
		return message{}
	}
	all := msgs[0]
	for _, m := range msgs[1:] {
		all.more = append(append(all.more, m.head), m.more...)
	}
	return all
}

// firstMessage returns the first line a failing test said, in the test's own words (see messages).
func firstMessage(text string) string {
	return said(text).head
}

// testifyMessage reads testify's report, its fields each perhaps on several lines: the Messages, then the
// Error; nothing else (the trace, the test's name).
func testifyMessage(lines []string) (message, bool) {
	fields := map[string][]string{}
	field := ""
	for _, l := range lines {
		if f := testifyField.FindStringSubmatch(l); f != nil {
			field = f[1]
			fields[field] = []string{strings.TrimSpace(f[2])}
		} else if f := testifyMore.FindStringSubmatch(l); f != nil && field != "" {
			fields[field] = append(fields[field], strings.TrimRight(f[1], " "))
		} else {
			break
		}
	}
	e := fields["Error"]
	if msg := fields["Messages"]; len(msg) > 0 && msg[0] != "" {
		return message{msg[0], append(msg[1:], e...)}, true
	}
	if len(e) > 0 {
		head, used := errorLine(e)
		return message{head, e[used:]}, true
	}
	return message{}, false
}

// errorLine makes one line of testify's Error field: its first line, and when that ends with a colon, what
// it introduces. It returns how many of the field's lines it took.
func errorLine(e []string) (string, int) {
	first := e[0]
	if !strings.HasSuffix(first, ":") || len(e) < 2 {
		return first, 1
	}
	if exp, ok := strings.CutPrefix(strings.TrimSpace(e[1]), "expected:"); ok && len(e) > 2 {
		if act := actualLine.FindStringSubmatch(strings.TrimSpace(e[2])); act != nil {
			return first + " expected " + strings.TrimSpace(exp) + ", got " + act[1], 3
		}
	}
	return first + " " + strings.TrimSpace(e[1]), 2
}

// frame is a line of a goroutine's stack that names a file: "\t/path/03-fanoutin/merge.go:31 +0x1d".
var frame = regexp.MustCompile(`^\s+(\S+\.go):(\d+)`)

// findCrash finds the first panic or fatal error in a test binary's output, and the first frame of its
// stack in the lesson's folder.
func findCrash(text, dir string) *crash {
	lines := strings.Split(text, "\n")
	for i, line := range lines {
		msg, ok := strings.CutPrefix(line, "panic: ")
		if !ok {
			msg, ok = strings.CutPrefix(line, "fatal error: ")
		}
		if !ok {
			continue
		}
		if j := strings.Index(msg, " [recovered"); j >= 0 {
			msg = msg[:j]
		}
		c := &crash{Message: strings.TrimSpace(msg)}
		// A message of several lines (the test kit's, say) goes on in lines indented with a tab, up to the
		// blank line before the stacks.
		for _, l := range lines[i+1:] {
			if !strings.HasPrefix(l, "\t") || strings.HasPrefix(l, "\tpanic: ") || len(c.Detail) == 12 {
				break
			}
			c.Detail = append(c.Detail, strings.TrimPrefix(l, "\t"))
		}
		for k := i + 1; k < len(lines) && c.In == ""; k++ {
			if at := lessonFrame(lines[k], dir); at != "" {
				c.At = cmp.Or(c.At, at)
				c.In = funcName(lines[k-1])
			}
		}
		return c
	}
	return nil
}

// lessonFrame returns "file.go:line" when a stack line is in the lesson's folder and not in a test file.
func lessonFrame(line, dir string) string {
	m := frame.FindStringSubmatch(line)
	if m == nil {
		return ""
	}
	path := filepath.ToSlash(m[1])
	if !strings.Contains(path, "/"+dir+"/") || strings.HasSuffix(path, "_test.go") {
		return ""
	}
	return filepath.Base(path) + ":" + m[2]
}

// findRaces returns where the race detector saw the accesses of a data race, in the lesson's own files,
// each place once with what was done there: "allatoncemutex.go:25 (read, write)", or for a channel closed
// while another goroutine sends on it, "stage.go:40 (close)". For each place it returns too whose code
// made the access: the outermost exercise-like function (see funcName) of the access's stack, the one that
// started the goroutine that raced ("" if none is).
func findRaces(text, dir string) (places, owners []string) {
	if !strings.Contains(text, "WARNING: DATA RACE") {
		return nil, nil
	}
	kinds := map[string][]string{}
	owner := map[string]string{}
	access, place, outer := "", "", ""
	end := func() { // the end of an access's stack
		if place != "" {
			places = appendNew(places, place)
			kinds[place] = appendNew(kinds[place], access)
			if _, ok := owner[place]; !ok {
				owner[place] = outer
			}
		}
		access, place, outer = "", "", ""
	}
	lines := strings.Split(text, "\n")
	for i, line := range lines {
		for _, kind := range []string{"Previous write", "Previous read", "Write", "Read"} {
			if strings.HasPrefix(line, kind+" at ") {
				end()
				access = strings.ToLower(strings.TrimPrefix(kind, "Previous "))
			}
		}
		if strings.HasPrefix(line, "Goroutine ") || line == "" {
			end()
		}
		if access == "" {
			continue
		}
		// A race on a channel is a close against a send (or another close): the runtime's frame says which.
		switch {
		case place != "":
		case strings.Contains(line, "runtime.closechan("):
			access = "close"
		case strings.Contains(line, "runtime.chansend("):
			access = "send"
		}
		if f := lessonFrame(line, dir); f != "" && i > 0 {
			if place == "" {
				place = f
			}
			if fn := funcName(lines[i-1]); fn != "" {
				outer = fn
			}
		}
	}
	end()
	owners = make([]string, len(places))
	for i, p := range places {
		owners[i] = owner[p]
		places[i] = p + " (" + strings.Join(kinds[p], ", ") + ")"
	}
	return places, owners
}

// typeParams are the type arguments of a generic function in a stack: "[...]", or spelled out.
var typeParams = regexp.MustCompile(`\[[^\[\]]*\]`)

// funcName returns the exercise-like name of the function of a stack's line: "Throttled" for
// "…/04-backpressure.Throttled.func1.2()", "Limiter.Succeeded" for "…/04-backpressure.(*Limiter).Succeeded(…)",
// "Stage.Run" for "…/05-pipelines.Stage[...].Run.func1()": an exported function, or an exported method of
// an exported type, without its closures. Anything else is "".
func funcName(line string) string {
	s := strings.TrimPrefix(strings.TrimSpace(line), "created by ")
	if i := strings.Index(s, " in goroutine "); i >= 0 {
		s = s[:i]
	}
	for typeParams.MatchString(s) {
		s = typeParams.ReplaceAllString(s, "")
	}
	if i := strings.LastIndex(s, "("); i > 0 && strings.HasSuffix(s, ")") && s[i-1] != '.' {
		s = s[:i] // the arguments
	}
	s = s[strings.LastIndex(s, "/")+1:]
	_, s, _ = strings.Cut(s, ".") // the package
	s = strings.NewReplacer("(*", "", "(", "", ")", "").Replace(s)
	var kept []string
	for _, part := range strings.Split(s, ".") {
		if closure.MatchString(part) {
			break
		}
		kept = append(kept, part)
	}
	if len(kept) == 0 || len(kept) > 2 {
		return ""
	}
	for _, k := range kept {
		if !ast.IsExported(k) {
			return ""
		}
	}
	return strings.Join(kept, ".")
}

// closure is the name the compiler gives a function literal, or a go statement's wrapper: "func1", "gowrap2", "3".
var closure = regexp.MustCompile(`^(func|gowrap)?[0-9]+$`)

// appendNew appends the values not already in s.
func appendNew(s []string, values ...string) []string {
	for _, v := range values {
		found := false
		for _, x := range s {
			found = found || x == v
		}
		if !found {
			s = append(s, v)
		}
	}
	return s
}

// readVet decodes `go vet -json`: one object per package, analyzer → findings. Type errors are not in it
// (vet prints them as text); the test build reports those better.
func readVet(r io.Reader) map[string][]finding {
	found := map[string][]finding{}
	dec := json.NewDecoder(r)
	for {
		var pkgs map[string]map[string]json.RawMessage
		if dec.Decode(&pkgs) != nil {
			return found
		}
		for pkg, analyzers := range pkgs {
			for _, raw := range analyzers {
				var diags []struct{ Posn, Message string }
				if json.Unmarshal(raw, &diags) != nil {
					continue // {"error": ...}: an analyzer that could not run
				}
				for _, d := range diags {
					found[pkg] = append(found[pkg], finding{At: position(d.Posn), Message: d.Message})
				}
			}
		}
	}
}

// position shortens vet's "/abs/path/02-waitgroups/allatonce.go:12:3" to "allatonce.go:12".
func position(posn string) string {
	file, line, _ := strings.Cut(filepath.Base(filepath.FromSlash(posn)), ":")
	line, _, _ = strings.Cut(line, ":")
	if line == "" {
		return file
	}
	return file + ":" + line
}
