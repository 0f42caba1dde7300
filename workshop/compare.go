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
	"github.com/go-concurrency-workshop/workshop/internal/lessons"
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
	// The output files are made before the lessons run, so that a path that cannot be written fails at once.
	outputs := []struct {
		path  string
		write func(compare.Comparison, io.Writer) error
		file  *os.File
	}{{path: *md, write: compare.Comparison.WriteMarkdown}, {path: *page, write: compare.Comparison.WriteHTML},
		{path: *record, write: compare.Comparison.WriteJSON}}
	for i := range outputs {
		if outputs[i].path == "" {
			continue
		}
		f, err := os.Create(outputs[i].path)
		if err != nil {
			return fmt.Errorf("workshop: %w", err)
		}
		defer f.Close()
		outputs[i].file = f
	}
	c, err := compare.Run(ctx, compare.Options{Root: w.root, Lessons: lessons.Dirs(w.lessons), Solution: solutionTag, Requests: *requests,
		Workers: *workers, Server: []string{"-profile", *profile}, Log: w.errOut})
	if err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	fmt.Fprintln(w.errOut)
	if werr := c.WriteText(w.out); werr != nil {
		return werr
	}
	for _, o := range outputs {
		if o.file == nil {
			continue
		}
		if werr := o.write(c, o.file); werr != nil {
			return fmt.Errorf("workshop: writing %s: %w", o.path, werr)
		}
		if werr := o.file.Close(); werr != nil {
			return fmt.Errorf("workshop: %w", werr)
		}
		fmt.Fprintf(w.errOut, "wrote %s\n", o.path)
	}
	if err != nil {
		return err // interrupted: what ran is shown
	}
	for _, r := range c.Rows {
		if r.State == compare.Failed || r.State == compare.NoBuild || r.State == compare.Stuck {
			return errFails
		}
	}
	return nil
}
