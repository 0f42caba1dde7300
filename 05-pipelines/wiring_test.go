package main

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
	"github.com/go-concurrency-workshop/workshop/internal/lessontest"
)

// The tests of the pipeline main.go wires, and its benchmark. This file's name sorts after stage_test.go: go test runs the
// tests in file order, so that a Stage.Run that crashes the test binary does it in TestStageRun.

// crawled is what runPipeline returned.
type crawled struct {
	sum    summary
	stages stageFigures
	err    error
}

// crawling binds runPipeline's settings for lessontest.Run.
func crawling(s settings) lessontest.Pattern[crawled] {
	return func(ctx context.Context, fetch lesson.Fetch) crawled {
		sum, stages, err := runPipeline(ctx, s, fetch)
		return crawled{sum, stages, err}
	}
}

// bottleneck is the name of the stage the figures call the bottleneck.
func (fs stageFigures) bottleneck() string {
	for _, f := range fs {
		if f.Bottleneck {
			return f.Name
		}
	}
	return ""
}

// The HTTP pipeline of main.go, in virtual time against the fake server: requests take 10ms.
func TestPipeline(t *testing.T) {
	const latency = 10 * time.Millisecond

	t.Run("fetches every id once, and aggregates the answers in order", func(t *testing.T) {
		failing := func(id, _ int) lessontest.Answer {
			if id >= 20 && id < 25 {
				return lessontest.Answer{Status: 500}
			}
			return lessontest.Answer{}
		}
		s := settings{requests: 100, fetchWorkers: 10, decodeWorkers: 2, decodeCost: time.Millisecond, reorder: 100}
		out := lessontest.Run(t, "the pipeline", lessontest.Scenario{Latency: latency, Answer: failing}, crawling(s))
		require.NoError(t, out.Returned.err)

		seen := map[int]int{}
		for _, c := range out.Calls {
			seen[c.ID]++
		}
		assert.Len(t, seen, 100, "every id from 0 to 99 should be fetched")
		assert.Len(t, out.Calls, 100, "each id should be fetched once")
		assert.Equal(t, 10, out.PeakInFlight, "the fetch stage's 10 workers should keep 10 requests in flight")
		sum := out.Returned.sum
		assert.Equal(t, 100, sum.requests)
		assert.Equal(t, 95, sum.ok)
		assert.Equal(t, map[string]int{"500": 5}, sum.failed)
		assert.Equal(t, 5, sum.longest, "ids 20 to 24 failed: 5 in a row, which only shows when the answers come in order")
		assert.Equal(t, 24, sum.longestLast)
	})

	t.Run("names the stage with the least capacity as the bottleneck, and runs at its pace", func(t *testing.T) {
		for _, tc := range []struct {
			name       string
			decodeCost time.Duration
			want       string
			took       time.Duration
		}{
			// fetch: 10 workers × 10ms, 1,000/s. decode: 2 workers × 1ms, 2,000/s. Each round of 10
			// answers is decoded in 5ms, before the next comes: 10 rounds of 10ms, + 5ms for the last.
			{"fetch", time.Millisecond, "fetch", 10*latency + 5*time.Millisecond},
			// decode: 2 workers × 3ms, 667/s. It starts when the first answers come, at 10ms, and never
			// waits again: 100 answers / 2 workers = 50 rounds of 3ms.
			{"decode", 3 * time.Millisecond, "decode", latency + 50*3*time.Millisecond},
		} {
			t.Run(tc.name, func(t *testing.T) {
				s := settings{requests: 100, fetchWorkers: 10, decodeWorkers: 2, decodeCost: tc.decodeCost, reorder: 100}
				out := lessontest.Run(t, "the pipeline", lessontest.Scenario{Latency: latency}, crawling(s))
				require.NoError(t, out.Returned.err)
				stages := out.Returned.stages
				require.Len(t, stages, 3)
				assert.Equal(t, tc.want, stages.bottleneck(), "the stages:\n%s", stages)
				assert.Equal(t, tc.took, out.Took)
				for _, f := range stages {
					assert.Equal(t, int64(100), f.Messages, "stage %s", f.Name)
				}
			})
		}
	})

	t.Run("stops at the first error, and says which stage and which request", func(t *testing.T) {
		s := settings{requests: 100, fetchWorkers: 10, decodeWorkers: 2, reorder: 100}
		out := lessontest.Run(t, "the pipeline", lessontest.Scenario{Latency: latency},
			func(ctx context.Context, fetch lesson.Fetch) crawled {
				garbled := func(ctx context.Context, id int) lesson.Result {
					r := fetch(ctx, id)
					if id == 50 {
						r.Body = []byte("{not json")
					}
					return r
				}
				sum, stages, err := runPipeline(ctx, s, garbled)
				return crawled{sum, stages, err}
			})
		err := out.Returned.err
		require.ErrorContains(t, err, "request 50", "request 50's body is not JSON: decode fails, and so should the pipeline")
		assert.ErrorContains(t, err, "decode", "the error should name the stage that failed")
		// Request 50 is answered at 60ms, with ids 60 to 69 already on their way; decode fails at once.
		assert.Empty(t, out.CallsAfter(61*time.Millisecond), "no request should start once decode has failed")
		assert.Equal(t, 60*time.Millisecond, out.Took, "the requests in flight should be cut short by the failure")
	})
	t.Run("stops at once when cancelled, even while decode waits out its cost", func(t *testing.T) {
		// Ctrl-C cancels the run's ctx. Decode's simulated cost is a wait like a request's: it ends when ctx is
		// done, and the pipeline returns at once, with ctx's error. The answers come at 10ms; the cancellation
		// comes at 15ms, 5ms into decode's hour.
		s := settings{requests: 100, fetchWorkers: 10, decodeWorkers: 2, decodeCost: time.Hour, reorder: 100}
		out := lessontest.Run(t, "the pipeline", lessontest.Scenario{Latency: latency, CancelAfter: 15 * time.Millisecond,
			Limit: 2 * time.Hour}, crawling(s))
		assert.ErrorIs(t, out.Returned.err, context.Canceled, "the run was cancelled: the pipeline should say so")
		assert.Equal(t, 15*time.Millisecond, out.Took, "the run was cancelled at 15ms, while decode waited out its "+
			"cost: that wait should end with ctx, as the requests do, not an hour later")
	})
}

func TestPipelineAgainstTheRealServer(t *testing.T) {
	fetch, srv := lessontest.RealServer(t, lessontest.Quick, 8)
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()

	sum, stages, err := runPipeline(ctx, settings{requests: 60, fetchWorkers: 8, decodeWorkers: 2, reorder: 60}, fetch)

	if errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("the pipeline had not finished after 10s, when 60 requests to a server on this machine take well "+
			"under a second: %v. Is a stage's output never closed, or a goroutine left blocked? TestStageRun and "+
			"TestOrdered say which.", err)
	}
	require.NoError(t, err)
	assert.Equal(t, 60, sum.requests)
	assert.Equal(t, 60, sum.ok, "every request should have been answered 200")
	assert.Positive(t, sum.server, "the 200s' bodies carry the latency the server simulated")
	require.Len(t, stages, 3)
	for _, f := range stages {
		assert.Equal(t, int64(60), f.Messages, "stage %s", f.Name)
	}
	st := srv.Stats("")
	assert.Equal(t, int64(60), st.Served)
	assert.LessOrEqual(t, st.PeakInFlight, 8, "8 fetch workers: the server should never see more than 8 requests at once")
}

// BenchmarkPipeline measures the pipeline against the real handler at a fixed latency, with no simulated
// decode cost: `go test -run '^$' -bench . ./...` puts it beside the other lessons' patterns.
func BenchmarkPipeline(b *testing.B) {
	lessontest.Benchmark(b, 15, func(ctx context.Context, n int, fetch lesson.Fetch) summary {
		sum, _, err := runPipeline(ctx, settings{requests: n, fetchWorkers: 15, decodeWorkers: 6, reorder: n}, fetch)
		require.NoError(b, err)
		return sum
	})
}
