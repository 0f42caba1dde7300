package main

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/go-concurrency-workshop/workshop/internal/lessons"
	"github.com/go-concurrency-workshop/workshop/internal/term"
)

// watch checks a lesson, then checks it again each time one of its .go files changes, and moves on to the
// next lesson when it passes. It ends when every lesson from there on passes, or at Ctrl-C (ctx
// cancelled), which is a clean end: status 0.
func (w *workshop) watch(ctx context.Context, args []string) error {
	_, rest, err := parseArgs("watch", args, 0, 1)
	if err != nil {
		return err
	}
	if err := w.load(); err != nil {
		return err
	}
	from := 0
	if len(rest) == 1 {
		l, err := w.lesson(rest[0])
		if err != nil {
			return err
		}
		from = w.index(l)
	}
	env, err := w.goEnvOf(ctx)
	if err != nil {
		return err
	}
	err = w.watchFrom(ctx, env, from)
	if errors.Is(err, context.Canceled) {
		fmt.Fprintln(w.out, "\nstopped watching.")
		return nil
	}
	return err
}

// watchFrom is watch's loop, from the lesson at index i.
func (w *workshop) watchFrom(ctx context.Context, env goEnv, i int) error {
	for i < len(w.lessons) {
		l := w.lessons[i]
		before := snapshot(w.root, l)
		got, err := w.outcomes(ctx, env, []lessons.Lesson{l})
		if err != nil {
			return err
		}
		fmt.Fprintln(w.out, term.Faint.Sprintf("── %s %s", time.Now().Format("15:04:05"), strings.Repeat("─", 40)))
		w.report(l, got[0])
		if passes(l, got[0]) {
			i++
			if i < len(w.lessons) {
				fmt.Fprintf(w.out, "\non to %s: %s/README.md\n", w.lessons[i].Dir, w.lessons[i].Dir)
			}
			continue
		}
		fmt.Fprintln(w.out, term.Faint.Sprintf("\nwatching %s/*.go: save a file to check again (Ctrl-C to stop)", l.Dir))
		if err := waitForChange(ctx, w.root, l, before, w.poll); err != nil {
			return err
		}
	}
	fmt.Fprintln(w.out, "\nevery lesson passes: nothing left to watch.")
	return nil
}

// fileStamp is what tells a changed file: its modification time and size.
type fileStamp struct {
	mod  time.Time
	size int64
}

// snapshot returns the stamps of the lesson's .go files.
func snapshot(root string, l lessons.Lesson) map[string]fileStamp {
	stamps := map[string]fileStamp{}
	paths, _ := filepath.Glob(filepath.Join(root, l.Dir, "*.go"))
	for _, p := range paths {
		if fi, err := os.Stat(p); err == nil {
			stamps[p] = fileStamp{fi.ModTime(), fi.Size()}
		}
	}
	return stamps
}

// waitForChange returns once the lesson's .go files differ from before (a file written, added or
// removed), looking every poll; or ctx's error once it is cancelled. Looking is plain polling: the
// standard library has no portable way to be told.
func waitForChange(ctx context.Context, root string, l lessons.Lesson, before map[string]fileStamp, poll time.Duration) error {
	tick := time.NewTicker(poll)
	defer tick.Stop()
	for {
		if !maps.Equal(before, snapshot(root, l)) {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-tick.C:
		}
	}
}
