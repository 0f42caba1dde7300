package compare

import (
	"fmt"
	"io"
	"strings"

	"github.com/go-concurrency-workshop/workshop/internal/units"
)

// WriteMarkdown writes the comparison as Markdown tables, for the README.
func (c Comparison) WriteMarkdown(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s requests each, %s, %s. %s.\n\n", units.Count(c.Requests), c.code(), c.When.Format("2006-01-02"), c.setting())
	if c.Interrupted {
		fmt.Fprintf(&b, "**%s.**\n\n", interrupted)
	}
	markdownTable(&b, c.traffic())
	b.WriteString("\n")
	if base := c.baseline(); base != nil {
		fmt.Fprintf(&b, "What each cost, and (in brackets) its multiple of %s's:\n\n", base.Lesson)
	}
	markdownTable(&b, c.cost())
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
