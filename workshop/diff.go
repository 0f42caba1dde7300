package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/go-concurrency-workshop/workshop/internal/term"
)

// An edit is one line of a diff: kept (' '), removed ('-') or added ('+').
type edit struct {
	op   byte
	text string
}

// diffLines returns the edits that turn a into b, through their longest common subsequence: the plain
// O(len(a)·len(b)) table is enough for the few dozen lines of a function.
func diffLines(a, b []string) []edit {
	// lcs[i][j] is the length of the longest common subsequence of a[i:] and b[j:].
	lcs := make([][]int, len(a)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var edits []edit
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case i < len(a) && j < len(b) && a[i] == b[j]:
			edits = append(edits, edit{' ', a[i]})
			i, j = i+1, j+1
		case i < len(a) && (j == len(b) || lcs[i+1][j] >= lcs[i][j+1]):
			edits = append(edits, edit{'-', a[i]}) // removals first, as diff -u shows them
			i++
		default:
			edits = append(edits, edit{'+', b[j]})
			j++
		}
	}
	return edits
}

// hunk is a run of edits with its context, as a unified diff shows it.
type hunk struct {
	aStart, aLen, bStart, bLen int
	edits                      []edit
}

// hunks groups the edits into hunks with context lines of context around each change. aLine and bLine are
// the line numbers of a[0] and b[0] in their files, so that the headers point into the files.
func hunks(edits []edit, context, aLine, bLine int) []hunk {
	var out []hunk
	for i := 0; i < len(edits); {
		if edits[i].op == ' ' {
			i++
			continue
		}
		start := max(0, i-context)
		end := i
		// Extend over changes closer together than twice the context.
		for end < len(edits) {
			if edits[end].op != ' ' {
				end++
				continue
			}
			next := end
			for next < len(edits) && edits[next].op == ' ' {
				next++
			}
			if next == len(edits) || next-end > 2*context {
				end = min(len(edits), end+context)
				break
			}
			end = next
		}
		h := hunk{edits: edits[start:end]}
		// A hunk starts after the lines of a and b that come before it.
		for _, e := range edits[:start] {
			if e.op != '+' {
				h.aStart++
			}
			if e.op != '-' {
				h.bStart++
			}
		}
		h.aStart += aLine
		h.bStart += bLine
		for _, e := range h.edits {
			if e.op != '+' {
				h.aLen++
			}
			if e.op != '-' {
				h.bLen++
			}
		}
		out = append(out, h)
		i = end
	}
	return out
}

// header is the hunk's "@@ -a,n +b,m @@" line.
func (h hunk) header() string {
	return fmt.Sprintf("@@ -%d,%d +%d,%d @@", h.aStart, h.aLen, h.bStart, h.bLen)
}

// unified returns the unified diff of a and b, named aName and bName, with three lines of context; "" when
// they are the same. aLine and bLine are the line numbers of their first lines in their files.
func unified(aName, bName string, a, b []string, aLine, bLine int) string {
	return render(aName, bName, hunks(diffLines(a, b), 3, aLine, bLine), nil)
}

// fileDiff is the unified diff of two versions of a whole Go file, a and b; each hunk's header names, as
// git's do, the declaration of a that it starts in.
func fileDiff(aName, bName string, a, b []string) string {
	return render(aName, bName, hunks(diffLines(a, b), 3, 1, 1), a)
}

// render writes hunks as a unified diff; with the lines of a, each header ends with the line that starts
// the declaration before the hunk.
func render(aName, bName string, hs []hunk, a []string) string {
	if len(hs) == 0 {
		return ""
	}
	var s strings.Builder
	fmt.Fprintf(&s, "--- %s\n+++ %s\n", aName, bName)
	for _, h := range hs {
		s.WriteString(h.header())
		if decl := enclosing(a, h.aStart-1); decl != "" {
			s.WriteString(" " + decl)
		}
		s.WriteString("\n")
		for _, e := range h.edits {
			s.WriteString(string(e.op) + e.text + "\n")
		}
	}
	return s.String()
}

// enclosing returns the last line of the Go file a, before its line i (counted from 0), that starts a
// top-level declaration, cut to 60 bytes; "" if there is none.
func enclosing(a []string, i int) string {
	for j := min(i, len(a)) - 1; j >= 0; j-- {
		for _, kw := range []string{"func ", "type ", "var ", "const "} {
			if strings.HasPrefix(a[j], kw) {
				return strings.TrimSuffix(a[j][:min(len(a[j]), 60)], " {")
			}
		}
	}
	return ""
}

// printDiff writes a unified diff, colored on a terminal: the names bold, the hunk headers as labels, the
// lines removed red and the lines added green.
func printDiff(out io.Writer, d string) {
	for _, line := range strings.SplitAfter(d, "\n") {
		switch {
		case strings.HasPrefix(line, "---"), strings.HasPrefix(line, "+++"):
			fmt.Fprint(out, term.Title.Sprint(line))
		case strings.HasPrefix(line, "@@"):
			fmt.Fprint(out, term.Label.Sprint(line))
		case strings.HasPrefix(line, "-"):
			fmt.Fprint(out, term.Bad.Sprint(line))
		case strings.HasPrefix(line, "+"):
			fmt.Fprint(out, term.Good.Sprint(line))
		default:
			fmt.Fprint(out, line)
		}
	}
}
