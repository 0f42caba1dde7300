package main

import (
	"context"
	"fmt"
	"os"
	"path"
	"slices"
	"strings"

	"github.com/go-concurrency-workshop/workshop/internal/lessons"
	"github.com/go-concurrency-workshop/workshop/internal/term"
)

// mistake shows the known mistakes of a lesson's catalogue (solutions/testdata/mistakes): with a lesson
// alone, the list, each with what is wrong; with an entry, the lesson's tests run on the reference solution
// with that mistake swapped in, and what they say, as check prints it; with -diff, the mistake as a diff
// against the reference. Running an entry exits with status 0 when the tests catch the mistake, 1 when
// they all pass.
func (w *workshop) mistake(ctx context.Context, args []string) error {
	flags, rest, err := parseArgs("mistake", args, 1, 2, "diff")
	if err != nil {
		return err
	}
	l, err := w.lesson(rest[0])
	if err != nil {
		return err
	}
	entries, err := lessons.Catalogue(w.root, l, lessons.Mistakes)
	if err != nil {
		return fmt.Errorf("workshop: %w", err)
	}
	if len(rest) == 1 {
		if flags["diff"] {
			return usagef("-diff shows one mistake: go run ./workshop mistake %s <mistake> -diff", l.Dir)
		}
		w.listMistakes(l, entries)
		return nil
	}
	i := slices.IndexFunc(entries, func(e lessons.Entry) bool { return e.Name == strings.TrimSuffix(rest[1], ".go") })
	if i < 0 {
		return usagef("%s has no mistake %q: go run ./workshop mistake %s lists them", l.Dir, rest[1], l.Dir)
	}
	if flags["diff"] {
		return w.diffMistake(entries[i])
	}
	return w.runMistake(ctx, l, entries[i])
}

// listMistakes prints the lesson's mistakes, each with its file and the first sentence of what is wrong.
func (w *workshop) listMistakes(l lessons.Lesson, entries []lessons.Entry) {
	fmt.Fprintf(w.out, "%s: %d known mistakes, each caught by a test\n\n", term.Title.Sprint(l.Dir), len(entries))
	width, files := 0, 0
	for _, e := range entries {
		width, files = max(width, len(e.Name)), max(files, len(path.Base(e.Replaces)))
	}
	for _, e := range entries {
		fmt.Fprintf(w.out, "  %-*s  %-*s  %s\n", width, e.Name, files, path.Base(e.Replaces), firstSentence(e.What, 90))
	}
	fmt.Fprintf(w.out, "\n%s\n", term.Faint.Sprintf("go run ./workshop mistake %s <mistake> runs the tests with it swapped in; add -diff to see it beside the reference", l.Dir))
}

// firstSentence returns s up to its first full stop, cut at a word to at most n bytes.
func firstSentence(s string, n int) string {
	if i := strings.Index(s, ". "); i >= 0 {
		s = s[:i+1]
	}
	if len(s) <= n {
		return s
	}
	cut := strings.LastIndex(s[:n], " ")
	if cut < 0 {
		cut = n
	}
	return strings.TrimRight(s[:cut], ",:;") + "…"
}

// describeMistake prints which mistake it is, what is wrong, and the test that should catch it.
func (w *workshop) describeMistake(e lessons.Entry) {
	fmt.Fprintf(w.out, "%s %s\n", term.Label.Sprint("the mistake:"), e.What)
	fmt.Fprintf(w.out, "%s %s\n\n", term.Label.Sprint("caught by:"), e.CaughtBy)
}

// diffMistake prints the mistake as a unified diff against what it is spliced into: the reference
// solution's file, or that file with the alternative the mistake is based on.
func (w *workshop) diffMistake(e lessons.Entry) error {
	reference, spliced, err := e.Splice(w.root)
	if err != nil {
		return fmt.Errorf("workshop: %w", err)
	}
	w.describeMistake(e)
	printDiff(w.out, fileDiff(e.Base(), e.Reference()+" with the mistake "+e.Name, lines(reference), lines(spliced)))
	return nil
}

// runMistake runs the lesson's tests and vet on the reference solution, with the mistake swapped in for its
// file, and prints what they say.
func (w *workshop) runMistake(ctx context.Context, l lessons.Lesson, e lessons.Entry) error {
	env, err := w.goEnvOf(ctx)
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "workshop-mistake-")
	if err != nil {
		return fmt.Errorf("workshop: %w", err)
	}
	defer os.RemoveAll(tmp)
	overlay, err := e.Overlay(w.root, tmp, l)
	if err != nil {
		return fmt.Errorf("workshop: %w", err)
	}
	got, err := w.runLessons(ctx, env, []lessons.Lesson{l}, "-overlay", overlay)
	if err != nil {
		return err
	}
	o := got[0]
	ran := "go test -race and go vet"
	if !o.Race {
		ran = "go test (without -race) and go vet"
	}
	fmt.Fprintf(w.out, "%s %s\n", term.Title.Sprintf("%s with the mistake %s", l.Dir, e.Name),
		term.Faint.Sprintf("(%s on the reference solution, with %s's mistake swapped in)", ran, path.Base(e.Replaces)))
	w.describeMistake(e)
	w.reportBroken(l, o)
	w.reportExercises(l, o, statesOf(l, o, nil))
	w.reportProblems(l, o)
	return w.reportCaught(l, e, o)
}

// reportCaught says whether the tests caught the mistake: the test the catalogue names, or another. It
// returns errFails when every test passed.
func (w *workshop) reportCaught(l lessons.Lesson, e lessons.Entry, o outcome) error {
	diff := fmt.Sprintf("beside the reference: go run ./workshop mistake %s %s -diff", l.Dir, e.Name)
	if e.BasedOn != "" {
		diff = fmt.Sprintf("beside the alternative %s it breaks: go run ./workshop mistake %s %s -diff", e.BasedOn, l.Dir, e.Name)
	}
	switch {
	case caught(o, e.CaughtBy):
		fmt.Fprintf(w.out, "%s caught by %s, as the catalogue says. The mistake %s\n",
			term.Good.Sprint("✓"), readable(e.CaughtBy), diff)
	case !o.passed():
		fmt.Fprintf(w.out, "%s caught, though not by %s, which the catalogue names. The mistake %s\n",
			term.Good.Sprint("✓"), readable(e.CaughtBy), diff)
	default:
		fmt.Fprintf(w.out, "%s every test passed: nothing caught this mistake, though the catalogue says %s does\n",
			term.Bad.Sprint("✗"), readable(e.CaughtBy))
		return errFails
	}
	return nil
}

// caught reports whether the test named (a subtest, "TestF/its_name", or a whole test) failed or crashed.
func caught(o outcome, test string) bool {
	if o.Crash != nil && (o.Crash.Test == test || strings.HasPrefix(o.Crash.Test, test+"/")) {
		return true
	}
	top, sub, _ := strings.Cut(test, "/")
	t, ran := o.test(top)
	if !ran || t.Passed {
		return false
	}
	if sub == "" {
		return true
	}
	name := strings.ReplaceAll(sub, "_", " ")
	return slices.ContainsFunc(t.Failures, func(f failure) bool { return f.Name == name || strings.HasPrefix(f.Name, name+"/") })
}
