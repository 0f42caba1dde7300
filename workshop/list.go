package main

import (
	"context"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/go-concurrency-workshop/workshop/internal/lessons"
	"github.com/go-concurrency-workshop/workshop/internal/term"
)

// state is where a learner is with an exercise or a lesson.
type state int

const (
	notStarted state = iota // the code is still the stub
	failing                 // the code has changed, and its tests do not pass
	solved                  // its tests pass
)

func (s state) String() string {
	switch s {
	case solved:
		return "✓ solved"
	case failing:
		return "✗ failing"
	}
	return "· not started"
}

// colored pads the state's name to width, then colors it.
func (s state) colored(width int) string {
	text := fmt.Sprintf("%-*s", width, s)
	switch s {
	case solved:
		return term.Good.Sprint(text)
	case failing:
		return term.Bad.Sprint(text)
	}
	return term.Faint.Sprint(text)
}

// exerciseStates returns the state of each of the lesson's exercises. An exercise is solved when its test
// ran and every test that checks it passed (see testsByExercise); else not started while its function is
// still a stub (isStub: one return statement with its TODO comments), else failing. The stub test reads
// the file as it is now, so it needs no git and no record of the past: a learner who has written anything
// in the function has started.
func exerciseStates(root string, l lessons.Lesson, o outcome) []state {
	return statesOf(l, o, stubsIn(root, l))
}

// stubsIn says, for each exported function of the lesson's exercise files as they are now, whether it is
// still a stub.
func stubsIn(root string, l lessons.Lesson) map[string]bool {
	stubs := map[string]bool{}
	for _, file := range l.Files {
		src, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(file)))
		if err != nil {
			continue
		}
		for _, fn := range functions(src) {
			stubs[fn.name] = fn.stub
		}
	}
	return stubs
}

// statesOf returns the state of each exercise from the outcome, and stubs: which are still stubs.
func statesOf(l lessons.Lesson, o outcome, stubs map[string]bool) []state {
	tests := testsByExercise(l, o)
	states := make([]state, len(l.Exercises))
	for i, e := range l.Exercises {
		_, ran := o.test(e.Test)
		passed := ran && len(o.Broken) == 0
		for _, t := range tests[e.Func] {
			passed = passed && t.Passed
		}
		switch {
		case passed:
			states[i] = solved
		case stubs[e.Func]:
			states[i] = notStarted
		default:
			states[i] = failing
		}
	}
	return states
}

// testsByExercise shares the lesson's tests among its exercises, by function name. A top-level test checks
// the exercise its name begins with (lessons.Lesson.ExerciseOf). Within it, a subtest named after another
// exercise's function, and a data race in another exercise's file, count for that exercise instead: lesson
// 02's test against the real server runs AllAtOnce and AllAtOnceMutex in subtests of those names, and a
// failure of one must not fail the other. What checks no exercise comes under "".
func testsByExercise(l lessons.Lesson, o outcome) map[string][]testResult {
	isFunc := map[string]bool{}
	funcOfFile := map[string]string{} // "allatonce.go" → "AllAtOnce"
	for _, e := range l.Exercises {
		isFunc[e.Func] = true
		if _, ok := funcOfFile[path.Base(e.File)]; !ok {
			funcOfFile[path.Base(e.File)] = e.Func
		}
	}
	byFunc := map[string][]testResult{}
	for _, t := range o.Tests {
		owner := ""
		if e, ok := l.ExerciseOf(t.Name); ok {
			owner = e.Func
		}
		order := []string{owner}
		views := map[string]*testResult{owner: {Name: t.Name, Passed: true, Checks: t.Checks}}
		view := func(fn string) *testResult {
			if views[fn] == nil {
				views[fn] = &testResult{Name: t.Name, Passed: true, Checks: t.Checks}
				order = append(order, fn)
			}
			return views[fn]
		}
		for _, f := range t.Failures {
			to, _, _ := strings.Cut(f.Name, "/")
			if !isFunc[to] {
				to = owner
			}
			v := view(to)
			v.Passed = false
			v.Failures = append(v.Failures, f)
		}
		for _, r := range t.Races {
			file, _, _ := strings.Cut(r, ":")
			to, ok := funcOfFile[file]
			if !ok {
				to = owner
			}
			v := view(to)
			v.Passed = false
			v.Races = append(v.Races, r)
		}
		if !t.Passed && len(t.Failures) == 0 && len(t.Races) == 0 {
			views[owner].Passed = false // it failed without saying why: a crash, say
		}
		for _, fn := range order {
			byFunc[fn] = append(byFunc[fn], *views[fn])
		}
	}
	return byFunc
}

// lessonState is the lesson's state: solved when it passes as a whole (vet included), not started while
// every exercise is, else failing.
func lessonState(o outcome, exercises []state) state {
	if o.passed() {
		return solved
	}
	for _, s := range exercises {
		if s != notStarted {
			return failing
		}
	}
	return notStarted
}

// list prints every lesson and exercise with its state, and the next step.
func (w *workshop) list(ctx context.Context, args []string) error {
	if _, _, err := parseArgs("list", args, 0, 0); err != nil {
		return err
	}
	if err := w.load(); err != nil {
		return err
	}
	env, err := w.goEnvOf(ctx)
	if err != nil {
		return err
	}
	outcomes, err := w.outcomes(ctx, env, w.lessons)
	if err != nil {
		return err
	}
	width := 16 // the exercises' column, wide enough for the longest name
	for _, l := range w.lessons {
		for _, e := range l.Exercises {
			width = max(width, len(e.Func))
		}
	}
	var next *lessons.Lesson
	var nextState state
	for i, l := range w.lessons {
		o := outcomes[i]
		ex := exerciseStates(w.root, l, o)
		s := lessonState(o, ex)
		line := term.Title.Sprintf("%-*s", width+2, l.Dir) + " " + s.colored(0)
		if reason := why(o, s); reason != "" {
			line += "  " + term.Faint.Sprint(reason)
		}
		fmt.Fprintln(w.out, line)
		for j, e := range l.Exercises {
			fmt.Fprintf(w.out, "  %-*s %s  %s\n", width, e.Func, ex[j].colored(13), term.Faint.Sprint(path.Base(e.File)))
		}
		if s != solved && next == nil {
			next, nextState = &w.lessons[i], s
		}
	}
	fmt.Fprintln(w.out)
	if !env.race {
		fmt.Fprintln(w.out, term.Warn.Sprint("note: the tests ran without -race, which needs cgo (CGO_ENABLED=1 and a C compiler)"))
	}
	switch {
	case next == nil:
		last := w.lessons[len(w.lessons)-1].Dir
		fmt.Fprintf(w.out, "every lesson passes. next: go run ./workshop solution %s, your code beside the reference\n", last)
	case nextState == notStarted:
		fmt.Fprintf(w.out, "next: read %s/README.md, then go run ./workshop check %s\n", next.Dir, next.Dir)
	default:
		fmt.Fprintf(w.out, "next: go run ./workshop check %s\n", next.Dir)
	}
	return nil
}

// why says in a few words why a lesson that has started fails, when its exercises do not say it.
func why(o outcome, s state) string {
	switch {
	case s != failing:
		return ""
	case len(o.Broken) > 0:
		return "does not build"
	case o.Crash != nil:
		return "crashed: " + o.Crash.Message
	case o.Leak != "":
		return "fails after its tests: " + o.Leak
	case len(o.Vet) > 0 && o.passedTests():
		return fmt.Sprintf("go vet: %d finding%s", len(o.Vet), plural(len(o.Vet)))
	}
	return ""
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
