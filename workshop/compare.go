package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/go-concurrency-workshop/workshop/internal/compare"
	"github.com/go-concurrency-workshop/workshop/internal/dataserver"
)

// compare runs every lesson's program, one after another, against one server started for the purpose,
// and prints the patterns side by side. It runs the learner's code, or with `go run -tags solution
// ./workshop compare` the reference solutions. A lesson not solved yet is a row that says so.
func (w *workshop) compare(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("compare", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	requests := fs.Int("requests", 7500, "each lesson's -requests")
	workers := fs.Int("workers", 0, "each lesson's -workers; 0: each lesson's own default")
	profile := fs.String("profile", dataserver.DefaultProfile, "the server's profile: "+strings.Join(dataserver.ProfileNames(), ", "))
	md := fs.String("md", "", "also write the tables as Markdown to `FILE`")
	page := fs.String("html", "", "also write a self-contained HTML page to `FILE`")
	record := fs.String("json", "", "also write the comparison as JSON to `FILE`")
	err := fs.Parse(args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		return errHelp("compare")
	case err != nil:
		return usagef("compare: %v", err)
	case fs.NArg() > 0:
		return usagef("compare takes no lesson: it runs them all (%q)", fs.Arg(0))
	case *requests < 1 || *requests > 1_000_000:
		return usagef("compare: -requests must be between 1 and 1000000, got %d", *requests)
	case *workers < 0:
		return usagef("compare: -workers must not be negative, got %d", *workers)
	case !slices.Contains(dataserver.ProfileNames(), *profile):
		return usagef("compare: no profile %q: choose one of %s", *profile, strings.Join(dataserver.ProfileNames(), ", "))
	}
	if err := w.load(); err != nil {
		return err
	}
	dirs := make([]string, len(w.lessons))
	for i, l := range w.lessons {
		dirs[i] = l.Dir
	}
	c, err := compare.Run(ctx, compare.Options{Root: w.root, Lessons: dirs, Solution: solutionTag, Requests: *requests,
		Workers: *workers, Server: []string{"-profile", *profile}, Log: w.errOut})
	if err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	fmt.Fprintln(w.errOut)
	if werr := c.WriteText(w.out); werr != nil {
		return werr
	}
	for _, f := range []struct {
		path  string
		write func(io.Writer) error
	}{{*md, c.WriteMarkdown}, {*page, c.WriteHTML}, {*record, c.WriteJSON}} {
		if f.path != "" {
			if werr := writeFile(f.path, f.write); werr != nil {
				return werr
			}
			fmt.Fprintf(w.errOut, "wrote %s\n", f.path)
		}
	}
	if err != nil {
		return err // interrupted: what ran is shown
	}
	for _, r := range c.Rows {
		if r.State == compare.Failed || r.State == compare.NoBuild {
			return errFails
		}
	}
	return nil
}

func writeFile(path string, write func(io.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("workshop: %w", err)
	}
	if err := write(f); err != nil {
		f.Close()
		return fmt.Errorf("workshop: writing %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("workshop: %w", err)
	}
	return nil
}
