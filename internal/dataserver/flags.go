package dataserver

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"time"
)

// DefaultAddr is where `go run ./server` listens: loopback only, so a workshop never serves the network.
const DefaultAddr = "127.0.0.1:8080"

// Options is what the server's command line asks for.
type Options struct {
	Addr    string // host:port to listen on
	Profile string // the preset Config started from
	Config  Config // the preset with every explicit flag applied
}

// ParseFlags reads the server's flags. A profile sets every field; flags given alongside override it, in
// any order. A bad value gives one error line naming the flag; -h gives flag.ErrHelp after writing the
// usage to usage.
func ParseFlags(args []string, usage io.Writer) (Options, error) {
	// First pass: learn the profile (and reject bad flags). Second pass: the same flags over that profile.
	first, err := parse(args, Profiles[DefaultProfile], usage)
	if err != nil {
		return Options{}, err
	}
	base, ok := Profiles[first.Profile]
	if !ok {
		return Options{}, fmt.Errorf("%w %q: choose one of %s", errUnknownProfile, first.Profile,
			strings.Join(ProfileNames(), ", "))
	}
	opts, err := parse(args, base, usage)
	if err != nil {
		return Options{}, err
	}
	if err := opts.Config.Validate(); err != nil {
		return Options{}, err
	}
	if err := checkAddr(opts.Addr); err != nil {
		return Options{}, err
	}
	return opts, nil
}

func parse(args []string, base Config, usage io.Writer) (Options, error) {
	opts := Options{Config: base}
	fs := flag.NewFlagSet("server", flag.ContinueOnError)
	fs.SetOutput(io.Discard) // errors are returned as one line; usage is written only for -h
	c := &opts.Config
	fs.StringVar(&opts.Addr, "addr", DefaultAddr, "listen on `host:port`")
	fs.StringVar(&opts.Profile, "profile", DefaultProfile, "start from this preset: "+strings.Join(ProfileNames(), ", "))
	fs.DurationVar(&c.Latency, "latency", c.Latency, "the floor of every answer's simulated work")
	fs.DurationVar(&c.Jitter, "jitter", c.Jitter, "how far above -latency the random walk may go")
	fs.DurationVar(&c.Step, "step", c.Step, "the most the walk moves between two requests")
	fs.Var((*percent)(&c.ErrorRate), "errors", "long-run share of 500s, in `percent`")
	fs.Float64Var(&c.ErrorBurst, "burst", c.ErrorBurst, "mean length of a run of 500s, in `requests`")
	fs.Var((*capacity)(&c.Capacity), "capacity", "requests worked on at once, or \"unlimited\"")
	fs.IntVar(&c.Queue, "queue", c.Queue, "requests that may wait for a slot before 503s begin")
	fs.DurationVar(&c.RetryAfter, "retry-after", c.RetryAfter, "the Retry-After of a 503, whole seconds")
	fs.Uint64Var(&c.Seed, "seed", c.Seed, "seeds latency, errors, the tail and the link graph, for reproducible runs")
	fs.Var((*tailFlag)(&c.Tail), "tail", "a slow tail, `SHARE:FACTOR` (0.02:20 or 2%:20): that share of answers takes FACTOR times as long; none: no tail")
	fs.Var((*outageFlag)(&c.Outage), "outage", "an outage, `START+LENGTH` (4s+3s): from START after each run's first request, every /data answer is a 500 at once for LENGTH; none: no outage")
	fs.Var((*pagesFlag)(&c.Pages), "pages", "the size of the link graph served at /page/{id}, in `pages`, all reachable from page 0")
	err := fs.Parse(args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		fmt.Fprintf(usage, "Usage: go run ./server [flags]\n\nServes GET /data, GET /page/{id}, GET /graph?root=N, GET /stats[?run=ID] and GET /healthz. Flags:\n")
		fs.SetOutput(usage)
		fs.PrintDefaults()
		return Options{}, err
	case err != nil:
		return Options{}, fmt.Errorf("dataserver: %w", err)
	case fs.NArg() > 0:
		return Options{}, fmt.Errorf("dataserver: unexpected argument %q (flags start with -)", fs.Arg(0))
	}
	return opts, nil
}

func checkAddr(addr string) error {
	_, port, err := net.SplitHostPort(addr)
	if err == nil {
		_, err = strconv.ParseUint(port, 10, 16)
	}
	if err != nil {
		return fmt.Errorf("dataserver: -addr %q is not host:port (for example %s)", addr, DefaultAddr)
	}
	return nil
}

// percent is a share in [0, 1] written on the command line as a percentage: "2" or "2%" is 0.02.
type percent float64

func (p *percent) String() string { return strconv.FormatFloat(float64(*p)*100, 'g', -1, 64) + "%" }

func (p *percent) Set(s string) error {
	v, err := strconv.ParseFloat(strings.TrimSuffix(s, "%"), 64)
	if err != nil {
		return errors.New("want a percentage such as 2 or 2%")
	}
	*p = percent(v / 100)
	return nil
}

// capacity is a positive number of requests, or "unlimited".
type capacity int

func (c *capacity) String() string {
	if *c == Unlimited {
		return "unlimited"
	}
	return strconv.Itoa(int(*c))
}

func (c *capacity) Set(s string) error {
	if s == "unlimited" {
		*c = Unlimited
		return nil
	}
	v, err := strconv.Atoi(s)
	if err != nil || v < 1 {
		return errors.New(`want a number of requests, at least 1, or "unlimited"`)
	}
	*c = capacity(v)
	return nil
}

// tailFlag is -tail: SHARE:FACTOR, the share as a fraction (0.02) or a percentage (2%), or "none".
type tailFlag Tail

func (t *tailFlag) String() string { return Tail(*t).String() }

func (t *tailFlag) Set(s string) error {
	if s == "none" {
		*t = tailFlag{}
		return nil
	}
	share, factor, ok := strings.Cut(s, ":")
	if !ok {
		return errors.New("want SHARE:FACTOR, such as 0.02:20 (2% of answers 20 times as long), or none")
	}
	v, err := strconv.ParseFloat(strings.TrimSuffix(share, "%"), 64)
	if err != nil {
		return fmt.Errorf("SHARE %q is not a number: want SHARE:FACTOR, such as 0.02:20 or 2%%:20", share)
	}
	if strings.HasSuffix(share, "%") {
		v /= 100
	} else if v > 1 && v <= 100 {
		return fmt.Errorf("SHARE %s is over 1: a share is a fraction, such as 0.02, or a percentage, such as %s%%", share, share)
	}
	f, err := strconv.ParseFloat(factor, 64)
	if err != nil {
		return fmt.Errorf("FACTOR %q is not a number: want SHARE:FACTOR, such as 0.02:20", factor)
	}
	*t = tailFlag{Share: v, Factor: f} // Config.Validate checks the ranges
	return nil
}

// outageFlag is -outage: START+LENGTH, two durations, or "none".
type outageFlag Outage

func (o *outageFlag) String() string { return Outage(*o).String() }

func (o *outageFlag) Set(s string) error {
	if s == "none" {
		*o = outageFlag{}
		return nil
	}
	start, length, ok := strings.Cut(s, "+")
	if !ok {
		return errors.New("want START+LENGTH, such as 4s+3s (normal for 4s, then 500s for 3s), or none")
	}
	a, err := time.ParseDuration(start)
	if err != nil {
		return fmt.Errorf("START %q is not a duration: want START+LENGTH, such as 4s+3s", start)
	}
	b, err := time.ParseDuration(length)
	if err != nil {
		return fmt.Errorf("LENGTH %q is not a duration: want START+LENGTH, such as 4s+3s", length)
	}
	*o = outageFlag{Start: a, Length: b} // Config.Validate checks the ranges
	return nil
}

// pagesFlag is -pages: a number of pages, at least 1 (Config.Pages 0, the default size, is no answer to
// the flag's question).
type pagesFlag int

func (p *pagesFlag) String() string { return strconv.Itoa(int(*p)) }

func (p *pagesFlag) Set(s string) error {
	v, err := strconv.Atoi(s)
	if err != nil || v < 1 || v > MaxPages {
		return fmt.Errorf("want a number of pages between 1 and %d", MaxPages)
	}
	*p = pagesFlag(v)
	return nil
}
