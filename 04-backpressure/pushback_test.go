package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-concurrency-workshop/workshop/internal/dataserver"
	"github.com/go-concurrency-workshop/workshop/internal/lesson"
	"github.com/go-concurrency-workshop/workshop/internal/lessontest"
)

func TestNewLimiter(t *testing.T) {
	t.Run("starts at one request in flight, with no pause", func(t *testing.T) {
		l := NewLimiter(30)
		require.NotNil(t, l, "NewLimiter returned nil: is it still the stub? Follow the TODOs in pushback.go.")
		assert.Equal(t, 1, l.Limit(), "a new limiter should allow 1 request in flight, and let answers raise it.%s",
			stubHint(l.Limit() == 0, "pushback.go"))
		assert.Zero(t, l.PausedUntil(), "no refusal yet: nothing should be paused")
	})
}

// t0 is a moment for the limiter's unit tests.
var t0 = time.Date(2025, 1, 1, 12, 0, 0, 0, time.UTC)

func TestLimiterLimit(t *testing.T) {
	t.Run("stays between 1 and max whatever happens", func(t *testing.T) {
		rng := rand.New(rand.NewPCG(1, 2)) // the same sequence every run
		l := NewLimiter(20)
		require.NotNil(t, l, "NewLimiter returned nil: is it still the stub? Follow the TODOs in pushback.go.")
		if got := l.Limit(); got < 1 || got > 20 {
			t.Fatalf("NewLimiter(20).Limit() is %d before anything happened; it must stay between 1 and 20, and a new "+
				"limiter starts at 1.%s", got, stubHint(got == 0, "pushback.go: NewLimiter sets the limit, Limit returns it"))
		}
		var events []string
		now := t0
		for range 2000 {
			now = now.Add(time.Duration(rng.IntN(300)) * time.Millisecond)
			if rng.IntN(10) == 0 {
				l.Rejected(now, time.Second)
				events = append(events, fmt.Sprintf("Rejected(t0+%v, 1s)", now.Sub(t0)))
			} else {
				inFlight := 1 + rng.IntN(25)
				l.Succeeded(inFlight)
				events = append(events, fmt.Sprintf("Succeeded(%d)", inFlight))
			}
			if got := l.Limit(); got < 1 || got > 20 {
				t.Fatalf("NewLimiter(20): after %s the limit is %d; it must stay between 1 and 20. The last calls: %s",
					events[len(events)-1], got, strings.Join(events[max(0, len(events)-8):], ", "))
			}
		}
	})
}

func TestLimiterPausedUntil(t *testing.T) {
	t.Run("holds every dispatch for the Retry-After, and keeps the latest end", func(t *testing.T) {
		// Only NewLimiter and Rejected besides PausedUntil: the pause does not depend on the limit.
		l := NewLimiter(30)
		require.NotNil(t, l, "NewLimiter returned nil: is it still the stub? Follow the TODOs in pushback.go.")
		l.Rejected(t0, 2*time.Second)
		if !assert.Equal(t, t0.Add(2*time.Second), l.PausedUntil(), "a 503 with Retry-After: 2s at t0 pauses until t0+2s.%s",
			stubHint(l.PausedUntil().IsZero(), "pushback.go: Rejected sets the end of the pause, PausedUntil returns it")) {
			return
		}
		l.Rejected(t0.Add(time.Second), 3*time.Second)
		assert.Equal(t, t0.Add(4*time.Second), l.PausedUntil(), "a second one at t0+1s asks for 3s more: until t0+4s")
		l.Rejected(t0.Add(1500*time.Millisecond), time.Second)
		assert.Equal(t, t0.Add(4*time.Second), l.PausedUntil(), "a shorter Retry-After does not shorten the pause")
	})
}

// grown returns a limiter of the given max whose limit has grown to limit, through answers at a full pool.
func grown(t *testing.T, maxLimit, limit int) *Limiter {
	t.Helper()
	l := NewLimiter(maxLimit)
	require.NotNil(t, l, "NewLimiter returned nil: is it still the stub? Follow the TODOs in pushback.go.")
	for range 1000 {
		if l.Limit() >= limit {
			break
		}
		l.Succeeded(l.Limit())
	}
	require.Equal(t, limit, l.Limit(), "answers with the pool full should raise the limit by one each, from 1 to %d.%s",
		limit, stubHint(l.Limit() == 0, "pushback.go"))
	return l
}

// regrow feeds l answers at a full pool until its limit stops growing, and returns it.
func regrow(l *Limiter) int {
	for range 100 {
		l.Succeeded(l.Limit())
	}
	return l.Limit()
}

func TestLimiterSucceeded(t *testing.T) {
	t.Run("raises the limit by one for each answer while at least half of it is in use", func(t *testing.T) {
		l := grown(t, 30, 10)
		l.Succeeded(5)
		assert.Equal(t, 11, l.Limit(), "limit 10 with 5 in flight is half of it in use: an answer should raise it by one")
		l.Succeeded(11)
		assert.Equal(t, 12, l.Limit())
	})

	t.Run("leaves the limit alone while less than half of it is in use", func(t *testing.T) {
		l := grown(t, 30, 10)
		l.Succeeded(4)
		assert.Equal(t, 10, l.Limit(), "limit 10 with 4 in flight: the pool does not use the limit it has, so an "+
			"answer proves nothing about a larger one")
	})

	t.Run("never raises the limit past max", func(t *testing.T) {
		l := grown(t, 5, 5)
		l.Succeeded(5)
		assert.Equal(t, 5, l.Limit(), "NewLimiter(5) should never allow more than 5: there are only 5 workers")
	})
}

func TestLimiterRejected(t *testing.T) {
	t.Run("halves the limit", func(t *testing.T) {
		l := grown(t, 30, 12)
		l.Rejected(t0, time.Second)
		assert.Equal(t, 6, l.Limit(), "a 503 at limit 12 should halve it, to 6")
		l.Rejected(t0.Add(2*time.Second), time.Second)
		assert.Equal(t, 3, l.Limit(), "another overload, once the first pause is over, should halve it again, to 3")
	})

	t.Run("never cuts the limit below 1", func(t *testing.T) {
		l := grown(t, 30, 2)
		for i := range 4 {
			l.Rejected(t0.Add(time.Duration(i)*time.Minute), time.Second)
		}
		assert.Equal(t, 1, l.Limit(), "with no request in flight nothing is ever sent again: the limit stops at 1")
	})

	t.Run("cuts once for the refusals of one overload", func(t *testing.T) {
		l := grown(t, 30, 12)
		l.Rejected(t0, time.Second)
		l.Rejected(t0, time.Second) // while the first one's pause holds: the same overload
		l.Rejected(t0.Add(500*time.Millisecond), time.Second)
		assert.Equal(t, 6, l.Limit(), "three 503s, the last two while the first one's Retry-After held: one "+
			"overload, so one cut, from 12 to 6. Cutting for each would leave the limit at 1.")
	})

	t.Run("never lets the limit grow back to a level the server refused", func(t *testing.T) {
		l := grown(t, 30, 12)
		l.Rejected(t0, time.Second) // the server could not take 12 at once
		assert.Equal(t, 11, regrow(l), "the server refused a request while the limit was 12: answers should raise "+
			"the limit back to 11, and no further (Rejected sets that ceiling, Succeeded keeps to it). Each time the "+
			"limit climbs back to a level already refused, the next refusal costs a whole Retry-After with nothing sent.")
	})

	t.Run("lowers its ceiling by one for each further refusal of the overload", func(t *testing.T) {
		l := grown(t, 30, 14)
		for range 4 {
			l.Rejected(t0, time.Second) // 14 in flight, 4 refused: the server takes 10
		}
		assert.Equal(t, 10, regrow(l), "the limit was 14 and 4 requests were refused in one overload: the server "+
			"took 10, so answers should raise the limit back to 10 and no further")
	})
}

// Against the fake, the limiter must find the capacity by itself: the server works on 10 requests at once,
// 100ms each, and answers any more with a 503 and Retry-After: 1s, at once. The pool has 30 workers.
const (
	capacity  = 10
	bpLatency = 100 * time.Millisecond
	bpWorkers = 30
	bpN       = 1000 // at best, 10 at a time: 100 rounds of 100ms, 10s
	ideal     = bpN * bpLatency / capacity
)

var overloaded = lessontest.Scenario{Latency: bpLatency, Capacity: capacity, RetryAfter: time.Second}

// spread is a jitter that depends only on the id and the attempt: the same run every time.
func spread(id, attempt int) float64 { return float64((id*7+attempt*3)%10) / 10 }

var retry = Retry{Budget: 100, Backoff: 100 * time.Millisecond, Jitter: spread}

// limited is what Backpressure returns.
type limited struct {
	results []lesson.Result
	changes []Change
}

// backpressure binds Backpressure's arguments for lessontest.Run.
func backpressure(n, workers int, r Retry) lessontest.Pattern[limited] {
	return func(ctx context.Context, fetch lesson.Fetch) limited {
		results, changes := Backpressure(ctx, n, workers, fetch, r)
		return limited{results, changes}
	}
}

// allowedAt is the most the limit allowed at d: the limit in force just before d, or any set at d itself.
func allowedAt(changes []Change, d time.Duration) int {
	allowed := 0
	for _, c := range changes {
		switch {
		case c.At < d:
			allowed = c.Limit
		case c.At == d:
			allowed = max(allowed, c.Limit)
		}
	}
	return allowed
}

// showChanges lists the first changes of the limit, for a message.
func showChanges(changes []Change) string {
	var b strings.Builder
	for i, c := range changes {
		if i == 16 {
			fmt.Fprintf(&b, " … (%d changes in all)", len(changes))
			break
		}
		fmt.Fprintf(&b, " %d at %v;", c.Limit, c.At)
	}
	return b.String()
}

// isOverload reports whether a call got an overload signal.
func isOverload(c lessontest.Call) bool {
	return c.Status == http.StatusServiceUnavailable || c.Status == http.StatusTooManyRequests
}

// limitHint is a likely cause to put first in a message about the limit, when the changes themselves show
// one: only the first change recorded though more requests were in flight than it allows, or a limit that
// never rose above 1 though answers came. "" when neither.
func limitHint(changes []Change, calls []lessontest.Call) string {
	answered, peak := 0, 0
	for i, n := range lessontest.InFlightWhenMade(calls) {
		peak = max(peak, n)
		if calls[i].Done && calls[i].Err == nil {
			answered++
		}
	}
	top := 0
	for _, c := range changes {
		top = max(top, c.Limit)
	}
	switch {
	case len(changes) == 1 && peak > changes[0].Limit:
		return fmt.Sprintf(" Only the first limit was recorded (%d at %v), yet up to %d requests were in flight at "+
			"once: each change of the limit must be recorded as a Change, with when it happened (after each answer "+
			"that moves the limit, compare it with the last Change and append one if it differs).",
			changes[0].Limit, changes[0].At, peak)
	case len(changes) > 0 && top <= 1 && answered > 1:
		return fmt.Sprintf(" The limit never rose above 1, though %d answers came: Succeeded is given the requests "+
			"in flight counting the one just answered: call it before you decrement. (At limit 1, 0 in flight is "+
			"less than half the limit, and nothing ever grows.)", answered)
	}
	return ""
}

func TestBackpressure(t *testing.T) {
	t.Run("keeps the limit between half the capacity and two above it, once warmed up", func(t *testing.T) {
		out := lessontest.Run(t, "Backpressure", overloaded, backpressure(bpN, bpWorkers, retry))
		changes := out.Returned.changes
		require.NotEmpty(t, changes, "Backpressure returned no change of the limit: the first, at 0, is the limit it "+
			"starts with.%s", out.Hint())
		warm := 2 * time.Second // the first refusal, its Retry-After of 1s, and the climb back
		lo, hi := capacity/2, capacity+2
		limit := allowedAt(changes, warm)
		at := warm
		for _, c := range changes {
			if c.At > warm {
				limit, at = c.Limit, c.At
			}
			if (c.At > warm || c == changes[0]) && (limit < lo || limit > hi) {
				break
			}
		}
		if limit < lo || limit > hi {
			cause := limitHint(changes, out.Calls)
			if cause == "" {
				cause = " Above: does a 503 cut the limit, and does the limit stop short of the level the server " +
					"refused? Below: is one overload cutting it more than once, or are answers not raising it?"
			}
			t.Errorf("the server takes %d at once; from %v on the limit should stay between %d and %d, but at %v "+
				"it was %d.%s The limit's changes:%s", capacity, warm, lo, hi, at, limit, cause, showChanges(changes))
		}
	})

	t.Run("gets a 503 for fewer than 5% of its attempts", func(t *testing.T) {
		out := lessontest.Run(t, "Backpressure", overloaded, backpressure(bpN, bpWorkers, retry))
		refused := 0
		for _, c := range out.Calls {
			if isOverload(c) {
				refused++
			}
		}
		require.NotEmpty(t, out.Calls, "Backpressure returned at once%s", out.Hint())
		assert.Less(t, float64(refused)/float64(len(out.Calls)), 0.05,
			"%d of %d attempts were refused with a 503. A limit that never comes down, or climbs straight back "+
				"to where the server refused, keeps running into the capacity. The limit's changes:%s",
			refused, len(out.Calls), showChanges(out.Returned.changes))
	})

	t.Run("finishes within 1.3 times the best time the capacity allows", func(t *testing.T) {
		out := lessontest.Run(t, "Backpressure", overloaded, backpressure(bpN, bpWorkers, retry))
		lessontest.EveryIDOnce(t, "Backpressure", out.Returned.results, bpN)
		best := time.Duration(bpN) * bpLatency / capacity
		cause := limitHint(out.Returned.changes, out.Calls)
		if cause == "" {
			cause = " Every refusal costs a Retry-After of 1s with nothing sent: is the limit climbing back to where " +
				"the server refused? Or is it too low (cut more than once per overload, or not raised by answers)?"
		}
		assert.LessOrEqual(t, out.Took, best*13/10, "%d requests of %v, %d at a time, take %v at best; Backpressure "+
			"took %v.%s The limit's changes:%s", bpN, bpLatency, capacity, best, out.Took, cause,
			showChanges(out.Returned.changes))
	})

	t.Run("never has more requests in flight than the limit", func(t *testing.T) {
		out := lessontest.Run(t, "Backpressure", overloaded, backpressure(bpN, bpWorkers, retry))
		require.NotEmpty(t, out.Calls, "Backpressure returned at once%s", out.Hint())
		changes := out.Returned.changes
		for i, n := range lessontest.InFlightWhenMade(out.Calls) {
			c := out.Calls[i]
			if allowed := allowedAt(changes, c.At); n > allowed || n > bpWorkers {
				cause := limitHint(changes, out.Calls)
				if cause == "" {
					cause = " Is every dispatch checked against the limit, retries included, and is the count of " +
						"requests in flight changed in the same step as that check (by the one goroutine that " +
						"dispatches, or under one mutex)?"
				}
				what := "id %d"
				if c.Attempt > 0 {
					what = "a retry of id %d"
				}
				t.Errorf("at %v, "+what+" was sent with %d requests in flight (itself included), but the limit was %d "+
					"(and there are %d workers).%s The limit's changes:%s",
					c.At, c.ID, n, allowed, bpWorkers, cause, showChanges(changes))
				break
			}
		}
	})

	t.Run("sends nothing while a Retry-After pause holds", func(t *testing.T) {
		// The capacity's refusals, and two scripted ones with longer pauses: a 503 and a 429.
		scripted := lessontest.Scenario{Latency: bpLatency, Answer: func(id, attempt int) lessontest.Answer {
			switch {
			case id == 100 && attempt == 0:
				return lessontest.Answer{Status: http.StatusServiceUnavailable, RetryAfter: 2 * time.Second}
			case id == 300 && attempt == 0:
				return lessontest.Answer{Status: http.StatusTooManyRequests, RetryAfter: 3 * time.Second}
			}
			return lessontest.Answer{}
		}}
		for _, sc := range []lessontest.Scenario{overloaded, scripted} {
			out := lessontest.Run(t, "Backpressure", sc, backpressure(500, bpWorkers, retry))
			require.NotEmpty(t, out.Calls, "Backpressure returned at once%s", out.Hint())
			refusals := 0
			for _, c := range out.Calls {
				if !isOverload(c) || c.RetryAfter == 0 {
					continue
				}
				refusals++
				if during := out.CallsBetween(c.End+1, c.End+c.RetryAfter); len(during) > 0 {
					t.Errorf("id %d got %d with Retry-After: %v at %v, so nothing should be sent until %v; but id %d "+
						"was sent at %v. A refusal pauses every dispatch, not only its own request's retry.",
						c.ID, c.Status, c.RetryAfter, c.End, c.End+c.RetryAfter, during[0].ID, during[0].At)
					return
				}
			}
			require.Positive(t, refusals, "the server refused nothing: the test cannot check the pause.%s",
				limitHint(out.Returned.changes, out.Calls))
			lessontest.LastAttempts(t, "Backpressure", out.Returned.results, out.Calls)
			assert.Equal(t, 500, lessontest.OK(out.Returned.results),
				"every refused request should have been retried, within the budget, until it got its 200")
		}
	})

	t.Run("waits the Retry-After and the jittered backoff before each retry", func(t *testing.T) {
		// The capacity's refusals, and ids refused twice with a 503 (Retry-After: 1s) or a 429 (none): each
		// retry of attempt k waits at least the Retry-After plus Jitter(id, k) × Backoff × 2^k after the refusal.
		sc := overloaded
		sc.Answer = func(id, attempt int) lessontest.Answer {
			switch {
			case id == 203 && attempt < 2:
				return lessontest.Answer{Status: http.StatusServiceUnavailable, RetryAfter: time.Second}
			case id == 405 && attempt < 2:
				return lessontest.Answer{Status: http.StatusTooManyRequests}
			}
			return lessontest.Answer{}
		}
		out := lessontest.Run(t, "Backpressure", sc, backpressure(500, bpWorkers, retry))
		require.NotEmpty(t, out.Calls, "Backpressure returned at once%s", out.Hint())
		refused := map[[2]int]lessontest.Call{} // by id and attempt
		for _, c := range out.Calls {
			if isOverload(c) && c.Done {
				refused[[2]int{c.ID, c.Attempt}] = c
			}
		}
		checked := 0
		for _, c := range out.Calls {
			r, ok := refused[[2]int{c.ID, c.Attempt - 1}]
			if c.Attempt == 0 || !ok {
				continue
			}
			k := r.Attempt
			backoff := time.Duration(spread(c.ID, k) * float64(retry.Backoff) * float64(int(1)<<min(k, 10)))
			due := r.End + r.RetryAfter + backoff - time.Microsecond // a microsecond for the rounding of a float
			checked++
			if c.At < due {
				t.Errorf("id %d was refused (%d, Retry-After: %v) at %v and retried at %v, %v later; its retry should "+
					"wait at least the Retry-After plus Jitter(%d, %d) × Backoff × 2^%d = %.1f × %v × %d = %v, so %v "+
					"in all. Is the backoff added to the Retry-After? Without it, the requests refused together all "+
					"come back at the same instant.", c.ID, r.Status, r.RetryAfter, r.End, c.At, c.At-r.End,
					c.ID, k, k, spread(c.ID, k), retry.Backoff, 1<<k, backoff, r.RetryAfter+backoff)
				return
			}
		}
		require.Positive(t, checked, "no refused request was retried: the test cannot check the wait.%s",
			stubHint(len(refused) == 0, "pushback.go"))
	})

	t.Run("ends every request with exactly one final result: its last attempt", func(t *testing.T) {
		sc := overloaded
		sc.Answer = func(id, attempt int) lessontest.Answer { // some 500s, which are final
			if id%50 == 7 && attempt == 0 {
				return lessontest.Answer{Status: http.StatusInternalServerError}
			}
			return lessontest.Answer{}
		}
		out := lessontest.Run(t, "Backpressure", sc, backpressure(bpN, bpWorkers, retry))
		if lessontest.EveryIDOnce(t, "Backpressure", out.Returned.results, bpN) {
			lessontest.LastAttempts(t, "Backpressure", out.Returned.results, out.Calls)
		}
	})

	t.Run("spends no more than its retry budget when the server only ever answers 503", func(t *testing.T) {
		sc := lessontest.Scenario{
			Latency: bpLatency,
			Answer: func(int, int) lessontest.Answer {
				return lessontest.Answer{Status: http.StatusServiceUnavailable, RetryAfter: time.Second}
			},
			CancelAfter: 10 * time.Minute, // so that even a run that would retry forever returns
			Limit:       20 * time.Minute,
		}
		const n, budget = 20, 5
		out := lessontest.Run(t, "Backpressure", sc, backpressure(n, 5, Retry{Budget: budget, Backoff: bpLatency, Jitter: spread}))
		assert.LessOrEqual(t, len(out.Calls), n+budget,
			"%d requests and a budget of %d retries: at most %d attempts, but Backpressure made %d. Against a server "+
				"that is down, retries without a budget are a retry storm: they multiply the load on the server when "+
				"it can least take it. Count the retries, and once the budget is spent, a 503 is final.",
			n, budget, n+budget, len(out.Calls))
		assert.Greater(t, len(out.Calls), n, "the refused requests should be retried while the budget lasts.%s", out.Hint())
		if lessontest.EveryIDOnce(t, "Backpressure", out.Returned.results, n) {
			lessontest.LastAttempts(t, "Backpressure", out.Returned.results, out.Calls)
		}
	})

	t.Run("stops promptly when cancelled, keeps the results cut short, and leaves no goroutine", func(t *testing.T) {
		// Two cancellations. At 3.05s, in the middle of the run: requests are in flight, and take 5ms to give up
		// once cancelled, as real ones do. At 6s, during a pause: id 50 was refused with Retry-After: 10s (at
		// 1.7s for the reference; a pool would have to be very slow not to get there by 5.9s), so at 6s the
		// pause holds, nothing is in flight, and id 50 waits in the queue for its retry.
		const refusedID = 50
		pausing := overloaded
		pausing.Answer = func(id, attempt int) lessontest.Answer {
			if id == refusedID { // whichever attempt the server takes, if a capacity 503 came first
				return lessontest.Answer{Status: http.StatusServiceUnavailable, RetryAfter: 10 * time.Second}
			}
			return lessontest.Answer{}
		}
		giveUp := 5 * time.Millisecond
		for _, tc := range []struct {
			sc       lessontest.Scenario
			cancelAt time.Duration
		}{
			{overloaded, 3*time.Second + bpLatency/2},
			{pausing, 6 * time.Second},
		} {
			sc, cancelAt := tc.sc, tc.cancelAt
			sc.CancelAfter, sc.GiveUp = cancelAt, giveUp
			out := lessontest.Run(t, "Backpressure", sc, backpressure(bpN, bpWorkers, retry))
			if len(out.Calls) == 0 {
				t.Fatalf("Backpressure returned at %v.%s", out.Took, out.Hint())
			}
			assert.Empty(t, out.CallsAfter(cancelAt), "ctx was cancelled at %v, yet requests were made after it", cancelAt)
			assert.Zero(t, out.InFlight, "Backpressure returned while requests cut short by the cancellation were "+
				"still in flight: it should wait for every answer of an attempt it sent")
			var refusal *lessontest.Call // id 100's refusal, whose pause holds at the cancellation
			for i, c := range out.Calls {
				if c.ID == refusedID && sc.Answer != nil {
					refusal = &out.Calls[i]
				}
			}
			if sc.Answer != nil {
				if refusal == nil || !refusal.Done || refusal.End > cancelAt || refusal.End+refusal.RetryAfter <= cancelAt {
					t.Fatalf("this scenario needs id %d refused with Retry-After: 10s before the cancellation at %v; its "+
						"attempts: %s. Is Backpressure much slower than the capacity allows (see the subtest \"finishes "+
						"within 1.3 times the best time the capacity allows\")?%s",
						refusedID, cancelAt, callsOf(out.Calls, refusedID), limitHint(out.Returned.changes, out.Calls))
				}
				final, ok := resultOf(out.Returned.results, refusedID)
				if !ok || final.Status != http.StatusServiceUnavailable {
					t.Errorf("id %d was refused at %v with Retry-After: 10s and was waiting for its retry when ctx was "+
						"cancelled at %v: its final result is that refusal, a 503; got %s. On the way out, every refused "+
						"request still in the queue ends with its last result.",
						refusedID, refusal.End, cancelAt, showResult(final, ok))
				}
			}
			lessontest.LastAttempts(t, "Backpressure", out.Returned.results, out.Calls)
			if out.Took > cancelAt+giveUp {
				during := ""
				if refusal != nil {
					during = fmt.Sprintf(", during the pause that id %d's refusal asked for (until %v), with nothing in "+
						"flight", refusedID, refusal.End+refusal.RetryAfter)
				}
				t.Errorf("ctx was cancelled at %v%s; yet Backpressure returned only at %v, more than the %v the "+
					"requests in flight take to give up. Is a wait (the pause, a retry's due time) slept with "+
					"time.Sleep instead of a timer in a select with ctx.Done()? A sleep goes on after a cancellation.",
					cancelAt, during, out.Took, giveUp)
			}
			assert.Zero(t, out.LeftRunning)
			if t.Failed() {
				return
			}
		}
	})
}

// callsOf lists an id's attempts, for a message.
func callsOf(calls []lessontest.Call, id int) string {
	var b strings.Builder
	for _, c := range calls {
		if c.ID == id {
			fmt.Fprintf(&b, " attempt %d at %v, answered %d at %v;", c.Attempt, c.At, c.Status, c.End)
		}
	}
	if b.Len() == 0 {
		return "none"
	}
	return b.String()
}

// resultOf finds an id's result.
func resultOf(results []lesson.Result, id int) (lesson.Result, bool) {
	for _, r := range results {
		if r.ID == id {
			return r, true
		}
	}
	return lesson.Result{}, false
}

// showResult shows a result in a message.
func showResult(r lesson.Result, ok bool) string {
	switch {
	case !ok:
		return "no result at all"
	case r.Err != nil:
		return fmt.Sprintf("error %q", r.Err)
	}
	return fmt.Sprintf("status %d", r.Status)
}

func TestBackpressureAgainstTheRealServer(t *testing.T) {
	// The real handler, 4 at once, no queue: a fifth request at once is refused with Retry-After: 1s.
	cfg := dataserver.Config{Latency: 2 * time.Millisecond, ErrorBurst: 1, Capacity: 4, Queue: 0, RetryAfter: time.Second, Seed: 1}
	fetch, srv := lessontest.RealServer(t, cfg, 12)
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	defer cancel()

	results, changes := Backpressure(ctx, 60, 12, fetch, Retry{Budget: 20, Backoff: 10 * time.Millisecond, Jitter: spread})

	if !lessontest.EveryIDOnce(t, "Backpressure", results, 60) {
		return
	}
	assert.Equal(t, 60, lessontest.OK(results), "every refused request should have been retried until it got its 200")
	st := srv.Stats("")
	assert.Equal(t, int64(60), st.Served)
	assert.LessOrEqual(t, st.Rejected, int64(20), "the server refused more requests than the retry budget")
	cut := false
	for i := 1; i < len(changes); i++ {
		cut = cut || changes[i].Limit < changes[i-1].Limit
	}
	assert.True(t, st.Rejected == 0 || cut, "the server refused %d requests, but the limit never came down. Its "+
		"changes:%s", st.Rejected, showChanges(changes))
}

// BenchmarkBackpressure measures the limiter's pool against the real handler at a fixed latency and no
// capacity limit: what pacing costs when the server never pushes back, beside the other lessons' patterns.
func BenchmarkBackpressure(b *testing.B) {
	lessontest.Benchmark(b, 15, func(ctx context.Context, n int, fetch lesson.Fetch) []lesson.Result {
		results, _ := Backpressure(ctx, n, 15, fetch, Retry{Budget: n, Backoff: time.Millisecond,
			Jitter: func(int, int) float64 { return 0.5 }})
		return results
	})
}
