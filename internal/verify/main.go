// Command verify checks the workshop's verification contract, as README.md's "For trainers: what CI proves"
// lists it, on the checkout it runs in:
//
//	go run ./internal/verify          # everything, as .ci/run does
//	go run ./internal/verify mistakes # some steps: lint, tests, stubs, mistakes, alternatives, programs
//
// It finds the lessons, their exercises and the catalogue from the files themselves (internal/lessons), so
// a new lesson joins by adding files: NN-name/ with main.go, an exercise file (//go:build !solution) whose
// exported functions F each have a TestF (a challenge.go too, whose exercises are the challenge's), its
// hints.md (a section per exercise, and Challenge: lint checks the form), its reference in
// solutions/NN-name/, and the catalogue's entries.
// An entry holds only the declarations it changes in a reference file, which verify splices into that file
// (internal/splice) and swaps in for the exercise file with go test -overlay. A known mistake,
// solutions/testdata/mistakes/NN-name/*.go, must fail the test its header names:
//
//	// Mistake: what the learner got wrong, in a sentence or two.
//	// Replaces: NN-name/exercise.go
//	// Based on: an-alternative (optional: the alternative whose design it breaks, spliced in first)
//	// Caught by: TestF/the_subtest_that_must_fail
//	// Removes: helper, Stage.work (optional: the reference's declarations it drops; the list may wrap)
//
// A correct alternative, solutions/testdata/alternatives/NN-name/*.go, must pass the lesson's whole suite:
//
//	// Alternative: the design, in a sentence.
//	// Replaces: NN-name/exercise.go
package main

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"time"
)

// testCommand is the README's test command: CI runs exactly this.
const testCommand = "go test -race -tags solution ./..."

// staticcheck is pinned, and fetched through the module proxy by `go run`.
const staticcheck = "honnef.co/go/tools/cmd/staticcheck@v0.8.2"

type step struct {
	name string
	run  func(*checker)
}

var steps = []step{
	{"lint", lint},
	{"tests", tests},
	{"stubs", stubs},
	{"mistakes", mistakes},
	{"alternatives", alternatives},
	{"programs", programs},
}

func main() {
	want := os.Args[1:]
	c := &checker{}
	start := time.Now()
	for _, s := range steps {
		if len(want) > 0 && !slices.Contains(want, s.name) {
			continue
		}
		fmt.Printf("\n== %s\n", s.name)
		s.run(c)
	}
	fmt.Printf("\n%d checks, %d failed, in %v\n", c.checks, len(c.failures), time.Since(start).Round(time.Second))
	if len(c.failures) > 0 {
		for _, f := range c.failures {
			fmt.Println("FAILED:", f)
		}
		os.Exit(1)
	}
}

// checker counts the checks and keeps the failures.
type checker struct {
	checks   int
	failures []string
}

// check records one check: what was checked, whether it held, and the evidence to show if it did not.
func (c *checker) check(ok bool, what, evidence string) bool {
	c.checks++
	if ok {
		fmt.Println("  ok  ", what)
		return true
	}
	fmt.Println("  FAIL", what)
	if evidence = strings.TrimRight(evidence, "\n"); evidence != "" {
		fmt.Println("        " + strings.ReplaceAll(evidence, "\n", "\n        "))
	}
	c.failures = append(c.failures, what)
	return false
}
