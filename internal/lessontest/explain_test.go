package lessontest

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

func TestFailures(t *testing.T) {
	f := Failures{Status500: []int{1}, Reset: []int{2}}
	assert.Equal(t, Answer{Status: 500}, f.Answer(1, 0))
	assert.Equal(t, Answer{Err: ErrConnReset}, f.Answer(2, 0))
	assert.Equal(t, Answer{}, f.Answer(0, 0))
	assert.Equal(t, Answer{}, f.Answer(1, 1), "a retry is answered 200")

	good := []lesson.Result{{ID: 0, Status: 200}, {ID: 1, Status: 500}, {ID: 2, Err: fmt.Errorf("wrapped: %w", ErrConnReset)}}
	r := &recorder{}
	assert.True(t, f.Kept(r, "F", good))
	assert.Empty(t, r.errors)

	r = &recorder{}
	assert.False(t, f.Kept(r, "F", good[:1]))
	require.Len(t, r.errors, 1)
	assert.Contains(t, r.errors[0], "the failed requests 1 (a 500), 2 (a transport error) have no result")

	r = &recorder{}
	assert.False(t, f.Kept(r, "F", []lesson.Result{{ID: 1, Status: 200}, good[2]}))
	require.Len(t, r.errors, 1)
	assert.Contains(t, r.errors[0], "1 (want a 500; got status 200")
}

// errorsOf is a testing.TB that keeps the errors it is given, and passes everything else to the real test.
type errorsOf struct {
	testing.TB
	errors []string
}

func (r *errorsOf) Helper() {}
func (r *errorsOf) Errorf(format string, args ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}

func TestRunReal(t *testing.T) {
	one := func(ctx context.Context, fetch lesson.Fetch) []lesson.Result { return []lesson.Result{fetch(ctx, 0)} }
	t.Run("returns what the pattern returned", func(t *testing.T) {
		fetch, srv := RealServer(t, Quick, 1)
		results, ok := RunReal(t, "F", fetch, srv, 10*time.Second, one)
		assert.True(t, ok)
		require.Len(t, results, 1)
		assert.Equal(t, 200, results[0].Status)
	})

	t.Run("tells a pattern that waited for the time-out", func(t *testing.T) {
		fetch, srv := RealServer(t, Quick, 1)
		r := &errorsOf{TB: t}
		waits := func(ctx context.Context, fetch lesson.Fetch) []lesson.Result {
			res := fetch(ctx, 0)
			<-ctx.Done() // a select with only this case
			return []lesson.Result{res}
		}
		_, ok := RunReal(r, "F", fetch, srv, 100*time.Millisecond, waits)
		assert.False(t, ok)
		require.Len(t, r.errors, 1)
		assert.Contains(t, r.errors[0], "F returned only once its context had timed out, after 100ms, with 1 results and 1 requests made")
	})

	t.Run("tells a pattern that made requests but returned nothing", func(t *testing.T) {
		fetch, srv := RealServer(t, Quick, 1)
		r := &errorsOf{TB: t}
		_, ok := RunReal(r, "F", fetch, srv, 10*time.Second, func(ctx context.Context, fetch lesson.Fetch) []lesson.Result {
			fetch(ctx, 0)
			return nil
		})
		assert.False(t, ok)
		require.Len(t, r.errors, 1)
		assert.Contains(t, r.errors[0], "F made 1 requests, but returned no results")
	})
}

func TestHintTellsTheStubFromAWait(t *testing.T) {
	assert.Contains(t, Outcome[int]{}.Hint(), "is it still the stub?")
	assert.Contains(t, Outcome[int]{}.Hint(), "go run ./workshop hint <lesson>", "the kit's own tests run outside a lesson's folder")
	assert.Contains(t, Outcome[int]{Took: time.Second}.Hint(), "yet it took 1s to return")
	assert.Empty(t, Outcome[int]{Calls: []Call{{}}}.Hint())
}

// TestCrashNamesTheTest runs itself in a child process, whose bubble crashes on a second close in a
// goroutine it started, and checks that the crash names the test and the rule.
func TestCrashNamesTheTest(t *testing.T) {
	if os.Getenv("LESSONTEST_CRASH") == "1" {
		Bubble(t, func(t *testing.T) {
			ch := make(chan int)
			close(ch)
			never := make(chan struct{})
			go func() { close(ch) }()
			<-never
		})
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashNamesTheTest$")
	cmd.Env = append(os.Environ(), "LESSONTEST_CRASH=1", "GODEBUG=") // Bubble itself must turn the labels on
	out, err := cmd.CombinedOutput()
	require.Error(t, err, "the child should have crashed:\n%s", out)
	assert.Contains(t, string(out), "panic: close of closed channel")
	assert.Contains(t, string(out), `"test": "TestCrashNamesTheTest"`)
	assert.Contains(t, string(out), `"rule": "a channel is closed once, by the one goroutine that owns it`)
}

// TestHangIsSaidOnlyWhenThePatternDoesNotReturn runs itself in child processes: a Scenario's Hang ends the
// message of a pattern that never returns, and is not said when the pattern panicked instead.
func TestHangIsSaidOnlyWhenThePatternDoesNotReturn(t *testing.T) {
	const hang = "(the scenario's own hint)"
	if how := os.Getenv("LESSONTEST_HANG"); how != "" {
		Run(t, "Stuck", Scenario{Limit: time.Second, Hang: hang}, func(ctx context.Context, _ lesson.Fetch) int {
			if how == "panic" {
				panic("boom")
			}
			<-ctx.Done() // never cancelled
			return 0
		})
		return
	}
	for how, said := range map[string]bool{"wait": true, "panic": false} {
		cmd := exec.Command(os.Args[0], "-test.run=^TestHangIsSaidOnlyWhenThePatternDoesNotReturn$", "-test.v")
		cmd.Env = append(os.Environ(), "LESSONTEST_HANG="+how)
		out, err := cmd.CombinedOutput()
		require.Error(t, err, "the child's test should have failed:\n%s", out)
		if said {
			assert.Contains(t, string(out), "Stuck did not return within 1s", how)
			assert.Contains(t, string(out), hang, how)
		} else {
			assert.Contains(t, string(out), "Stuck panicked", how)
			assert.NotContains(t, string(out), hang, how)
		}
	}
}

func TestTally(t *testing.T) {
	missing, twice, unknown := Tally([]int{3, 1, 2, 5}, []int{9, 1, 1, 3, 7, 1})
	assert.Equal(t, []int{2, 5}, missing, "in want's order")
	assert.Equal(t, []int{1}, twice)
	assert.Equal(t, []int{7, 9}, unknown, "sorted")

	missing, twice, unknown = Tally([]int{0, 1}, []int{1, 0})
	assert.Empty(t, missing)
	assert.Empty(t, twice)
	assert.Empty(t, unknown)
}

func TestFew(t *testing.T) {
	assert.Equal(t, "none", Few([]int{}, 3, nil))
	assert.Equal(t, "1, 2", Few([]int{1, 2}, 3, nil))
	assert.Equal(t, "1, 2, 3", Few([]int{1, 2, 3}, 3, nil))
	assert.Equal(t, "1, 2, 3 and 2 more", Few([]int{1, 2, 3, 4, 5}, 3, nil))
	assert.Equal(t, "id 7 and 1 more", Few([]int{7, 8}, 1, func(id int) string { return fmt.Sprintf("id %d", id) }))
}
