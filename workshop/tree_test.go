package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-concurrency-workshop/workshop/internal/lessons"
)

const halfSolved = "//go:build !solution\n\npackage main\n\n// Half halves n.\nfunc Half(n int) int {\n\treturn n / 2\n}\n"

// fakeWorkshop is a tiny workshop of two lessons, with no dependency, so that the real go test runs on it
// in a second or two: lesson 01 has a solved exercise (Double) and one not started (Half), lesson 02 is
// solved, and both have reference solutions.
func fakeWorkshop(t testing.TB) string {
	return writeTree(t, map[string]string{
		"go.mod":           "module example.com/fake\n\ngo 1.25.0\n",
		"01-first/main.go": "package main\n\nfunc main() {}\n",
		"01-first/hints.md": "# Lesson 01: hints\n\n## Double\n\n### 1. the sum\n\nAdd.\n\n" +
			"## Half\n\n### 1. the shape\n\nDivide.\n\n### 2. the rest\n\nWhat is 5 / 2?\n",
		"01-first/double.go": "//go:build !solution\n\npackage main\n\n// Double doubles n.\nfunc Double(n int) int {\n\treturn 2 * n\n}\n",
		"01-first/half.go":   stubV1,
		"01-first/first_test.go": `package main

import "testing"

func TestDouble(t *testing.T) {
	if Double(21) != 42 {
		t.Errorf("Double(21) = %d, want 42", Double(21))
	}
}

func TestHalf(t *testing.T) {
	t.Run("halves 4", func(t *testing.T) {
		if got := Half(4); got != 2 {
			t.Errorf("Half(4) = %d, want 2: is it still the stub?", got)
		}
	})
	t.Run("halves 0", func(t *testing.T) {
		if got := Half(0); got != 0 {
			t.Errorf("Half(0) = %d, want 0", got)
		}
	})
}
`,
		"02-second/main.go":   "package main\n\nfunc main() {}\n",
		"02-second/triple.go": "//go:build !solution\n\npackage main\n\n// Triple triples n.\nfunc Triple(n int) int {\n\treturn n * 3\n}\n",
		"02-second/second_test.go": "package main\n\nimport \"testing\"\n\n" +
			"func TestTriple(t *testing.T) {\n\tif Triple(2) != 6 {\n\t\tt.Error(\"Triple(2) != 6\")\n\t}\n}\n",
		"solutions/01-first/first.go":   "package first\n\nfunc Double(n int) int { return n + n }\n\nfunc Half(n int) int { return n / 2 }\n",
		"solutions/02-second/second.go": "package second\n\n// Triple triples n.\nfunc Triple(n int) int {\n\treturn 3 * n\n}\n",
	})
}

// TestOnAFakeWorkshop runs the verbs that run go test, in order, on one fake workshop and one cache, as a
// learner would: each step builds on the one before.
func TestOnAFakeWorkshop(t *testing.T) {
	root := fakeWorkshop(t)
	w, stdout, stderr := testWorkshop(t, root)
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute) // the go command on a loaded machine
	defer cancel()
	run := func(args ...string) int {
		stdout.Reset()
		stderr.Reset()
		return w.run(ctx, args)
	}

	t.Run("list shows each exercise's state from a real test run, and the next step", func(t *testing.T) {
		require.Equal(t, 0, run("list"), stderr.String())
		out := stdout.String()
		assert.Regexp(t, `01-first\s+✗ failing`, out)
		assert.Regexp(t, `Double\s+✓ solved\s+double.go`, out)
		assert.Regexp(t, `Half\s+· not started\s+half.go`, out)
		assert.Regexp(t, `02-second\s+✓ solved`, out)
		assert.Contains(t, out, "next: go run ./workshop check 01-first\n")
	})

	t.Run("a second list takes every outcome from the cache", func(t *testing.T) {
		env, err := w.goEnvOf(ctx)
		require.NoError(t, err)
		got, err := w.outcomes(ctx, env, w.lessons)
		require.NoError(t, err)
		for i, o := range got {
			assert.True(t, o.cached, "%s ran again", w.lessons[i].Dir)
		}
	})

	t.Run("check names the failing check and what it said, with status 1", func(t *testing.T) {
		require.Equal(t, 1, run("check", "01"), stderr.String())
		out := stdout.String()
		assert.Contains(t, out, "✗ TestHalf: 1 of 2 checks fail\n      halves 4\n        Half(4) = 0, want 2: is it still the stub?\n")
		assert.Contains(t, out, "✓ TestDouble")
		assert.NotContains(t, out, "hint", "Half is not started: no hint is offered")
	})

	t.Run("check without a lesson checks the first that does not pass", func(t *testing.T) {
		require.Equal(t, 1, run("check"))
		assert.True(t, strings.HasPrefix(stdout.String(), "01-first "), stdout.String())
	})

	t.Run("solution refuses in one line, with status 1, while the lesson fails", func(t *testing.T) {
		require.Equal(t, 1, run("solution", "first"))
		assert.Empty(t, stdout.String())
		assert.Equal(t, 1, strings.Count(stderr.String(), "\n"), stderr.String())
		assert.Contains(t, stderr.String(), "01-first does not pass yet")
	})

	t.Run("solution shows each function beside the reference once the lesson passes", func(t *testing.T) {
		require.Equal(t, 0, run("solution", "2"), stderr.String())
		assert.Contains(t, stdout.String(), "--- 02-second/triple.go (yours)\n+++ solutions/02-second/second.go (reference)\n"+
			"@@ -6,3 +4,3 @@\n func Triple(n int) int {\n-\treturn n * 3\n+\treturn 3 * n\n }\n")
	})

	t.Run("watch checks again at a save, and moves on when the lesson passes", func(t *testing.T) {
		stdout.Reset()
		watching := stdout.waitFor("watching 01-first")
		done := make(chan int, 1)
		go func() { done <- w.run(ctx, []string{"watch", "01"}) }()
		select {
		case <-watching:
		case status := <-done:
			t.Fatalf("watch ended with status %d before watching: %s%s", status, stdout, stderr)
		case <-ctx.Done():
			t.Fatalf("watch never said it was watching: %s", stdout)
		}
		require.NoError(t, os.WriteFile(filepath.Join(root, "01-first", "half.go"), []byte(halfSolved), 0o644))
		select {
		case status := <-done:
			assert.Equal(t, 0, status, stderr.String())
		case <-ctx.Done():
			t.Fatalf("watch did not see the save: %s", stdout)
		}
		out := stdout.String()
		assert.Contains(t, out, "✓ 01-first passes.")
		assert.Contains(t, out, "on to 02-second")
		assert.Contains(t, out, "every lesson passes: nothing left to watch.")
	})

	t.Run("watch ends cleanly, with status 0, when it is interrupted", func(t *testing.T) {
		require.NoError(t, os.WriteFile(filepath.Join(root, "01-first", "half.go"), []byte(stubV1), 0o644))
		stdout.Reset()
		watching := stdout.waitFor("watching 01-first")
		wctx, stop := context.WithCancel(ctx)
		defer stop()
		done := make(chan int, 1)
		go func() { done <- w.run(wctx, []string{"watch"}) }()
		select {
		case <-watching:
		case <-ctx.Done():
			t.Fatalf("watch never said it was watching: %s", stdout)
		}
		stop()
		assert.Equal(t, 0, <-done)
		assert.Contains(t, stdout.String(), "stopped watching.")
	})

	t.Run("check passes with status 0 once the exercise is solved", func(t *testing.T) {
		require.NoError(t, os.WriteFile(filepath.Join(root, "01-first", "half.go"), []byte(halfSolved), 0o644))
		require.Equal(t, 0, run("check", "01-first"), stdout.String())
		assert.Contains(t, stdout.String(), "✓ 01-first passes.\nnext: go run ./workshop solution 01-first")
	})

	t.Run("without cgo, check runs the tests without -race and says so", func(t *testing.T) {
		t.Setenv("CGO_ENABLED", "0")
		require.Equal(t, 0, run("check", "02"), stdout.String())
		assert.Contains(t, stdout.String(), "(go test (without -race) and go vet)")
		assert.Contains(t, stdout.String(), "note: these tests ran without -race")
	})
}

func TestHint(t *testing.T) {
	root := fakeWorkshop(t)

	t.Run("shows the hints of the first exercise that does not pass one at a time, then says they are all shown", func(t *testing.T) {
		w, stdout, _ := testWorkshop(t, root)
		w.cache.keep(map[string]outcome{outcomeKey(t, w, "01"): {Tests: []testResult{{Name: "TestDouble", Passed: true}, {Name: "TestHalf"}}}})
		require.Equal(t, 0, w.run(t.Context(), []string{"hint", "01"}))
		assert.Equal(t, "01-first · Half · hint 1 of 2: the shape\n\nDivide.\n\nthe next: go run ./workshop hint 01-first Half (hint 2 of 2)\n",
			stdout.String())
		stdout.Reset()
		require.Equal(t, 0, w.run(t.Context(), []string{"hint", "first"}))
		assert.Equal(t, "01-first · Half · hint 2 of 2: the rest\n\nWhat is 5 / 2?\n\nthat was the last hint for Half.\n", stdout.String())
		stdout.Reset()
		require.Equal(t, 0, w.run(t.Context(), []string{"hint", "1"}))
		assert.Equal(t, "all 2 hints for Half are shown: go run ./workshop hint 01-first Half N shows hint N again\n", stdout.String())
	})

	t.Run("shows the hints of the exercise named, and hint n when asked", func(t *testing.T) {
		w, stdout, _ := testWorkshop(t, root)
		require.Equal(t, 0, w.run(t.Context(), []string{"hint", "01", "half", "2"}))
		assert.Contains(t, stdout.String(), "01-first · Half · hint 2 of 2")
		stdout.Reset()
		require.Equal(t, 0, w.run(t.Context(), []string{"hint", "01", "Half"}))
		assert.Contains(t, stdout.String(), "hint 1 of 2")
		stdout.Reset()
		require.Equal(t, 0, w.run(t.Context(), []string{"hint", "01", "Double"}))
		assert.Contains(t, stdout.String(), "01-first · Double · hint 1 of 1: the sum\n")
	})

	t.Run("starts from the first exercise when no test has run, on a fresh clone with no state file", func(t *testing.T) {
		w, stdout, _ := testWorkshop(t, root)
		w.cache = store{dir: filepath.Join(t.TempDir(), "never", "made")}
		require.Equal(t, 0, w.run(t.Context(), []string{"hint", "01"}))
		assert.Contains(t, stdout.String(), "01-first · Double · hint 1 of 1")
	})

	t.Run("takes the exercises in the order of hints.md, the order the lesson teaches them", func(t *testing.T) {
		root := fakeWorkshop(t)
		require.NoError(t, os.WriteFile(filepath.Join(root, "01-first", "hints.md"),
			[]byte("# Hints\n\n## Half\n\n### 1. the shape\n\nDivide.\n\n## Double\n\n### 1. the sum\n\nAdd.\n"), 0o644))
		w, stdout, _ := testWorkshop(t, root)
		require.Equal(t, 0, w.run(t.Context(), []string{"hint", "01"}))
		assert.Contains(t, stdout.String(), "01-first · Half · hint 1 of 1")
	})

	t.Run("says so when every exercise passes and there is no challenge", func(t *testing.T) {
		w, stdout, _ := testWorkshop(t, root)
		w.cache.keep(map[string]outcome{outcomeKey(t, w, "01"): {Tests: []testResult{{Name: "TestDouble", Passed: true}, {Name: "TestHalf", Passed: true}}}})
		require.Equal(t, 0, w.run(t.Context(), []string{"hint", "01"}))
		assert.Equal(t, "every exercise of 01-first passes: go run ./workshop hint 01-first <exercise> shows an exercise's hints\n", stdout.String())
	})
}

// outcomeKey is the key under which the cache keeps the outcome of the lesson named, as its files are now.
func outcomeKey(t testing.TB, w *workshop, lesson string) string {
	t.Helper()
	l, err := w.lesson(lesson)
	require.NoError(t, err)
	env, err := w.goEnvOf(t.Context())
	require.NoError(t, err)
	key, err := cacheKey(w.root, env, l)
	require.NoError(t, err)
	return key
}

func TestCheckOffersAHint(t *testing.T) {
	root := fakeWorkshop(t)
	require.NoError(t, os.WriteFile(filepath.Join(root, "01-first", "half.go"), []byte(work1), 0o644))
	w, stdout, stderr := testWorkshop(t, root)
	run := verbRunner(t, w)
	for i := 1; i <= 3; i++ {
		require.Equal(t, 1, run("check", "01"), stderr.String())
		if i < 3 {
			assert.NotContains(t, stdout.String(), "a hint is there", "check %d", i)
			// A change, so that the next check runs the tests again: a check from the cache is no new try.
			src := work1 + strings.Repeat("\n// another try", i)
			require.NoError(t, os.WriteFile(filepath.Join(root, "01-first", "half.go"), []byte(src), 0o644))
		}
	}
	assert.Contains(t, stdout.String(), "Half failed 3 checks in a row: a hint is there, if you want one: "+
		"go run ./workshop hint 01-first Half (0 of 2 shown)\n")
	assert.NotContains(t, stdout.String(), "Divide.", "check never prints a hint")

	require.Equal(t, 1, run("check", "01"))
	assert.Contains(t, stdout.String(), "cached: nothing changed")
	assert.Contains(t, stdout.String(), "Half failed 3 checks in a row", "a check from the cache counts no more, and forgets nothing")

	require.NoError(t, os.WriteFile(filepath.Join(root, "01-first", "half.go"), []byte(halfSolved), 0o644))
	require.Equal(t, 0, run("check", "01"))
	assert.Empty(t, w.cache.fails(root, "01-first"), "a pass forgets the count")
}

func TestStates(t *testing.T) {
	l := lessons.Lesson{
		Dir:       "01-first",
		Files:     []string{"01-first/half.go"},
		Exercises: []lessons.Exercise{{Func: "Half", File: "01-first/half.go", Test: "TestHalf"}},
	}
	root := writeTree(t, map[string]string{"01-first/half.go": stubV1})
	started := writeTree(t, map[string]string{"01-first/half.go": work1})

	t.Run("an exercise is solved when its tests pass, stub or not", func(t *testing.T) {
		o := outcome{Tests: []testResult{{Name: "TestHalf", Passed: true}, {Name: "TestHalfAgain", Passed: true}}}
		assert.Equal(t, []state{solved}, exerciseStates(root, l, o))
	})

	t.Run("an exercise is not solved when one of the tests named after it fails", func(t *testing.T) {
		o := outcome{Tests: []testResult{{Name: "TestHalf", Passed: true}, {Name: "TestHalfAgain"}}}
		assert.Equal(t, []state{notStarted}, exerciseStates(root, l, o))
		assert.Equal(t, []state{failing}, exerciseStates(started, l, o))
	})

	t.Run("an exercise whose test did not run is not solved", func(t *testing.T) {
		assert.Equal(t, []state{failing}, exerciseStates(started, l, outcome{}))
	})

	t.Run("a lesson is not started while every exercise is, and solved only when it passes as a whole", func(t *testing.T) {
		assert.Equal(t, notStarted, lessonState(outcome{}, []state{notStarted, notStarted}))
		assert.Equal(t, failing, lessonState(outcome{}, []state{solved, notStarted}))
		vetted := outcome{Tests: []testResult{{Name: "TestHalf", Passed: true}}, Vet: []finding{{At: "half.go:3", Message: "m"}}}
		assert.Equal(t, failing, lessonState(vetted, []state{solved}))
		vetted.Vet = nil
		assert.Equal(t, solved, lessonState(vetted, []state{solved}))
	})
}

func TestTestsByExercise(t *testing.T) {
	l := lessons.Lesson{Exercises: []lessons.Exercise{
		{Func: "AllAtOnce", File: "02-w/allatonce.go", Test: "TestAllAtOnce"},
		{Func: "AllAtOnceMutex", File: "02-w/allatoncemutex.go", Test: "TestAllAtOnceMutex"},
	}}
	o := outcome{Tests: []testResult{
		{Name: "TestAllAtOnce", Passed: true, Checks: 2},
		{Name: "TestAllAtOnceMutex", Checks: 2, Failures: []failure{{Name: "returns one result per request", Message: "m"}}},
		{Name: "TestAllAtOnceAgainstTheRealServer", Checks: 2,
			Failures: []failure{{Name: "AllAtOnceMutex", Message: "1 of 50 requests have no result"}},
			Races:    []string{"allatoncemutex.go:25 (write)"}},
		{Name: "TestSomethingElse"},
	}}
	tests := testsByExercise(l, o)

	t.Run("a subtest named after an exercise, and a race in its file, count for that exercise", func(t *testing.T) {
		require.Len(t, tests["AllAtOnce"], 2)
		assert.True(t, tests["AllAtOnce"][1].Passed, "AllAtOnceMutex's failure must not fail AllAtOnce")
		require.Len(t, tests["AllAtOnceMutex"], 2)
		real := tests["AllAtOnceMutex"][1]
		assert.Equal(t, "TestAllAtOnceAgainstTheRealServer", real.Name)
		assert.False(t, real.Passed)
		assert.Equal(t, []failure{{Name: "AllAtOnceMutex", Message: "1 of 50 requests have no result"}}, real.Failures)
		assert.Equal(t, []string{"allatoncemutex.go:25 (write)"}, real.Races)
	})

	t.Run("a test named after no exercise counts for none", func(t *testing.T) {
		require.Len(t, tests[""], 1)
		assert.False(t, tests[""][0].Passed, "it failed without saying why, and stays failed")
	})
}
