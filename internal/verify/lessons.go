package main

import (
	"bufio"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// lessonDir is a lesson folder, as found on disk.
type lessonDir struct {
	dir       string   // "01-sequential"
	exercises []string // the exercise files (//go:build !solution), such as "01-sequential/sequential.go"
	funcs     []string // the exported functions they declare: each needs a test named "Test" + it
	tests     []string // the top-level tests of the lesson's _test.go files
}

// findLessons returns the lesson folders: NN-name folders with a main.go.
func findLessons() ([]lessonDir, error) {
	dirs, err := filepath.Glob("[0-9][0-9]-*")
	if err != nil {
		return nil, err
	}
	var lessons []lessonDir
	for _, dir := range dirs {
		if _, err := os.Stat(filepath.Join(dir, "main.go")); err != nil {
			continue
		}
		l := lessonDir{dir: dir}
		files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
		for _, path := range files {
			f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ParseComments)
			if err != nil {
				return nil, err
			}
			switch {
			case strings.HasSuffix(path, "_test.go"):
				l.tests = append(l.tests, declared(f, func(name string) bool {
					return strings.HasPrefix(name, "Test") && name != "TestMain"
				})...)
			case hasBuildLine(path, "//go:build !solution"):
				l.exercises = append(l.exercises, filepath.ToSlash(path))
				l.funcs = append(l.funcs, declared(f, ast.IsExported)...)
			}
		}
		if len(l.exercises) == 0 {
			return nil, fmt.Errorf("%s has no exercise file (a .go file starting //go:build !solution)", dir)
		}
		lessons = append(lessons, l)
	}
	return lessons, nil
}

// declared lists the names of the functions (not methods) in f that keep says to keep.
func declared(f *ast.File, keep func(string) bool) []string {
	var names []string
	for _, d := range f.Decls {
		if fn, ok := d.(*ast.FuncDecl); ok && fn.Recv == nil && keep(fn.Name.Name) {
			names = append(names, fn.Name.Name)
		}
	}
	return names
}

// hasBuildLine reports whether the file has the line want before its package clause.
func hasBuildLine(path, want string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	lines := bufio.NewScanner(f)
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

// mistake is one entry of the mistakes catalogue.
type mistake struct {
	path     string // solutions/testdata/mistakes/NN-name/x.go
	what     string // the Mistake: line
	replaces string // the exercise file it stands in for
	caughtBy string // the test that must fail
}

// findMistakes reads the catalogue's entries for a lesson.
func findMistakes(lesson lessonDir) ([]mistake, error) {
	paths, err := filepath.Glob(filepath.Join("solutions", "testdata", "mistakes", lesson.dir, "*.go"))
	if err != nil {
		return nil, err
	}
	var ms []mistake
	for _, path := range paths {
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		m := mistake{path: filepath.ToSlash(path)}
		for _, line := range strings.Split(string(data), "\n") {
			if v, ok := strings.CutPrefix(line, "// Mistake: "); ok {
				m.what = v
			}
			if v, ok := strings.CutPrefix(line, "// Replaces: "); ok {
				m.replaces = strings.TrimSpace(v)
			}
			if v, ok := strings.CutPrefix(line, "// Caught by: "); ok {
				m.caughtBy = strings.TrimSpace(v)
			}
		}
		if m.what == "" || m.caughtBy == "" || !slices.Contains(lesson.exercises, m.replaces) {
			return nil, fmt.Errorf("%s: its header needs \"// Mistake: \", \"// Replaces: \" naming one of %v, and \"// Caught by: \"",
				path, lesson.exercises)
		}
		ms = append(ms, m)
	}
	return ms, nil
}
