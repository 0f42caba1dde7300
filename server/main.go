// Command server is the workshop's /data server: every lesson sends its requests here.
//
//	go run ./server                      # http://127.0.0.1:8080, the workshop profile
//	go run ./server -profile overloaded  # a small, slow, flaky server
//	go run ./server -h                   # every flag
//
// The simulation and its serving live in internal/dataserver; this command adds the banner, the live
// status line and the summary at the end.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	// Ctrl-C (or SIGTERM) cancels ctx: the server stops accepting and answers what it holds, then exits 0.
	// A second Ctrl-C, while it drains, ends it at once.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	context.AfterFunc(ctx, stop)
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}
