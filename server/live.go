package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/go-concurrency-workshop/workshop/internal/dataserver"
	"github.com/go-concurrency-workshop/workshop/internal/term"
	"github.com/go-concurrency-workshop/workshop/internal/units"
)

// showLive reports srv's pace on out until ctx is done: on a terminal, one colored line redrawn four
// times a second; elsewhere (a pipe, a log), a plain line every five seconds while requests come in.
// The colors follow fatih/color, which turns them off when stdout is not a terminal or NO_COLOR is set.
func showLive(ctx context.Context, out io.Writer, srv *dataserver.Server) {
	terminal := term.IsTerminal(out)
	every, start, end := 5*time.Second, "", "\n"
	if terminal {
		every, start, end = 250*time.Millisecond, "\r\033[K", ""
	}
	tick := time.NewTicker(every)
	defer tick.Stop()
	last, lastAt := dataserver.Stats{}, time.Now()
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
					term.Good.Sprint(units.Rate(rate)), term.Label.Sprint(st.InFlight),
					term.Count(term.Warn, st.Rejected), term.Count(term.Bad, st.Failed), units.Count(st.Requests), end)
			}
			last, lastAt = st, now // the rate is over the last interval, printed or not
		}
	}
}
