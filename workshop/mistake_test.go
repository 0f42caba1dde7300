package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// mistakeWorkshop is a workshop of one lesson on its stubs, with a reference solution and three mistakes.
func mistakeWorkshop(t testing.TB) string {
	return writeTree(t, map[string]string{
		"go.mod":           "module example.com/fake\n\ngo 1.25.0\n",
		"01-first/main.go": "package main\n\nfunc main() {}\n",
		"01-first/half.go": stubV1,
		"01-first/double.go": "//go:build !solution\n\npackage main\n\n// Double doubles n.\nfunc Double(n int) int {\n" +
			"\t// TODO: double n.\n\treturn 0\n}\n",
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
			t.Errorf("Half(4) = %d, want 2", got)
		}
	})
	t.Run("rounds down", func(t *testing.T) {
		if got := Half(5); got != 2 {
			t.Errorf("Half(5) = %d, want 2: halving rounds down", got)
		}
	})
}
`,
		"solutions/01-first/half.go":   "// Package first is the reference.\npackage first\n\n// Half halves n.\nfunc Half(n int) int {\n\treturn n / 2\n}\n",
		"solutions/01-first/double.go": "package first\n\n// Double doubles n.\nfunc Double(n int) int {\n\treturn 2 * n\n}\n",
		"solutions/testdata/mistakes/01-first/rounds-up.go": "// Mistake: halving rounds up. A second sentence.\n" +
			"// Replaces: 01-first/half.go\n// Caught by: TestHalf/rounds_down\n\npackage main\n\n" +
			"func Half(n int) int {\n\treturn (n + 1) / 2 // rounds up\n}\n",
		"solutions/testdata/mistakes/01-first/shifts.go": "// Mistake: shifts, which is no mistake at all.\n" +
			"// Replaces: 01-first/half.go\n// Caught by: TestHalf/rounds_down\n\npackage main\n\n" +
			"func Half(n int) int {\n\treturn n >> 1\n}\n",
		"solutions/testdata/mistakes/01-first/halves-twice.go": "// Mistake: halves twice.\n" +
			"// Replaces: 01-first/half.go\n// Caught by: TestHalf/rounds_down\n\npackage main\n\n" +
			"func Half(n int) int {\n\treturn (n - 1) / 2\n}\n",
	})
}

func TestMistake(t *testing.T) {
	root := mistakeWorkshop(t)
	w, stdout, stderr := testWorkshop(t, root)
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute) // the go command on a loaded machine
	defer cancel()
	run := func(args ...string) int {
		stdout.Reset()
		stderr.Reset()
		return w.run(ctx, args)
	}

	t.Run("lists the lesson's mistakes, each with its file and first sentence", func(t *testing.T) {
		require.Equal(t, 0, run("mistake", "01"), stderr.String())
		assert.Equal(t, "01-first: 3 known mistakes, each caught by a test\n\n"+
			"  halves-twice  half.go        halves twice.\n"+
			"  rounds-up     half.go        halving rounds up.\n"+
			"  shifts        half.go        shifts, which is no mistake at all.\n\n"+
			"go run ./workshop mistake 01-first <mistake> runs the tests with it swapped in; add -diff to see it beside the reference\n",
			stdout.String())
	})

	t.Run("runs the tests on the reference with the mistake swapped in, and says what they say, with status 0", func(t *testing.T) {
		require.Equal(t, 0, run("mistake", "01", "rounds-up"), stderr.String())
		out := stdout.String()
		assert.Contains(t, out, "01-first with the mistake rounds-up (go test -race and go vet on the reference solution, with half.go's mistake swapped in)\n")
		assert.Contains(t, out, "the mistake: halving rounds up. A second sentence.\ncaught by: TestHalf/rounds_down\n")
		assert.Regexp(t, `✓ solved\s+Double  double.go\n    ✓ TestDouble\n`, out, "the other exercise files are the reference's")
		assert.Contains(t, out, "✗ TestHalf: 1 of 2 checks fail\n      rounds down\n        Half(5) = 3, want 2: halving rounds down\n")
		assert.Contains(t, out, "✓ caught by TestHalf/rounds down, as the catalogue says. The mistake beside the reference: "+
			"go run ./workshop mistake 01-first rounds-up -diff\n")
	})

	t.Run("says so when another test than the one named caught it", func(t *testing.T) {
		require.Equal(t, 0, run("mistake", "01", "halves-twice.go"), stderr.String())
		assert.Contains(t, stdout.String(), "✓ caught, though not by TestHalf/rounds down, which the catalogue names.")
	})

	t.Run("fails with status 1 when every test passes with the mistake in", func(t *testing.T) {
		require.Equal(t, 1, run("mistake", "01", "shifts"), stderr.String())
		assert.Contains(t, stdout.String(), "✗ every test passed: nothing caught this mistake, though the catalogue says TestHalf/rounds down does\n")
	})

	t.Run("shows the mistake as a diff against the reference, with -diff", func(t *testing.T) {
		require.Equal(t, 0, run("mistake", "-diff", "01", "rounds-up"), stderr.String())
		assert.Equal(t, "the mistake: halving rounds up. A second sentence.\ncaught by: TestHalf/rounds_down\n\n"+
			"--- solutions/01-first/half.go (the reference)\n+++ solutions/01-first/half.go with the mistake rounds-up\n"+
			"@@ -3,5 +3,5 @@\n \n // Half halves n.\n func Half(n int) int {\n-\treturn n / 2\n+\treturn (n + 1) / 2 // rounds up\n }\n",
			stdout.String())
	})

	for says, args := range map[string][]string{
		"a mistake the lesson lacks": {"mistake", "01", "nope"},
		"a lesson that is none":      {"mistake", "9"},
		"-diff without a mistake":    {"mistake", "01", "-diff"},
		"no lesson":                  {"mistake"},
	} {
		t.Run("answers "+says+" with one line and status 2", func(t *testing.T) {
			require.Equal(t, 2, run(args...))
			assert.Empty(t, stdout.String())
			assert.Equal(t, 1, strings.Count(stderr.String(), "\n"), stderr.String())
		})
	}
}
