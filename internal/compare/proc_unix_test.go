//go:build unix

package compare

import (
	"bufio"
	"bytes"
	"context"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fakeGoDir, in the environment, makes this test binary, started as "go" or "link", play the go command
// and the linker it starts, and leave its traces in that folder: see fakeGo.
const fakeGoDir = "COMPARE_TEST_FAKE_GO"

func fakeGoIfAsked() {
	dir := os.Getenv(fakeGoDir)
	switch role := filepath.Base(os.Args[0]); {
	case dir == "":
	case role == "go":
		fakeGo(dir)
	case role == "link":
		fakeLink(dir)
	}
}

// fakeGo builds like go build as far as an interrupt goes: it makes its go-build folder, starts a linker,
// says it is ready on the FIFO dir/ready, and then waits. An interrupt ends it, as it ends the go command,
// without removing the folder; it writes dir/go-interrupted first. A kill leaves no trace.
func fakeGo(dir string) {
	interrupt := make(chan os.Signal, 1)
	signal.Notify(interrupt, os.Interrupt)
	work, err := os.MkdirTemp(os.Getenv("GOTMPDIR"), "go-build")
	must(err)
	must(os.WriteFile(filepath.Join(dir, "workdir"), []byte(work), 0o600))
	exe, err := os.Executable()
	must(err)
	link := &exec.Cmd{Path: exe, Args: []string{"link"}}
	out, err := link.StdoutPipe()
	must(err)
	must(link.Start())
	_, err = bufio.NewReader(out).ReadString('\n') // the linker is ready for its interrupt
	must(err)
	ready, err := os.OpenFile(filepath.Join(dir, "ready"), os.O_WRONLY, 0)
	must(err)
	ready.WriteString("ready\n")
	ready.Close()
	select {
	case <-interrupt:
		must(os.WriteFile(filepath.Join(dir, "go-interrupted"), nil, 0o600))
	case <-time.After(time.Minute):
	}
	link.Wait()
	os.Stderr.WriteString("fake go: interrupted\n")
	os.Exit(1)
}

// fakeLink waits for an interrupt, and writes dir/link-interrupted when it comes.
func fakeLink(dir string) {
	interrupt := make(chan os.Signal, 1)
	signal.Notify(interrupt, os.Interrupt)
	os.Stdout.WriteString("ready\n")
	select {
	case <-interrupt:
		must(os.WriteFile(filepath.Join(dir, "link-interrupted"), nil, 0o600))
	case <-time.After(time.Minute):
	}
	os.Exit(1)
}

func must(err error) {
	if err != nil {
		os.Stderr.WriteString("fake go: " + err.Error() + "\n")
		os.Exit(3)
	}
}

func TestAnInterruptedBuild(t *testing.T) {
	dir := t.TempDir()
	exe, err := os.Executable()
	require.NoError(t, err)
	require.NoError(t, os.Symlink(exe, filepath.Join(dir, "go")))
	fifo := filepath.Join(dir, "ready")
	require.NoError(t, syscall.Mkfifo(fifo, 0o600))
	t.Setenv("PATH", dir+string(os.PathListSeparator)+os.Getenv("PATH"))
	t.Setenv(fakeGoDir, dir)

	// Ctrl-C once the build is under way: when the fake go says it is ready.
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	waited := make(chan struct{})
	go func() {
		defer close(waited)
		if f, err := os.Open(fifo); err == nil { // blocks until the fake go opens it
			bufio.NewReader(f).ReadString('\n')
			f.Close()
		}
		cancel()
	}()
	t.Cleanup(func() {
		select {
		case <-waited:
		default: // the fake go never came: open the FIFO for the goroutine, so that it ends
			if f, err := os.OpenFile(fifo, os.O_RDWR, 0); err == nil {
				<-waited
				f.Close()
			}
		}
		if work, err := os.ReadFile(filepath.Join(dir, "workdir")); err == nil {
			os.RemoveAll(string(work)) // in case the test fails
		}
	})

	var log bytes.Buffer
	c, err := Run(ctx, Options{Root: "../..", Lessons: []string{"01-sequential", "02-waitgroups"}, Solution: true,
		Requests: 20, Servers: TwoServers, Log: &log})
	<-waited

	t.Run("is shown as interrupted, not as a lesson that does not build", func(t *testing.T) {
		assert.ErrorIs(t, err, context.Canceled)
		assert.True(t, c.Interrupted)
		assert.Empty(t, c.Sections, "no server started, no row of a lesson that does not build")
		assert.Contains(t, log.String(), "01-sequential    interrupted while it was being built")
		assert.NotContains(t, log.String(), "does not build")
		assert.NotContains(t, log.String(), "02-waitgroups", "the next lesson is not built")
	})
	t.Run("gets an interrupt, not a kill, and so does the linker it started", func(t *testing.T) {
		assert.FileExists(t, filepath.Join(dir, "go-interrupted"), "the go command was killed without an interrupt")
		assert.FileExists(t, filepath.Join(dir, "link-interrupted"), "the linker was left running without an interrupt")
	})
	t.Run("leaves no go-build folder behind", func(t *testing.T) {
		work, err := os.ReadFile(filepath.Join(dir, "workdir"))
		require.NoError(t, err)
		assert.NoDirExists(t, string(work))
		assert.False(t, strings.HasPrefix(string(work), os.TempDir()+string(os.PathSeparator)+"go-build"),
			"the build's temporary files go in compare's own folder, %s", work)
	})
}
