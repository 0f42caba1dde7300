package main

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/go-concurrency-workshop/workshop/internal/lessons"
	"github.com/go-concurrency-workshop/workshop/internal/term"
)

// hint prints one of a lesson's hints from its README, the one source of their text: hint n when asked
// for, else the first not shown yet. It remembers which it showed.
func (w *workshop) hint(args []string) error {
	_, rest, err := parseArgs("hint", args, 1, 2)
	if err != nil {
		return err
	}
	l, err := w.lesson(rest[0])
	if err != nil {
		return err
	}
	if len(l.Hints) == 0 {
		return fmt.Errorf("workshop: %s/README.md has no hints", l.Dir)
	}
	shown := w.cache.hintsShown(w.root, l.Dir)
	i := -1
	if len(rest) == 2 {
		n, err := strconv.Atoi(rest[1])
		if err == nil {
			i = slices.IndexFunc(l.Hints, func(h lessons.Hint) bool { return h.Number == n })
		}
		if i < 0 {
			return usagef("%s has hints 1 to %d: no hint %q", l.Dir, len(l.Hints), rest[1])
		}
	} else {
		i = slices.IndexFunc(l.Hints, func(h lessons.Hint) bool { return !slices.Contains(shown, h.Number) })
		if i < 0 {
			fmt.Fprintf(w.out, "all %d hints of %s are shown: go run ./workshop hint %s N shows hint N again\n",
				len(l.Hints), l.Dir, l.Dir)
			return nil
		}
	}
	h := l.Hints[i]
	fmt.Fprintf(w.out, "%s %s\n\n%s\n\n", term.Label.Sprintf("%s · hint %d of %d:", l.Dir, h.Number, len(l.Hints)), term.Title.Sprint(h.Title), h.Body)
	w.cache.hintShown(w.root, l.Dir, h.Number)
	shown = append(shown, h.Number)
	left := 0
	for _, x := range l.Hints {
		if !slices.Contains(shown, x.Number) {
			left++
		}
	}
	switch left {
	case 0:
		fmt.Fprintln(w.out, term.Faint.Sprint("that was the last hint."))
	default:
		fmt.Fprintln(w.out, term.Faint.Sprintf("%d more: go run ./workshop hint %s", left, l.Dir))
	}
	return nil
}
