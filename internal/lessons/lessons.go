// Package lessons finds the workshop's lessons, their exercises, tests, hints, reference solutions and
// catalogue entries from the files alone, so that a new lesson joins by adding files, not by changing code.
//
// The conventions it reads:
//   - a lesson is a top-level folder named NN-name (two digits, a dash, a name) that holds a main.go;
//   - its exercise files are its .go files whose build line is //go:build !solution;
//   - each exported function F of an exercise file is an exercise, checked by the test named "Test" + F,
//     and so is each exported method M of an exported type T, named "T.M" and checked by "Test" + T + M;
//   - its hints are the README's <details><summary>Hint N: title</summary> … </details> blocks;
//   - its reference solution is the package in solutions/NN-name;
//   - its catalogue is solutions/testdata/mistakes/NN-name (known mistakes, each caught by a named test) and
//     solutions/testdata/alternatives/NN-name (correct designs that differ from the reference), each entry
//     holding only the declarations it changes in a reference file (see Entry).
package lessons

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/go-concurrency-workshop/workshop/internal/splice"
)

// Lesson is one lesson folder, as found on disk. Paths are relative to the workshop's root and use
// forward slashes, so that they read the same on every system.
type Lesson struct {
	Dir       string     // "01-sequential"
	Number    int        // 1
	Name      string     // "sequential"
	Files     []string   // the exercise files: "01-sequential/sequential.go"
	Exercises []Exercise // the exported functions of the exercise files, file by file, in declaration order
	Tests     []string   // the top-level tests of the lesson's _test.go files (TestMain aside), in file order
	Hints     []Hint     // the README's hints, in the order they appear
	Solution  []string   // the reference solution's files: "solutions/01-sequential/sequential.go"
}

// Exercise is one function the learner writes.
type Exercise struct {
	Func string // "Sequential", or "Stage.Run" for a method
	File string // "01-sequential/sequential.go"
	Test string // "TestSequential", "TestStageRun": the test that checks it
}

// Hint is one of a lesson's hints, as its README reveals it.
type Hint struct {
	Number int    // the N of "Hint N: title"
	Title  string // "the shape"
	Body   string // the Markdown between </summary> and </details>, trimmed
}

// lessonDir matches a lesson folder's name: "01-sequential".
var lessonDir = regexp.MustCompile(`^([0-9]{2})-(.+)$`)

// Find returns the lessons under root, in folder order. A lesson whose exercise file does not parse (a
// learner's work in progress) still lists the functions declared before the error. A lesson folder without
// an exercise file is returned with no exercises: whether that is an error is the caller's call.
func Find(root string) ([]Lesson, error) {
	entries, err := os.ReadDir(root)
	if err != nil {
		return nil, fmt.Errorf("lessons: %w", err)
	}
	var found []Lesson
	for _, e := range entries { // os.ReadDir sorts by name, and so by lesson number
		m := lessonDir.FindStringSubmatch(e.Name())
		if !e.IsDir() || m == nil {
			continue
		}
		if _, err := os.Stat(filepath.Join(root, e.Name(), "main.go")); err != nil {
			continue
		}
		n, _ := strconv.Atoi(m[1])
		l, err := read(root, Lesson{Dir: e.Name(), Number: n, Name: m[2]})
		if err != nil {
			return nil, err
		}
		found = append(found, l)
	}
	return found, nil
}

// Dirs lists the lessons' folders, in order: "01-sequential", "02-waitgroups", ...
func Dirs(ls []Lesson) []string {
	dirs := make([]string, len(ls))
	for i, l := range ls {
		dirs[i] = l.Dir
	}
	return dirs
}

// read fills in a lesson's exercises, tests, hints and solution files.
func read(root string, l Lesson) (Lesson, error) {
	paths, err := filepath.Glob(filepath.Join(root, l.Dir, "*.go"))
	if err != nil {
		return l, fmt.Errorf("lessons: %w", err)
	}
	for _, path := range paths {
		rel := l.Dir + "/" + filepath.Base(path)
		src, err := os.ReadFile(path)
		if err != nil {
			return l, fmt.Errorf("lessons: %w", err)
		}
		switch {
		case strings.HasSuffix(path, "_test.go"):
			l.Tests = append(l.Tests, Funcs(src, func(name string) bool {
				return strings.HasPrefix(name, "Test") && name != "TestMain"
			})...)
		case HasBuildLine(src, "//go:build !solution"):
			l.Files = append(l.Files, rel)
			for _, f := range exported(src) {
				l.Exercises = append(l.Exercises, Exercise{Func: f, File: rel, Test: "Test" + strings.ReplaceAll(f, ".", "")})
			}
		}
	}
	readme, err := os.ReadFile(filepath.Join(root, l.Dir, "README.md"))
	switch {
	case err == nil:
		l.Hints = ParseHints(readme)
	case !errors.Is(err, os.ErrNotExist):
		return l, fmt.Errorf("lessons: %w", err)
	}
	sols, err := filepath.Glob(filepath.Join(root, "solutions", l.Dir, "*.go"))
	if err != nil {
		return l, fmt.Errorf("lessons: %w", err)
	}
	for _, s := range sols {
		if !strings.HasSuffix(s, "_test.go") {
			l.Solution = append(l.Solution, "solutions/"+l.Dir+"/"+filepath.Base(s))
		}
	}
	return l, nil
}

// Funcs returns the names of the functions (not methods) declared in the Go source src that keep accepts,
// in declaration order. Source that does not parse yields the functions declared before the error.
func Funcs(src []byte, keep func(name string) bool) []string {
	f, _ := parser.ParseFile(token.NewFileSet(), "", src, parser.SkipObjectResolution)
	if f == nil {
		return nil
	}
	var names []string
	for _, d := range f.Decls {
		if fn, ok := d.(*ast.FuncDecl); ok && fn.Recv == nil && keep(fn.Name.Name) {
			names = append(names, fn.Name.Name)
		}
	}
	return names
}

// exported returns the exercises a Go file declares: its exported functions, and the exported methods of
// its exported types as "T.M", in declaration order.
func exported(src []byte) []string {
	f, _ := parser.ParseFile(token.NewFileSet(), "", src, parser.SkipObjectResolution)
	if f == nil {
		return nil
	}
	var names []string
	for _, d := range f.Decls {
		if fn, ok := d.(*ast.FuncDecl); ok {
			if name := splice.FuncName(fn); fn.Name.IsExported() && ast.IsExported(strings.SplitN(name, ".", 2)[0]) {
				names = append(names, name)
			}
		}
	}
	return names
}

// HasBuildLine reports whether the Go source src has the line want (such as "//go:build !solution")
// before its package clause.
func HasBuildLine(src []byte, want string) bool {
	lines := bufio.NewScanner(bytes.NewReader(src))
	for lines.Scan() {
		line := strings.TrimSpace(lines.Text())
		if line == want {
			return true
		}
		if strings.HasPrefix(line, "package ") {
			return false
		}
	}
	return false
}

// hintBlock matches one hint: <details><summary>Hint N: title</summary> body </details>.
var hintBlock = regexp.MustCompile(`(?s)<details>\s*<summary>\s*Hint\s+([0-9]+)\s*:\s*(.*?)\s*</summary>(.*?)</details>`)

// ParseHints returns the hints of a lesson's README, in the order they appear.
func ParseHints(readme []byte) []Hint {
	var hints []Hint
	for _, m := range hintBlock.FindAllSubmatch(readme, -1) {
		n, _ := strconv.Atoi(string(m[1]))
		hints = append(hints, Hint{Number: n, Title: string(m[2]), Body: strings.TrimSpace(string(m[3]))})
	}
	return hints
}

// Hint returns the lesson's hint numbered n.
func (l Lesson) Hint(n int) (Hint, bool) {
	i := slices.IndexFunc(l.Hints, func(h Hint) bool { return h.Number == n })
	if i < 0 {
		return Hint{}, false
	}
	return l.Hints[i], true
}

// ExerciseOf returns the exercise a top-level test checks: the one whose test name the test's name begins
// with, the longest such (TestAllAtOnceMutex checks AllAtOnceMutex, not AllAtOnce;
// TestSequentialAgainstTheRealServer checks Sequential). A test of no exercise returns false.
func (l Lesson) ExerciseOf(test string) (Exercise, bool) {
	var best Exercise
	for _, e := range l.Exercises {
		if strings.HasPrefix(test, e.Test) && len(e.Test) > len(best.Test) {
			best = e
		}
	}
	return best, best.Test != ""
}

// Select returns the lesson a learner names: by its folder ("01-sequential", also "./01-sequential/"), its
// number ("01" or "1") or its name ("sequential"). The error is one line, fit to show as it is.
func Select(all []Lesson, name string) (Lesson, error) {
	key := strings.TrimSuffix(strings.TrimPrefix(name, "./"), "/")
	for _, l := range all {
		if strings.EqualFold(key, l.Dir) || strings.EqualFold(key, l.Name) {
			return l, nil
		}
		if n, err := strconv.Atoi(key); err == nil && n == l.Number {
			return l, nil
		}
	}
	dirs := make([]string, len(all))
	for i, l := range all {
		dirs[i] = l.Dir
	}
	return Lesson{}, fmt.Errorf("lessons: no lesson %q: the lessons are %s", name, strings.Join(dirs, ", "))
}
