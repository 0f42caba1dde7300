package lessontest

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"syscall"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

func TestMain(m *testing.M) {
	// TestBubbleReportsGoroutinesLeftBlocked leaves one goroutine blocked on purpose.
	goleak.VerifyTestMain(m, goleak.IgnoreTopFunction(
		"github.com/go-concurrency-workshop/workshop/internal/lessontest.TestBubbleReportsGoroutinesLeftBlocked.func1.1"))
}

func TestServerFake(t *testing.T) {
	t.Run("answers each attempt as scripted, after the latency, and records it", func(t *testing.T) {
		Bubble(t, func(t *testing.T) {
			s := NewServer(Scenario{Latency: 10 * time.Millisecond, Answer: func(id, attempt int) Answer {
				switch {
				case id == 3 && attempt == 0:
					return Answer{Status: 500}
				case id == 5:
					return Answer{Err: ErrConnReset}
				}
				return Answer{}
			}})
			assert.Equal(t, lesson.Result{ID: 3, Latency: 10 * time.Millisecond, Status: 500}, s.Fetch(t.Context(), 3))
			assert.Equal(t, lesson.Result{ID: 3, Latency: 10 * time.Millisecond, Status: 200,
				Body: []byte(`{"seq":1,"latency_us":10000}`)}, s.Fetch(t.Context(), 3), "the second attempt at id 3 is not scripted: 200")
			r := s.Fetch(t.Context(), 5)
			assert.ErrorIs(t, r.Err, syscall.ECONNRESET)
			assert.Zero(t, r.Status, "a transport error comes without a status")

			ctx, cancel := context.WithCancel(t.Context())
			time.AfterFunc(4*time.Millisecond, cancel)
			r = s.Fetch(ctx, 4)
			assert.ErrorIs(t, r.Err, context.Canceled)
			assert.Equal(t, 4*time.Millisecond, r.Latency, "a cancelled request gives up at once")

			assert.Zero(t, s.InFlight())
			assert.Equal(t, 1, s.PeakInFlight())
			calls := s.Calls()
			require.Len(t, calls, 4)
			assert.Equal(t, Call{ID: 3, Attempt: 0, At: 0, End: 10 * time.Millisecond, Done: true, Status: 500}, calls[0])
			assert.Equal(t, Call{ID: 3, Attempt: 1, At: 10 * time.Millisecond, End: 20 * time.Millisecond, Done: true, Status: 200}, calls[1])
			assert.Equal(t, 5, calls[2].ID)
			assert.ErrorIs(t, calls[2].Err, syscall.ECONNRESET)
			assert.True(t, calls[3].Canceled)
			assert.Equal(t, 34*time.Millisecond, calls[3].End)
		})
	})

	t.Run("answers 503 with Retry-After at once to an attempt over capacity", func(t *testing.T) {
		Bubble(t, func(t *testing.T) {
			s := NewServer(Scenario{Latency: 10 * time.Millisecond, Capacity: 5, RetryAfter: 2 * time.Second})
			var wg sync.WaitGroup
			for id := range 5 {
				wg.Go(func() { s.Fetch(t.Context(), id) })
			}
			synctest.Wait() // five attempts hold the five slots
			r := s.Fetch(t.Context(), 5)
			assert.Equal(t, lesson.Result{ID: 5, Status: 503, RetryAfter: 2 * time.Second}, r, "the sixth attempt in flight")
			wg.Wait()
			assert.Equal(t, 200, s.Fetch(t.Context(), 5).Status, "once the slots are free, the retry is admitted")

			calls := s.Calls()
			require.Len(t, calls, 7)
			assert.Equal(t, Call{ID: 5, Attempt: 0, At: 0, End: 0, Done: true, Status: 503, RetryAfter: 2 * time.Second}, calls[5])
			assert.Equal(t, Call{ID: 5, Attempt: 1, At: 10 * time.Millisecond, End: 20 * time.Millisecond, Done: true, Status: 200}, calls[6])
			assert.Equal(t, 6, s.PeakInFlight(), "the rejected attempt was in flight too, for an instant")
		})
	})

	t.Run("takes GiveUp to give up once ctx is done", func(t *testing.T) {
		Bubble(t, func(t *testing.T) {
			s := NewServer(Scenario{Latency: 10 * time.Millisecond, GiveUp: 3 * time.Millisecond})
			ctx, cancel := context.WithCancel(t.Context())
			time.AfterFunc(4*time.Millisecond, cancel)
			r := s.Fetch(ctx, 0)
			assert.ErrorIs(t, r.Err, context.Canceled)
			assert.Equal(t, 7*time.Millisecond, r.Latency)
		})
	})
}

// pool runs fetch for ids 0..n-1 on w goroutines: a correct pattern to check Run's measurements with.
func pool(n, w int) Pattern[[]lesson.Result] {
	return func(ctx context.Context, fetch lesson.Fetch) []lesson.Result {
		results := make([]lesson.Result, n)
		var wg sync.WaitGroup
		for g := range w {
			wg.Go(func() {
				for id := g; id < n; id += w {
					results[id] = fetch(ctx, id)
				}
			})
		}
		wg.Wait()
		return results
	}
}

func TestRun(t *testing.T) {
	out := Run(t, "pool", Scenario{Latency: 10 * time.Millisecond}, pool(12, 4))
	assert.Len(t, out.Returned, 12)
	assert.Equal(t, 30*time.Millisecond, out.Took, "12 requests on 4 goroutines: 3 rounds")
	assert.Equal(t, 4, out.PeakInFlight)
	assert.Len(t, out.Calls, 12)
	assert.Zero(t, out.InFlight)
	assert.Zero(t, out.LeftRunning)

	out = Run(t, "pool", Scenario{Latency: 10 * time.Millisecond, CancelAfter: 15 * time.Millisecond}, pool(12, 4))
	assert.Len(t, out.CallsAfter(15*time.Millisecond), 4, "each goroutine tries one more id after the cancellation")
	assert.Equal(t, 15*time.Millisecond, out.Took)
}

func TestGoroutines(t *testing.T) {
	Bubble(t, func(t *testing.T) {
		before := Goroutines()
		stop := make(chan struct{})
		go func() { <-stop }()
		left := before.Left()
		assert.Contains(t, left, "1 goroutine(s)")
		assert.Contains(t, left, "chan receive")
		close(stop)
		assert.Empty(t, before.Left(), "the goroutine has ended")
	})
}

func TestBubbleReportsGoroutinesLeftBlocked(t *testing.T) {
	blocked := Bubble(t, func(t *testing.T) {
		never := make(chan struct{})
		go func() { <-never }() // blocked for good: synctest would panic, Bubble reports it
	})
	assert.True(t, blocked)
	assert.False(t, Bubble(t, func(t *testing.T) {}), "nothing was left")
}

// recorder is a testing.TB that keeps the errors it is given.
type recorder struct {
	testing.TB
	errors []string
}

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, args ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}

func TestChecks(t *testing.T) {
	ok := func(ids ...int) []lesson.Result {
		var rs []lesson.Result
		for _, id := range ids {
			rs = append(rs, lesson.Result{ID: id, Status: 200})
		}
		return rs
	}
	for _, tc := range []struct {
		name    string
		results []lesson.Result
		want    string // in the message; "" for no failure
	}{
		{"complete", ok(0, 1, 2), ""},
		{"stub", nil, "Is it still the stub?"},
		{"duplicate", ok(0, 1, 1, 2), "id 1 came back 2 times"},
		{"missing", ok(0, 2), "1 of 3 requests have no result (ids 1)"},
		{"out of range", ok(0, 1, 3), "has id 3, but ids run from 0 to 2"},
		{"empty slot", append(ok(0, 1), lesson.Result{ID: 2}), "result 2 is empty"},
	} {
		r := &recorder{}
		got := EveryIDOnce(r, "F", tc.results, 3)
		if tc.want == "" {
			assert.True(t, got, tc.name)
			assert.Empty(t, r.errors, tc.name)
			continue
		}
		assert.False(t, got, tc.name)
		require.Len(t, r.errors, 1, tc.name)
		assert.Contains(t, r.errors[0], tc.want, tc.name)
	}

	r := &recorder{}
	assert.False(t, InRequestOrder(r, "F", ok(1, 0)))
	assert.Contains(t, r.errors[0], "results[0] is the result of request 1")
	assert.True(t, InRequestOrder(&recorder{}, "F", ok(0, 1, 2)))
}

func TestOK(t *testing.T) {
	assert.Equal(t, 2, OK([]lesson.Result{{Status: 200}, {Status: 500}, {Err: context.Canceled}, {Status: 200}}))
}

func BenchmarkPool(b *testing.B) {
	Benchmark(b, 10, func(ctx context.Context, n int, fetch lesson.Fetch) []lesson.Result { return pool(n, 10)(ctx, fetch) })
}

func TestAGoroutineSpinningInAnEmptyLoopIsPlacedInItsFunction(t *testing.T) {
	// What runtime.Stack shows of `for {}` in Sequential, stopped by preemption: the loop's jump has no line.
	stack := "goroutine 19 [runnable, synctest bubble 3]:\n" +
		"main.Sequential(...)\n\t/home/me/workshop/01-sequential/sequential.go:1\n" +
		"main.TestSequential.func1()\n\t/home/me/workshop/01-sequential/sequential_test.go:29 +0x1d"
	g, bubble, ok := parse(stack)
	require.True(t, ok)
	assert.Equal(t, "3", bubble)
	assert.Equal(t, "sequential.go, in Sequential: a loop with nothing in it (Go gives such a loop no line)", g.where)

	g, _, _ = parse(strings.Replace(stack, "sequential.go:1\n", "sequential.go:14\n", 1))
	assert.Equal(t, "sequential.go:14", g.where, "any other line is the line")

	for frame, want := range map[string]string{
		"main.Sequential(...)":       "Sequential",
		"main.FanOutIn.func1()":      "FanOutIn.func1",
		"main.(*Limiter).Wait(0x0?)": "(*Limiter).Wait",
		"github.com/x/y/solutions/sequential.Sequential({0x5, 0x6}, 0x7)": "Sequential",
	} {
		assert.Equal(t, want, funcName(frame), frame)
	}
}
