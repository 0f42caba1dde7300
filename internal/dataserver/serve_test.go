package dataserver

import (
	"context"
	"io"
	"net"
	"net/http"
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
	go func() { served <- Serve(ctx, ln, h) }()

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
