package dataserver

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/fatih/color"
	"github.com/mattn/go-isatty"

	"github.com/go-concurrency-workshop/workshop/internal/units"
)

// Serve serves h on ln until ctx is done, then stops accepting connections and waits (up to 30s) for the
// requests in flight, queued ones included, to be answered. It returns nil after a clean shutdown.
func Serve(ctx context.Context, ln net.Listener, h http.Handler) error {
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,  // a client that never finishes its headers cannot hold a connection
		IdleTimeout:       60 * time.Second, // keep-alive connections idle this long are closed
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		return fmt.Errorf("dataserver: %w", err)
	case <-ctx.Done():
	}
	drain, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	err := srv.Shutdown(drain)
	<-served // http.ErrServerClosed, now that Shutdown has begun
	if err != nil {
		return fmt.Errorf("dataserver: shutting down: %w", err)
	}
	return nil
}

// Main is `go run ./server`: it parses args, serves until ctx is done and returns the exit status: 0 after
// a clean shutdown, 1 if serving failed, 2 for bad flags (one line on stderr).
func Main(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	opts, err := ParseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	ln, err := net.Listen("tcp", opts.Addr)
	if err != nil {
		fmt.Fprintf(stderr, "dataserver: %v\n", err)
		return 1
	}
	srv := New(opts.Config)
	bold := color.New(color.Bold)
	fmt.Fprintf(stdout, "%s on %s  (profile %s: %v)\n", bold.Sprint("/data server"),
		bold.Sprintf("http://%s", ln.Addr()), opts.Profile, opts.Config)
	fmt.Fprintf(stdout, "GET /data · GET /stats[?run=ID] · GET /healthz · Ctrl-C to stop\n")

	live, stopLive := context.WithCancel(ctx)
	liveDone := make(chan struct{})
	go func() {
		defer close(liveDone)
		showLive(live, stdout, srv)
	}()
	err = Serve(ctx, ln, srv)
	stopLive()
	<-liveDone

	st := srv.Stats("")
	fmt.Fprintf(stdout, "stopped · requests %s · served %s · failed (500) %s · rejected (503) %s · given up by clients %s\n",
		units.Count(st.Requests), units.Count(st.Served), units.Count(st.Failed), units.Count(st.Rejected),
		units.Count(st.Canceled))
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	return 0
}

// showLive reports the server's pace on out while ctx lasts: on a terminal, one colored line redrawn four
// times a second; elsewhere (a pipe, a log), a plain line every five seconds while requests come in.
func showLive(ctx context.Context, out io.Writer, srv *Server) {
	f, ok := out.(*os.File)
	terminal := ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
	every, start, end := 5*time.Second, "", "\n"
	if terminal {
		every, start, end = 250*time.Millisecond, "\r\033[K", ""
	}
	green, cyan, yellow, red := color.New(color.FgGreen), color.New(color.FgCyan), color.New(color.FgYellow), color.New(color.FgRed)
	for _, c := range []*color.Color{green, cyan, yellow, red} {
		if !terminal {
			c.DisableColor()
		}
	}
	tick := time.NewTicker(every)
	defer tick.Stop()
	last, lastAt := Stats{}, time.Now()
	for {
		select {
		case <-ctx.Done():
			fmt.Fprint(out, start)
			return
		case now := <-tick.C:
			st := srv.Stats("")
			answered := st.Served + st.Failed + st.Rejected - last.Served - last.Failed - last.Rejected
			rate := float64(answered) / now.Sub(lastAt).Seconds()
			if terminal || st.Requests != last.Requests {
				fmt.Fprintf(out, "%s● %s │ in flight %s │ 503s %s │ 500s %s │ %s requests%s", start,
					green.Sprint(units.Rate(rate)), cyan.Sprint(st.InFlight),
					paint(yellow, st.Rejected), paint(red, st.Failed), units.Count(st.Requests), end)
			}
			last, lastAt = st, now // the rate is over the last interval, printed or not
		}
	}
}

// paint colors a count only when it is not zero, so trouble stands out.
func paint(c *color.Color, n int64) string {
	if n == 0 {
		return "0"
	}
	return c.Sprint(units.Count(n))
}
