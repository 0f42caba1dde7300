package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/go-concurrency-workshop/workshop/internal/lessons"
	"github.com/go-concurrency-workshop/workshop/internal/term"
)

// solution shows, once a lesson passes, each of its exercise functions beside the reference solution's
// function of the same name, as a unified diff; the challenge's only once it passes too. Before the lesson
// passes it refuses, in one line: the reference is for comparing, not for copying.
func (w *workshop) solution(ctx context.Context, args []string) error {
	_, rest, err := parseArgs("solution", args, 1, 1)
	if err != nil {
		return err
	}
	l, err := w.lesson(rest[0])
	if err != nil {
		return err
	}
	env, err := w.goEnvOf(ctx)
	if err != nil {
		return err
	}
	got, err := w.outcomes(ctx, env, []lessons.Lesson{l})
	if err != nil {
		return err
	}
	if !passes(l, got[0]) {
		return fmt.Errorf("workshop: %s does not pass yet, so its solution stays hidden: go run ./workshop check %s says what is missing", l.Dir, l.Dir)
	}
	reference, err := w.sources(l.Solution)
	if err != nil {
		return err
	}
	yours, err := w.sources(l.Files)
	if err != nil {
		return err
	}
	challenge := challengePasses(l, got[0])
	differs := false
	for _, e := range l.Exercises {
		if e.Challenge && !challenge {
			fmt.Fprintf(w.out, "%s: the challenge's reference stays hidden until the challenge passes.\n\n", e.Func)
			continue
		}
		differs = w.compareFunction(l, e, yours[e.Func], reference[e.Func]) || differs
	}
	if differs {
		fmt.Fprintln(w.out, term.Faint.Sprintf("both pass the same tests: the differences are style, or a rule the reference states in a comment. The whole reference: solutions/%s", l.Dir))
	}
	return nil
}

// source is one exported function of a file, and the file.
type source struct {
	file string
	src  []byte
	fn   function
}

// sources reads the exported functions of files, by name.
func (w *workshop) sources(files []string) (map[string]source, error) {
	byName := map[string]source{}
	for _, f := range files {
		src, err := os.ReadFile(filepath.Join(w.root, filepath.FromSlash(f)))
		if err != nil {
			return nil, fmt.Errorf("workshop: %w", err)
		}
		for _, fn := range functions(src) {
			byName[fn.name] = source{f, src, fn}
		}
	}
	return byName, nil
}

// compareFunction prints an exercise's function beside the reference's, and reports whether they differ.
func (w *workshop) compareFunction(l lessons.Lesson, e lessons.Exercise, y, ref source) bool {
	if ref.file == "" {
		fmt.Fprintf(w.out, "%s: solutions/%s has no function %s to compare with\n\n", e.Func, l.Dir, e.Func)
		return false
	}
	d := unified(y.file+" (yours)", ref.file+" (reference)", lines(y.src[y.fn.start:y.fn.end]),
		lines(ref.src[ref.fn.start:ref.fn.end]), y.fn.line, ref.fn.line)
	if d == "" {
		fmt.Fprintf(w.out, "%s: the same as the reference.\n\n", e.Func)
		return false
	}
	printDiff(w.out, d)
	fmt.Fprintln(w.out)
	return true
}

// lines splits source into lines.
func lines(src []byte) []string {
	return strings.Split(strings.TrimSuffix(string(src), "\n"), "\n")
}
