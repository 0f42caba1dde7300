package lessons

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/go-concurrency-workshop/workshop/internal/splice"
)

// The two parts of the catalogue in solutions/testdata: known mistakes, each caught by a named test, and
// correct alternatives to the reference, which pass every test.
const (
	Mistakes     = "mistakes"
	Alternatives = "alternatives"
)

// Entry is one file of the catalogue, solutions/testdata/<part>/NN-name/<name>.go. It holds only the
// declarations that differ from a reference solution's file, under a header:
//
//	// Mistake: what is wrong, in a sentence or two (an alternative: "// Alternative: the design")
//	// Replaces: NN-name/exercise.go
//	// Based on: an-alternative (optional, a mistake only: the alternative whose design it breaks)
//	// Caught by: TestF/the_subtest_that_must_fail (a mistake only)
//	// Removes: helper, Stage.work (optional: the reference's declarations it drops; the list may wrap)
//
// Spliced into the reference (see Splice), it makes a file that stands in for the exercise file. A mistake
// based on an alternative is spliced into the reference with that alternative spliced in first, so that it
// holds only what differs from the alternative's design.
type Entry struct {
	Part     string   // Mistakes or Alternatives
	Name     string   // "every-worker-closes-results"
	Path     string   // "solutions/testdata/mistakes/03-fanoutin/every-worker-closes-results.go"
	What     string   // the Mistake: or Alternative: text, its lines joined by spaces
	Replaces string   // the exercise file it stands in for: "03-fanoutin/fanoutin.go"
	BasedOn  string   // the alternative it is spliced over, for a mistake based on one: "mutex-backpressure"
	CaughtBy string   // the test that must fail, for a mistake: "TestFanOutIn/returns_one_result_per_request"
	Removes  []string // the reference's declarations it drops
}

// Catalogue returns the lesson's entries in one part of the catalogue (Mistakes or Alternatives), by name;
// none when the lesson has no folder there. The error is one line, and names the entry whose header is
// wrong and how.
func Catalogue(root string, l Lesson, part string) ([]Entry, error) {
	paths, err := filepath.Glob(filepath.Join(root, "solutions", "testdata", part, l.Dir, "*.go"))
	if err != nil {
		return nil, fmt.Errorf("lessons: %w", err)
	}
	var entries []Entry
	for _, p := range paths {
		src, err := os.ReadFile(p)
		if err != nil {
			return nil, fmt.Errorf("lessons: %w", err)
		}
		rel := path.Join("solutions", "testdata", part, l.Dir, filepath.Base(p))
		e, err := readHeader(src, part)
		if err == nil {
			err = e.check(l)
		}
		if err != nil {
			return nil, fmt.Errorf("lessons: %s: %w", rel, err)
		}
		e.Part, e.Path, e.Name = part, rel, strings.TrimSuffix(filepath.Base(p), ".go")
		entries = append(entries, e)
	}
	return entries, nil
}

// headerForm is how an entry's header must look, said in a line.
func headerForm(part string) string {
	if part == Alternatives {
		return "// Alternative: (one or more lines), // Replaces: NN-name/file.go, and optionally // Removes: a, b (on as many lines as it takes)"
	}
	return "// Mistake: (one or more lines), // Replaces: NN-name/file.go, optionally // Based on: an-alternative, // Caught by: TestName/subtest, and optionally // Removes: a, b (on as many lines as it takes)"
}

// readHeader reads an entry's header: its leading comment lines, in the order headerForm gives.
func readHeader(src []byte, part string) (Entry, error) {
	first := "Mistake"
	fields := []string{first, "Replaces", "Based on", "Caught by", "Removes"}
	if part == Alternatives {
		first = "Alternative"
		fields = []string{first, "Replaces", "Removes"}
	}
	var e Entry
	at := -1 // the field read last, as an index of fields
	for i, line := range strings.Split(string(src), "\n") {
		text, ok := strings.CutPrefix(line, "//")
		if !ok || strings.HasPrefix(text, "go:build") {
			break
		}
		text = strings.TrimSpace(text)
		name, value, _ := strings.Cut(text, ": ")
		next := slices.Index(fields, name)
		switch {
		case next < 0 && at == 0: // the first field goes on
			e.What += " " + text
			continue
		case next < 0 && at >= 0 && fields[at] == "Removes": // so does the list of what it drops
			e.Removes = append(e.Removes, names(text)...)
			continue
		case next < 0 || next <= at || next == 0 && i > 0:
			return e, fmt.Errorf("line %d of the header is not what it should be: the header is %s", i+1, headerForm(part))
		}
		at = next
		value = strings.TrimSpace(value)
		switch name {
		case first:
			e.What = value
		case "Replaces":
			e.Replaces = value
		case "Based on":
			e.BasedOn = value
		case "Caught by":
			e.CaughtBy = value
		case "Removes":
			e.Removes = append(e.Removes, names(value)...)
		}
	}
	if e.What == "" || e.Replaces == "" || part == Mistakes && e.CaughtBy == "" {
		return e, fmt.Errorf("its header lacks a field: the header is %s", headerForm(part))
	}
	return e, nil
}

// names reads a list of declarations, "a, b, T.m," (a list that goes on, on the next line, ends in a comma
// or not).
func names(list string) []string {
	var ns []string
	for _, n := range strings.Split(list, ",") {
		if n = strings.TrimSpace(n); n != "" {
			ns = append(ns, n)
		}
	}
	return ns
}

// check makes sure an entry names what the lesson has: one of its exercise files, and one of its tests.
func (e Entry) check(l Lesson) error {
	if !slices.Contains(l.Files, e.Replaces) {
		return fmt.Errorf("its Replaces: line names %s, which is not an exercise file of %s (%s)", e.Replaces, l.Dir, strings.Join(l.Files, ", "))
	}
	if top, _, _ := strings.Cut(e.CaughtBy, "/"); e.CaughtBy != "" && !slices.Contains(l.Tests, top) {
		return fmt.Errorf("its Caught by: line names %s, a test that %s does not have", top, l.Dir)
	}
	return nil
}

// Reference is the reference solution's file the entry is spliced into: "solutions/03-fanoutin/fanoutin.go".
func (e Entry) Reference() string { return "solutions/" + e.Replaces }

// Base says what the entry is spliced into: the reference's file, or that file with the alternative the
// entry is based on.
func (e Entry) Base() string {
	if e.BasedOn == "" {
		return e.Reference() + " (the reference)"
	}
	return e.Reference() + " with the alternative " + e.BasedOn
}

// Splice returns the file the entry is spliced into (the reference's, or the alternative's it is based on,
// spliced into the reference), and the same with the entry's declarations spliced in (splice.Apply): what a
// diff of the two shows is the entry.
func (e Entry) Splice(root string) (reference, spliced []byte, err error) {
	reference, err = e.base(root)
	if err != nil {
		return nil, nil, err
	}
	patch, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(e.Path)))
	if err != nil {
		return nil, nil, fmt.Errorf("lessons: %w", err)
	}
	spliced, err = splice.Apply(reference, patch, e.Removes)
	var perr *splice.ParseError
	switch {
	case errors.As(err, &perr) && perr.Patch:
		return nil, nil, fmt.Errorf("lessons: %s does not parse (line %d): %v", e.Path, perr.Line, perr.Err)
	case err != nil:
		return nil, nil, fmt.Errorf("lessons: %s into %s: %w", e.Path, e.Reference(), err)
	}
	return reference, spliced, nil
}

// base returns the file the entry is spliced into: the reference's, or, for a mistake based on an
// alternative, the alternative spliced into the reference.
func (e Entry) base(root string) ([]byte, error) {
	if e.BasedOn == "" {
		src, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(e.Reference())))
		if err != nil {
			return nil, fmt.Errorf("lessons: %s: %w", e.Path, err)
		}
		return src, nil
	}
	rel := path.Join("solutions", "testdata", Alternatives, path.Dir(e.Replaces), e.BasedOn+".go")
	src, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(rel)))
	if err != nil {
		return nil, fmt.Errorf("lessons: %s is based on %s: %w", e.Path, e.BasedOn, err)
	}
	alt, err := readHeader(src, Alternatives)
	if err == nil && alt.Replaces != e.Replaces {
		err = fmt.Errorf("it replaces %s, not %s", alt.Replaces, e.Replaces)
	}
	if err != nil {
		return nil, fmt.Errorf("lessons: %s is based on %s: %w", e.Path, rel, err)
	}
	alt.Part, alt.Path, alt.Name = Alternatives, rel, e.BasedOn
	_, spliced, err := alt.Splice(root)
	return spliced, err
}

// ExerciseFile returns the file that stands in for the exercise file: the spliced reference, with the
// exercise file's build line (//go:build !solution) and package (main).
func (e Entry) ExerciseFile(root string) ([]byte, error) {
	_, spliced, err := e.Splice(root)
	if err != nil {
		return nil, err
	}
	return asExercise(spliced, e.Path)
}

// asExercise gives a reference solution's file the build line and package of an exercise file.
func asExercise(src []byte, name string) ([]byte, error) {
	out, err := splice.Package(src, "!solution", "main")
	if err != nil {
		return nil, fmt.Errorf("lessons: %s: %w", name, err)
	}
	return out, nil
}

// Overlay writes, in dir, the files that `go build -overlay` swaps in for the lesson's exercise files (the
// entry's exercise file for the one it replaces, the reference for each other one, so that only the
// entry differs from the reference), and the overlay file that says so; it returns that file's path.
func (e Entry) Overlay(root, dir string, l Lesson) (string, error) {
	name := filepath.Join(dir, e.Part+"-"+l.Dir+"-"+e.Name)
	replace := map[string]string{}
	for i, f := range l.Files {
		src, err := e.fileFor(root, f)
		if err != nil {
			return "", err
		}
		from, err := filepath.Abs(filepath.Join(root, filepath.FromSlash(f)))
		if err != nil {
			return "", fmt.Errorf("lessons: %w", err)
		}
		to, err := filepath.Abs(fmt.Sprintf("%s-%d.go", name, i))
		if err == nil {
			err = os.WriteFile(to, src, 0o644)
		}
		if err != nil {
			return "", fmt.Errorf("lessons: %w", err)
		}
		replace[from] = to
	}
	overlay, err := json.Marshal(map[string]map[string]string{"Replace": replace})
	path := name + ".json"
	if err == nil {
		err = os.WriteFile(path, overlay, 0o644)
	}
	if err != nil {
		return "", fmt.Errorf("lessons: %w", err)
	}
	return path, nil
}

// fileFor returns what stands in for the exercise file f: the entry's, or else the reference.
func (e Entry) fileFor(root, f string) ([]byte, error) {
	if f == e.Replaces {
		return e.ExerciseFile(root)
	}
	src, err := os.ReadFile(filepath.Join(root, "solutions", filepath.FromSlash(f)))
	if err != nil {
		return nil, fmt.Errorf("lessons: %s: %w", e.Path, err)
	}
	return asExercise(src, "solutions/"+f)
}
