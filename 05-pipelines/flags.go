package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/go-concurrency-workshop/workshop/internal/serverproc"
)

// pipelineFlags reads this lesson's own flags and takes them out of os.Args, for harness.Start, which
// reads the flags every lesson shares and knows no others. A bad value exits with status 2 and one line,
// as the harness does; -h lists these flags, then the harness lists its own.
func pipelineFlags() settings {
	// The server a run starts for itself is this program run again: it must serve before anything here
	// reads flags, which are then the server's.
	serverproc.RunIfChild()

	s := settings{decodeWorkers: 6, decodeCost: time.Millisecond, reorder: 1000}
	fs := flag.NewFlagSet("05-pipelines", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.IntVar(&s.decodeWorkers, "decode-workers", s.decodeWorkers, "the decode stage's workers (-workers sets the fetch stage's)")
	fs.DurationVar(&s.decodeCost, "decode-cost", s.decodeCost, "a simulated cost per message in the decode stage (a sleep)")
	fs.IntVar(&s.reorder, "reorder", s.reorder, "the most messages Ordered may hold while it waits for an earlier id")

	rest, err := takeFlags(fs, os.Args[1:])
	switch {
	case err != nil:
	case s.decodeWorkers < 1:
		err = fmt.Errorf("-decode-workers must be at least 1, got %d", s.decodeWorkers)
	case s.decodeCost < 0:
		err = fmt.Errorf("-decode-cost must not be negative, got %v", s.decodeCost)
	case s.reorder < 0:
		err = fmt.Errorf("-reorder must not be negative, got %d", s.reorder)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "05-pipelines: %v\n", err)
		os.Exit(2)
	}
	os.Args = append(os.Args[:1], rest...)
	return s
}

// takeFlags parses the flags of args that fs defines (-name value, -name=value, or with two dashes) and
// returns the other arguments, in order. On -h or -help it writes fs's flags to stderr first.
func takeFlags(fs *flag.FlagSet, args []string) (rest []string, err error) {
	for i := 0; i < len(args); i++ {
		arg := args[i]
		name, _, hasValue := strings.Cut(strings.TrimLeft(arg, "-"), "=")
		if !strings.HasPrefix(arg, "-") || fs.Lookup(name) == nil {
			if name == "h" || name == "help" {
				fmt.Fprintf(os.Stderr, "05-pipelines' own flags:\n")
				fs.SetOutput(os.Stderr)
				fs.PrintDefaults()
				fmt.Fprintln(os.Stderr)
			}
			rest = append(rest, arg)
			continue
		}
		mine := []string{arg}
		if !hasValue && i+1 < len(args) {
			i++
			mine = append(mine, args[i])
		}
		if err := fs.Parse(mine); err != nil {
			return nil, err
		}
	}
	return rest, nil
}
