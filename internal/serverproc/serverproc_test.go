package serverproc

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/go-concurrency-workshop/workshop/internal/dataserver"
)

func TestMain(m *testing.M) {
	RunIfChild() // the children Start runs are this test binary
	goleak.VerifyTestMain(m)
}

func get(t testing.TB, client *http.Client, url string) (int, string) {
	t.Helper()
	resp, err := client.Get(url)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, string(body)
}

func TestStart(t *testing.T) {
	t.Run("serves /data on a loopback port until stopped", func(t *testing.T) {
		child, err := Start("-profile", "calm", "-latency", "0", "-jitter", "0")
		require.NoError(t, err)
		assert.True(t, strings.HasPrefix(child.URL, "http://127.0.0.1:"), child.URL)

		client := &http.Client{Transport: &http.Transport{}}
		status, body := get(t, client, child.URL+"/data")
		assert.Equal(t, http.StatusOK, status)
		assert.Contains(t, body, `"latency_us":0`)
		status, body = get(t, client, child.URL+"/stats")
		assert.Equal(t, http.StatusOK, status)
		assert.Contains(t, body, `"served": 1`)
		status, body = get(t, client, child.URL+"/healthz")
		assert.Equal(t, http.StatusOK, status)
		assert.Equal(t, dataserver.Health+"\n", body, "a lesson recognises the workshop's server by this body")
		client.CloseIdleConnections()

		require.NoError(t, child.Stop(), "a clean stop exits 0")
		_, err = client.Get(child.URL + "/healthz")
		assert.Error(t, err, "nothing should answer after Stop")
		client.CloseIdleConnections()
	})

	t.Run("passes the shapes' flags on: a tail, an outage, the link graph", func(t *testing.T) {
		child, err := Start("-profile", "outage", "-outage", "0s+1h", "-latency", "0", "-jitter", "0", "-pages", "40", "-seed", "5")
		require.NoError(t, err)
		client := &http.Client{Transport: &http.Transport{}}
		status, body := get(t, client, child.URL+"/data")
		assert.Equal(t, http.StatusInternalServerError, status, "the outage is on from the first request")
		assert.Contains(t, body, "outage")
		status, body = get(t, client, child.URL+"/graph?root=0")
		assert.Equal(t, http.StatusOK, status)
		want, err := json.Marshal(dataserver.NewGraph(5, 40).Reachable(0))
		require.NoError(t, err)
		assert.Equal(t, string(want)+"\n", body, "the child serves the graph of its -seed and -pages")
		client.CloseIdleConnections()
		require.NoError(t, child.Stop())
	})

	t.Run("reports a server that cannot start", func(t *testing.T) {
		_, err := Start("-capacity", "0")
		require.Error(t, err)
		assert.Contains(t, err.Error(), "exited before it was ready")
		assert.Contains(t, err.Error(), "exit status 2")
	})
}
