package compare

import (
	"fmt"
	"io"
	"strings"

	"github.com/go-concurrency-workshop/workshop/internal/units"
)

// WriteMarkdown writes the comparison as Markdown, for the README: for each server a heading, its setting
// and two tables; then "Which pattern when", and the seed's guesses beside the figures.
func (c Comparison) WriteMarkdown(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s requests each, %s, %s. The %s.\n", units.Count(c.Requests), c.code(), c.When.Format("2006-01-02"),
		strings.Replace(idealNote, "ideal = ", "ideal is ", 1))
	if c.Interrupted {
		fmt.Fprintf(&b, "\n**%s.**\n", interrupted)
	}
	for _, s := range c.Sections {
		fmt.Fprintf(&b, "\n### %s\n\n`%s`: %s.\n\n", s.title(), s.Server, s.limits())
		if s.Skipped != "" {
			fmt.Fprintf(&b, "%s\n", s.Skipped)
			continue
		}
		for _, line := range s.sampled() {
			fmt.Fprintf(&b, "%s.\n\n", line)
		}
		markdownTable(&b, s.traffic())
		if note := s.costLine(); note != "" {
			fmt.Fprintf(&b, "\n%s:\n", note)
		}
		b.WriteString("\n")
		markdownTable(&b, s.cost())
		for _, r := range s.Rows {
			if r.State != Ran && r.Detail != "" {
				fmt.Fprintf(&b, "\n%s %s: %s\n", r.name(), r.State, strings.ReplaceAll(r.Detail, "\n", " "))
			}
		}
	}
	if g := c.guide(); len(g) > 0 {
		b.WriteString("\n### Which pattern when\n\n")
		for _, l := range g {
			fmt.Fprintf(&b, "- **%s** (%s): %s\n", l.Name, l.Lesson, l.Text)
		}
		if seed := c.seedTable(); len(seed) > 0 {
			fmt.Fprintf(&b, "\n%s\n\n", seedNote)
			markdownTable(&b, seed)
			fmt.Fprintf(&b, "\n%s\n", c.seedAside())
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func markdownTable(b *strings.Builder, t table) {
	for i, row := range t {
		b.WriteString("| " + strings.Join(row, " | ") + " |\n")
		if i == 0 {
			b.WriteString("|---" + strings.Repeat("|--:", len(row)-1) + "|\n")
		}
	}
}
