package lessontest

import (
	"context"
	"testing"
	"time"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

// BenchRequests is how many requests each iteration of a benchmark makes.
const BenchRequests = 300

// Benchmark measures a lesson's pattern the usual Go way, against the real /data handler on loopback with
// Quick's fixed latency of 1ms (far above the cost of a request on loopback, so that the pattern's
// concurrency is what it measures), no errors and no capacity limit: each iteration makes BenchRequests
// requests through pattern. Besides ns/op it reports req/s, so that `go test -bench . ./...` and
// benchstat compare the patterns. inFlight sizes the client's connection pool, as the pattern's
// concurrency does in the lesson's program.
func Benchmark[T any](b *testing.B, inFlight int, pattern func(ctx context.Context, n int, fetch lesson.Fetch) T) {
	b.Helper()
	fetch, _ := RealServer(b, Quick, inFlight)
	ctx := b.Context()
	start := time.Now()
	for b.Loop() {
		pattern(ctx, BenchRequests, fetch)
	}
	b.ReportMetric(float64(b.N*BenchRequests)/time.Since(start).Seconds(), "req/s")
}
