package lessons_test

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

// writeTree writes files (path relative to root → content) under a new temporary root, and returns it.
func writeTree(t testing.TB, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for path, content := range files {
		full := filepath.Join(root, filepath.FromSlash(path))
		require.NoError(t, os.MkdirAll(filepath.Dir(full), 0o755))
		require.NoError(t, os.WriteFile(full, []byte(content), 0o644))
	}
	return root
}

const hints = "# Lesson 01: hints\n\nRead them one at a time.\n\n## First\n\n### 1. the shape\n\nA loop.\n\n" +
	"### 2. stopping early\n\n```go\n## not a heading\nif ctx.Err() != nil {\n\tbreak\n}\n```\n\n## Second\n\n### 1. one\n\nx\n"

// fakeTree is a workshop with two lessons in the making, a folder that is not a lesson, and a solution.
func fakeTree(t testing.TB) string {
	return writeTree(t, map[string]string{
		"go.mod":                "module example.com/fake\n\ngo 1.25.0\n",
		"01-first/main.go":      "package main\n\nfunc main() {}\n",
		"01-first/hints.md":     hints,
		"01-first/README.md":    "# First\n\n## Challenge: Fourth\n\nDo it.\n",
		"01-first/challenge.go": "//go:build !solution\n\npackage main\n\n// Fourth is the challenge.\nfunc Fourth() int {\n\t// TODO: write Fourth.\n\treturn 0\n}\n",
		"01-first/first.go":     "//go:build !solution\n\npackage main\n\n// First is an exercise.\nfunc First() int { return 0 }\n\nfunc helper() {}\n",
		"01-first/second.go": "//go:build !solution\n\n// A comment before the package clause.\npackage main\n\nfunc Second() int { return 0 }\n\nfunc Third() int { return 0 }\n\n" +
			"type Stage[I, O any] struct{}\n\nfunc (s *Stage[I, O]) Run() {}\n\nfunc (Stage[I, O]) unexported() {}\n\ntype t struct{}\n\nfunc (t) Method() {}\n",
		"01-first/solution.go": "//go:build solution\n\npackage main\n\nimport s \"example.com/fake/solutions/01-first\"\n\n" +
			"var First = s.First\n",
		"01-first/plain.go":                 "package main\n\nfunc Plain() {}\n",
		"01-first/first_test.go":            "package main\n\nimport \"testing\"\n\nfunc TestMain(m *testing.M) {}\nfunc TestFirst(t *testing.T) {}\nfunc TestFirstAgainstMore(t *testing.T) {}\nfunc helperTest() {}\n",
		"01-first/second_test.go":           "package main\n\nimport \"testing\"\n\nfunc TestSecond(t *testing.T) {}\nfunc TestSecondAndThird(t *testing.T) {}\n",
		"solutions/01-first/first.go":       "package first\n\nfunc First() int { return 1 }\n",
		"solutions/01-first/first_test.go":  "package first\n",
		"04-future/main.go":                 "package main\n\nfunc main() {}\n",
		"04-future/future.go":               "//go:build !solution\n\npackage main\n\nfunc Future() {\n\tthis does not parse\n}\n\nfunc Later() {}\n",
		"02-notalesson/README.md":           "no main.go here\n",
		"server/main.go":                    "package main\n\nfunc main() {}\n",
		"internal/lesson/lesson.go":         "package lesson\n",
		"9-tooshort/main.go":                "package main\n",
		"solutions/testdata/mistakes/x.txt": "",
	})
}

func TestFind(t *testing.T) {
	root := fakeTree(t)
	found, err := lessons.Find(root)
	require.NoError(t, err)

	t.Run("finds the NN-name folders with a main.go, in order, and nothing else", func(t *testing.T) {
		require.Len(t, found, 2)
		assert.Equal(t, []string{"01-first", found[1].Dir}, lessons.Dirs(found))
		assert.Equal(t, "01-first", found[0].Dir)
		assert.Equal(t, 1, found[0].Number)
		assert.Equal(t, "first", found[0].Name)
		assert.Equal(t, "04-future", found[1].Dir)
		assert.Equal(t, 4, found[1].Number)
	})

	t.Run("takes the files built without the solution tag as the exercise files", func(t *testing.T) {
		assert.Equal(t, []string{"01-first/challenge.go", "01-first/first.go", "01-first/second.go"}, found[0].Files)
	})

	t.Run("makes each exported function and method of an exercise file an exercise with its test", func(t *testing.T) {
		assert.Equal(t, []lessons.Exercise{
			{Func: "First", File: "01-first/first.go", Test: "TestFirst"},
			{Func: "Second", File: "01-first/second.go", Test: "TestSecond"},
			{Func: "Third", File: "01-first/second.go", Test: "TestThird"},
			{Func: "Stage.Run", File: "01-first/second.go", Test: "TestStageRun"},
			{Func: "Fourth", File: "01-first/challenge.go", Test: "TestFourth", Challenge: true},
		}, found[0].Exercises, "the challenge's exercises last")
	})

	t.Run("lists the top-level tests, TestMain and helpers aside", func(t *testing.T) {
		assert.Equal(t, []string{"TestFirst", "TestFirstAgainstMore", "TestSecond", "TestSecondAndThird"}, found[0].Tests)
	})

	t.Run("reads the hints of hints.md in order, each in its section", func(t *testing.T) {
		require.Len(t, found[0].Hints, 3)
		assert.Equal(t, lessons.Hint{Section: "First", Number: 1, Title: "the shape", Body: "A loop."}, found[0].Hints[0])
		assert.Equal(t, "stopping early", found[0].Hints[1].Title)
		assert.Equal(t, "```go\n## not a heading\nif ctx.Err() != nil {\n\tbreak\n}\n```", found[0].Hints[1].Body)
		assert.Equal(t, []lessons.Hint{{Section: "Second", Number: 1, Title: "one", Body: "x"}}, found[0].HintsFor("Second"))
	})

	t.Run("makes the exercises of challenge.go the challenge, and finds its README section", func(t *testing.T) {
		assert.Equal(t, "Challenge", found[0].Exercises[4].Section())
		assert.Equal(t, "First", found[0].Exercises[0].Section())
		assert.True(t, found[0].HasChallenge())
		assert.Equal(t, "Challenge: Fourth", found[0].Challenge)
		assert.False(t, found[1].HasChallenge())
		assert.Empty(t, found[1].Challenge)
	})

	t.Run("lists the reference solution's files, tests aside", func(t *testing.T) {
		assert.Equal(t, []string{"solutions/01-first/first.go"}, found[0].Solution)
	})

	t.Run("keeps the functions declared before a syntax error in a learner's file", func(t *testing.T) {
		require.NotEmpty(t, found[1].Exercises)
		assert.Equal(t, "Future", found[1].Exercises[0].Func)
	})

	t.Run("returns a lesson without hints.md or solution with no hints and no solution files", func(t *testing.T) {
		assert.Empty(t, found[1].Hints)
		assert.Empty(t, found[1].Solution)
		assert.Empty(t, found[1].Tests)
	})

	t.Run("fails with the package's prefix when the root does not exist", func(t *testing.T) {
		_, err := lessons.Find(filepath.Join(root, "missing"))
		require.Error(t, err)
		assert.Contains(t, err.Error(), "lessons: ")
	})
}

func TestSelect(t *testing.T) {
	found, err := lessons.Find(fakeTree(t))
	require.NoError(t, err)

	for _, name := range []string{"01", "1", "01-first", "first", "./01-first/", "FIRST"} {
		t.Run("finds the lesson named "+name, func(t *testing.T) {
			l, err := lessons.Select(found, name)
			require.NoError(t, err)
			assert.Equal(t, "01-first", l.Dir)
		})
	}

	t.Run("says in one line which lessons there are when the name matches none", func(t *testing.T) {
		_, err := lessons.Select(found, "03")
		require.Error(t, err)
		assert.Equal(t, `lessons: no lesson "03": the lessons are 01-first, 04-future`, err.Error())
	})
}

func TestExerciseOf(t *testing.T) {
	found, err := lessons.Find(fakeTree(t))
	require.NoError(t, err)
	first := found[0]

	cases := map[string]string{
		"TestFirst":            "First",
		"TestFirstAgainstMore": "First",
		"TestSecond":           "Second",
		"TestSecondAndThird":   "Second",
		"TestThird":            "Third",
	}
	for test, want := range cases {
		t.Run(test+" checks "+want, func(t *testing.T) {
			e, ok := first.ExerciseOf(test)
			require.True(t, ok)
			assert.Equal(t, want, e.Func)
		})
	}

	t.Run("a test named after no exercise checks none", func(t *testing.T) {
		_, ok := first.ExerciseOf("TestSomethingElse")
		assert.False(t, ok)
	})

	t.Run("the longest matching name wins", func(t *testing.T) {
		l := lessons.Lesson{Exercises: []lessons.Exercise{{Func: "All", Test: "TestAll"}, {Func: "AllMutex", Test: "TestAllMutex"}}}
		e, ok := l.ExerciseOf("TestAllMutex")
		require.True(t, ok)
		assert.Equal(t, "AllMutex", e.Func)
	})
}

func TestParseHints(t *testing.T) {
	t.Run("says which lines do not follow the form", func(t *testing.T) {
		hints, problems := lessons.ParseHints([]byte("# Hints\n\n### 1. before any section\n\n## A\n\n### one\n\n### 1. fine\n\nok\n"))
		assert.Equal(t, []lessons.Hint{{Section: "A", Number: 1, Title: "fine", Body: "ok"}}, hints)
		assert.Equal(t, []string{
			`line 3: a hint is "### N. title" under a "## section": "### 1. before any section"`,
			`line 7: a hint is "### N. title" under a "## section": "### one"`,
		}, problems)
	})
}

func TestCheckHints(t *testing.T) {
	t.Run("finds nothing wrong with hints.md of the workshop's form, its sections in the order the lesson teaches", func(t *testing.T) {
		root := writeTree(t, map[string]string{
			"01-first/main.go":      "package main\n\nfunc main() {}\n",
			"01-first/first.go":     "//go:build !solution\n\npackage main\n\nfunc First() {}\n\nfunc Second() {}\n",
			"01-first/challenge.go": "//go:build !solution\n\npackage main\n\nfunc Third() {}\n\nfunc Fourth() {}\n",
			"01-first/README.md":    "# First\n\n<details><summary>The throwaway program</summary>x</details>\n",
			"01-first/hints.md": "# Hints\n\n## Second\n\n### 1. c\n\n## First\n\n### 1. a\n\n### 2. b\n\n" +
				"## Challenge\n\n### 1. d\n\n### 2. e\n",
		})
		found, err := lessons.Find(root)
		require.NoError(t, err)
		assert.Empty(t, lessons.CheckHints(root, found[0]))
	})

	t.Run("says, a line each, what breaks the form", func(t *testing.T) {
		root := writeTree(t, map[string]string{
			"01-first/main.go":      "package main\n\nfunc main() {}\n",
			"01-first/first.go":     "//go:build !solution\n\npackage main\n\nfunc First() {}\n\nfunc Second() {}\n",
			"01-first/challenge.go": "//go:build !solution\n\npackage main\n\nfunc Third() {}\n",
			"01-first/README.md":    "# First\n\n<details>\n<summary>Hint 1: the shape</summary>\nx\n</details>\n",
			"01-first/hints.md":     "# Hints\n\n## Second\n\n### 2. b\n\n## Challenge\n\n### 1. d\n\n### 2. e\n\n### 3. f\n\n## Third\n\n### 1. g\n",
			"02-second/main.go":     "package main\n\nfunc main() {}\n",
		})
		found, err := lessons.Find(root)
		require.NoError(t, err)
		assert.Equal(t, []string{
			"01-first/README.md holds a <details> hint block: hints live in hints.md",
			`01-first/hints.md has the sections "Second", "Challenge", "Third"; it should have one for each of "First", "Second", "Challenge", and no other`,
			"01-first/hints.md: the section Challenge comes last",
			`01-first/hints.md: hint "b" of Second is numbered 2, not 1`,
			"01-first/hints.md: the challenge has 3 hints: two at most",
		}, lessons.CheckHints(root, found[0]))
		assert.Equal(t, []string{"02-second has no hints.md"}, lessons.CheckHints(root, found[1]))
	})
}

func TestHasBuildLine(t *testing.T) {
	t.Run("sees the build line before the package clause only", func(t *testing.T) {
		assert.True(t, lessons.HasBuildLine([]byte("// x\n//go:build !solution\n\npackage main\n"), "//go:build !solution"))
		assert.False(t, lessons.HasBuildLine([]byte("package main\n//go:build !solution\n"), "//go:build !solution"))
		assert.False(t, lessons.HasBuildLine([]byte("//go:build solution\n\npackage main\n"), "//go:build !solution"))
	})
}
