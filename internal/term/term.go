// Package term says whether output goes to a terminal and holds the workshop's colors, so the report and
// the server's status line look alike.
package term

import (
	"io"
	"os"

	"github.com/fatih/color"
	"github.com/mattn/go-isatty"

	"github.com/go-concurrency-workshop/workshop/internal/units"
)

// The workshop's palette. fatih/color turns every color off when stdout is not a terminal, when NO_COLOR
// is set or when TERM is dumb; a program turns them off for its own reasons with color.NoColor = true.
var (
	Title = color.New(color.Bold)    // headings and the figures that matter most
	Label = color.New(color.FgCyan)  // the name in front of a figure
	Good  = color.New(color.FgGreen) // all is well
	Warn  = color.New(color.FgYellow)
	Bad   = color.New(color.FgRed)
	Faint = color.New(color.Faint) // asides
)

// IsTerminal reports whether w is a terminal (a Cygwin one included). Only an *os.File can be one: a
// buffer, a pipe or a file is not.
func IsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && f != nil && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
}

// Count writes n with thousands separators, colored with c only when it is not zero, so trouble stands
// out: Count(Bad, 12) is a red "12", Count(Bad, 0) a plain "0".
func Count[N ~int | ~int64 | ~uint64](c *color.Color, n N) string {
	if n == 0 {
		return "0"
	}
	return c.Sprint(units.Count(n))
}
