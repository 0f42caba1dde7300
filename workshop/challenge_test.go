package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	quarterStub   = "//go:build !solution\n\npackage main\n\n// Quarter quarters n.\nfunc Quarter(n int) int {\n\t// TODO: write Quarter.\n\treturn 0\n}\n"
	quarterWrong  = "//go:build !solution\n\npackage main\n\n// Quarter quarters n.\nfunc Quarter(n int) int {\n\treturn n / 2\n}\n"
	quarterSolved = "//go:build !solution\n\npackage main\n\n// Quarter quarters n.\nfunc Quarter(n int) int {\n\treturn n / 4\n}\n"
)

// challengeWorkshop is a workshop of two lessons: 01-first is solved, and has a challenge, not started;
// 02-second is not started.
func challengeWorkshop(t testing.TB) string {
	return writeTree(t, map[string]string{
		"go.mod":                "module example.com/fake\n\ngo 1.25.0\n",
		"01-first/main.go":      "package main\n\nfunc main() {}\n",
		"01-first/half.go":      halfSolved,
		"01-first/challenge.go": quarterStub,
		"01-first/README.md":    "# First\n\n## Challenge: Quarter\n\nQuarter it.\n",
		"01-first/hints.md": "# Hints\n\n## Half\n\n### 1. the shape\n\nDivide.\n\n" +
			"## Challenge\n\n### 1. a concept\n\nFour.\n\n### 2. another\n\nTwice.\n",
		"01-first/half_test.go": "package main\n\nimport \"testing\"\n\nfunc TestHalf(t *testing.T) {\n\tif Half(4) != 2 {\n\t\tt.Error(\"Half(4) != 2\")\n\t}\n}\n",
		"01-first/challenge_test.go": "package main\n\nimport \"testing\"\n\nfunc TestQuarter(t *testing.T) {\n\tif got := Quarter(8); got != 2 {\n" +
			"\t\tt.Errorf(\"Quarter(8) = %d, want 2\", got)\n\t}\n}\n",
		"solutions/01-first/half.go":      "package first\n\n// Half halves n.\nfunc Half(n int) int {\n\treturn n >> 1\n}\n",
		"solutions/01-first/challenge.go": "package first\n\n// Quarter quarters n.\nfunc Quarter(n int) int {\n\treturn n >> 2\n}\n",
		"02-second/main.go":               "package main\n\nfunc main() {}\n",
		"02-second/triple.go":             "//go:build !solution\n\npackage main\n\n// Triple triples n.\nfunc Triple(n int) int {\n\t// TODO: triple n.\n\treturn 0\n}\n",
		"02-second/second_test.go": "package main\n\nimport \"testing\"\n\n" +
			"func TestTriple(t *testing.T) {\n\tif Triple(2) != 6 {\n\t\tt.Error(\"Triple(2) != 6\")\n\t}\n}\n",
	})
}

// TestChallenge runs the verbs on a lesson with a challenge, in order, as a learner would.
func TestChallenge(t *testing.T) {
	root := challengeWorkshop(t)
	w, stdout, stderr := testWorkshop(t, root)
	run := verbRunner(t, w)
	write := func(file, src string) {
		require.NoError(t, os.WriteFile(filepath.Join(root, "01-first", file), []byte(src), 0o644))
	}

	t.Run("list shows the challenge under its lesson, which passes without it, and suggests it next", func(t *testing.T) {
		require.Equal(t, 0, run("list"), stderr.String())
		out := stdout.String()
		assert.Regexp(t, `01-first\s+✓ solved\n  Half\s+✓ solved\s+half.go\n  challenge\s+· not started\s+challenge.go\n`, out)
		assert.NotContains(t, out, "  Quarter ", "the challenge is one line")
		assert.Contains(t, out, "next: the challenge of 01-first: read \"Challenge: Quarter\" in 01-first/README.md, "+
			"then go run ./workshop check 01-first\n  or on to 02-second: read 02-second/README.md, then go run ./workshop check 02-second\n")
	})

	t.Run("check passes with status 0, shows the challenge apart, and offers it", func(t *testing.T) {
		require.Equal(t, 0, run("check", "01"), stderr.String())
		out := stdout.String()
		assert.Contains(t, out, "01-first ✓ solved")
		assert.Contains(t, out, "\nthe challenge · not started (not needed for the lesson to pass)\n· not started  Quarter  challenge.go\n"+
			"    ✗ TestQuarter\n      Quarter(8) = 0, want 2\n")
		assert.Contains(t, out, "✓ 01-first passes.\nthe challenge, if you want it: read \"Challenge: Quarter\" in 01-first/README.md, "+
			"then go run ./workshop check 01-first\n")
	})

	t.Run("hint gives the challenge's hints once every exercise passes", func(t *testing.T) {
		require.Equal(t, 0, run("hint", "01"), stderr.String())
		assert.Contains(t, stdout.String(), "01-first · Challenge · hint 1 of 2: a concept\n")
		require.Equal(t, 0, run("hint", "01", "challenge", "2"), stderr.String())
		assert.Contains(t, stdout.String(), "01-first · Challenge · hint 2 of 2: another\n")
	})

	t.Run("solution keeps the challenge's reference hidden until the challenge passes", func(t *testing.T) {
		require.Equal(t, 0, run("solution", "01"), stderr.String())
		assert.Contains(t, stdout.String(), "+\treturn n >> 1\n")
		assert.Contains(t, stdout.String(), "Quarter: the challenge's reference stays hidden until the challenge passes.\n")
		assert.NotContains(t, stdout.String(), "n >> 2")
	})

	t.Run("a challenge begun and failing leaves the lesson solved", func(t *testing.T) {
		write("challenge.go", quarterWrong)
		require.Equal(t, 0, run("list"), stderr.String())
		assert.Regexp(t, `01-first\s+✓ solved\n  Half\s+✓ solved\s+half.go\n  challenge\s+✗ failing\s+challenge.go\n`, stdout.String())
		require.Equal(t, 0, run("check", "01"), stderr.String())
		assert.Contains(t, stdout.String(), "\nthe challenge ✗ failing (not needed for the lesson to pass)\n")
	})

	t.Run("once the challenge passes, next is the next lesson, and solution shows the challenge", func(t *testing.T) {
		write("challenge.go", quarterSolved)
		require.Equal(t, 0, run("list"), stderr.String())
		assert.Regexp(t, `  challenge\s+✓ solved\s+challenge.go\n`, stdout.String())
		assert.Contains(t, stdout.String(), "\nnext: read 02-second/README.md, then go run ./workshop check 02-second\n")
		require.Equal(t, 0, run("solution", "01"), stderr.String())
		assert.Contains(t, stdout.String(), "+\treturn n >> 2\n")
	})
}
