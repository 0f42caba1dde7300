package dataserver

import (
	"bufio"
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestServeShutsDownGracefully(t *testing.T) {
	// A real listener: graceful shutdown is about connections, which a bubble cannot fake.
	cfg := steady(Unlimited, 0)
	cfg.Latency = 300 * time.Millisecond
	s := New(cfg)
	arrived := make(chan struct{})
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(arrived)
		s.ServeHTTP(w, r)
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)

	ctx, stop := context.WithCancel(t.Context())
	served := make(chan error, 1)
	go func() { served <- serve(ctx, ln, h) }()

	client := &http.Client{Transport: &http.Transport{}}
	defer client.CloseIdleConnections()
	answered := make(chan *http.Response, 1)
	go func() {
		resp, err := client.Get("http://" + ln.Addr().String() + "/data")
		assert.NoError(t, err)
		answered <- resp
	}()

	<-arrived
	stop() // the request is in flight: shutting down must wait for it
	resp := <-answered
	require.NotNil(t, resp)
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Contains(t, string(body), `"latency_us":300000`)
	assert.NoError(t, <-served, "a clean shutdown returns nil")

	_, err = net.DialTimeout("tcp", ln.Addr().String(), time.Second)
	assert.Error(t, err, "the listener should be closed after shutdown")
}

// serving is a server started by ListenAndServe, as its ready function saw it.
type serving struct {
	url  string
	srv  *Server
	opts Options
}

// listenAndServe runs ListenAndServe with args until the returned stop is called, which returns its
// result. It fails the test if the server does not get ready.
func listenAndServe(t testing.TB, stderr io.Writer, args ...string) (serving, func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	ready := make(chan serving, 1)
	done := make(chan error, 1)
	go func() {
		done <- ListenAndServe(ctx, args, stderr, func(addr net.Addr, srv *Server, opts Options) {
			ready <- serving{"http://" + addr.String(), srv, opts}
		})
	}()
	select {
	case s := <-ready:
		return s, func() error { cancel(); return <-done }
	case err := <-done:
		cancel()
		require.FailNow(t, "ListenAndServe returned before it was ready", "%v", err)
		return serving{}, nil
	}
}

// getStatus sends GET url on a connection of its own and returns the status.
func getStatus(t testing.TB, url string) int {
	t.Helper()
	client := &http.Client{Transport: &http.Transport{}}
	defer client.CloseIdleConnections()
	resp, err := client.Get(url)
	require.NoError(t, err)
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

func TestExposure(t *testing.T) {
	for _, tc := range []struct {
		asked, ip string
		want      string
	}{
		{"127.0.0.1:8080", "127.0.0.1", ""},
		{"localhost:8080", "::1", ""},
		{"0.0.0.0:8080", "::", "every interface (0.0.0.0:8080)"},
		{":8080", "::", "every interface (:8080)"},
		{"[::]:8080", "::", "every interface ([::]:8080)"},
		{"192.168.1.5:8080", "192.168.1.5", "192.168.1.5:8080, not a loopback address"},
	} {
		got := exposure(tc.asked, &net.TCPAddr{IP: net.ParseIP(tc.ip), Port: 8080})
		if tc.want == "" {
			assert.Empty(t, got, "%s is loopback: nothing to warn about", tc.asked)
			continue
		}
		assert.Contains(t, got, tc.want, tc.asked)
		assert.Contains(t, got, "other machines can reach this server; use -addr 127.0.0.1:8080 to keep it local", tc.asked)
	}
}

func TestListenAndServe(t *testing.T) {
	t.Run("serves on -addr from ready until ctx is done, then exits 0", func(t *testing.T) {
		var stderr bytes.Buffer
		srv, stop := listenAndServe(t, &stderr, "-addr", "127.0.0.1:0", "-profile", "calm", "-latency", "0", "-jitter", "0")
		assert.Equal(t, "calm", srv.opts.Profile)
		assert.Equal(t, http.StatusOK, getStatus(t, srv.url+"/data"))
		assert.Equal(t, int64(1), srv.srv.Stats("").Served, "ready should be given the server that answers")

		err := stop()
		assert.NoError(t, err, "a clean shutdown returns nil")
		assert.Equal(t, 0, ExitStatus(err, &stderr))
		assert.Empty(t, stderr.String(), "a loopback server has nothing to warn about")
	})

	t.Run("warns in one line when other machines can reach it, and serves all the same", func(t *testing.T) {
		var stderr bytes.Buffer
		srv, stop := listenAndServe(t, &stderr, "-addr", "0.0.0.0:0", "-latency", "0", "-jitter", "0")
		_, port, err := net.SplitHostPort(srv.url[len("http://"):])
		require.NoError(t, err)
		assert.Equal(t, http.StatusOK, getStatus(t, "http://127.0.0.1:"+port+"/data"))
		require.NoError(t, stop())
		assert.Equal(t, fmt.Sprintf("dataserver: listening on every interface (0.0.0.0:%s): other machines can reach "+
			"this server; use -addr 127.0.0.1:%s to keep it local\n", port, port), stderr.String())
	})

	t.Run("a bad flag is one line on stderr and exit status 2, and nothing is served", func(t *testing.T) {
		var stderr bytes.Buffer
		err := ListenAndServe(t.Context(), []string{"-capacity", "0"}, &stderr, func(net.Addr, *Server, Options) {
			t.Error("ready should not be called for bad flags")
		})
		require.Error(t, err)
		assert.Equal(t, 2, ExitStatus(err, &stderr))
		assert.Equal(t, err.Error()+"\n", stderr.String())
		assert.Contains(t, err.Error(), "-capacity")
	})

	t.Run("-h writes the usage and exits 0", func(t *testing.T) {
		var stderr bytes.Buffer
		err := ListenAndServe(t.Context(), []string{"-h"}, &stderr, nil)
		require.ErrorIs(t, err, flag.ErrHelp)
		usage := stderr.String()
		assert.Contains(t, usage, "-profile")
		assert.Equal(t, 0, ExitStatus(err, &stderr))
		assert.Equal(t, usage, stderr.String(), "-h is not an error to report")
	})

	t.Run("an address already taken is one line on stderr and exit status 1", func(t *testing.T) {
		taken, err := net.Listen("tcp", "127.0.0.1:0")
		require.NoError(t, err)
		defer taken.Close()
		var stderr bytes.Buffer
		err = ListenAndServe(t.Context(), []string{"-addr", taken.Addr().String()}, &stderr, nil)
		require.Error(t, err)
		assert.Equal(t, 1, ExitStatus(err, &stderr))
		assert.True(t, strings.HasPrefix(stderr.String(), "dataserver: "), stderr.String())
		assert.Equal(t, 1, strings.Count(stderr.String(), "\n"), "one line: %q", stderr.String())
	})
}

func TestServeRefusesBodies(t *testing.T) {
	// Real connections: what is at stake is a connection held open by a body that never comes.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	s := New(steady(Unlimited, 0))
	ctx, stop := context.WithCancel(t.Context())
	served := make(chan error, 1)
	go func() { served <- serve(ctx, ln, s) }()
	defer func() {
		stop()
		assert.NoError(t, <-served)
	}()

	for _, declared := range []string{"Content-Length: 100", "Transfer-Encoding: chunked"} {
		t.Run("a request declaring a body it never sends ("+declared+") is answered at once and its connection closed", func(t *testing.T) {
			conn, err := net.Dial("tcp", ln.Addr().String())
			require.NoError(t, err)
			defer conn.Close()
			// Far below ReadTimeout (10s): an answer that waited for the body, or for that time-out, fails.
			require.NoError(t, conn.SetDeadline(time.Now().Add(5*time.Second)))
			_, err = fmt.Fprintf(conn, "GET /data HTTP/1.1\r\nHost: test\r\n%s\r\n\r\n", declared)
			require.NoError(t, err)

			in := bufio.NewReader(conn)
			resp, err := http.ReadResponse(in, nil)
			require.NoError(t, err, "the server should answer without waiting for the body")
			body, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			require.NoError(t, err)
			assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
			assert.True(t, resp.Close, "the answer should say Connection: close")
			assert.Contains(t, string(body), "no body")

			_, err = in.ReadByte()
			assert.ErrorIs(t, err, io.EOF, "the server should close the connection, not wait for the body")
		})
	}

	t.Run("a refused request is not counted as a /data request", func(t *testing.T) {
		assert.Zero(t, s.Stats("").Requests)
	})
}
