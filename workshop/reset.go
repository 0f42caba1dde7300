package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/go-concurrency-workshop/workshop/internal/lessons"
	"github.com/go-concurrency-workshop/workshop/internal/splice"
)

// reset puts the stub back, after asking: in every exercise file of a lesson, in the one file named, or in
// the one exercise function named (the rest of its file stays as it is). Without a terminal to ask on, it
// refuses unless -y says yes. The stub is the one stubOf finds in git's history.
func (w *workshop) reset(ctx context.Context, args []string) error {
	flags, rest, err := parseArgs("reset", args, 1, 2, "y", "yes")
	if err != nil {
		return err
	}
	l, err := w.lesson(rest[0])
	if err != nil {
		return err
	}
	files, fn := l.Files, ""
	if len(rest) == 2 {
		file, name, err := target(l, rest[1])
		if err != nil {
			return err
		}
		files, fn = []string{file}, name
	}

	type change struct {
		file, what, commit string
		src                []byte
	}
	var changes []change
	for _, f := range files {
		stub, commit, err := stubOf(ctx, w.root, f)
		if err != nil {
			return err
		}
		now, err := os.ReadFile(filepath.Join(w.root, filepath.FromSlash(f)))
		if err != nil {
			return fmt.Errorf("workshop: %w", err)
		}
		src, what := stub, f
		if fn != "" {
			src, err = resetFunction(now, stub, fn)
			if perr := (*splice.ParseError)(nil); errors.As(err, &perr) && !perr.Patch {
				return fmt.Errorf("workshop: %s does not parse (line %d): reset the whole file, or fix it first", f, perr.Line)
			}
			if err != nil {
				return fmt.Errorf("workshop: %s: %w", f, err)
			}
			what = fn + " in " + f
		}
		if !bytes.Equal(now, src) {
			changes = append(changes, change{f, what, commit, src})
		}
	}
	if len(changes) == 0 {
		fmt.Fprintln(w.out, "nothing to reset: it is the stub already")
		return nil
	}

	whats := make([]string, len(changes))
	for i, c := range changes {
		whats[i] = c.what
	}
	if !flags["y"] && !flags["yes"] {
		if !w.interactive {
			return usagef("reset asks before it overwrites your code, and there is no terminal to ask on: add -y to answer yes")
		}
		fmt.Fprintf(w.out, "Put the stub back: %s? Your code there will be lost. [y/N] ", strings.Join(whats, ", "))
		answer, _ := bufio.NewReader(w.in).ReadString('\n')
		if a := strings.ToLower(strings.TrimSpace(answer)); a != "y" && a != "yes" {
			fmt.Fprintln(w.out, "nothing reset.")
			return nil
		}
	}
	for _, c := range changes {
		full := filepath.Join(w.root, filepath.FromSlash(c.file))
		mode := os.FileMode(0o644)
		if fi, err := os.Stat(full); err == nil {
			mode = fi.Mode().Perm()
		}
		if err := os.WriteFile(full, c.src, mode); err != nil {
			return fmt.Errorf("workshop: %w", err)
		}
		fmt.Fprintf(w.out, "%s: the stub is back (as in commit %.10s)\n", c.what, c.commit)
	}
	return nil
}

// target returns what a learner names in a lesson: an exercise (by its name, "Stage.Run" also as
// "StageRun"), with its file; or else an exercise file (by its path, or its file name with or without
// .go). An exercise's name comes first: "half" is the function Half before it is the file half.go.
func target(l lessons.Lesson, name string) (file, fn string, err error) {
	var all []string
	for _, e := range l.Exercises {
		if strings.EqualFold(name, e.Func) || strings.EqualFold(name, strings.ReplaceAll(e.Func, ".", "")) {
			return e.File, e.Func, nil
		}
		all = append(all, e.Func+" ("+path.Base(e.File)+")")
	}
	for _, f := range l.Files {
		base := path.Base(f)
		if strings.EqualFold(name, f) || strings.EqualFold(name, base) || strings.EqualFold(name, strings.TrimSuffix(base, ".go")) {
			return f, "", nil
		}
	}
	return "", "", usagef("%s has no exercise %q: its exercises are %s", l.Dir, name, strings.Join(all, ", "))
}

// resetFunction returns src with the function fn as it is in stub, the rest of src kept (fn's doc comment
// too), and without the imports that only the learner's version of fn used. A fn that src lacks is added.
// The error is a *splice.ParseError when src or stub does not parse.
func resetFunction(src, stub []byte, fn string) ([]byte, error) {
	patch, err := splice.Only(stub, fn)
	if err != nil {
		return nil, err
	}
	return splice.Apply(src, patch, nil)
}
