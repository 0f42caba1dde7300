package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"sync"

	"github.com/go-concurrency-workshop/workshop/internal/dataserver"
	"github.com/go-concurrency-workshop/workshop/internal/term"
	"github.com/go-concurrency-workshop/workshop/internal/units"
)

// run is the command: it serves with the flags in args until ctx is done, with a banner first, the live
// status line meanwhile and a summary last, all on stdout. It returns the exit status: 0 after a clean
// shutdown (or -h), 1 if serving failed, 2 for bad flags (one line on stderr).
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var srv *dataserver.Server // set once serving begins
	var cfg dataserver.Config
	live, stopLive := context.WithCancel(ctx)
	var wg sync.WaitGroup // the live status line, stopped and waited for once serving ends
	err := dataserver.ListenAndServe(ctx, args, stderr, func(addr net.Addr, s *dataserver.Server, opts dataserver.Options) {
		srv, cfg = s, opts.Config
		fmt.Fprintf(stdout, "%s on %s  (profile %s: %v)\n", term.Title.Sprint("/data server"),
			term.Title.Sprintf("http://%s", addr), opts.Profile, opts.Config)
		fmt.Fprintf(stdout, "GET /data · GET /page/{id} · GET /graph?root=N · GET /stats[?run=ID] · GET /healthz · Ctrl-C to stop\n")
		wg.Go(func() { showLive(live, stdout, s) })
	})
	stopLive()
	wg.Wait()

	if srv != nil {
		fmt.Fprintln(stdout, summary(srv.Stats(""), cfg))
	}
	return dataserver.ExitStatus(err, stderr)
}

// summary is the line the server ends with: what it answered, and, when they happened, the outages' 500s
// (among the failed), the slow answers of a tail and the page requests.
func summary(st dataserver.Stats, cfg dataserver.Config) string {
	line := fmt.Sprintf("stopped · requests %s · served %s · failed (500) %s · rejected (503) %s · given up by clients %s",
		units.Count(st.Requests), units.Count(st.Served), units.Count(st.Failed), units.Count(st.Rejected),
		units.Count(st.Canceled))
	if cfg.Outage.Length > 0 {
		line += fmt.Sprintf(" · 500s in outages %s", units.Count(st.OutageFailed))
	}
	if cfg.Tail.Share > 0 {
		line += fmt.Sprintf(" · slow %s", units.Count(st.Slow))
	}
	if st.PageRequests > 0 {
		line += fmt.Sprintf(" · pages %s, not found (404) %s", units.Count(st.PageRequests), units.Count(st.NotFound))
	}
	return line
}
