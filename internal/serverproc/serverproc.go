// Package serverproc runs the /data server in a child process, so that a program which needs a server can
// start its own while its memory and goroutine figures still measure the program alone.
//
// The child is the running binary itself, started again with an environment variable that makes
// RunIfChild serve instead of returning. A program uses it like this:
//
//	func main() {
//		serverproc.RunIfChild() // first thing: in the child, this serves /data and exits
//		child, err := serverproc.Start("-profile", "calm")
//		if err != nil { ... }
//		defer child.Stop()
//		resp, err := http.Get(child.URL + "/data")
//		...
//	}
//
// The child listens on a free loopback port and prints its URL as its first line of output; Start reads
// it. The child ignores Ctrl-C, which is for its parent (a lesson still wants the server's /stats for
// its report after Ctrl-C); it shuts down gracefully when its standard input closes: when Stop closes
// it, or when the parent dies for any reason.
package serverproc

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"os/signal"
	"syscall"
	"time"

	"github.com/go-concurrency-workshop/workshop/internal/dataserver"
)

const childEnv = "WORKSHOP_DATASERVER_CHILD"

// RunIfChild returns at once in a process not started by Start. In a child started by Start, it serves
// /data with the flags Start was given and exits when standard input closes: 0 after a clean shutdown,
// 2 for bad flags, 1 if it could not listen or serve (see dataserver.ExitStatus).
func RunIfChild() {
	if os.Getenv(childEnv) != "1" {
		return
	}
	os.Exit(serve(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

func serve(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	signal.Ignore(os.Interrupt)
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	go func() {
		io.Copy(io.Discard, stdin) // returns when the parent closes our stdin, or dies
		stop()
	}()
	err := dataserver.ListenAndServe(ctx, args, stderr, func(addr net.Addr, _ *dataserver.Server, _ dataserver.Options) {
		fmt.Fprintf(stdout, "http://%s\n", addr) // the first line of output, which Start waits for
	})
	return dataserver.ExitStatus(err, stderr)
}

// Child is a /data server running in a child process.
type Child struct {
	URL string // the server's base URL, such as http://127.0.0.1:41235; add /data, /page/{id}, /graph, /stats or /healthz

	cmd    *exec.Cmd
	stdin  io.Closer
	exited chan struct{} // closed when the child has exited; err is then set
	err    error
}

// Start runs the /data server in a child process with the given server flags (see `go run ./server -h`)
// on a free loopback port, and returns once it accepts connections. The caller must call Stop.
// RunIfChild must run first thing in the program's main (or TestMain), or the child will not serve.
func Start(serverArgs ...string) (*Child, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("serverproc: finding this program to run it again: %w", err)
	}
	out := &firstLine{line: make(chan string, 1)}
	cmd := exec.Command(exe, append([]string{"-addr", "127.0.0.1:0"}, serverArgs...)...)
	cmd.Env = append(os.Environ(), childEnv+"=1")
	cmd.Stdout = out
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, fmt.Errorf("serverproc: %w", err)
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("serverproc: starting the server: %w", err)
	}
	c := &Child{cmd: cmd, stdin: stdin, exited: make(chan struct{})}
	go func() {
		c.err = cmd.Wait()
		close(c.exited)
	}()

	select {
	case c.URL = <-out.line:
		return c, nil
	case <-c.exited:
		return nil, fmt.Errorf("serverproc: the server exited before it was ready: %w", c.err)
	case <-time.After(10 * time.Second):
		c.Stop()
		return nil, errors.New("serverproc: the server did not start within 10s")
	}
}

// Stop asks the server to finish what it holds and exit, and waits for it (killing it after 5s).
// It returns nil when the server exited cleanly.
func (c *Child) Stop() error {
	c.stdin.Close()
	select {
	case <-c.exited:
	case <-time.After(5 * time.Second):
		c.cmd.Process.Kill()
		<-c.exited
		return errors.New("serverproc: the server did not stop within 5s and was killed")
	}
	if c.err != nil {
		return fmt.Errorf("serverproc: the server: %w", c.err)
	}
	return nil
}

// firstLine is the child's standard output: it hands the first line to line (buffered, so this never
// blocks) and discards the rest. os/exec calls Write from a single goroutine.
type firstLine struct {
	buf  []byte
	line chan string
	done bool
}

func (w *firstLine) Write(p []byte) (int, error) {
	if !w.done {
		w.buf = append(w.buf, p...)
		if i := bytes.IndexByte(w.buf, '\n'); i >= 0 || len(w.buf) > 4096 {
			w.line <- string(w.buf[:max(i, 0)]) // no newline in 4 KiB: not a URL, Start will fail on it
			w.done, w.buf = true, nil
		}
	}
	return len(p), nil
}
