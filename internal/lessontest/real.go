package lessontest

import (
	"net/http/httptest"
	"testing"
	"time"

	"github.com/go-concurrency-workshop/workshop/internal/dataserver"
	"github.com/go-concurrency-workshop/workshop/internal/httpclient"
	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

// Quick is the real server's simulation for integration tests: 1ms an answer, no errors, no capacity limit.
var Quick = dataserver.Config{Latency: time.Millisecond, ErrorBurst: 1, Capacity: dataserver.Unlimited,
	RetryAfter: time.Second, Seed: 1}

// RealServer serves the real /data handler simulating cfg on a loopback port, and returns a fetch through
// the lessons' HTTP client, sized for inFlight requests at once, and the server, for its stats. The client's
// connections and the server are closed when the test ends.
func RealServer(t testing.TB, cfg dataserver.Config, inFlight int) (lesson.Fetch, *dataserver.Server) {
	t.Helper()
	srv := dataserver.New(cfg)
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	client, err := httpclient.New(ts.URL+"/data", inFlight, 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(client.Close) // runs before ts.Close: cleanups run last-in, first-out
	return client.Fetch, srv
}
