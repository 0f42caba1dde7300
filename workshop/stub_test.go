package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	stubV1 = "//go:build !solution\n\npackage main\n\n// Half halves n.\nfunc Half(n int) int {\n\t// TODO: halve n.\n\treturn 0\n}\n"
	stubV2 = "//go:build !solution\n\npackage main\n\n// Half halves n, rounding down.\nfunc Half(n int) int {\n\t// TODO: halve n, rounding down.\n\treturn 0\n}\n"
	work1  = "//go:build !solution\n\npackage main\n\n// Half halves n, rounding down.\nfunc Half(n int) int {\n\t// TODO: halve n, rounding down.\n\tx := n\n\treturn x\n}\n"
	work2  = "//go:build !solution\n\npackage main\n\n// Half halves n, rounding down.\nfunc Half(n int) int {\n\treturn n / 2\n}\n"
)

func TestIsStub(t *testing.T) {
	cases := []struct {
		says string
		src  string
		stub bool
	}{
		{"a single return with a TODO is a stub", stubV1, true},
		{"a single panic with a TODO is a stub", "package p\n\nfunc F() {\n\t// TODO: write F.\n\tpanic(\"TODO\")\n}\n", true},
		{"a statement more is a start", work1, false},
		{"a single return without its TODO is a start", work2, false},
		{"a TODO outside the body does not make a stub", "package p\n\n// TODO: F.\nfunc F() int {\n\treturn 1\n}\n", false},
		{"a body of TODO comments alone is a stub", "package p\n\nfunc F(n int) {\n\t// TODO: all of it.\n}\n", true},
		{"an empty body without a TODO is no stub", "package p\n\nfunc F(n int) {\n}\n", false},
		{"a method of an exported type can be a stub", "package p\n\ntype S[T any] struct{}\n\nfunc (s *S[T]) Run() int {\n\t// TODO: run.\n\treturn 0\n}\n", true},
	}
	for _, c := range cases {
		t.Run(c.says, func(t *testing.T) {
			fns := functions([]byte(c.src))
			require.Len(t, fns, 1)
			assert.Equal(t, c.stub, fns[0].stub)
		})
	}

	t.Run("finds a function's text and line, from func to its closing brace", func(t *testing.T) {
		fns := functions([]byte(stubV1))
		require.Len(t, fns, 1)
		assert.Equal(t, 6, fns[0].line)
		assert.Equal(t, "func Half(n int) int {\n\t// TODO: halve n.\n\treturn 0\n}", stubV1[fns[0].start:fns[0].end])
	})
}

// gitRepo makes a git repository in a new temporary folder, and returns it with a function that writes
// files and commits them.
func gitRepo(t testing.TB) (string, func(msg string, files map[string]string)) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	dir := t.TempDir()
	run := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"}, args...)...)
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "git %v: %s", args, out)
	}
	run("init", "-q")
	return dir, func(msg string, files map[string]string) {
		t.Helper()
		for path, content := range files {
			full := filepath.Join(dir, filepath.FromSlash(path))
			require.NoError(t, os.MkdirAll(filepath.Dir(full), 0o755))
			require.NoError(t, os.WriteFile(full, []byte(content), 0o644))
			run("add", path)
		}
		run("commit", "-q", "-m", msg)
	}
}

func TestStubOf(t *testing.T) {
	t.Run("skips the learner's commits for the newest version that is all stubs", func(t *testing.T) {
		dir, commit := gitRepo(t)
		commit("the stub", map[string]string{"01-a/half.go": stubV1})
		commit("the stub, reworded", map[string]string{"01-a/half.go": stubV2})
		commit("my first try", map[string]string{"01-a/half.go": work1})
		commit("it works", map[string]string{"01-a/half.go": work2})

		src, _, err := stubOf(t.Context(), dir, "01-a/half.go")
		require.NoError(t, err)
		assert.Equal(t, stubV2, string(src))
	})

	t.Run("falls back on the first version when none is all stubs", func(t *testing.T) {
		dir, commit := gitRepo(t)
		commit("not a stub", map[string]string{"01-a/half.go": work1})
		commit("still not", map[string]string{"01-a/half.go": work2})

		src, _, err := stubOf(t.Context(), dir, "01-a/half.go")
		require.NoError(t, err)
		assert.Equal(t, work1, string(src))
	})

	t.Run("fails, saying so, for a file git has never seen", func(t *testing.T) {
		dir, commit := gitRepo(t)
		commit("something else", map[string]string{"other.go": "package p\n"})
		_, _, err := stubOf(t.Context(), dir, "01-a/half.go")
		require.Error(t, err)
		assert.True(t, strings.HasPrefix(err.Error(), "workshop: "), err.Error())
	})
}

func TestReset(t *testing.T) {
	// repo is a workshop of one lesson whose exercise the learner has changed and committed.
	repo := func(t *testing.T) *workshop {
		dir, commit := gitRepo(t)
		commit("the workshop", map[string]string{
			"go.mod":        "module example.com/fake\n\ngo 1.25.0\n",
			"01-a/main.go":  "package main\n\nfunc main() {}\n",
			"01-a/half.go":  stubV1,
			"01-a/other.go": "//go:build !solution\n\npackage main\n\nfunc Other() {\n\t// TODO: all of it.\n\treturn\n}\n",
		})
		commit("my work", map[string]string{"01-a/half.go": work2})
		w, _, _ := testWorkshop(t, dir)
		return w
	}
	stdout := func(w *workshop) string { return w.out.(*buffer).String() }
	stderr := func(w *workshop) string { return w.errOut.(*buffer).String() }
	half := func(w *workshop) string {
		data, _ := os.ReadFile(filepath.Join(w.root, "01-a", "half.go"))
		return string(data)
	}

	t.Run("refuses in one line, status 2, without a terminal to ask on and without -y", func(t *testing.T) {
		w := repo(t)
		assert.Equal(t, 2, w.run(t.Context(), []string{"reset", "01", "Half"}))
		assert.Equal(t, 1, strings.Count(stderr(w), "\n"), stderr(w))
		assert.Equal(t, work2, half(w))
	})

	t.Run("keeps the learner's code when the answer is not yes", func(t *testing.T) {
		w := repo(t)
		w.interactive, w.in = true, strings.NewReader("\n")
		assert.Equal(t, 0, w.run(t.Context(), []string{"reset", "01", "half.go"}))
		assert.Contains(t, stdout(w), "[y/N]")
		assert.Equal(t, work2, half(w))
	})

	t.Run("puts the stub back, not the learner's commit, when the answer is yes", func(t *testing.T) {
		w := repo(t)
		w.interactive, w.in = true, strings.NewReader("y\n")
		assert.Equal(t, 0, w.run(t.Context(), []string{"reset", "01", "half.go"}))
		assert.Equal(t, stubV1, half(w))
	})

	t.Run("puts back the one function named, and keeps the rest of its file", func(t *testing.T) {
		w := repo(t)
		assert.Equal(t, 0, w.run(t.Context(), []string{"reset", "-y", "01", "Half"}))
		assert.Equal(t, strings.Replace(stubV1, "// Half halves n.", "// Half halves n, rounding down.", 1), half(w),
			"the learner's doc comment stays, the function is the stub's")
	})

	t.Run("puts the stub back without asking with -y, and says there is nothing left to reset after", func(t *testing.T) {
		w := repo(t)
		assert.Equal(t, 0, w.run(t.Context(), []string{"reset", "-y", "a"}))
		assert.Equal(t, stubV1, half(w))
		assert.Equal(t, 0, w.run(t.Context(), []string{"reset", "a", "-y"}))
		assert.Contains(t, stdout(w), "nothing to reset: it is the stub already")
	})

	t.Run("says there is nothing to reset when the function is its stub already", func(t *testing.T) {
		w := repo(t)
		assert.Equal(t, 0, w.run(t.Context(), []string{"reset", "-y", "01", "Other"}))
		assert.Equal(t, "nothing to reset: it is the stub already\n", stdout(w))
	})

	t.Run("refuses in one line, status 1, and changes nothing, when the file does not parse", func(t *testing.T) {
		w := repo(t)
		broken := strings.Replace(work2, "\treturn n / 2\n}\n", "\treturn n / 2\n", 1) // a } missing
		require.NoError(t, os.WriteFile(filepath.Join(w.root, "01-a", "half.go"), []byte(broken), 0o644))
		assert.Equal(t, 1, w.run(t.Context(), []string{"reset", "-y", "01", "Half"}))
		assert.Equal(t, "workshop: 01-a/half.go does not parse (line 7): reset the whole file, or fix it first\n", stderr(w))
		assert.Empty(t, stdout(w))
		assert.Equal(t, broken, half(w))
	})

	t.Run("names the lesson's exercises when the one asked for is not one", func(t *testing.T) {
		w := repo(t)
		assert.Equal(t, 2, w.run(t.Context(), []string{"reset", "01", "Double", "-y"}))
		assert.Equal(t, "workshop: 01-a has no exercise \"Double\": its exercises are Half (half.go), Other (other.go)\n",
			stderr(w))
	})
}

func TestResetFunction(t *testing.T) {
	stub := `//go:build !solution

package main

import "time"

// Limit is an exercise.
func (l *Limiter) Limit() int {
	// TODO: return the limit.
	return 0
}

// Pause is another.
func Pause() time.Duration {
	// TODO: the pause.
	return 0
}
`
	mine := `//go:build !solution

package main

import (
	"strings"
	"sync"
	"time"
)

// Limit is an exercise.
func (l *Limiter) Limit() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(strings.Repeat("x", l.limit))
}

// Pause is another.
func Pause() time.Duration {
	return time.Second
}

type Limiter struct {
	mu    sync.Mutex
	limit int
}
`
	t.Run("puts one function back, keeps the others, and drops the imports only it used", func(t *testing.T) {
		got, err := resetFunction([]byte(mine), []byte(stub), "Limiter.Limit")
		require.NoError(t, err)
		assert.Equal(t, `//go:build !solution

package main

import (
	"sync"
	"time"
)

// Limit is an exercise.
func (l *Limiter) Limit() int {
	// TODO: return the limit.
	return 0
}

// Pause is another.
func Pause() time.Duration {
	return time.Second
}

type Limiter struct {
	mu    sync.Mutex
	limit int
}
`, string(got))
	})

	t.Run("keeps the stub's own imports even when nothing uses them any more", func(t *testing.T) {
		got, err := resetFunction([]byte(mine), []byte(stub), "Pause")
		require.NoError(t, err)
		assert.Contains(t, string(got), "\"time\"")
		assert.Contains(t, string(got), "\"strings\"", "Limit still uses strings")
	})

	t.Run("fails when the function is in neither version", func(t *testing.T) {
		_, err := resetFunction([]byte(mine), []byte(stub), "Missing")
		require.Error(t, err)
	})
}
