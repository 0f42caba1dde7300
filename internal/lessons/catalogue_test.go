package lessons_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-concurrency-workshop/workshop/internal/lessons"
)

// catalogueTree is a workshop of one lesson with a reference solution, two mistakes and an alternative.
func catalogueTree(t testing.TB, extra map[string]string) (string, lessons.Lesson) {
	files := map[string]string{
		"03-pool/main.go":      "package main\n\nfunc main() {}\n",
		"03-pool/pool.go":      "//go:build !solution\n\npackage main\n\n// Pool pools.\nfunc Pool() int {\n\t// TODO: write Pool.\n\treturn 0\n}\n",
		"03-pool/pool_test.go": "package main\n\nimport \"testing\"\n\nfunc TestPool(t *testing.T) {}\n",
		"solutions/03-pool/pool.go": "// Package pool is the reference.\npackage pool\n\nimport \"sync\"\n\n" +
			"// Pool pools.\nfunc Pool() int {\n\tvar mu sync.Mutex\n\tmu.Lock()\n\tdefer mu.Unlock()\n\treturn helper()\n}\n\n" +
			"func helper() int { return 1 }\n",
		"solutions/testdata/mistakes/03-pool/no-lock.go": "// Mistake: no lock, and a helper\n// inlined.\n" +
			"// Replaces: 03-pool/pool.go\n// Caught by: TestPool/locks\n// Removes: helper\n\npackage main\n\n" +
			"func Pool() int {\n\treturn 1 // no lock\n}\n",
		"solutions/testdata/mistakes/03-pool/two.go": "// Mistake: two.\n// Replaces: 03-pool/pool.go\n// Caught by: TestPool\n\n" +
			"package main\n\nimport \"fmt\"\n\nfunc helper() int { fmt.Println(); return 2 }\n",
		"solutions/testdata/alternatives/03-pool/channel.go": "// Alternative: a channel as a lock.\n// Replaces: 03-pool/pool.go\n\n" +
			"package main\n\nfunc Pool() int {\n\tsem := make(chan int, 1)\n\tsem <- 1\n\treturn <-sem\n}\n",
	}
	for k, v := range extra {
		files[k] = v
	}
	root := writeTree(t, files)
	found, err := lessons.Find(root)
	require.NoError(t, err)
	require.Len(t, found, 1)
	return root, found[0]
}

func TestCatalogue(t *testing.T) {
	root, l := catalogueTree(t, nil)

	t.Run("reads each entry's header, by name", func(t *testing.T) {
		ms, err := lessons.Catalogue(root, l, lessons.Mistakes)
		require.NoError(t, err)
		assert.Equal(t, []lessons.Entry{
			{Part: "mistakes", Name: "no-lock", Path: "solutions/testdata/mistakes/03-pool/no-lock.go", What: "no lock, and a helper inlined.",
				Replaces: "03-pool/pool.go", CaughtBy: "TestPool/locks", Removes: []string{"helper"}},
			{Part: "mistakes", Name: "two", Path: "solutions/testdata/mistakes/03-pool/two.go", What: "two.",
				Replaces: "03-pool/pool.go", CaughtBy: "TestPool"},
		}, ms)
		as, err := lessons.Catalogue(root, l, lessons.Alternatives)
		require.NoError(t, err)
		require.Len(t, as, 1)
		assert.Equal(t, "a channel as a lock.", as[0].What)
		assert.Empty(t, as[0].CaughtBy)
	})

	t.Run("reads a list of what an entry removes on as many lines as it takes", func(t *testing.T) {
		root, l := catalogueTree(t, map[string]string{"solutions/testdata/alternatives/03-pool/long.go": "// Alternative: " +
			"long.\n// Replaces: 03-pool/pool.go\n// Removes: helper,\n// other, T.m\n\npackage main\n\nfunc Pool() int { return 1 }\n"})
		as, err := lessons.Catalogue(root, l, lessons.Alternatives)
		require.NoError(t, err)
		require.Len(t, as, 2)
		assert.Equal(t, []string{"helper", "other", "T.m"}, as[1].Removes)
	})

	t.Run("returns no entry for a lesson without a folder in the catalogue", func(t *testing.T) {
		l := l
		l.Dir = "04-none"
		ms, err := lessons.Catalogue(root, l, lessons.Mistakes)
		require.NoError(t, err)
		assert.Empty(t, ms)
	})

	t.Run("splices the entry into the reference, which keeps its package and its doc comments", func(t *testing.T) {
		ms, err := lessons.Catalogue(root, l, lessons.Mistakes)
		require.NoError(t, err)
		ref, got, err := ms[0].Splice(root)
		require.NoError(t, err)
		assert.Contains(t, string(ref), "func helper()")
		assert.Equal(t, "// Package pool is the reference.\npackage pool\n\n// Pool pools.\nfunc Pool() int {\n\treturn 1 // no lock\n}\n", string(got))

		_, got, err = ms[1].Splice(root)
		require.NoError(t, err)
		assert.Contains(t, string(got), "import (\n\t\"fmt\"\n\t\"sync\"\n)", "the entry's import is added")
	})

	t.Run("splices a mistake based on an alternative over that alternative, so it holds only what differs from it", func(t *testing.T) {
		root, l := catalogueTree(t, map[string]string{
			"solutions/testdata/mistakes/03-pool/unbuffered.go": "// Mistake: the channel has no room.\n// Replaces: 03-pool/pool.go\n" +
				"// Based on: channel\n// Caught by: TestPool\n\npackage main\n\n" +
				"func Pool() int {\n\tsem := make(chan int) // no room: the send waits for ever\n\tsem <- 1\n\treturn <-sem\n}\n",
		})
		ms, err := lessons.Catalogue(root, l, lessons.Mistakes)
		require.NoError(t, err)
		e := ms[2]
		require.Equal(t, "unbuffered", e.Name)
		assert.Equal(t, "channel", e.BasedOn)
		assert.Equal(t, "solutions/03-pool/pool.go with the alternative channel", e.Base())
		base, got, err := e.Splice(root)
		require.NoError(t, err)
		assert.Contains(t, string(base), "sem := make(chan int, 1)", "the base is the alternative, spliced into the reference")
		assert.Contains(t, string(got), "sem := make(chan int) // no room")
		assert.Contains(t, string(got), "func helper()", "the reference's other declarations stay")

		root, l = catalogueTree(t, map[string]string{
			"solutions/testdata/mistakes/03-pool/orphan.go": "// Mistake: m.\n// Replaces: 03-pool/pool.go\n// Based on: nowhere\n" +
				"// Caught by: TestPool\n\npackage main\n",
		})
		ms, err = lessons.Catalogue(root, l, lessons.Mistakes)
		require.NoError(t, err)
		_, _, err = ms[1].Splice(root)
		assert.ErrorContains(t, err, "lessons: solutions/testdata/mistakes/03-pool/orphan.go is based on nowhere: open ")
	})

	t.Run("makes the exercise files for go test -overlay, with the exercise file's build line and package", func(t *testing.T) {
		ms, err := lessons.Catalogue(root, l, lessons.Mistakes)
		require.NoError(t, err)
		overlay, err := ms[0].Overlay(root, t.TempDir(), l)
		require.NoError(t, err)
		assert.Equal(t, "//go:build !solution\n\npackage main\n\n// Pool pools.\nfunc Pool() int {\n\treturn 1 // no lock\n}\n",
			swappedIn(t, overlay, root, "03-pool/pool.go"))
	})

	t.Run("swaps the reference in for every other exercise file, so that only the entry differs", func(t *testing.T) {
		root, l := catalogueTree(t, map[string]string{
			"03-pool/other.go":           "//go:build !solution\n\npackage main\n\nfunc Other() int {\n\t// TODO: write Other.\n\treturn 0\n}\n",
			"solutions/03-pool/other.go": "package pool\n\nfunc Other() int { return 2 }\n",
		})
		ms, err := lessons.Catalogue(root, l, lessons.Mistakes)
		require.NoError(t, err)
		overlay, err := ms[0].Overlay(root, t.TempDir(), l)
		require.NoError(t, err)
		assert.Equal(t, "//go:build !solution\n\npackage main\n\nfunc Other() int { return 2 }\n", swappedIn(t, overlay, root, "03-pool/other.go"))

		require.NoError(t, os.Remove(filepath.Join(root, "solutions", "03-pool", "other.go")))
		_, err = ms[0].Overlay(root, t.TempDir(), l)
		assert.ErrorContains(t, err, "lessons: solutions/testdata/mistakes/03-pool/no-lock.go: open ")
	})
}

func TestCatalogueRefuses(t *testing.T) {
	cases := []struct{ says, entry, err string }{
		{"a header without its test", "// Mistake: m.\n// Replaces: 03-pool/pool.go\n\npackage main\n",
			"lessons: solutions/testdata/mistakes/03-pool/bad.go: its header lacks a field: the header is // Mistake: (one or more lines), " +
				"// Replaces: NN-name/file.go, optionally // Based on: an-alternative, // Caught by: TestName/subtest, and optionally // Removes: a, b (on as many lines as it takes)"},
		{"fields out of order", "// Mistake: m.\n// Caught by: TestPool\n// Replaces: 03-pool/pool.go\n\npackage main\n",
			"bad.go: line 3 of the header is not what it should be"},
		{"a header that starts with something else", "// Package main.\n// Mistake: m.\n\npackage main\n",
			"bad.go: line 1 of the header is not what it should be"},
		{"a file that is no exercise file", "// Mistake: m.\n// Replaces: 03-pool/other.go\n// Caught by: TestPool\n\npackage main\n",
			"its Replaces: line names 03-pool/other.go, which is not an exercise file of 03-pool (03-pool/pool.go)"},
		{"a test the lesson lacks", "// Mistake: m.\n// Replaces: 03-pool/pool.go\n// Caught by: TestPoll/x\n\npackage main\n",
			"its Caught by: line names TestPoll, a test that 03-pool does not have"},
	}
	for _, c := range cases {
		t.Run("refuses "+c.says+", in one line", func(t *testing.T) {
			root, l := catalogueTree(t, map[string]string{"solutions/testdata/mistakes/03-pool/bad.go": c.entry})
			_, err := lessons.Catalogue(root, l, lessons.Mistakes)
			require.Error(t, err)
			assert.Contains(t, err.Error(), c.err)
			assert.NotContains(t, err.Error(), "\n")
		})
	}

	t.Run("refuses a Caught by line in an alternative", func(t *testing.T) {
		root, l := catalogueTree(t, map[string]string{"solutions/testdata/alternatives/03-pool/bad.go": "// Alternative: a.\n" +
			"// Replaces: 03-pool/pool.go\n// Caught by: TestPool\n\npackage main\n"})
		_, err := lessons.Catalogue(root, l, lessons.Alternatives)
		assert.ErrorContains(t, err, "line 3 of the header")
	})

	spliceCases := []struct{ says, entry, err string }{
		{"an entry that does not parse, with its line", "// Mistake: m.\n// Replaces: 03-pool/pool.go\n// Caught by: TestPool\n\npackage main\n\nfunc Pool( {\n",
			"lessons: solutions/testdata/mistakes/03-pool/bad.go does not parse (line 7)"},
		{"a declaration it cannot match", "// Mistake: m.\n// Replaces: 03-pool/pool.go\n// Caught by: TestPool\n\npackage main\n\nfunc init() {}\n",
			"lessons: solutions/testdata/mistakes/03-pool/bad.go into solutions/03-pool/pool.go: splice: the patch's init: an init function has no name to match"},
		{"a removal of what the reference lacks", "// Mistake: m.\n// Replaces: 03-pool/pool.go\n// Caught by: TestPool\n// Removes: nothing\n\npackage main\n",
			"lessons: solutions/testdata/mistakes/03-pool/bad.go into solutions/03-pool/pool.go: splice: no declaration nothing to remove"},
	}
	for _, c := range spliceCases {
		t.Run("refuses to splice "+c.says, func(t *testing.T) {
			root, l := catalogueTree(t, map[string]string{"solutions/testdata/mistakes/03-pool/bad.go": c.entry})
			ms, err := lessons.Catalogue(root, l, lessons.Mistakes)
			require.NoError(t, err)
			_, _, err = ms[0].Splice(root)
			require.Error(t, err)
			assert.True(t, strings.HasPrefix(err.Error(), c.err), err.Error())
		})
	}

	t.Run("refuses an entry whose reference file does not exist", func(t *testing.T) {
		root, l := catalogueTree(t, nil)
		require.NoError(t, os.Remove(filepath.Join(root, "solutions", "03-pool", "pool.go")))
		ms, err := lessons.Catalogue(root, l, lessons.Mistakes)
		require.NoError(t, err)
		_, _, err = ms[0].Splice(root)
		assert.ErrorContains(t, err, "lessons: solutions/testdata/mistakes/03-pool/no-lock.go: open ")
	})
}

// swappedIn returns what the overlay file swaps in for the file (relative to root).
func swappedIn(t testing.TB, overlay, root, file string) string {
	t.Helper()
	data, err := os.ReadFile(overlay)
	require.NoError(t, err)
	var o struct{ Replace map[string]string }
	require.NoError(t, json.Unmarshal(data, &o))
	from, err := filepath.Abs(filepath.Join(root, filepath.FromSlash(file)))
	require.NoError(t, err)
	require.Contains(t, o.Replace, from)
	src, err := os.ReadFile(o.Replace[from])
	require.NoError(t, err)
	return string(src)
}
