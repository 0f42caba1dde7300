// Command server is the workshop's /data server: every lesson sends its requests here.
//
//	go run ./server                      # http://127.0.0.1:8080, the workshop profile
//	go run ./server -profile overloaded  # a small, slow, flaky server
//	go run ./server -h                   # every flag
//
// The simulation lives in internal/dataserver; this file only wires it to the process.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/go-concurrency-workshop/workshop/internal/dataserver"
)

func main() {
	// Ctrl-C (or SIGTERM) cancels ctx: the server stops accepting and answers what it holds, then exits 0.
	// A second Ctrl-C, while it drains, ends it at once.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	context.AfterFunc(ctx, stop)
	os.Exit(dataserver.Main(ctx, os.Args[1:], os.Stdout, os.Stderr))
}
