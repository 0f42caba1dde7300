package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/go-concurrency-workshop/workshop/internal/lessons"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func write(t *testing.T, path, text string) {
	t.Helper()
	require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
	require.NoError(t, os.WriteFile(path, []byte(text), 0o644))
}

func TestFindsLessonsFromTheFiles(t *testing.T) {
	t.Chdir(t.TempDir())
	write(t, "07-example/main.go", "package main\n\nfunc main() {}\n")
	write(t, "07-example/example.go", "//go:build !solution\n\npackage main\n\nfunc Example() {}\n\nfunc helper() {}\n\n"+
		"type Stage struct{}\n\nfunc (s Stage) Run() {}\n")
	write(t, "07-example/solution.go", "//go:build solution\n\npackage main\n\nvar Other = 1\n")
	write(t, "07-example/example_test.go", "package main\n\nimport \"testing\"\n\nfunc TestMain(m *testing.M) {}\n\nfunc TestExample(t *testing.T) {}\n")
	write(t, "notes/main.go", "package main\n") // not NN-name: not a lesson

	found, err := findLessons()
	require.NoError(t, err)
	require.Len(t, found, 1)
	l := found[0]
	assert.Equal(t, "07-example", l.Dir)
	assert.Equal(t, []string{"07-example/example.go"}, l.Files)
	assert.Equal(t, []lessons.Exercise{
		{Func: "Example", File: "07-example/example.go", Test: "TestExample"},
		{Func: "Stage.Run", File: "07-example/example.go", Test: "TestStageRun"},
	}, l.Exercises, "the exported functions and methods of the exercise file, each checked by its test")
	assert.Equal(t, []string{"TestExample"}, l.Tests)
}

// TestCatalogueSteps runs the mistakes and alternatives steps, with the real go test, on a workshop of one
// lesson: a mistake its test catches, one it does not, an alternative that passes and one that fails.
func TestCatalogueSteps(t *testing.T) {
	t.Chdir(t.TempDir())
	write(t, "go.mod", "module example.com/fake\n\ngo 1.25.0\n")
	write(t, "07-half/main.go", "package main\n\nfunc main() {}\n")
	write(t, "07-half/half.go", "//go:build !solution\n\npackage main\n\n// Half halves n.\nfunc Half(n int) int {\n\t// TODO: write Half.\n\treturn 0\n}\n")
	write(t, "07-half/half_test.go", "package main\n\nimport \"testing\"\n\nfunc TestHalf(t *testing.T) {\n"+
		"\tt.Run(\"halves 4\", func(t *testing.T) {\n\t\tif Half(4) != 2 {\n\t\t\tt.Error(\"Half(4) != 2\")\n\t\t}\n\t})\n}\n")
	write(t, "solutions/07-half/half.go", "// Package half is the reference.\npackage half\n\n// Half halves n.\nfunc Half(n int) int {\n\treturn n / 2\n}\n")
	mistake := func(name, body string) {
		write(t, "solutions/testdata/mistakes/07-half/"+name+".go", "// Mistake: "+name+".\n// Replaces: 07-half/half.go\n"+
			"// Caught by: TestHalf/halves_4\n\npackage main\n\n"+body)
	}
	mistake("doubles", "func Half(n int) int {\n\treturn n * 2 // doubles\n}\n")
	mistake("shifts", "func Half(n int) int {\n\treturn n >> 1 // the same, so not caught\n}\n")
	alternative := func(name, body string) {
		write(t, "solutions/testdata/alternatives/07-half/"+name+".go", "// Alternative: "+name+".\n// Replaces: 07-half/half.go\n\npackage main\n\n"+body)
	}
	alternative("shifts", "func Half(n int) int {\n\treturn n >> 1\n}\n")
	alternative("wrong", "func Half(n int) int {\n\treturn n\n}\n")

	c := &checker{}
	mistakes(c)
	alternatives(c)
	assert.Equal(t, []string{"shifts is caught by TestHalf/halves_4", "wrong passes every test of 07-half"}, c.failures)
}

// TestStubsStep runs the stubs step, with the real go test, on a lesson whose challenge's test passes on
// its stub: the step must say so.
func TestStubsStep(t *testing.T) {
	t.Chdir(t.TempDir())
	write(t, "go.mod", "module example.com/fake\n\ngo 1.25.0\n")
	write(t, "07-half/main.go", "package main\n\nfunc main() {}\n")
	write(t, "07-half/half.go", "//go:build !solution\n\npackage main\n\n// Half halves n.\nfunc Half(n int) int {\n\t// TODO: write Half.\n\treturn 0\n}\n")
	write(t, "07-half/challenge.go", "//go:build !solution\n\npackage main\n\n// Zero is 0.\nfunc Zero() int {\n\t// TODO: write Zero.\n\treturn 0\n}\n")
	write(t, "07-half/half_test.go", "package main\n\nimport \"testing\"\n\nfunc TestHalf(t *testing.T) {\n"+
		"\tif Half(4) != 2 {\n\t\tt.Error(\"Half(4) != 2\")\n\t}\n}\n\nfunc TestZero(t *testing.T) {\n\tif Zero() != 0 {\n\t\tt.Error(\"not 0\")\n\t}\n}\n")

	c := &checker{}
	stubs(c)
	assert.Equal(t, []string{"07-half: TestZero fails on the stub of Zero (the challenge's)"}, c.failures)
}

// TestRunPatternSelectsOneTestAlone: the catalogue's mistakes run only the (sub)test that should catch them,
// named literally: a race in another subtest of the same test would otherwise be reported there, and only
// once per process.
func TestRunPatternSelectsOneTestAlone(t *testing.T) {
	for name, want := range map[string]string{
		"TestHalf":            "^TestHalf$",
		"TestHalf/halves_4":   "^TestHalf$/^halves_4$",
		"TestR/a_(b|c):_d's.": `^TestR$/^a_\(b\|c\):_d's\.$`,
		"TestR/x/y":           "^TestR$/^x$/^y$",
	} {
		assert.Equal(t, want, runPattern(name), name)
	}
}
