package lessontest

import (
	"context"
	"testing"
	"time"

	"github.com/go-concurrency-workshop/workshop/internal/dataserver"
	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

// BenchLatency is the fixed latency of the benchmarks' server: short, so that a benchmark is quick, and
// far above the cost of a request on loopback, so that the pattern's concurrency is what it measures.
const BenchLatency = time.Millisecond

// BenchRequests is how many requests each iteration of a benchmark makes.
const BenchRequests = 300

// Steady is the benchmarks' server: exactly BenchLatency an answer, no errors, no capacity limit.
var Steady = dataserver.Config{Latency: BenchLatency, ErrorBurst: 1, Capacity: dataserver.Unlimited,
	RetryAfter: time.Second, Seed: 1}

// Benchmark measures a lesson's pattern the usual Go way, against the real /data handler on loopback with
// a fixed latency (Steady): each iteration makes BenchRequests requests through pattern. Besides ns/op it
// reports req/s, so that `go test -bench . ./...` and benchstat compare the patterns. inFlight sizes the
// client's connection pool, as the pattern's concurrency does in the lesson's program.
func Benchmark[T any](b *testing.B, inFlight int, pattern func(ctx context.Context, n int, fetch lesson.Fetch) T) {
	b.Helper()
	fetch, _ := RealServer(b, Steady, inFlight)
	ctx := b.Context()
	start := time.Now()
	for b.Loop() {
		pattern(ctx, BenchRequests, fetch)
	}
	b.ReportMetric(float64(b.N*BenchRequests)/time.Since(start).Seconds(), "req/s")
}
