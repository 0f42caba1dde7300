package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// buffer is a bytes.Buffer safe for a goroutine writing while another reads; when it is first written
// something containing wait, it closes seen.
type buffer struct {
	mu   sync.Mutex
	buf  bytes.Buffer
	wait string
	seen chan struct{}
}

func (b *buffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	n, err := b.buf.Write(p)
	if b.seen != nil && strings.Contains(b.buf.String(), b.wait) {
		close(b.seen)
		b.seen = nil
	}
	return n, err
}

func (b *buffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// Reset empties the buffer.
func (b *buffer) Reset() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf.Reset()
}

// waitFor returns a channel closed once the buffer holds s.
func (b *buffer) waitFor(s string) <-chan struct{} {
	b.mu.Lock()
	defer b.mu.Unlock()
	seen := make(chan struct{})
	if strings.Contains(b.buf.String(), s) {
		close(seen)
		return seen
	}
	b.wait, b.seen = s, seen
	return seen
}

// testWorkshop returns the tool bound to root, with no terminal, its output in buffers, its cache in a
// temporary folder of its own, and a short poll for watch.
func testWorkshop(t testing.TB, root string) (w *workshop, stdout, stderr *buffer) {
	t.Helper()
	stdout, stderr = &buffer{}, &buffer{}
	return &workshop{
		root:   root,
		in:     strings.NewReader(""),
		out:    stdout,
		errOut: stderr,
		cache:  store{dir: t.TempDir()},
		poll:   20 * time.Millisecond,
	}, stdout, stderr
}

// verbRunner returns a function that runs the tool with args, on empty output buffers, and returns its
// status; it gives the go command the time it takes on a loaded machine.
func verbRunner(t testing.TB, w *workshop) func(args ...string) int {
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	t.Cleanup(cancel)
	return func(args ...string) int {
		w.out.(*buffer).Reset()
		w.errOut.(*buffer).Reset()
		return w.run(ctx, args)
	}
}

// writeTree writes files (path relative to root → content) under a new temporary folder, and returns it.
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

func TestBadCommandLines(t *testing.T) {
	root := writeTree(t, map[string]string{
		"go.mod":            "module example.com/fake\n\ngo 1.25.0\n",
		"01-first/main.go":  "package main\n\nfunc main() {}\n",
		"01-first/half.go":  stubV1,
		"01-first/hints.md": "# Hints\n\n## Half\n\n### 1. one\n\nx\n",
	})
	cases := map[string][]string{
		"an unknown verb":                 {"lsit"},
		"a lesson that does not exist":    {"check", "9"},
		"a lesson name that means none":   {"hint", "nope"},
		"a watch of no lesson":            {"watch", "03-third"},
		"a solution of no lesson":         {"solution", "7"},
		"a reset of no lesson":            {"reset", "-y", "2"},
		"a hint number out of range":      {"hint", "01", "2"},
		"a hint number that is no number": {"hint", "01", "half", "two"},
		"a hint of no exercise":           {"hint", "01", "Double"},
		"too many lessons":                {"check", "1", "2"},
		"no lesson where one is needed":   {"hint"},
		"an unknown flag":                 {"list", "-v"},
		"a compare with a bad flag":       {"compare", "-requests", "0"},
		"a compare of one lesson":         {"compare", "01"},
		"a compare on no such profile":    {"compare", "-profile", "stormy"},
	}
	for says, args := range cases {
		t.Run("answers "+says+" with one line on stderr and status 2", func(t *testing.T) {
			w, stdout, stderr := testWorkshop(t, root)
			assert.Equal(t, 2, w.run(t.Context(), args))
			assert.Empty(t, stdout.String())
			assert.Equal(t, 1, strings.Count(stderr.String(), "\n"), "stderr: %q", stderr.String())
			assert.True(t, strings.HasPrefix(stderr.String(), "workshop: "), stderr.String())
		})
	}

	t.Run("lists the lessons when the name matches none", func(t *testing.T) {
		w, _, stderr := testWorkshop(t, root)
		w.run(t.Context(), []string{"check", "sequential"})
		assert.Equal(t, "workshop: no lesson \"sequential\": the lessons are 01-first\n", stderr.String())
	})

	t.Run("prints every verb for help, with status 0", func(t *testing.T) {
		w, stdout, _ := testWorkshop(t, root)
		assert.Equal(t, 0, w.run(t.Context(), []string{"help"}))
		for _, v := range verbs {
			assert.Contains(t, stdout.String(), "\n  "+v.name)
		}
	})

	t.Run("prints a verb's usage line for -h, with status 0", func(t *testing.T) {
		w, stdout, stderr := testWorkshop(t, root)
		assert.Equal(t, 0, w.run(t.Context(), []string{"hint", "-h"}))
		assert.Equal(t, "usage: go run ./workshop hint <lesson> [exercise|challenge] [n]\n", stdout.String())
		assert.Empty(t, stderr.String())
	})

	t.Run("prints the usage on stderr with status 2 when there is no verb", func(t *testing.T) {
		w, stdout, stderr := testWorkshop(t, root)
		assert.Equal(t, 2, w.run(t.Context(), nil))
		assert.Empty(t, stdout.String())
		assert.Contains(t, stderr.String(), "usage: go run ./workshop")
	})

	t.Run("fails in one line, status 1, outside a workshop", func(t *testing.T) {
		w, _, stderr := testWorkshop(t, t.TempDir())
		assert.Equal(t, 1, w.run(t.Context(), []string{"hint", "01"}))
		assert.Equal(t, 1, strings.Count(stderr.String(), "\n"), stderr.String())
	})
}
