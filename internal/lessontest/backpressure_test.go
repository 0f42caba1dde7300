package lessontest

import (
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

func TestLastAttempts(t *testing.T) {
	ms := time.Millisecond
	calls := []Call{
		{ID: 0, Attempt: 0, At: 0, End: 10 * ms, Done: true, Status: 503, RetryAfter: time.Second},
		{ID: 1, Attempt: 0, At: 0, End: 10 * ms, Done: true, Status: 200},
		{ID: 0, Attempt: 1, At: time.Second, End: time.Second + 10*ms, Done: true, Status: 200},
		{ID: 2, Attempt: 0, At: 0, End: 5 * ms, Done: true, Err: ErrConnReset},
	}
	good := []lesson.Result{{ID: 1, Status: 200}, {ID: 2, Err: ErrConnReset}, {ID: 0, Status: 200}}

	for _, tc := range []struct {
		name    string
		results []lesson.Result
		ok      bool
		says    string
	}{
		{"accepts each attempted id's last attempt, once", good, true, ""},
		{"rejects an id's earlier attempt", []lesson.Result{{ID: 1, Status: 200}, {ID: 2, Err: ErrConnReset}, {ID: 0, Status: 503}},
			false, "id 0's result is status 503, but its last attempt (attempt 1) got status 200"},
		{"rejects an id returned twice", append(good, lesson.Result{ID: 1, Status: 200}), false, "id 1 has more than one result"},
		{"rejects a result for an id never attempted", append(good, lesson.Result{ID: 7, Status: 200}), false, "id 7, which was never attempted"},
		{"rejects a missing id", good[1:], false, "1 attempted request(s) have no result (ids 1)"},
		{"rejects another error than the last attempt's", []lesson.Result{{ID: 1, Status: 200}, {ID: 2, Err: ErrConnReset}, {ID: 0, Err: ErrConnReset}},
			false, "id 0's result is error"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := &recorder{TB: t}
			assert.Equal(t, tc.ok, LastAttempts(rec, "F", tc.results, calls))
			if tc.ok {
				assert.Empty(t, rec.errors)
			} else if assert.Len(t, rec.errors, 1) {
				assert.Contains(t, rec.errors[0], tc.says)
			}
		})
	}
}

func TestInFlightWhenMade(t *testing.T) {
	ms := time.Millisecond
	calls := []Call{
		{ID: 0, At: 0, End: 10 * ms, Done: true},
		{ID: 1, At: 0, End: 10 * ms, Done: true},
		{ID: 2, At: 5 * ms, End: 5 * ms, Done: true}, // refused at once
		{ID: 3, At: 5 * ms, End: 20 * ms, Done: true},
		{ID: 4, At: 10 * ms, End: 30 * ms, Done: true}, // 0 and 1 end at this very moment: not counted
		{ID: 5, At: 12 * ms},                           // still in flight at the end
		{ID: 6, At: 40 * ms, End: 50 * ms, Done: true},
	}
	assert.Equal(t, []int{1, 2, 3, 3, 2, 3, 2}, InFlightWhenMade(calls))
}

// parkedIn waits in a select until ch is closed, and has a closure of its own wait too if nested.
func parkedIn(ch chan struct{}, nested bool) {
	if nested {
		done := make(chan struct{})
		go func() {
			defer close(done)
			<-ch
		}()
		<-done
		return
	}
	<-ch
}

// startParked starts parkedIn, nested, and returns.
func startParked(ch chan struct{}) { go parkedIn(ch, true) }

func TestStillIn(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		assert.Empty(t, StillIn("parkedIn"), "no goroutine yet")
		ch := make(chan struct{})
		go parkedIn(ch, false)
		startParked(ch) // two goroutines inside parkedIn: itself, and its closure's
		synctest.Wait()
		assert.Contains(t, StillIn("parkedIn"), "3 goroutine(s)")
		assert.Empty(t, StillIn("parked"), "a name is matched whole, not as a prefix")
		assert.Empty(t, StillIn("startParked"), "a goroutine is not inside the function that started it")
		close(ch)
		synctest.Wait()
		assert.Empty(t, StillIn("parkedIn"), "every goroutine has ended")
	})
}
