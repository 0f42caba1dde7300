package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/go-concurrency-workshop/workshop/internal/lessons"
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
			if src, err = resetFunction(now, stub, fn); err != nil {
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

// resetFunction returns src with the function fn as it is in stub, the rest of src kept, and without the
// imports that only the learner's version of fn used (the stub's own imports stay).
func resetFunction(src, stub []byte, fn string) ([]byte, error) {
	find := func(src []byte) (function, bool) {
		for _, f := range functions(src) {
			if f.name == fn {
				return f, true
			}
		}
		return function{}, false
	}
	now, ok := find(src)
	if !ok {
		return nil, fmt.Errorf("no function %s to reset", fn)
	}
	was, ok := find(stub)
	if !ok {
		return nil, fmt.Errorf("the stub has no function %s", fn)
	}
	var out bytes.Buffer
	out.Write(src[:now.start])
	out.Write(stub[was.start:was.end])
	out.Write(src[now.end:])
	return dropUnusedImports(out.Bytes(), stub), nil
}

// majorVersion is a last import path element that is no package name: "v2" of "math/rand/v2".
var majorVersion = regexp.MustCompile(`^v[0-9]+$`)

// dropUnusedImports removes the import lines of src that nothing in it uses any more, except those stub
// imports too, and formats the result. It guesses an import's name from its path, as goimports does when
// it cannot look: when unsure, it keeps the import.
func dropUnusedImports(src, stub []byte) []byte {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", src, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		return src
	}
	keep := map[string]bool{}
	if s, err := parser.ParseFile(token.NewFileSet(), "", stub, parser.ImportsOnly); err == nil {
		for _, imp := range s.Imports {
			keep[imp.Path.Value] = true
		}
	}
	used := map[string]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok {
			if id, ok := sel.X.(*ast.Ident); ok {
				used[id.Name] = true
			}
		}
		return true
	})
	lines := strings.SplitAfter(string(src), "\n")
	drop := map[int]bool{}
	for _, imp := range f.Imports {
		p, err := strconv.Unquote(imp.Path.Value)
		if err != nil || keep[imp.Path.Value] {
			continue
		}
		name := path.Base(p)
		if majorVersion.MatchString(name) {
			name = path.Base(path.Dir(p))
		}
		if imp.Name != nil {
			name = imp.Name.Name
		}
		if name == "_" || name == "." || strings.ContainsAny(name, "-.") || used[name] {
			continue
		}
		if start, end := fset.Position(imp.Pos()).Line, fset.Position(imp.End()).Line; start == end {
			drop[start-1] = true
		}
	}
	var out strings.Builder
	for i, line := range lines {
		if !drop[i] {
			out.WriteString(line)
		}
	}
	formatted, err := format.Source([]byte(out.String()))
	if err != nil {
		return []byte(out.String())
	}
	return formatted
}
