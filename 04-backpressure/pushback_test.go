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
		require.NotNil(t, l, "NewLimiter returned nil: is it still the stub?")
		limitStub := ""
		if l.Limit() == 0 {
			limitStub = " (Limit returned 0: if NewLimiter sets the limit, is Limit, which this test reads it with, " +
				"still the stub?)"
		}
		assert.Equal(t, 1, l.Limit(), "a new limiter should allow 1 request in flight, and let answers raise it.%s",
			limitStub)
		assert.Zero(t, l.PausedUntil(), "no refusal yet: nothing should be paused")
	})

	t.Run("allows one request in flight, and never more, when most is 0 or less", func(t *testing.T) {
		for _, most := range []int{0, -3} {
			l := NewLimiter(most)
			require.NotNil(t, l, "NewLimiter returned nil: is it still the stub?")
			for range 5 {
				l.Succeeded(l.Limit())
			}
			assert.Equal(t, 1, l.Limit(), "NewLimiter(%d), after answers with the pool in use: a limiter allows at "+
				"least 1 request in flight (0 would never send anything), and here no more: most counts as 1.", most)
		}
	})
}

// t0 is a moment for the limiter's unit tests.
var t0 = time.Date(2025, 1, 1, 12, 0, 0, 0, time.UTC)

func TestLimiterLimit(t *testing.T) {
	t.Run("is the limit itself: 1 for a new limiter, not the most it may grow to", func(t *testing.T) {
		l := NewLimiter(20)
		require.NotNil(t, l, "NewLimiter returned nil: is it still the stub?")
		assert.Equal(t, 1, l.Limit(), "NewLimiter(20) allows 1 request in flight at first, and may grow to 20: "+
			"Limit is the first, the limit in force now.%s", stubHint(l.Limit() == 0))
	})

	t.Run("stays between 1 and max whatever happens", func(t *testing.T) {
		rng := rand.New(rand.NewPCG(1, 2)) // the same sequence every run
		l := NewLimiter(20)
		require.NotNil(t, l, "NewLimiter returned nil: is it still the stub?")
		if got := l.Limit(); got < 1 || got > 20 {
			t.Fatalf("NewLimiter(20).Limit() is %d before anything happened; it must stay between 1 and 20, and a new "+
				"limiter starts at 1.%s", got, stubHint(got == 0))
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
	t.Run("is the zero time until a refusal comes", func(t *testing.T) {
		l := NewLimiter(30)
		require.NotNil(t, l, "NewLimiter returned nil: is it still the stub?")
		assert.Zero(t, l.PausedUntil(), "no refusal yet: no pause, and PausedUntil is the zero time.%s",
			stubHint(l.PausedUntil().IsZero()))
	})

	t.Run("holds every dispatch for the Retry-After, and keeps the latest end", func(t *testing.T) {
		// Only NewLimiter and Rejected besides PausedUntil: the pause does not depend on the limit.
		l := NewLimiter(30)
		require.NotNil(t, l, "NewLimiter returned nil: is it still the stub?")
		l.Rejected(t0, 2*time.Second)
		if !assert.Equal(t, t0.Add(2*time.Second), l.PausedUntil(), "a 503 with Retry-After: 2s at t0 pauses until t0+2s.%s",
			stubHint(l.PausedUntil().IsZero())) {
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
	require.NotNil(t, l, "NewLimiter returned nil: is it still the stub?")
	for range 1000 {
		if l.Limit() >= limit {
			break
		}
		l.Succeeded(l.Limit())
	}
	require.Equal(t, limit, l.Limit(), "answers with the pool full should raise the limit by one each, from 1 to %d.%s",
		limit, stubHint(l.Limit() == 0))
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

	t.Run("needs at least half the limit in use, also when the limit is odd", func(t *testing.T) {
		for _, tc := range []struct{ limit, below, half int }{{3, 1, 2}, {7, 3, 4}} {
			l := grown(t, 30, tc.limit)
			l.Succeeded(tc.below)
			if !assert.Equal(t, tc.limit, l.Limit(), "limit %d with %d in flight is less than half of it in use (%d < "+
				"%d/2): no growth. Half of an odd limit is not a whole number: compare 2 × in flight with the limit, "+
				"as integer division (%d/2 = %d) rounds half of it down.", tc.limit, tc.below, tc.below, tc.limit,
				tc.limit, tc.limit/2) {
				return
			}
			l.Succeeded(tc.half)
			assert.Equal(t, tc.limit+1, l.Limit(), "limit %d with %d in flight is at least half of it in use: an "+
				"answer should raise it by one", tc.limit, tc.half)
		}
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

		l = grown(t, 30, 7)
		l.Rejected(t0, time.Second)
		assert.Equal(t, 3, l.Limit(), "a 503 at limit 7 should halve it, rounding down, to 3 (7/2 in integer "+
			"division), as the contract says")
	})

	t.Run("counts a refusal at the very end of a pause as a new overload", func(t *testing.T) {
		l := grown(t, 30, 12)
		l.Rejected(t0, time.Second)
		l.Rejected(t0.Add(time.Second), time.Second) // the first pause ends at this very instant
		assert.Equal(t, 3, l.Limit(), "a 503 at t0 with Retry-After: 1s pauses until t0+1s; at t0+1s no pause "+
			"holds any more (sending is allowed again), so a 503 then is a new overload: the limit goes from 12 to 6, "+
			"then to 3. The pause holds before its end, not at it.")
	})

	t.Run("counts a refusal without Retry-After as an overload, and pauses nothing for it", func(t *testing.T) {
		l := grown(t, 30, 12)
		l.Rejected(t0, 0)
		assert.Equal(t, 6, l.Limit(), "a 503 or a 429 with no Retry-After (0) is still an overload signal: it halves "+
			"the limit, from 12 to 6")
		assert.False(t, l.PausedUntil().After(t0), "a refusal at t0 with no Retry-After asks for no pause: nothing "+
			"holds after t0, but PausedUntil is %v", l.PausedUntil())
	})

	t.Run("never cuts the limit below 1", func(t *testing.T) {
		l := grown(t, 30, 2)
		for i := range 4 {
			l.Rejected(t0.Add(time.Duration(i)*time.Minute), time.Second)
		}
		assert.Equal(t, 1, l.Limit(), "with no request in flight nothing is ever sent again: the limit stops at 1")

		// One overload, refused more often than the limit it hit: the ceiling comes down by one per refusal,
		// but never below 1, and neither does the limit.
		l = grown(t, 30, 3)
		for i := range 5 {
			l.Rejected(t0, time.Second)
			if got := l.Limit(); got < 1 {
				t.Errorf("limit 3, then %d refusals of one overload (at t0, Retry-After: 1s): the limit is %d, below 1. "+
					"Each further refusal lowers the ceiling by one, but the ceiling never goes below 1 "+
					"(nor, with it, the limit): with a ceiling of 0 nothing would ever be sent again.", i+1, got)
				return
			}
		}
		assert.Equal(t, 1, regrow(l), "limit 3, five refusals of one overload: the ceiling is down to 1, where it "+
			"stops; answers should leave the limit at 1")
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

	t.Run("brings the limit down to its ceiling when further refusals lower the ceiling below it", func(t *testing.T) {
		l := grown(t, 30, 8)
		for range 6 {
			l.Rejected(t0, time.Second) // 8 in flight, 6 refused: the server takes 2
		}
		assert.Equal(t, 2, l.Limit(), "the limit was 8 and 6 requests were refused in one overload: the server took "+
			"2. The first refusal halved the limit to 4, but the ceiling came down to 2 with the others: a limit above "+
			"its ceiling must come down to it, not only stop growing.")
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
	case risesMissing(changes, calls) != "":
		return " The dispatch may well keep to the limit, but the record does not show it: " + risesMissing(changes, calls)
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
		// Two scenarios. The capacity's refusals; and a full pool cut in half by a 429 with no Retry-After: at
		// 850ms id 103 is refused alone, with 29 requests in flight that will be answered only at 900ms. Its
		// retry falls due at 860ms, 10ms of jittered backoff later, and id 104's answer comes alone at 870ms:
		// the limit has no room for the retry until the answers at 900ms, however the loop wakes up for it.
		cut := lessontest.Scenario{Latency: bpLatency, Answer: func(id, attempt int) lessontest.Answer {
			switch {
			case id == 103 && attempt == 0:
				return lessontest.Answer{Status: http.StatusTooManyRequests, Extra: bpLatency / 2}
			case id == 104:
				return lessontest.Answer{Extra: bpLatency * 7 / 10}
			}
			return lessontest.Answer{}
		}}
		for _, tc := range []struct {
			sc lessontest.Scenario
			n  int
		}{{overloaded, bpN}, {cut, 300}} {
			out := lessontest.Run(t, "Backpressure", tc.sc, backpressure(tc.n, bpWorkers, retry))
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
						if c.Attempt > 0 {
							cause = " A retry that is due goes before any new request, but only into room the limit " +
								"has: after a cut, the requests already in flight may fill it for a while. Is the retry " +
								"checked against the limit like any other attempt?"
						}
					}
					what := "id %d"
					if c.Attempt > 0 {
						what = "a retry of id %d"
					}
					t.Errorf("at %v, "+what+" was sent with %d requests in flight (itself included), but the limit was %d "+
						"(and there are %d workers).%s The limit's changes:%s",
						c.At, c.ID, n, allowed, bpWorkers, cause, showChanges(changes))
					return
				}
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
		// The last ten ids, refused together: some with Retry-After: 1s, some with 3s, and slow answers that come
		// during the 3s pause. The retries of the first fall due while the pause of the second still holds:
		// they wait for its end, even when an answer comes in between.
		overlapping := lessontest.Scenario{Latency: bpLatency, Answer: func(id, attempt int) lessontest.Answer {
			switch {
			case id < 50 || attempt > 0:
				return lessontest.Answer{}
			case id%3 == 0:
				return lessontest.Answer{Status: http.StatusServiceUnavailable, RetryAfter: time.Second}
			case id%3 == 1:
				return lessontest.Answer{Status: http.StatusServiceUnavailable, RetryAfter: 3 * time.Second}
			}
			return lessontest.Answer{Extra: 1500 * time.Millisecond}
		}}
		for _, tc := range []struct {
			sc lessontest.Scenario
			n  int
		}{{overloaded, 500}, {scripted, 500}, {overlapping, 60}} {
			out := lessontest.Run(t, "Backpressure", tc.sc, backpressure(tc.n, bpWorkers, retry))
			require.NotEmpty(t, out.Calls, "Backpressure returned at once%s", out.Hint())
			refused := 0
			for _, c := range out.Calls {
				if !isOverload(c) || c.RetryAfter == 0 {
					continue
				}
				refused++
				if during := out.CallsBetween(c.End+1, c.End+c.RetryAfter); len(during) > 0 {
					cause := "A refusal pauses every dispatch, not only its own request's retry."
					for _, x := range refusals(out.Calls, retry) {
						if x.retry != nil && x.retry.ID == during[0].ID && x.retry.Attempt == during[0].Attempt && x.due < during[0].At {
							cause = fmt.Sprintf("That retry was due at %v, but a pause held then: the pause comes first. "+
								"A retry that falls due during a pause waits for its end, like everything else.", x.due)
						}
					}
					what := "id %d"
					if during[0].Attempt > 0 {
						what = "a retry of id %d"
					}
					t.Errorf("id %d got %d with Retry-After: %v at %v, so nothing should be sent until %v; but "+what+
						" was sent at %v. %s", c.ID, c.Status, c.RetryAfter, c.End, c.End+c.RetryAfter, during[0].ID,
						during[0].At, cause)
					return
				}
			}
			require.Positive(t, refused, "the server refused nothing: the test cannot check the pause.%s",
				limitHint(out.Returned.changes, out.Calls))
			lessontest.LastAttempts(t, "Backpressure", out.Returned.results, out.Calls)
			assert.Equal(t, tc.n, lessontest.OK(out.Returned.results),
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
			stubHint(len(refused) == 0))
	})

	t.Run("retries a refused request as soon as its wait is over, and spreads the ones refused together", func(t *testing.T) {
		// The last five ids are refused once, together, with Retry-After: 1s. Every other id has been sent by
		// then, and the limit has room for all five retries: each goes the very moment its wait is over, the
		// Retry-After plus its own share of the backoff, Jitter(id, 0) × 100ms: 50ms for id 55, 20ms for 56...
		sc := lessontest.Scenario{Latency: bpLatency, Answer: func(id, attempt int) lessontest.Answer {
			if id >= 55 && attempt == 0 {
				return lessontest.Answer{Status: http.StatusServiceUnavailable, RetryAfter: time.Second}
			}
			return lessontest.Answer{}
		}}
		out := lessontest.Run(t, "Backpressure", sc, backpressure(60, bpWorkers, retry))
		require.NotEmpty(t, out.Calls, "Backpressure returned at once%s", out.Hint())
		rs := refusals(out.Calls, retry)
		checked := 0
		for _, x := range rs {
			if x.retry == nil {
				continue
			}
			at := releaseOf(out.Calls, x.due)
			if inFlightAt(out.Calls, at, x.retry) >= allowedAt(out.Returned.changes, at) {
				continue // the limit held it: another subtest checks that
			}
			checked++
			if x.retry.At > at+tolerance {
				cause := " Is the wait the Retry-After plus Jitter(id, k) × Backoff × 2^k, the jitter included? And is " +
					"there a timer for the first retry due, so that the loop wakes up for it even when no answer comes?"
				if behind := waitedBehind(x, rs); behind != "" {
					cause = " " + behind + ": it waited behind a retry due later. Is the queue kept in the order of " +
						"the due times (not the order of the refusals), and is the first one due looked at first?"
				} else if same := sameInstant(x, rs); same != "" {
					cause = " " + same + ": requests refused together come back at the same instant, and are " +
						"refused together again. The jitter spreads them: each its own share of the backoff." + cause
				}
				t.Errorf("id %d was refused at %v (Retry-After: %v); with Jitter(%d, %d) = %.1f its retry could go at "+
					"%v, and nothing held it then (no pause, room in the limit); yet it went only at %v.%s",
					x.refusal.ID, x.refusal.End, x.refusal.RetryAfter, x.refusal.ID, x.refusal.Attempt,
					spread(x.refusal.ID, x.refusal.Attempt), at, x.retry.At, cause)
				return
			}
		}
		require.Positive(t, checked, "no refused request was retried with room in the limit: the test cannot check "+
			"when the retries go. The limit's changes:%s%s", showChanges(out.Returned.changes), limitHint(out.Returned.changes, out.Calls))
	})

	t.Run("doubles the backoff for each further refusal, up to 2^10 times, and waits all of it with no Jitter", func(t *testing.T) {
		// One request, refused 12 times in a row with a 429 and no Retry-After, Backoff 1ms and no Jitter: its
		// retry k waits 2^k ms after the refusal, up to 1,024ms from the tenth on.
		sc := lessontest.Scenario{Latency: 10 * time.Millisecond, Answer: func(id, attempt int) lessontest.Answer {
			if attempt < 12 {
				return lessontest.Answer{Status: http.StatusTooManyRequests}
			}
			return lessontest.Answer{}
		}}
		r := Retry{Budget: 20, Backoff: time.Millisecond}
		out := lessontest.Run(t, "Backpressure", sc, backpressure(1, 2, r))
		require.NotEmpty(t, out.Calls, "Backpressure returned at once%s", out.Hint())
		for _, x := range refusals(out.Calls, r) {
			k := x.refusal.Attempt
			if x.retry == nil {
				t.Errorf("id 0's attempt %d got a 429 with no Retry-After, but was never retried: a 429 is an overload "+
					"signal with or without a Retry-After, and the budget (20) is not spent.", k)
				return
			}
			if wait := x.retry.At - x.refusal.End; wait < x.due-x.refusal.End-tolerance || wait > x.due-x.refusal.End+tolerance {
				t.Errorf("id 0's attempt %d was refused at %v with no Retry-After, and retried %v later; with Backoff 1ms "+
					"and no Jitter its retry waits Backoff × 2^%d = %v: a nil Jitter waits all of the backoff, which "+
					"doubles with each attempt, up to 2^10 times.", k, x.refusal.End, wait, min(k, 10), x.due-x.refusal.End)
				return
			}
		}
		if assert.Len(t, out.Calls, 13, "12 refusals, each retried, then a 200: 13 attempts") {
			lessontest.LastAttempts(t, "Backpressure", out.Returned.results, out.Calls)
		}
	})

	t.Run("sends the retry due first first, and a retry that is due before any new request", func(t *testing.T) {
		// Two scenarios. Early in a long run, ids 20 to 29 refused with Retry-After: 1s: their retries, due one
		// after the other as their jitter says, go ahead of the new ids waiting. At the end of a short one, ids
		// 50 to 59: the even ones refused with Retry-After: 2s, the odd ones 50ms later with 1s. Queued after
		// the even ones, the odd ones are due first, and go first.
		early := lessontest.Scenario{Latency: bpLatency, Answer: func(id, attempt int) lessontest.Answer {
			if id >= 20 && id < 30 && attempt == 0 {
				return lessontest.Answer{Status: http.StatusServiceUnavailable, RetryAfter: time.Second}
			}
			return lessontest.Answer{}
		}}
		late := lessontest.Scenario{Latency: bpLatency, Answer: func(id, attempt int) lessontest.Answer {
			switch {
			case id < 50 || attempt > 0:
				return lessontest.Answer{}
			case id%2 == 0:
				return lessontest.Answer{Status: http.StatusServiceUnavailable, RetryAfter: 2 * time.Second}
			}
			return lessontest.Answer{Status: http.StatusServiceUnavailable, RetryAfter: time.Second, Extra: bpLatency / 2}
		}}
		for _, tc := range []struct {
			sc lessontest.Scenario
			n  int
		}{{early, 300}, {late, 60}} {
			out := lessontest.Run(t, "Backpressure", tc.sc, backpressure(tc.n, bpWorkers, retry))
			require.NotEmpty(t, out.Calls, "Backpressure returned at once%s", out.Hint())
			if ahead := wentAhead(out.Calls, retry); ahead != "" {
				t.Errorf("%s. Of the refused requests waiting for their retry, the one due first goes first, and a "+
					"retry that is due goes before any new request: keep the queue in the order of the due times (a "+
					"retry refused later may be due sooner: a shorter Retry-After, a smaller jitter), and look at it "+
					"first.", ahead)
				return
			}
			lessontest.LastAttempts(t, "Backpressure", out.Returned.results, out.Calls)
		}
	})

	t.Run("takes a 503 or a 429 without Retry-After as an overload signal: cuts the limit and retries", func(t *testing.T) {
		sc := lessontest.Scenario{Latency: bpLatency, Answer: func(id, attempt int) lessontest.Answer {
			switch {
			case id == 56 && attempt == 0:
				return lessontest.Answer{Status: http.StatusServiceUnavailable}
			case id == 57 && attempt == 0:
				return lessontest.Answer{Status: http.StatusTooManyRequests}
			}
			return lessontest.Answer{}
		}}
		out := lessontest.Run(t, "Backpressure", sc, backpressure(60, bpWorkers, retry))
		require.NotEmpty(t, out.Calls, "Backpressure returned at once%s", out.Hint())
		for _, x := range refusals(out.Calls, retry) {
			if x.retry == nil {
				t.Errorf("id %d got %d with no Retry-After at %v, and was never retried: with or without a "+
					"Retry-After, a 503 or a 429 is an overload signal: the request is retried (its wait is then the "+
					"jittered backoff alone).", x.refusal.ID, x.refusal.Status, x.refusal.End)
				return
			}
			changes := out.Returned.changes
			if before := limitBefore(changes, x.refusal.End); before > 1 && !cutAt(changes, x.refusal.End) {
				t.Errorf("id %d got %d with no Retry-After at %v, while the limit was %d; yet the limit did not come "+
					"down then. With or without a Retry-After, a 503 or a 429 is an overload signal: the Limiter hears "+
					"of it (Rejected, with a Retry-After of 0). (If \"records every change of the limit\" fails too, "+
					"the cut may be there but not recorded.) The limit's changes:%s", x.refusal.ID, x.refusal.Status,
					x.refusal.End, before, showChanges(changes))
				return
			}
		}
		if lessontest.LastAttempts(t, "Backpressure", out.Returned.results, out.Calls) {
			assert.Equal(t, 60, lessontest.OK(out.Returned.results), "every refused request should have been retried "+
				"until it got its 200")
		}
	})

	t.Run("ends a request at its first 500 or transport error: neither is retried", func(t *testing.T) {
		// Ids ending in 3 get a 500 first, ids ending in 6 a broken connection; a second attempt would get a 200.
		sc := lessontest.Scenario{Latency: bpLatency, Answer: func(id, attempt int) lessontest.Answer {
			switch {
			case attempt > 0:
				return lessontest.Answer{}
			case id%10 == 3:
				return lessontest.Answer{Status: http.StatusInternalServerError}
			case id%10 == 6:
				return lessontest.Answer{Err: lessontest.ErrConnReset}
			}
			return lessontest.Answer{}
		}}
		out := lessontest.Run(t, "Backpressure", sc, backpressure(100, 10, retry))
		require.NotEmpty(t, out.Calls, "Backpressure returned at once%s", out.Hint())
		for _, c := range out.Calls {
			if c.Attempt > 0 && (c.ID%10 == 3 || c.ID%10 == 6) {
				t.Errorf("id %d was sent again (attempt %d at %v) after its first attempt got %s: a 500 or a transport "+
					"error is final. Neither is an overload signal, and retrying them is another decision, which this "+
					"lesson does not make: only a 503 or a 429 is retried.", c.ID, c.Attempt, c.At,
					showResult(lesson.Result{Status: sc.Answer(c.ID, 0).Status, Err: sc.Answer(c.ID, 0).Err}, true))
				return
			}
		}
		if lessontest.EveryIDOnce(t, "Backpressure", out.Returned.results, 100) {
			lessontest.LastAttempts(t, "Backpressure", out.Returned.results, out.Calls)
		}
	})

	t.Run("raises the limit for a 500 as for a 200, and never for a transport error", func(t *testing.T) {
		for _, tc := range []struct {
			answer lessontest.Answer
			peak   int
			why    string
		}{
			{lessontest.Answer{Status: http.StatusInternalServerError}, 10, "every answer was a 500: an answer from a " +
				"server that is not overloaded, so the limit rises as for a 200 (Succeeded hears of every HTTP answer " +
				"that is no overload signal), up to the 10 workers"},
			{lessontest.Answer{Err: lessontest.ErrConnReset}, 1, "every attempt ended in a transport error: no answer " +
				"from the server, so no sign that it could take more, and the limit stays at 1 (Succeeded hears only " +
				"of HTTP answers)"},
		} {
			sc := lessontest.Scenario{Latency: bpLatency, Answer: func(int, int) lessontest.Answer { return tc.answer }}
			out := lessontest.Run(t, "Backpressure", sc, backpressure(60, 10, retry))
			require.NotEmpty(t, out.Calls, "Backpressure returned at once%s", out.Hint())
			if !assert.Equal(t, tc.peak, out.PeakInFlight, "%s: at most %d in flight at once. The limit's changes:%s",
				tc.why, tc.peak, showChanges(out.Returned.changes)) {
				return
			}
		}
	})

	t.Run("never cuts the limit for a transport error: it is no answer from the server", func(t *testing.T) {
		// Ids ending in 6 break the connection; every other answer is a 200. The limit climbs to the 10 workers
		// and stays there: a transport error says nothing of the server's capacity.
		sc := lessontest.Scenario{Latency: bpLatency, Answer: func(id, attempt int) lessontest.Answer {
			if id%10 == 6 {
				return lessontest.Answer{Err: lessontest.ErrConnReset}
			}
			return lessontest.Answer{}
		}}
		out := lessontest.Run(t, "Backpressure", sc, backpressure(100, 10, retry))
		require.NotEmpty(t, out.Calls, "Backpressure returned at once%s", out.Hint())
		changes := out.Returned.changes
		for i := 1; i < len(changes); i++ {
			if changes[i].Limit >= changes[i-1].Limit {
				continue
			}
			broken := ""
			for _, c := range out.Calls {
				if c.Done && c.End == changes[i].At && c.Err != nil {
					broken = fmt.Sprintf(", when id %d's connection broke", c.ID)
					break
				}
			}
			t.Errorf("at %v the limit came down from %d to %d%s, though the server answered every request it got "+
				"with a 200: only transport errors came besides. A transport error (a connection refused or reset) is "+
				"no answer from the server and says nothing of its capacity: the Limiter hears nothing of it, neither "+
				"Succeeded nor Rejected, and the limit neither rises nor comes down. The limit's changes:%s",
				changes[i].At, changes[i-1].Limit, changes[i].Limit, broken, showChanges(changes))
			return
		}
		assert.Equal(t, 10, out.PeakInFlight, "the 200s should have raised the limit to the 10 workers, and the "+
			"transport errors left it there: at most 10 in flight at once. The limit's changes:%s", showChanges(changes))
	})

	t.Run("raises the limit only for an answer that came while at least half of it was in use", func(t *testing.T) {
		// Ten requests and 30 workers: at the end the pool runs out of ids, and the last answers come with
		// little of the limit in use.
		out := lessontest.Run(t, "Backpressure", lessontest.Scenario{Latency: bpLatency}, backpressure(10, bpWorkers, retry))
		require.NotEmpty(t, out.Calls, "Backpressure returned at once%s", out.Hint())
		if unearned := unearnedRise(out.Returned.changes, out.Calls); unearned != "" {
			t.Errorf("%s The limit's changes:%s", unearned, showChanges(out.Returned.changes))
		}
	})

	t.Run("halves the limit for a refusal that comes alone, and never raises it for one", func(t *testing.T) {
		// Two scenarios, each with one refusal that comes 50ms after the requests sent with it were answered:
		// at that instant no other answer comes. Id 100 is refused at 850ms, the limit at the 30 workers; id 10
		// at 450ms, while the limit climbs (15, below the workers). Each time the limit is halved (or less, for
		// the ceiling), and never grows back to the level refused: the ceiling is one below it.
		for _, refused := range []int{100, 10} {
			sc := lessontest.Scenario{Latency: bpLatency, Answer: func(id, attempt int) lessontest.Answer {
				if id == refused && attempt == 0 {
					return lessontest.Answer{Status: http.StatusServiceUnavailable, RetryAfter: time.Second, Extra: bpLatency / 2}
				}
				return lessontest.Answer{}
			}}
			out := lessontest.Run(t, "Backpressure", sc, backpressure(300, bpWorkers, retry))
			require.NotEmpty(t, out.Calls, "Backpressure returned at once%s", out.Hint())
			if problem := aloneRefusal(out.Returned.changes, out.Calls, refused); problem != "" {
				t.Errorf("%s The limit's changes:%s", problem, showChanges(out.Returned.changes))
				return
			}
		}
	})

	t.Run("records every change of the limit: the rises and the cuts, each when it happens", func(t *testing.T) {
		out := lessontest.Run(t, "Backpressure", overloaded, backpressure(bpN, bpWorkers, retry))
		require.NotEmpty(t, out.Calls, "Backpressure returned at once%s", out.Hint())
		if problem := changesProblem(out.Returned.changes, out.Calls); problem != "" {
			t.Errorf("%s The limit's changes:%s", problem, showChanges(out.Returned.changes))
		}
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

	t.Run("spends exactly its retry budget when the server only ever answers 503", func(t *testing.T) {
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
		if len(out.Calls) > n+budget {
			t.Errorf("%d requests and a budget of %d retries: at most %d attempts, but Backpressure made %d. Against a "+
				"server that is down, retries without a budget are a retry storm: they multiply the load on the server "+
				"when it can least take it. The budget is one count for the whole run, all requests together; once "+
				"it is spent, a 503 is final.", n, budget, n+budget, len(out.Calls))
		} else if len(out.Calls) < n+budget {
			t.Errorf("%d requests, every attempt refused, and a budget of %d retries: the refused requests should be "+
				"retried until the budget is spent, %d attempts in all; Backpressure made %d.%s", n, budget, n+budget,
				len(out.Calls), out.Hint())
		}
		if lessontest.EveryIDOnce(t, "Backpressure", out.Returned.results, n) {
			lessontest.LastAttempts(t, "Backpressure", out.Returned.results, out.Calls)
		}
	})

	t.Run("hears of every refusal, also once the retry budget is spent: it cuts the limit and pauses", func(t *testing.T) {
		// No retry at all (Budget 0): every refusal is final at once, and still an overload signal. The first
		// one cuts the limit at that instant, and nothing is sent while its Retry-After holds.
		out := lessontest.Run(t, "Backpressure", overloaded, backpressure(300, bpWorkers, Retry{Budget: 0, Backoff: bpLatency,
			Jitter: spread}))
		require.NotEmpty(t, out.Calls, "Backpressure returned at once%s", out.Hint())
		changes := out.Returned.changes
		for _, q := range out.Calls {
			if !isOverload(q) || !q.Done {
				continue
			}
			if before := limitBefore(changes, q.End); before > 1 && !cutAt(changes, q.End) {
				t.Errorf("at %v id %d was refused (%d, Retry-After: %v), the limit %d just before: the first refusal of "+
					"the run. With a budget of 0 its refusal is final, but it is still an overload signal: the Limiter hears "+
					"of it (Rejected), which halves the limit. Yet no Change at %v brings the limit down. Is Rejected "+
					"called only for the refusals that are retried? It hears of every 503 and 429, the budget spent "+
					"or not. The limit's changes:%s", q.End, q.ID, q.Status, q.RetryAfter, before, q.End, showChanges(changes))
				return
			}
			if during := out.CallsBetween(q.End+1, q.End+q.RetryAfter); len(during) > 0 {
				t.Errorf("at %v id %d was refused with Retry-After: %v, the first refusal of the run, so nothing should be "+
					"sent until %v; but id %d was sent at %v. With a budget of 0 the refusal is final, but it is still an "+
					"overload signal: Rejected pauses every dispatch for its Retry-After, the budget spent or not.",
					q.End, q.ID, q.RetryAfter, q.End+q.RetryAfter, during[0].ID, during[0].At)
			}
			break // the first refusal: the others may belong to its overload
		}
		if lessontest.EveryIDOnce(t, "Backpressure", out.Returned.results, 300) {
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

// aloneRefusal checks the limit around id's refusal, which came alone: it comes down to half of what it
// was, or less, at that instant, and never grows back to the level refused. It describes the first
// problem, or returns "".
func aloneRefusal(changes []Change, calls []lessontest.Call, id int) string {
	for _, q := range calls {
		if q.ID != id || !isOverload(q) || !q.Done {
			continue
		}
		before := limitBefore(changes, q.End)
		after, recorded := before, false
		for _, c := range changes {
			if c.At == q.End {
				after, recorded = c.Limit, true
			}
		}
		switch {
		case before <= 1:
			return fmt.Sprintf("at %v id %d was refused, with some %d requests in flight, yet the limit recorded just "+
				"before was %d: the test cannot check the cut.%s", q.End, id, inFlightAt(calls, q.End, nil), before,
				limitHint(changes, calls))
		case !recorded:
			return fmt.Sprintf("at %v id %d was refused, and no other answer came at that instant; the limit was %d, "+
				"so it should have come down to %d or less then; yet no Change at %v records it. Is the Change "+
				"recorded before the Limiter hears of the answer? Compare the limit with the last Change after "+
				"Rejected (or Succeeded) has moved it.", q.End, id, before, before/2, q.End)
		case after > before/2:
			return fmt.Sprintf("at %v id %d was refused, and no other answer came at that instant; the limit was %d, "+
				"so it should have come down to %d or less; it ended at %d. A refusal goes to Rejected alone: told "+
				"to Succeeded as well, it takes back part of the cut. (If \"records every change of the limit\" "+
				"fails too, fix that first.)", q.End, id, before, before/2, after)
		}
		for _, c := range changes {
			if c.At > q.End && c.Limit >= before {
				return fmt.Sprintf("at %v id %d was refused while the limit was %d: the server could not take %d, so "+
					"the limit never grows back to it (the refusal sets its ceiling to %d); yet at %v it was %d. Is the "+
					"refusal told to Succeeded too? Before Rejected, Succeeded raises the limit that Rejected then "+
					"halves, and the ceiling lands on the level refused: a refusal goes to Rejected alone. (If "+
					"TestLimiterRejected fails, look there first: Rejected sets the ceiling.)",
					q.End, id, before, before, before-1, c.At, c.Limit)
			}
		}
		return ""
	}
	return fmt.Sprintf("id %d was never refused: the test cannot check the cut.", id)
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
