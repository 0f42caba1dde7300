package main

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/go-concurrency-workshop/workshop/internal/lessons"
)

// findLessons returns the lessons, found from the files alone (see internal/lessons): each must have an
// exercise file.
func findLessons() ([]lessons.Lesson, error) {
	found, err := lessons.Find(".")
	if err != nil {
		return nil, err
	}
	for _, l := range found {
		if len(l.Files) == 0 {
			return nil, fmt.Errorf("%s has no exercise file (a .go file starting //go:build !solution)", l.Dir)
		}
	}
	return found, nil
}

// mistake is one entry of the mistakes catalogue.
type mistake struct {
	path     string // solutions/testdata/mistakes/NN-name/x.go
	what     string // the Mistake: line
	replaces string // the exercise file it stands in for
	caughtBy string // the test that must fail
}

// findMistakes reads the catalogue's entries for a lesson.
func findMistakes(lesson lessons.Lesson) ([]mistake, error) {
	paths, err := filepath.Glob(filepath.Join("solutions", "testdata", "mistakes", lesson.Dir, "*.go"))
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
		if m.what == "" || m.caughtBy == "" || !slices.Contains(lesson.Files, m.replaces) {
			return nil, fmt.Errorf("%s: its header needs \"// Mistake: \", \"// Replaces: \" naming one of %v, and \"// Caught by: \"",
				path, lesson.Files)
		}
		ms = append(ms, m)
	}
	return ms, nil
}
