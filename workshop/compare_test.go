package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// brokenWorkshop is a workshop whose one lesson does not build: compare builds it, finds nothing to run,
// and starts no server.
func brokenWorkshop(t *testing.T) string {
	t.Helper()
	return writeTree(t, map[string]string{
		"go.mod":           "module example.com/fake\n\ngo 1.25.0\n",
		"01-first/main.go": "package main\n\nfunc main() { notDeclared() }\n",
	})
}

func TestCompareChecksItsOutputFilesBeforeRunning(t *testing.T) {
	root := brokenWorkshop(t)
	md := filepath.Join(t.TempDir(), "a.md")
	require.NoError(t, os.WriteFile(md, []byte("the last comparison\n"), 0o644))

	w, stdout, stderr := testWorkshop(t, root)
	status := w.run(t.Context(), []string{"compare", "-md", md, "-html", "/nonexistent/dir/x.html"})

	assert.Equal(t, 1, status)
	assert.Equal(t, "workshop: compare -html /nonexistent/dir/x.html cannot be written: /nonexistent/dir: no such file or directory\n",
		stderr.String(), "one line that says which file, and why")
	assert.Empty(t, stdout.String(), "nothing ran")
	got, err := os.ReadFile(md)
	require.NoError(t, err)
	assert.Equal(t, "the last comparison\n", string(got), "a file that can be written is left as it was")

	for _, bad := range []struct{ flag, path, says string }{
		{"-json", t.TempDir(), "that is a folder"},
		{"-md", filepath.Join(md, "x.md"), "not a directory"},
	} {
		w, _, stderr := testWorkshop(t, root)
		assert.Equal(t, 1, w.run(t.Context(), []string{"compare", bad.flag, bad.path}))
		assert.Contains(t, stderr.String(), bad.says)
		assert.Equal(t, 1, strings.Count(stderr.String(), "\n"), stderr.String())
	}
}

// snooper is compare's log: when the log first says "building", it reads the output file as it is then.
type snooper struct {
	mu     sync.Mutex
	path   string
	log    strings.Builder
	during *string // the file's content while the comparison ran; nil until then
}

func (s *snooper) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.log.Write(p)
	if s.during == nil && strings.Contains(s.log.String(), "building") {
		data, err := os.ReadFile(s.path)
		content := string(data)
		if err != nil {
			content = err.Error()
		}
		s.during = &content
	}
	return len(p), nil
}

func TestCompareLeavesItsOutputFilesAsTheyWereUntilItHasRun(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go build")
	}
	root := brokenWorkshop(t)
	dir := t.TempDir()
	md := filepath.Join(dir, "a.md")
	require.NoError(t, os.WriteFile(md, []byte("the last comparison\n"), 0o600))

	w, _, _ := testWorkshop(t, root)
	log := &snooper{path: md}
	w.errOut = log
	status := w.run(t.Context(), []string{"compare", "-md", md})

	assert.Equal(t, 1, status, "a lesson that does not build fails the comparison")
	require.NotNil(t, log.during, "compare said it was building: %s", log.log.String())
	assert.Equal(t, "the last comparison\n", *log.during, "while the comparison runs, the file holds what it held")
	got, err := os.ReadFile(md)
	require.NoError(t, err)
	assert.Contains(t, string(got), "| 01-first | no build |", "at the end, the new comparison")
	info, err := os.Stat(md)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), info.Mode().Perm(), "the file keeps its permissions")
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, entries, 1, "no temporary file is left beside it")
}

func TestCompareWritesNothingWhenNothingRan(t *testing.T) {
	root := brokenWorkshop(t)
	md := filepath.Join(t.TempDir(), "a.md")
	require.NoError(t, os.WriteFile(md, []byte("the last comparison\n"), 0o644))
	ctx, cancel := context.WithCancel(t.Context())
	cancel() // Ctrl-C before the first build

	w, _, stderr := testWorkshop(t, root)
	assert.Equal(t, 130, w.run(ctx, []string{"compare", "-md", md}))
	got, err := os.ReadFile(md)
	require.NoError(t, err)
	assert.Equal(t, "the last comparison\n", string(got), "an interrupted comparison with no row does not replace the file")
	assert.Contains(t, stderr.String(), "the output files are left as they were")
}
