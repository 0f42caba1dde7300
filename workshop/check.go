package main

import (
	"context"
	"fmt"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/go-concurrency-workshop/workshop/internal/lessons"
	"github.com/go-concurrency-workshop/workshop/internal/term"
)

// raceRule is what a data race means, in the lessons' words.
const raceRule = "two goroutines used the same memory at once, one of them writing: guard it with a sync.Mutex, or give each goroutine its own slot and read it only once that goroutine is counted out (wg.Done after its last write)"

// channelRaceRule is what a race between closing a channel and sending on it means.
const channelRaceRule = "a channel was closed while another goroutine could still send on it: only the sender closes, " +
	"once, after its last send; with several senders, one closer waits for them all (a WaitGroup), then closes"

// leakRule is what a goroutine left behind after the tests means.
const leakRule = "every goroutine needs an owner that waits for it: nothing your code starts may outlive the function that started it"

// check runs a lesson's tests and vet, and prints what fails in short, the challenge apart. Its error is
// errFails when the lesson fails, its challenge aside.
func (w *workshop) check(ctx context.Context, args []string) error {
	_, rest, err := parseArgs("check", args, 0, 1)
	if err != nil {
		return err
	}
	if err := w.load(); err != nil {
		return err
	}
	var l lessons.Lesson
	if len(rest) == 1 {
		if l, err = w.lesson(rest[0]); err != nil {
			return err
		}
	}
	env, err := w.goEnvOf(ctx)
	if err != nil {
		return err
	}
	var o outcome
	if len(rest) == 1 {
		got, err := w.outcomes(ctx, env, []lessons.Lesson{l})
		if err != nil {
			return err
		}
		o = got[0]
	} else {
		var ok bool
		if l, o, ok, err = w.firstUnsolved(ctx, env, 0); err != nil {
			return err
		}
		if !ok {
			fmt.Fprintf(w.out, "%s every lesson passes.\n", term.Good.Sprint("✓"))
			return nil
		}
	}
	w.report(l, o)
	if !passes(l, o) {
		return errFails
	}
	return nil
}

// report prints a lesson's outcome: vet's findings in plain words; for each exercise, its failing tests and
// what each said; a crash and the rule it broke; and the next step.
func (w *workshop) report(l lessons.Lesson, o outcome) {
	ex := exerciseStates(w.root, l, o)
	own, _ := parts(l, o)
	w.reportTitle(l, o, lessonState(own, ownStates(l, ex)))
	w.reportBroken(l, o)
	if len(o.Vet) > 0 {
		// vet's findings first: each names its line, and it is often the one that explains the failures below
		// (a wg.Add inside the goroutine, a WaitGroup copied).
		w.reportVet(o.Vet)
	}
	w.reportExercises(l, o, ex)
	w.reportProblems(l, o)
	w.reportNext(l, o, ex)
	w.reportStuck(l, w.countFailures(l, o, ex))
}

// reportTitle prints the lesson's state, and what ran.
func (w *workshop) reportTitle(l lessons.Lesson, o outcome, s state) {
	ran := "go test -race and go vet"
	if !o.Race {
		ran = "go test (without -race) and go vet"
	}
	if o.cached {
		ran += ", cached: nothing changed since they last ran"
	}
	fmt.Fprintf(w.out, "%s %s %s\n\n", term.Title.Sprint(l.Dir), s.colored(0), term.Faint.Sprint("("+ran+")"))
}

// reportBroken prints why the lesson does not build, if it does not.
func (w *workshop) reportBroken(l lessons.Lesson, o outcome) {
	if len(o.Broken) == 0 {
		return
	}
	fmt.Fprintf(w.out, "%s %s does not build:\n", term.Bad.Sprint("✗"), l.Dir)
	for _, line := range o.Broken[:min(len(o.Broken), 12)] {
		fmt.Fprintf(w.out, "    %s\n", line)
	}
	fmt.Fprintln(w.out)
}

// reportExercises prints each exercise with its state and the tests that check it, then the failing tests
// of no exercise.
func (w *workshop) reportExercises(l lessons.Lesson, o outcome, states []state) {
	race := " -race"
	if !o.Race {
		race = ""
	}
	rerun := "go test" + race + " -run %s ./" + l.Dir
	tests := testsByExercise(l, o)
	for i, e := range l.Exercises {
		if e.Challenge && (i == 0 || !l.Exercises[i-1].Challenge) {
			fmt.Fprintf(w.out, "\n%s %s %s\n", term.Title.Sprint("the challenge"), challengeState(l, o, states).colored(0),
				term.Faint.Sprint("(not needed for the lesson to pass)"))
		}
		fmt.Fprintf(w.out, "%s %s\n", states[i].colored(14), term.Title.Sprint(e.Func)+term.Faint.Sprint("  "+path.Base(e.File)))
		for _, t := range tests[e.Func] {
			w.reportTest(t, rerun)
		}
		if o.Crash != nil && crashedIn(l, o.Crash) == e.Func {
			w.reportCrash(l, o, "      ")
		}
	}
	var others []testResult
	for _, t := range tests[""] {
		if !t.Passed {
			others = append(others, t)
		}
	}
	if len(others) > 0 {
		fmt.Fprintf(w.out, "%s %s\n", failing.colored(14), term.Title.Sprint("the lesson's other tests"))
		for _, t := range others {
			w.reportTest(t, rerun)
		}
	}
}

// reportProblems prints what failed beside the tests: a crash, a leak after the tests.
func (w *workshop) reportProblems(l lessons.Lesson, o outcome) {
	if o.Crash != nil && crashedIn(l, o.Crash) == "" {
		fmt.Fprintln(w.out)
		w.reportCrash(l, o, "")
	}
	if o.Leak != "" {
		fmt.Fprintf(w.out, "\n%s after the tests: %s\n    the rule: %s\n", term.Bad.Sprint("✗"), o.Leak, leakRule)
	}
	fmt.Fprintln(w.out)
	if !o.Race {
		fmt.Fprintln(w.out, term.Warn.Sprint("note: these tests ran without -race, which needs cgo (CGO_ENABLED=1 and a C compiler): a data race goes unnoticed"))
	}
}

// reportCrash prints the crash, the rule it broke, and the tests it kept from running, each line indented.
func (w *workshop) reportCrash(l lessons.Lesson, o outcome, indent string) {
	c := o.Crash
	at := ""
	if c.At != "" {
		at = ", at " + c.At
	}
	fmt.Fprintf(w.out, "%s%s the tests crashed in %s: %s%s\n", indent, term.Bad.Sprint("✗"), readable(c.Test), term.Title.Sprint(c.Message), at)
	for _, line := range c.Detail {
		fmt.Fprintf(w.out, "%s    %s\n", indent, line)
	}
	if r := explain(crashRules, c.Message); r != "" {
		fmt.Fprintf(w.out, "%s    the rule: %s\n", indent, r)
	}
	var notRun []string
	for _, name := range l.Tests {
		if _, ok := o.test(name); !ok {
			notRun = append(notRun, name)
		}
	}
	if len(notRun) > 0 {
		fmt.Fprintf(w.out, "%s    the crash stopped the tests: %s did not run\n", indent, strings.Join(notRun, ", "))
	}
}

// reportVet prints vet's findings, in plain words where a rule knows them, and a blank line.
func (w *workshop) reportVet(findings []finding) {
	defer fmt.Fprintln(w.out)
	fmt.Fprintf(w.out, "%s go vet:\n", term.Bad.Sprint("✗"))
	for _, f := range findings {
		plain := explain(vetRules, f.Message)
		if plain == "" {
			fmt.Fprintf(w.out, "    %s: %s\n", f.At, f.Message)
			continue
		}
		fmt.Fprintf(w.out, "    %s: %s\n    %s  %s\n", f.At, plain, strings.Repeat(" ", len(f.At)), term.Faint.Sprint("(vet: "+f.Message+")"))
	}
}

// reportNext prints the next step: the challenge, or on to the next lesson, when this one passes; else
// where the whole output is.
func (w *workshop) reportNext(l lessons.Lesson, o outcome, states []state) {
	if passes(l, o) {
		fmt.Fprintf(w.out, "%s %s passes.\n", term.Good.Sprint("✓"), l.Dir)
		if l.HasChallenge() && challengeState(l, o, states) != solved {
			fmt.Fprintf(w.out, "the challenge, if you want it: %s\n", challengeStep(l))
		}
		next := "next: go run ./workshop solution " + l.Dir + " shows the reference beside your code"
		if i := w.index(l); i+1 < len(w.lessons) {
			next += "; then go run ./workshop check " + w.lessons[i+1].Dir
		}
		fmt.Fprintln(w.out, next)
		return
	}
	race := " -race"
	if !o.Race {
		race = ""
	}
	fmt.Fprintf(w.out, "the whole output: go test%s ./%s   ·   go vet ./%s\n", race, l.Dir, l.Dir)
}

// stuckAfter is how many checks in a row an exercise fails before check says that it has hints.
const stuckAfter = 3

// countFailures counts, for a fresh run of the tests (not one from the cache), one more failing check for
// each exercise that fails, and none for each that passes; it returns how many checks in a row each has
// failed.
func (w *workshop) countFailures(l lessons.Lesson, o outcome, states []state) map[string]int {
	if o.cached {
		return w.cache.fails(w.root, l.Dir)
	}
	var failed, passed []string
	for i, e := range l.Exercises {
		switch states[i] {
		case failing:
			failed = append(failed, e.Func)
		case solved:
			passed = append(passed, e.Func)
		}
	}
	return w.cache.failed(w.root, l.Dir, failed, passed)
}

// reportStuck says, of the first exercise that has failed stuckAfter checks in a row, that hints are
// there and how to read one; it never prints a hint.
func (w *workshop) reportStuck(l lessons.Lesson, fails map[string]int) {
	for _, e := range l.Exercises {
		hints := l.HintsFor(e.Section())
		if fails[e.Func] < stuckAfter || len(hints) == 0 {
			continue
		}
		shown := len(w.cache.hintsShown(w.root, l.Dir, e.Section()))
		fmt.Fprintf(w.out, "%s failed %d checks in a row: a hint is there, if you want one: go run ./workshop hint %s %s (%d of %d shown)\n",
			e.Func, fails[e.Func], l.Dir, hintName(e.Section()), shown, len(hints))
		return
	}
}

// reportTest prints a test: nothing more when it passes, else each failing subtest with what it said,
// and where a data race happened. rerun is the go test command that shows a test's whole output, with %s
// for its -run pattern.
func (w *workshop) reportTest(t testResult, rerun string) {
	if t.Passed {
		fmt.Fprintf(w.out, "    %s %s\n", term.Good.Sprint("✓"), t.Name)
		return
	}
	count := ""
	if t.Checks > 0 {
		count = fmt.Sprintf(": %d of %d checks fail", failedChecks(t), t.Checks)
	}
	// The same message from every failing check (a stub's, typically) is said once, before their names.
	same := len(t.Failures) > 1
	for _, f := range t.Failures {
		same = same && f.Name != "" && f.Message != "" && f.Message == t.Failures[0].Message &&
			slices.Equal(f.Detail, t.Failures[0].Detail)
	}
	if same {
		fmt.Fprintf(w.out, "    %s %s%s, each saying:\n", term.Bad.Sprint("✗"), t.Name, count)
		w.reportSaid("        ", t.Failures[0], fmt.Sprintf(rerun, runPattern(t.Name, t.Failures[0].Name)))
	} else {
		fmt.Fprintf(w.out, "    %s %s%s\n", term.Bad.Sprint("✗"), t.Name, count)
	}
	for _, f := range t.Failures {
		indent := "      "
		if f.Name != "" {
			fmt.Fprintf(w.out, "      %s\n", term.Title.Sprint(f.Name))
			indent = "        "
		}
		if f.Message != "" && !same {
			w.reportSaid(indent, f, fmt.Sprintf(rerun, runPattern(t.Name, f.Name)))
		}
	}
	if len(t.Races) > 0 {
		rule := raceRule
		if slices.ContainsFunc(t.Races, func(r string) bool { return strings.Contains(r, "close") }) {
			rule = channelRaceRule
		}
		fmt.Fprintf(w.out, "      %s at %s\n        the rule: %s\n", term.Bad.Sprint("a data race"), strings.Join(t.Races, ", "), rule)
	}
}

// shownLines is how many lines of what a failing test said check shows.
const shownLines = 25

// reportSaid prints what a failure said, each line indented, up to shownLines; past them, how many more
// there are and the command that shows them all.
func (w *workshop) reportSaid(indent string, f failure, rerun string) {
	said := append([]string{f.Message}, f.Detail...)
	for len(said) > 1 && strings.TrimSpace(said[len(said)-1]) == "" {
		said = said[:len(said)-1]
	}
	cut := len(said) > shownLines
	if cut {
		said = said[:shownLines-1]
	}
	for _, line := range said {
		fmt.Fprintln(w.out, strings.TrimRight(indent+line, " "))
	}
	if cut {
		fmt.Fprintln(w.out, indent+term.Faint.Sprintf("… %d more lines: %s", len(f.Detail)+1-len(said), rerun))
	}
}

// runPattern is go test's -run pattern for one test or subtest: "'^TestF$/^its_name$'".
func runPattern(test, sub string) string {
	parts := []string{test}
	if sub != "" {
		parts = append(parts, strings.Split(strings.ReplaceAll(sub, " ", "_"), "/")...)
	}
	for i, p := range parts {
		parts[i] = "^" + regexp.QuoteMeta(p) + "$"
	}
	return "'" + strings.Join(parts, "/") + "'"
}

// failedChecks counts the failures that are checks (subtests), not the test itself.
func failedChecks(t testResult) int {
	return len(slices.DeleteFunc(slices.Clone(t.Failures), func(f failure) bool { return f.Name == "" }))
}

// readable turns a test's name back into words: "TestSequential/keeps_one" → "TestSequential/keeps one".
func readable(test string) string {
	top, sub, ok := strings.Cut(test, "/")
	if !ok {
		return test
	}
	return top + "/" + strings.ReplaceAll(sub, "_", " ")
}
