package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	iofs "io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/go-concurrency-workshop/workshop/internal/compare"
	"github.com/go-concurrency-workshop/workshop/internal/dataserver"
	"github.com/go-concurrency-workshop/workshop/internal/lessons"
)

// compare runs every lesson's program, one after another, against a server started for the purpose, first
// the workshop's own and then an overloaded one, then each challenge beside the plain pool on the server
// the challenge is made for (or, with -profile, every lesson on the one server of that profile, and no
// challenge), and prints the patterns side by side. It runs the learner's code, or with `go run -tags
// solution ./workshop compare` the reference solutions. A lesson not solved yet is a row that says so; a
// challenge not solved yet skips its section, which says so.
//
// The files of -md, -html and -json are checked before anything runs, and written at the end, each to a
// temporary file beside it that is then renamed over it: a comparison that fails, or is killed, leaves
// them as they were.
func (w *workshop) compare(ctx context.Context, args []string) error {
	f, err := parseCompareFlags(args)
	if err != nil {
		return err
	}
	if f.from == "" {
		if err := w.load(); err != nil {
			return err
		}
	}
	outputs := []output{{"-md", f.md, compare.Comparison.WriteMarkdown}, {"-html", f.page, compare.Comparison.WriteHTML},
		{"-json", f.record, compare.Comparison.WriteJSON}}
	outputs = slices.DeleteFunc(outputs, func(o output) bool { return o.path == "" })
	for _, o := range outputs { // a path that cannot be written fails now, not after the lessons ran
		if err := o.check(); err != nil {
			return err
		}
	}
	var c compare.Comparison
	if f.from != "" {
		c, err = readComparison(f.from)
	} else {
		servers := append(slices.Clone(compare.TwoServers), compare.Challenges(f.requests, f.workers)...)
		if f.profile != "" {
			servers = compare.OneServer(f.profile) // one server, every lesson's own pattern: no challenge
		}
		c, err = compare.Run(ctx, compare.Options{Root: w.root, Lessons: lessons.Dirs(w.lessons), Solution: solutionTag,
			Requests: f.requests, Workers: f.workers, Servers: servers, Log: w.errOut})
	}
	if err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	fmt.Fprintln(w.errOut)
	if werr := c.WriteText(w.out); werr != nil {
		return werr
	}
	if len(c.Sections) == 0 { // interrupted before any lesson ran: nothing to write over what the files hold
		if len(outputs) > 0 {
			fmt.Fprintln(w.errOut, "nothing ran: the output files are left as they were")
		}
		return err
	}
	for _, o := range outputs {
		if werr := o.write(c); werr != nil {
			return werr
		}
		fmt.Fprintf(w.errOut, "wrote %s\n", o.path)
	}
	if err != nil {
		return err // interrupted: what ran is shown
	}
	if anyFailed(c) {
		return errFails
	}
	return nil
}

// compareFlags are compare's command line.
type compareFlags struct {
	requests, workers               int
	profile, md, page, record, from string
}

// parseCompareFlags reads compare's command line; a bad one is a usage error.
func parseCompareFlags(args []string) (compareFlags, error) {
	var f compareFlags
	fs := flag.NewFlagSet("compare", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.IntVar(&f.requests, "requests", 7500, "each lesson's -requests")
	fs.IntVar(&f.workers, "workers", 0, "each lesson's -workers; 0: each lesson's own default")
	fs.StringVar(&f.profile, "profile", "", "one server of this profile, every lesson on it, instead of the default, the overloaded and the challenges' servers: "+
		strings.Join(dataserver.ProfileNames(), ", "))
	fs.StringVar(&f.md, "md", "", "also write the tables as Markdown to `FILE`")
	fs.StringVar(&f.page, "html", "", "also write a self-contained HTML page to `FILE`")
	fs.StringVar(&f.record, "json", "", "also write the comparison as JSON to `FILE`")
	fs.StringVar(&f.from, "from", "", "run nothing: show the comparison recorded by -json in `FILE` again")
	err := fs.Parse(args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		return f, errHelp("compare")
	case err != nil:
		return f, usagef("compare: %v", err)
	case fs.NArg() > 0:
		return f, usagef("compare takes no lesson: it runs them all (%q)", fs.Arg(0))
	case f.requests < 1 || f.requests > 1_000_000:
		return f, usagef("compare: -requests must be between 1 and 1000000, got %d", f.requests)
	case f.workers < 0:
		return f, usagef("compare: -workers must not be negative, got %d", f.workers)
	case f.profile != "" && !slices.Contains(dataserver.ProfileNames(), f.profile):
		return f, usagef("compare: no profile %q: choose one of %s", f.profile, strings.Join(dataserver.ProfileNames(), ", "))
	}
	return f, nil
}

// anyFailed reports whether a lesson of the comparison failed, did not build, or was stuck.
func anyFailed(c compare.Comparison) bool {
	for _, s := range c.Sections {
		for _, r := range s.Rows {
			if r.State == compare.Failed || r.State == compare.NoBuild || r.State == compare.Stuck {
				return true
			}
		}
	}
	return false
}

// output is one of the files compare writes: its flag, its path, and the form it is written in.
type output struct {
	flag, path string
	form       func(compare.Comparison, io.Writer) error
}

// check says whether the file can be written, without changing it: an existing file must open for
// writing (it is not truncated), and its folder must take a new file, as the temporary one will be.
func (o output) check() error {
	info, err := os.Stat(o.path)
	switch {
	case err == nil && info.IsDir():
		return fmt.Errorf("workshop: compare %s %s: that is a folder", o.flag, o.path)
	case err == nil:
		f, err := os.OpenFile(o.path, os.O_WRONLY, 0)
		if err != nil {
			return fmt.Errorf("workshop: compare %s %s cannot be written: %w", o.flag, o.path, cause(err))
		}
		f.Close()
	case !errors.Is(err, iofs.ErrNotExist):
		return fmt.Errorf("workshop: compare %s %s: %w", o.flag, o.path, cause(err))
	}
	f, err := os.CreateTemp(filepath.Dir(o.path), "."+filepath.Base(o.path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("workshop: compare %s %s cannot be written: %s: %w", o.flag, o.path, filepath.Dir(o.path), cause(err))
	}
	f.Close()
	return os.Remove(f.Name())
}

// write writes c to a temporary file beside the output's path and renames it over the path: the file is
// either as it was or complete, never half written. The new file keeps the old one's permissions.
func (o output) write(c compare.Comparison) (err error) {
	f, err := os.CreateTemp(filepath.Dir(o.path), "."+filepath.Base(o.path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("workshop: writing %s: %w", o.path, err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
			err = fmt.Errorf("workshop: writing %s: %w", o.path, err)
		}
	}()
	mode := iofs.FileMode(0o644)
	if info, err := os.Stat(o.path); err == nil {
		mode = info.Mode().Perm()
	}
	if err := o.form(c, f); err != nil {
		return err
	}
	if err := f.Chmod(mode); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), o.path)
}

// cause is an error without the path an *os.PathError adds, where the message names the path already.
func cause(err error) error {
	if pe := (*iofs.PathError)(nil); errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// readComparison reads a comparison recorded with -json.
func readComparison(path string) (compare.Comparison, error) {
	var c compare.Comparison
	data, err := os.ReadFile(path)
	if err != nil {
		return c, fmt.Errorf("workshop: compare -from: %w", err)
	}
	if err := json.Unmarshal(data, &c); err != nil {
		return c, fmt.Errorf("workshop: compare -from %s: not a comparison recorded by compare -json: %w", path, err)
	}
	if len(c.Sections) == 0 {
		return c, fmt.Errorf("workshop: compare -from %s: no server's section in it: was it recorded by compare -json?", path)
	}
	return c, nil
}
