package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/go-concurrency-workshop/workshop/internal/lessons"
)

// reset puts the stub back in a lesson's exercise files (all of them, or the one named by file or by
// function), after asking. Without a terminal to ask on, it refuses unless -y says yes. The stub is the
// one stubOf finds in git's history.
func (w *workshop) reset(ctx context.Context, args []string) error {
	flags, rest, err := parseArgs("reset", args, 1, 2, "y", "yes")
	if err != nil {
		return err
	}
	l, err := w.lesson(rest[0])
	if err != nil {
		return err
	}
	files := l.Files
	if len(rest) == 2 {
		file, err := exerciseFile(l, rest[1])
		if err != nil {
			return err
		}
		files = []string{file}
	}

	type change struct {
		file, commit string
		stub         []byte
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
		if !bytes.Equal(now, stub) {
			changes = append(changes, change{f, commit, stub})
		}
	}
	if len(changes) == 0 {
		fmt.Fprintf(w.out, "nothing to reset: %s already holds its stub\n", strings.Join(files, " and "))
		return nil
	}

	names := make([]string, len(changes))
	for i, c := range changes {
		names[i] = c.file
	}
	if !flags["y"] && !flags["yes"] {
		if !w.interactive {
			return usagef("reset asks before it overwrites your code, and there is no terminal to ask on: add -y to answer yes")
		}
		fmt.Fprintf(w.out, "Put the stub back in %s? Your code there will be lost. [y/N] ", strings.Join(names, " and "))
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
		if err := os.WriteFile(full, c.stub, mode); err != nil {
			return fmt.Errorf("workshop: %w", err)
		}
		fmt.Fprintf(w.out, "%s: the stub is back (as in commit %.10s)\n", c.file, c.commit)
	}
	return nil
}

// exerciseFile returns the exercise file a learner names: by its path, its file name with or without .go,
// or one of its functions. The lessons keep one exercise function per file, so resetting a function is
// resetting its file.
func exerciseFile(l lessons.Lesson, name string) (string, error) {
	for _, f := range l.Files {
		base := path.Base(f)
		if strings.EqualFold(name, f) || strings.EqualFold(name, base) || strings.EqualFold(name, strings.TrimSuffix(base, ".go")) {
			return f, nil
		}
	}
	var all []string
	for _, e := range l.Exercises {
		if strings.EqualFold(name, e.Func) {
			return e.File, nil
		}
		all = append(all, e.Func+" ("+path.Base(e.File)+")")
	}
	return "", usagef("%s has no exercise %q: its exercises are %s", l.Dir, name, strings.Join(all, ", "))
}
