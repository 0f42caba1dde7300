package main

import (
	"fmt"
	"strings"
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
	hs := hunks(diffLines(a, b), 3, aLine, bLine)
	if len(hs) == 0 {
		return ""
	}
	var s strings.Builder
	fmt.Fprintf(&s, "--- %s\n+++ %s\n", aName, bName)
	for _, h := range hs {
		s.WriteString(h.header() + "\n")
		for _, e := range h.edits {
			s.WriteString(string(e.op) + e.text + "\n")
		}
	}
	return s.String()
}
