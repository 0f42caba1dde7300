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

func TestFindsLessonsAndMistakesFromTheFiles(t *testing.T) {
	t.Chdir(t.TempDir())
	write(t, "07-example/main.go", "package main\n\nfunc main() {}\n")
	write(t, "07-example/example.go", "//go:build !solution\n\npackage main\n\nfunc Example() {}\n\nfunc helper() {}\n\n"+
		"type Stage struct{}\n\nfunc (s Stage) Run() {}\n")
	write(t, "07-example/solution.go", "//go:build solution\n\npackage main\n\nvar Other = 1\n")
	write(t, "07-example/example_test.go", "package main\n\nimport \"testing\"\n\nfunc TestMain(m *testing.M) {}\n\nfunc TestExample(t *testing.T) {}\n")
	write(t, "notes/main.go", "package main\n") // not NN-name: not a lesson
	write(t, "solutions/testdata/mistakes/07-example/oops.go",
		"// Mistake: forgot it.\n// Replaces: 07-example/example.go\n// Caught by: TestExample/does_it\n\n//go:build !solution\n\npackage main\n")

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

	ms, err := findMistakes(l)
	require.NoError(t, err)
	assert.Equal(t, []mistake{{path: "solutions/testdata/mistakes/07-example/oops.go", what: "forgot it.",
		replaces: "07-example/example.go", caughtBy: "TestExample/does_it"}}, ms)

	write(t, "solutions/testdata/mistakes/07-example/bad.go", "// Mistake: no header otherwise\n\npackage main\n")
	_, err = findMistakes(l)
	assert.ErrorContains(t, err, "bad.go")
}
