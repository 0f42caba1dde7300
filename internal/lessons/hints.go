package lessons

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

const (
	hintsFile     = "hints.md"     // a lesson's hints, beside its README
	challengeFile = "challenge.go" // a lesson's challenge, an exercise file of its own
)

// ChallengeSection is the section of hints.md that holds the challenge's hints, at most two.
const ChallengeSection = "Challenge"

// Hint is one of a lesson's hints, from its hints.md.
type Hint struct {
	Section string // the exercise it helps with, "Monitor" or "Limiter.Succeeded", or ChallengeSection
	Number  int    // the N of "### N. title": 1 for the section's first hint
	Title   string // "What does a ticker need once you are done with it?"
	Body    string // the Markdown below the title, trimmed
}

// Section is the section of hints.md an exercise's hints are in: its name, or ChallengeSection for an
// exercise of the challenge.
func (e Exercise) Section() string {
	if e.Challenge {
		return ChallengeSection
	}
	return e.Func
}

// HintsFor returns the lesson's hints of one section, in order.
func (l Lesson) HintsFor(section string) []Hint {
	var hints []Hint
	for _, h := range l.Hints {
		if h.Section == section {
			hints = append(hints, h)
		}
	}
	return hints
}

// hintTitle is a hint's heading: "### 2. What stops the loop?".
var hintTitle = regexp.MustCompile(`^###\s+([0-9]+)\.\s+(.+?)\s*$`)

// ParseHints reads a lesson's hints.md:
//
//	# Lesson 04: hints
//
//	A paragraph on how to read them.
//
//	## Monitor
//
//	### 1. What does a ticker need once you are done with it?
//
//	The hint, in Markdown.
//
//	## Challenge
//
//	### 1. ...
//
// It returns the hints in order, and what does not follow that form, a line each: a hint outside a
// section, a "### " heading that is not "### N. title". Headings inside fenced code blocks are text.
func ParseHints(md []byte) ([]Hint, []string) {
	d := parseHints(md)
	return d.hints, d.problems
}

// hintsDoc is what a hints.md holds.
type hintsDoc struct {
	sections []string // the "## " headings, in order
	hints    []Hint
	problems []string
}

func parseHints(md []byte) hintsDoc {
	var d hintsDoc
	var body []string
	inHint, fenced := false, false
	flush := func() {
		if inHint {
			d.hints[len(d.hints)-1].Body = strings.TrimSpace(strings.Join(body, "\n"))
		}
		body, inHint = nil, false
	}
	lines := bufio.NewScanner(bytes.NewReader(md))
	for n := 1; lines.Scan(); n++ {
		line := lines.Text()
		if strings.HasPrefix(strings.TrimSpace(line), "```") {
			fenced = !fenced
		}
		if fenced || !strings.HasPrefix(line, "#") {
			body = append(body, line)
			continue
		}
		flush()
		switch {
		case strings.HasPrefix(line, "## "):
			d.sections = append(d.sections, strings.TrimSpace(strings.TrimPrefix(line, "## ")))
		case strings.HasPrefix(line, "### "):
			m := hintTitle.FindStringSubmatch(line)
			if m == nil || len(d.sections) == 0 {
				d.problems = append(d.problems, fmt.Sprintf("line %d: a hint is \"### N. title\" under a \"## section\": %q", n, line))
				continue
			}
			number, _ := strconv.Atoi(m[1])
			d.hints = append(d.hints, Hint{Section: d.sections[len(d.sections)-1], Number: number, Title: m[2]})
			inHint = true
		}
	}
	flush()
	return d
}

// challengeHeading returns a README's heading of the challenge section, "Challenge: Breaker", or "".
func challengeHeading(readme []byte) string {
	for line := range strings.SplitSeq(string(readme), "\n") {
		if title, ok := strings.CutPrefix(line, "## Challenge"); ok && (title == "" || title[0] == ':') {
			return strings.TrimSpace(strings.TrimPrefix(line, "## "))
		}
	}
	return ""
}

// HasChallenge reports whether the lesson has a challenge: exercises in its challenge.go.
func (l Lesson) HasChallenge() bool {
	return slices.ContainsFunc(l.Exercises, func(e Exercise) bool { return e.Challenge })
}

// hintBlock is a hint the old way, in a README: <details><summary>Hint ...</summary>.
var hintBlock = regexp.MustCompile(`(?s)<details>\s*<summary>\s*Hint\b`)

// CheckHints says, a line each, what keeps the lesson's hints from following the workshop's form: a
// hints.md beside the README, with a section per exercise named as the exercise (in the order the lesson
// teaches them), hints numbered from 1 in each, a last section Challenge with one or two hints when the
// lesson has a challenge (and none when it has not); and no hint left in the README.
func CheckHints(root string, l Lesson) []string {
	var problems []string
	readme, err := os.ReadFile(filepath.Join(root, l.Dir, "README.md"))
	if err == nil && hintBlock.Match(readme) {
		problems = append(problems, l.Dir+"/README.md holds a <details> hint block: hints live in "+hintsFile)
	}
	md, err := os.ReadFile(filepath.Join(root, l.Dir, hintsFile))
	if errors.Is(err, os.ErrNotExist) {
		return append(problems, l.Dir+" has no "+hintsFile)
	} else if err != nil {
		return append(problems, err.Error())
	}
	d := parseHints(md)
	for _, p := range d.problems {
		problems = append(problems, l.Dir+"/"+hintsFile+": "+p)
	}
	problems = append(problems, checkSections(l, d.sections)...)
	l.Hints = d.hints
	for _, section := range d.sections {
		hints := l.HintsFor(section)
		for i, h := range hints {
			if h.Number != i+1 {
				problems = append(problems, fmt.Sprintf("%s/%s: hint %q of %s is numbered %d, not %d", l.Dir, hintsFile, h.Title, section, h.Number, i+1))
			}
		}
		if len(hints) == 0 {
			problems = append(problems, fmt.Sprintf("%s/%s: %s has no hint", l.Dir, hintsFile, section))
		}
	}
	if n := len(l.HintsFor(ChallengeSection)); n > 2 {
		problems = append(problems, fmt.Sprintf("%s/%s: the challenge has %d hints: two at most", l.Dir, hintsFile, n))
	}
	return problems
}

// checkSections says what is wrong with the sections of a hints.md: one per exercise, each once, and no
// other; Challenge, when the lesson has a challenge, last.
func checkSections(l Lesson, sections []string) []string {
	var problems []string
	var want []string
	for _, e := range l.Exercises {
		if !slices.Contains(want, e.Section()) {
			want = append(want, e.Section())
		}
	}
	var missing, extra []string
	for _, w := range want {
		if !slices.Contains(sections, w) {
			missing = append(missing, w)
		}
	}
	for i, s := range sections {
		if !slices.Contains(want, s) || slices.Index(sections, s) < i {
			extra = append(extra, s)
		}
	}
	if len(missing) > 0 || len(extra) > 0 {
		problems = append(problems, fmt.Sprintf("%s/%s has the sections %s; it should have one for each of %s, and no other",
			l.Dir, hintsFile, quoted(sections), quoted(want)))
	}
	if l.HasChallenge() && len(sections) > 0 && slices.Contains(sections, ChallengeSection) && sections[len(sections)-1] != ChallengeSection {
		problems = append(problems, fmt.Sprintf("%s/%s: the section Challenge comes last", l.Dir, hintsFile))
	}
	return problems
}

// quoted lists names as "a", "b" and "c"; "none" for no name.
func quoted(names []string) string {
	if len(names) == 0 {
		return "none"
	}
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = strconv.Quote(n)
	}
	return strings.Join(q, ", ")
}
