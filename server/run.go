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
	live, stopLive := context.WithCancel(ctx)
	var wg sync.WaitGroup // the live status line, stopped and waited for once serving ends
	err := dataserver.ListenAndServe(ctx, args, stderr, func(addr net.Addr, s *dataserver.Server, opts dataserver.Options) {
		srv = s
		fmt.Fprintf(stdout, "%s on %s  (profile %s: %v)\n", term.Title.Sprint("/data server"),
			term.Title.Sprintf("http://%s", addr), opts.Profile, opts.Config)
		fmt.Fprintf(stdout, "GET /data · GET /stats[?run=ID] · GET /healthz · Ctrl-C to stop\n")
		wg.Go(func() { showLive(live, stdout, s) })
	})
	stopLive()
	wg.Wait()

	if srv != nil {
		st := srv.Stats("")
		fmt.Fprintf(stdout, "stopped · requests %s · served %s · failed (500) %s · rejected (503) %s · given up by clients %s\n",
			units.Count(st.Requests), units.Count(st.Served), units.Count(st.Failed), units.Count(st.Rejected),
			units.Count(st.Canceled))
	}
	return dataserver.ExitStatus(err, stderr)
}
