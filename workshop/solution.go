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
// function of the same name, as a unified diff. Before the lesson passes it refuses, in one line: the
// reference is for comparing, not for copying.
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
	if !got[0].passed() {
		return fmt.Errorf("workshop: %s does not pass yet, so its solution stays hidden: go run ./workshop check %s says what is missing", l.Dir, l.Dir)
	}

	type source struct {
		file string
		src  []byte
		fn   function
	}
	reference := map[string]source{}
	for _, f := range l.Solution {
		src, err := os.ReadFile(filepath.Join(w.root, filepath.FromSlash(f)))
		if err != nil {
			return fmt.Errorf("workshop: %w", err)
		}
		for _, fn := range functions(src) {
			reference[fn.name] = source{f, src, fn}
		}
	}
	yours := map[string]source{}
	for _, f := range l.Files {
		src, err := os.ReadFile(filepath.Join(w.root, filepath.FromSlash(f)))
		if err != nil {
			return fmt.Errorf("workshop: %w", err)
		}
		for _, fn := range functions(src) {
			yours[fn.name] = source{f, src, fn}
		}
	}

	differs := false
	for _, e := range l.Exercises {
		y, ref := yours[e.Func], reference[e.Func]
		if ref.file == "" {
			fmt.Fprintf(w.out, "%s: solutions/%s has no function %s to compare with\n\n", e.Func, l.Dir, e.Func)
			continue
		}
		d := unified(y.file+" (yours)", ref.file+" (reference)", lines(y.src[y.fn.start:y.fn.end]),
			lines(ref.src[ref.fn.start:ref.fn.end]), y.fn.line, ref.fn.line)
		if d == "" {
			fmt.Fprintf(w.out, "%s: the same as the reference.\n\n", e.Func)
			continue
		}
		differs = true
		printDiff(w.out, d)
		fmt.Fprintln(w.out)
	}
	if differs {
		fmt.Fprintln(w.out, term.Faint.Sprintf("both pass the same tests: the differences are style, or a rule the reference states in a comment. The whole reference: solutions/%s", l.Dir))
	}
	return nil
}

// lines splits source into lines.
func lines(src []byte) []string {
	return strings.Split(strings.TrimSuffix(string(src), "\n"), "\n")
}
