package main

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"regexp"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-concurrency-workshop/workshop/internal/dataserver"
)

// plain drops the colors, which follow the test's own stdout.
func plain(s string) string { return regexp.MustCompile("\x1b\\[[0-9;]*m").ReplaceAllString(s, "") }

func TestShowLive(t *testing.T) {
	t.Run("off a terminal, writes a plain line every five seconds while requests come in", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			srv := dataserver.New(dataserver.Config{ErrorBurst: 1, Capacity: 1, Queue: 0, RetryAfter: time.Second})
			var out bytes.Buffer
			ctx, stop := context.WithCancel(t.Context())
			var wg sync.WaitGroup
			wg.Go(func() { showLive(ctx, &out, srv) })

			for range 10 {
				srv.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/data", nil))
			}
			time.Sleep(5 * time.Second) // virtual time: one line is due
			synctest.Wait()
			require.Equal(t, "● 2.0 req/s │ in flight 0 │ 503s 0 │ 500s 0 │ 10 requests\n", plain(out.String()))

			time.Sleep(20 * time.Second) // nothing came in: nothing more to say
			synctest.Wait()
			stop()
			wg.Wait()
			assert.Equal(t, 1, bytes.Count(out.Bytes(), []byte("\n")), "an idle server should not fill its log: %q", out.String())
		})
	})
}
