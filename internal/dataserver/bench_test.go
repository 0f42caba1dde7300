package dataserver

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync/atomic"
	"testing"
)

// BenchmarkThroughput compares the /data handler at zero latency with a bare net/http handler that writes
// the same body, both over loopback with the same client and 50 concurrent requests:
//
//	go test -run '^$' -bench Throughput -benchtime 5s ./internal/dataserver
//
// The data handler's req/s should be at least 80% of the bare handler's.
func BenchmarkThroughput(b *testing.B) {
	cfg := Profiles[DefaultProfile]
	cfg.Latency, cfg.Jitter, cfg.ErrorRate = 0, 0, 0

	var seq atomic.Uint64
	bare := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, fmt.Sprintf(`{"seq":%d,"latency_us":%d}`, seq.Add(1), 0))
	})

	for _, bc := range []struct {
		name string
		h    http.Handler
	}{{"bare", bare}, {"data", New(cfg)}} {
		b.Run(bc.name, func(b *testing.B) {
			srv := httptest.NewServer(bc.h)
			defer srv.Close()
			tr := &http.Transport{MaxIdleConnsPerHost: 64, MaxConnsPerHost: 64}
			defer tr.CloseIdleConnections()
			client := &http.Client{Transport: tr}
			var runs atomic.Int64
			b.SetParallelism(25) // 25 × GOMAXPROCS concurrent requests: 50 on two cores
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				req, _ := http.NewRequest(http.MethodGet, srv.URL+"/data", nil)
				req.Header.Set(RunHeader, "bench-"+strconv.FormatInt(runs.Add(1)%4, 10))
				for pb.Next() {
					resp, err := client.Do(req)
					if err != nil {
						b.Error(err)
						return
					}
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if resp.StatusCode != http.StatusOK {
						b.Errorf("status %d", resp.StatusCode)
						return
					}
				}
			})
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
		})
	}
}
