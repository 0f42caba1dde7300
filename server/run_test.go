package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/go-concurrency-workshop/workshop/internal/dataserver"
)

func TestRun(t *testing.T) {
	t.Run("prints a banner, serves until ctx is done, prints a summary and exits 0", func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		cancel() // already done: it stops as soon as it is serving
		var stdout, stderr bytes.Buffer
		assert.Equal(t, 0, run(ctx, []string{"-addr", "127.0.0.1:0"}, &stdout, &stderr))
		out := plain(stdout.String())
		assert.Contains(t, out, "/data server on http://127.0.0.1:")
		assert.Contains(t, out, "(profile workshop: ")
		assert.Contains(t, out, "stopped · requests 0 · served 0")
		assert.Empty(t, stderr.String())
	})

	t.Run("warns on stderr when other machines can reach it, and serves all the same", func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		var stdout, stderr bytes.Buffer
		assert.Equal(t, 0, run(ctx, []string{"-addr", "0.0.0.0:0"}, &stdout, &stderr))
		assert.Contains(t, stderr.String(), "dataserver: listening on every interface (0.0.0.0:")
		assert.Equal(t, 1, strings.Count(stderr.String(), "\n"), "one line: %q", stderr.String())
		assert.Contains(t, plain(stdout.String()), "stopped · requests 0")
	})

	t.Run("a bad flag is one line on stderr, exit status 2 and nothing on stdout", func(t *testing.T) {
		var stdout, stderr bytes.Buffer
		assert.Equal(t, 2, run(t.Context(), []string{"-capacity", "0"}, &stdout, &stderr))
		assert.Equal(t, 1, strings.Count(stderr.String(), "\n"), "one line: %q", stderr.String())
		assert.Empty(t, stdout.String())
	})

	t.Run("names the tail and the outage in the banner, and counts them in the summary", func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		var stdout, stderr bytes.Buffer
		assert.Equal(t, 0, run(ctx, []string{"-addr", "127.0.0.1:0", "-profile", "tail", "-outage", "2s+3s"}, &stdout, &stderr))
		out := plain(stdout.String())
		assert.Contains(t, out, "(profile tail: latency 3ms to 5ms, no errors, capacity 50 + queue 50, 2% of answers 20× slower, "+
			"an outage 2s after each run's first request, for 3s, seed 1)")
		assert.Contains(t, out, "GET /page/{id}")
		assert.Contains(t, out, "· 500s in outages 0 · slow 0\n")
	})

	t.Run("the summary shows the pages only when some were asked for", func(t *testing.T) {
		cfg := dataserver.Profiles["workshop"]
		assert.NotContains(t, summary(dataserver.Stats{Requests: 3}, cfg), "pages")
		assert.Contains(t, summary(dataserver.Stats{Requests: 3, PageRequests: 3, NotFound: 1}, cfg), "· pages 3, not found (404) 1")
	})

	t.Run("-h prints the usage and exits 0", func(t *testing.T) {
		var stdout, stderr bytes.Buffer
		assert.Equal(t, 0, run(t.Context(), []string{"-h"}, &stdout, &stderr))
		assert.Contains(t, stderr.String(), "Usage: go run ./server")
		for _, f := range []string{"-tail", "-outage", "-pages"} {
			assert.Contains(t, stderr.String(), f)
		}
		assert.Empty(t, stdout.String())
	})
}
