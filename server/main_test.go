package main

import (
	"bufio"
	"bytes"
	"io"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"runtime"
	"strings"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

// The tests run this very test binary as the server, so they exercise main itself: flags, exit status
// and the signal handling.
const asServer = "SERVER_MAIN_TEST"

func TestMain(m *testing.M) {
	if os.Getenv(asServer) == "1" {
		main()
		return
	}
	goleak.VerifyTestMain(m)
}

func server(args ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), asServer+"=1")
	return cmd
}

func TestBadFlagsExitWithStatus2AndOneLine(t *testing.T) {
	for _, args := range [][]string{
		{"-latency", "-1ms"},
		{"-capacity", "0"},
		{"-profile", "stormy"},
		{"-addr", "not-an-address"},
		{"-tail", "2:20"},
		{"-outage", "5s"},
		{"-pages", "0"},
	} {
		var stderr bytes.Buffer
		cmd := server(args...)
		cmd.Stderr = &stderr
		err := cmd.Run()
		var exit *exec.ExitError
		require.ErrorAs(t, err, &exit, "%q", args)
		assert.Equal(t, 2, exit.ExitCode(), "%q", args)
		assert.Equal(t, 1, strings.Count(stderr.String(), "\n"), "%q: want one line, got %q", args, stderr.String())
	}
}

func TestInterruptStopsCleanly(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no SIGINT to send on Windows")
	}
	cmd := server("-addr", "127.0.0.1:0", "-latency", "0", "-jitter", "0")
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	lines := bufio.NewScanner(stdout)

	require.True(t, lines.Scan(), "the server printed nothing")
	url := regexp.MustCompile(`http://127\.0\.0\.1:\d+`).FindString(lines.Text())
	require.NotEmpty(t, url, "no URL in the banner %q", lines.Text())

	client := &http.Client{Transport: &http.Transport{}}
	resp, err := client.Get(url + "/data")
	require.NoError(t, err)
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	client.CloseIdleConnections()
	assert.Equal(t, http.StatusOK, resp.StatusCode)

	require.NoError(t, cmd.Process.Signal(syscall.SIGINT))
	rest, _ := io.ReadAll(stdout)
	assert.NoError(t, cmd.Wait(), "Ctrl-C should end the server with status 0")
	assert.Contains(t, string(rest), "stopped · requests 1 · served 1")
}
