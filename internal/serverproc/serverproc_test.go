package serverproc

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
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
		client.CloseIdleConnections()

		require.NoError(t, child.Stop(), "a clean stop exits 0")
		_, err = client.Get(child.URL + "/healthz")
		assert.Error(t, err, "nothing should answer after Stop")
		client.CloseIdleConnections()
	})

	t.Run("reports a server that cannot start", func(t *testing.T) {
		_, err := Start("-capacity", "0")
		require.Error(t, err)
		assert.Contains(t, err.Error(), "exited before it was ready")
		assert.Contains(t, err.Error(), "exit status 2")
	})
}
