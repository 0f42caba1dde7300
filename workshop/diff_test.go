package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestUnified(t *testing.T) {
	t.Run("is empty for the same lines", func(t *testing.T) {
		assert.Empty(t, unified("a", "b", []string{"x", "y"}, []string{"x", "y"}, 1, 1))
	})

	t.Run("shows a change with three lines of context and headers that point into the files", func(t *testing.T) {
		a := strings.Split("1\n2\n3\n4\n5\n6\n7\n8", "\n")
		b := strings.Split("1\n2\n3\n4\nfive\n6\n7\n8", "\n")
		assert.Equal(t, "--- a\n+++ b\n@@ -12,7 +22,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n", unified("a", "b", a, b, 11, 21))
	})

	t.Run("makes two hunks of changes far apart and one of changes close together", func(t *testing.T) {
		a := strings.Split("a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl", "\n")
		far := strings.Split("A\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nL", "\n")
		assert.Equal(t, 2, strings.Count(unified("a", "b", a, far, 1, 1), "@@ -"))
		near := strings.Split("a\nB\nc\nd\ne\nF\ng\nh\ni\nj\nk\nl", "\n")
		assert.Equal(t, 1, strings.Count(unified("a", "b", a, near, 1, 1), "@@ -"))
	})

	t.Run("adds and removes whole lines", func(t *testing.T) {
		d := unified("a", "b", []string{"keep", "gone"}, []string{"keep", "new", "newer"}, 1, 1)
		assert.Equal(t, "--- a\n+++ b\n@@ -1,2 +1,3 @@\n keep\n-gone\n+new\n+newer\n", d)
	})
}

func TestDiffLines(t *testing.T) {
	t.Run("keeps the longest common subsequence", func(t *testing.T) {
		var kept []string
		for _, e := range diffLines(strings.Split("a b c d e", " "), strings.Split("a x c e y", " ")) {
			if e.op == ' ' {
				kept = append(kept, e.text)
			}
		}
		assert.Equal(t, []string{"a", "c", "e"}, kept)
	})
}

func TestFileDiff(t *testing.T) {
	t.Run("names in each hunk's header the declaration it starts in, as git does", func(t *testing.T) {
		a := strings.Split("package p\n\nfunc (s *Stage[I, O]) Run(ctx context.Context) error {\n\ta := 1\n\tb := 2\n\tc := 3\n\td := 4\n\treturn nil\n}", "\n")
		b := strings.Split("package p\n\nfunc (s *Stage[I, O]) Run(ctx context.Context) error {\n\ta := 1\n\tb := 2\n\tc := 3\n\td := 5\n\treturn nil\n}", "\n")
		assert.Equal(t, "--- a\n+++ b\n@@ -4,6 +4,6 @@ func (s *Stage[I, O]) Run(ctx context.Context) error\n"+
			" \ta := 1\n \tb := 2\n \tc := 3\n-\td := 4\n+\td := 5\n \treturn nil\n }\n", fileDiff("a", "b", a, b))
	})
}
