package dataserver

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"time"
)

// ListenAndServe is the life of a server process, shared by `go run ./server` and the child processes of
// serverproc: it parses the server flags in args, listens on -addr, builds the simulated server, calls
// ready (if not nil) with the address it listens on, that server and the options, then serves until ctx
// is done and shuts down gracefully.
//
// ready runs before the first request is accepted, on the caller's goroutine; whatever it starts, the
// caller stops after ListenAndServe returns. When the address can be reached from other machines (every
// interface, or one that is not loopback), a one-line warning goes to stderr, and it serves all the same.
// -h writes the usage to stderr and returns flag.ErrHelp. ExitStatus turns the result into the
// process's exit status.
func ListenAndServe(ctx context.Context, args []string, stderr io.Writer, ready func(addr net.Addr, srv *Server, opts Options)) error {
	opts, err := ParseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return err
	}
	if err != nil {
		return flagError{err}
	}
	ln, err := net.Listen("tcp", opts.Addr)
	if err != nil {
		return fmt.Errorf("dataserver: %w", err)
	}
	if warning := exposure(opts.Addr, ln.Addr()); warning != "" {
		fmt.Fprintln(stderr, warning)
	}
	srv := New(opts.Config)
	if ready != nil {
		ready(ln.Addr(), srv, opts)
	}
	return serve(ctx, ln, srv)
}

// ExitStatus writes err, if it is not nil or flag.ErrHelp, as one line on stderr, and returns the exit
// status a server process ends with after ListenAndServe returned err: 0 after a clean shutdown or -h,
// 2 for bad flags, 1 when listening or serving failed.
func ExitStatus(err error, stderr io.Writer) int {
	if err == nil || errors.Is(err, flag.ErrHelp) {
		return 0
	}
	fmt.Fprintln(stderr, err)
	if errors.As(err, new(flagError)) {
		return 2
	}
	return 1
}

// exposure says, in one line, how other machines can reach a server asked to listen on -addr asked and
// listening on addr, or "" when only this machine can (a loopback address).
func exposure(asked string, addr net.Addr) string {
	tcp, ok := addr.(*net.TCPAddr)
	switch {
	case !ok || tcp.IP.IsLoopback():
		return ""
	case tcp.IP.IsUnspecified(): // named as asked: Go reports 0.0.0.0 as [::] when it listens on both
		host, _, _ := net.SplitHostPort(asked) // ListenAndServe's flags have checked it
		return fmt.Sprintf("dataserver: listening on every interface (%s): other machines can reach this server; "+
			"use -addr 127.0.0.1:%d to keep it local", net.JoinHostPort(host, strconv.Itoa(tcp.Port)), tcp.Port)
	}
	return fmt.Sprintf("dataserver: listening on %s, not a loopback address: other machines can reach this server; "+
		"use -addr 127.0.0.1:%d to keep it local", addr, tcp.Port)
}

// flagError is a bad command line, as ParseFlags words it.
type flagError struct{ error }

func (e flagError) Unwrap() error { return e.error }

// serve serves h on ln until ctx is done, then stops accepting connections and waits (up to 30s) for the
// requests in flight, queued ones included, to be answered. It returns nil after a clean shutdown.
func serve(ctx context.Context, ln net.Listener, h http.Handler) error {
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,  // a client that never finishes its headers cannot hold a connection,
		ReadTimeout:       10 * time.Second, // nor one that never finishes its request (Server refuses bodies anyway);
		IdleTimeout:       60 * time.Second, // between requests, a kept-alive connection may stay idle this long
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
