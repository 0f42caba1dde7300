package main

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/go-concurrency-workshop/workshop/internal/lessons"
	"github.com/go-concurrency-workshop/workshop/internal/term"
)

// hint prints one hint of a lesson's hints.md, the one source of their text, and remembers it was shown:
// hint n when asked for, else the first not shown yet; of the exercise (or the challenge) named, else of
// the first exercise that does not pass by the last run of the tests (the challenge once they all pass).
func (w *workshop) hint(ctx context.Context, args []string) error {
	_, rest, err := parseArgs("hint", args, 1, 3)
	if err != nil {
		return err
	}
	l, err := w.lesson(rest[0])
	if err != nil {
		return err
	}
	if len(l.Hints) == 0 {
		return fmt.Errorf("workshop: %s has no hints: %s/hints.md is missing or empty", l.Dir, l.Dir)
	}
	section, n, err := hintArgs(l, rest[1:])
	if err != nil {
		return err
	}
	if section == "" {
		if section, err = w.hintSection(ctx, l); err != nil || section == "" {
			return err
		}
	}
	hints := l.HintsFor(section)
	if len(hints) == 0 {
		return fmt.Errorf("workshop: %s/hints.md has no hints for %s", l.Dir, section)
	}
	shown := w.cache.hintsShown(w.root, l.Dir, section)
	i := slices.IndexFunc(hints, func(h lessons.Hint) bool { return h.Number == n || n == 0 && !slices.Contains(shown, h.Number) })
	switch {
	case i < 0 && n > 0:
		return usagef("%s has hints 1 to %d for %s: no hint %d", l.Dir, len(hints), section, n)
	case i < 0:
		fmt.Fprintf(w.out, "all %d hints for %s are shown: go run ./workshop hint %s %s N shows hint N again\n",
			len(hints), section, l.Dir, hintName(section))
		return nil
	}
	h := hints[i]
	fmt.Fprintf(w.out, "%s %s\n\n%s\n\n", term.Label.Sprintf("%s · %s · hint %d of %d:", l.Dir, section, h.Number, len(hints)),
		term.Title.Sprint(h.Title), h.Body)
	w.cache.hintShown(w.root, l.Dir, section, h.Number)
	shown = append(shown, h.Number)
	next := slices.IndexFunc(hints, func(x lessons.Hint) bool { return !slices.Contains(shown, x.Number) })
	if next < 0 {
		fmt.Fprintln(w.out, term.Faint.Sprintf("that was the last hint for %s.", section))
		return nil
	}
	fmt.Fprintln(w.out, term.Faint.Sprintf("the next: go run ./workshop hint %s %s (hint %d of %d)", l.Dir, hintName(section),
		hints[next].Number, len(hints)))
	return nil
}

// hintName is how the command line names a section: "Limiter.Succeeded", "challenge".
func hintName(section string) string {
	if section == lessons.ChallengeSection {
		return "challenge"
	}
	return section
}

// hintArgs reads what follows the lesson on hint's command line: an exercise or "challenge", then a
// hint's number, each optional. The section is "" when none is named.
func hintArgs(l lessons.Lesson, args []string) (section string, n int, err error) {
	if len(args) > 0 {
		if _, numeric := strconv.Atoi(args[0]); numeric != nil {
			if section, err = namedSection(l, args[0]); err != nil {
				return "", 0, err
			}
			args = args[1:]
		}
	}
	if len(args) > 1 {
		return "", 0, usagef("usage: %s", verbUsage("hint"))
	}
	if len(args) == 1 {
		if n, err = strconv.Atoi(args[0]); err != nil || n < 1 {
			return "", 0, usagef("no hint %q: a hint is named by its number, 1 for the first", args[0])
		}
	}
	return section, n, nil
}

// namedSection returns the section of the hints of the exercise a learner names (as reset names them), or
// of the challenge.
func namedSection(l lessons.Lesson, name string) (string, error) {
	if strings.EqualFold(name, lessons.ChallengeSection) && l.HasChallenge() {
		return lessons.ChallengeSection, nil
	}
	var all []string
	for _, e := range l.Exercises {
		if strings.EqualFold(name, e.Func) || strings.EqualFold(name, strings.ReplaceAll(e.Func, ".", "")) {
			return e.Section(), nil
		}
		if !e.Challenge {
			all = append(all, e.Func)
		}
	}
	if l.HasChallenge() {
		all = append(all, "challenge")
	}
	return "", usagef("%s has no exercise %q: its hints are for %s", l.Dir, name, strings.Join(all, ", "))
}

// hintSection chooses whose hints a learner needs: the first exercise, in the order of hints.md (the order
// the lesson teaches them), that does not pass by the outcome of the last run of the lesson's tests (the
// first when none is cached), else the challenge. It says so, and returns "", when there is nothing left
// to hint at.
func (w *workshop) hintSection(ctx context.Context, l lessons.Lesson) (string, error) {
	env, err := w.goEnvOf(ctx)
	if err != nil {
		return "", err
	}
	key, err := cacheKey(w.root, env, l)
	if err != nil {
		return "", err
	}
	o, ran := w.cache.outcome(key)
	passing := map[string]bool{}
	if ran {
		for i, s := range statesOf(l, o, nil) {
			passing[l.Exercises[i].Func] = s == solved
		}
	}
	for _, h := range l.Hints {
		for _, e := range l.Exercises {
			if !e.Challenge && e.Section() == h.Section && !passing[e.Func] {
				return h.Section, nil
			}
		}
	}
	if len(l.HintsFor(lessons.ChallengeSection)) > 0 {
		return lessons.ChallengeSection, nil
	}
	fmt.Fprintf(w.out, "every exercise of %s passes: go run ./workshop hint %s <exercise> shows an exercise's hints\n", l.Dir, l.Dir)
	return "", nil
}
