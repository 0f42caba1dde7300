package harness

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/go-concurrency-workshop/workshop/internal/dataserver"
)

// DefaultURL is where lessons look for the /data server: where `go run ./server` listens.
const DefaultURL = "http://" + dataserver.DefaultAddr + "/data"

// defaultURL is -url's default: DefaultURL, but for tests, which must never rely on what answers there.
var defaultURL = DefaultURL

// DefaultMaxRetryAfter is -max-retry-after's default: the longest a server's Retry-After may make a
// pattern wait.
const DefaultMaxRetryAfter = 5 * time.Second

// maxRequests keeps a typo from asking for a run that cannot fit in memory.
const maxRequests = 1_000_000

// Flags are the command-line flags every lesson shares.
type Flags struct {
	URL      string        // the /data endpoint
	URLSet   bool          // -url was given: never start a server, fail if nothing answers there
	Requests int           // how many requests to make
	Workers  int           // how many workers, for the patterns that have them
	Timeout  time.Duration // the limit for one request
	JSON     bool          // print the report as JSON
	NoColor  bool          // print the report without color
	Variant  string        // which of the lesson's variants to run, for lessons with more than one
	Trace    string        // write a runtime/trace of the run to this file; "": none
	// MaxRetryAfter bounds the Retry-After a pattern is given: a server asking for longer gets this, and
	// the report says so.
	MaxRetryAfter time.Duration
	ListVariants  bool // print the lesson's variants, one a line, and exit
	set           map[string]bool
}

// ParseFlags reads lesson l's flags. A bad value gives one error line naming the flag; -h gives
// flag.ErrHelp after writing the usage to usage.
func ParseFlags(l Lesson, args []string, usage io.Writer) (Flags, error) {
	lesson := l.Name
	f := Flags{set: map[string]bool{}}
	fs := flag.NewFlagSet(lesson, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // errors are returned as one line; usage is written only for -h
	fs.StringVar(&f.URL, "url", defaultURL, "the /data `URL`; without it, a server is started if the workshop's does not answer there")
	fs.IntVar(&f.Requests, "requests", 7500, "how many requests to make")
	fs.IntVar(&f.Workers, "workers", 15, "how many workers, for the patterns that have them")
	fs.DurationVar(&f.Timeout, "timeout", 10*time.Second, "the time limit for one request")
	fs.BoolVar(&f.JSON, "json", false, "print the report as JSON, for tools")
	fs.BoolVar(&f.NoColor, "no-color", false, "print the report without color (so does NO_COLOR=1)")
	fs.StringVar(&f.Trace, "trace", "", "write a runtime/trace of the run to `FILE`, for `go tool trace FILE`")
	fs.DurationVar(&f.MaxRetryAfter, "max-retry-after", DefaultMaxRetryAfter, "the longest a server's Retry-After may make the pattern wait; "+
		"a longer one is clamped to it, and the report says so")
	variants := l.variants()
	if len(variants) > 0 {
		fs.StringVar(&f.Variant, "variant", variants[0], "which variant to run: "+strings.Join(variants, ", "))
	}
	fs.BoolVar(&f.ListVariants, "list-variants", false, "print the variants -variant takes, one a line (the default first; none for a lesson with one), and exit")
	var check func() error
	if l.Flags != nil {
		check = l.Flags(fs)
	}
	err := fs.Parse(args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		fmt.Fprintf(usage, "Usage: go run ./%s [flags]\n\nFlags:\n", lesson)
		fs.SetOutput(usage)
		fs.PrintDefaults()
		return f, err
	case err != nil:
		return f, fmt.Errorf("%s: %w", lesson, err)
	case fs.NArg() > 0:
		return f, fmt.Errorf("%s: unexpected argument %q (flags start with -)", lesson, fs.Arg(0))
	}
	fs.Visit(func(fl *flag.Flag) { f.set[fl.Name] = true })
	f.URLSet = f.set["url"]
	if len(variants) > 0 && !slices.Contains(variants, f.Variant) {
		return f, fmt.Errorf("%s: -variant %q is not one of this lesson's: %s", lesson, f.Variant, strings.Join(variants, ", "))
	}
	if err := f.validate(lesson); err != nil {
		return f, err
	}
	if check != nil {
		if err := check(); err != nil {
			return f, fmt.Errorf("%s: %w", lesson, err)
		}
	}
	return f, nil
}

func (f Flags) validate(lesson string) error {
	switch {
	case f.Requests < 1 || f.Requests > maxRequests:
		return fmt.Errorf("%s: -requests must be between 1 and %d, got %d", lesson, maxRequests, f.Requests)
	case f.Workers < 1:
		return fmt.Errorf("%s: -workers must be at least 1, got %d", lesson, f.Workers)
	case f.Timeout <= 0:
		return fmt.Errorf("%s: -timeout must be more than 0s, got %v", lesson, f.Timeout)
	case f.MaxRetryAfter <= 0:
		return fmt.Errorf("%s: -max-retry-after must be more than 0s, got %v", lesson, f.MaxRetryAfter)
	}
	u, err := url.Parse(f.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("%s: -url %q is not an http:// URL (for example %s)", lesson, f.URL, defaultURL)
	}
	return nil
}
