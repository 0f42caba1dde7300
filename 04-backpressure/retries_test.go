package main

import (
	"fmt"
	"math"
	"time"

	"github.com/go-concurrency-workshop/workshop/internal/lessontest"
)

// What Backpressure's retries should look like, worked out from the fake server's record: when each retry
// was due, when it could go at the earliest (no pause holding it), and whether anything else went first.

// tolerance absorbs the rounding of a float jitter: a learner may multiply in another order.
const tolerance = time.Microsecond

// retried is a refused attempt and its retry, if one was made.
type retried struct {
	refusal lessontest.Call
	retry   *lessontest.Call // nil: never retried
	due     time.Duration    // the refusal's end, plus its Retry-After, plus the jittered backoff
}

// backoffOf is how long the retry of a refused attempt waits beyond the Retry-After, as Retry's doc says.
func backoffOf(r Retry, id, attempt int) time.Duration {
	j := 1.0
	if r.Jitter != nil {
		j = r.Jitter(id, attempt)
	}
	return time.Duration(j * float64(r.Backoff) * float64(int64(1)<<min(attempt, 10)))
}

// refusals lists every refused attempt that got its answer, with its retry (the same id's next attempt).
func refusals(calls []lessontest.Call, r Retry) []retried {
	next := map[[2]int]int{} // by id and attempt: the index of the call
	for i, c := range calls {
		next[[2]int{c.ID, c.Attempt}] = i
	}
	var rs []retried
	for _, c := range calls {
		if !isOverload(c) || !c.Done {
			continue
		}
		x := retried{refusal: c, due: c.End + c.RetryAfter + backoffOf(r, c.ID, c.Attempt)}
		if i, ok := next[[2]int{c.ID, c.Attempt + 1}]; ok {
			x.retry = &calls[i]
		}
		rs = append(rs, x)
	}
	return rs
}

// pauseAt is the end of the pause in force at d, from the refusals answered at or before d: 0 if none.
func pauseAt(calls []lessontest.Call, d time.Duration) time.Duration {
	var end time.Duration
	for _, c := range calls {
		if isOverload(c) && c.Done && c.End <= d {
			end = max(end, c.End+c.RetryAfter)
		}
	}
	return end
}

// releaseOf is the earliest moment a retry due at due may go: its due time, or, if a pause holds then,
// the end of the pause (and of any pause that begins before that one ends).
func releaseOf(calls []lessontest.Call, due time.Duration) time.Duration {
	at := due
	for range len(calls) + 1 {
		end := pauseAt(calls, at)
		if end <= at {
			break
		}
		at = end
	}
	return at
}

// inFlightAt counts the calls in flight at d, but for skip: made at or before d, and not answered by then.
func inFlightAt(calls []lessontest.Call, d time.Duration, skip *lessontest.Call) int {
	n := 0
	for i := range calls {
		c := &calls[i]
		if c != skip && c.At <= d && (!c.Done || c.End > d) {
			n++
		}
	}
	return n
}

// limitBefore is the limit in force just before d: the last change made before it.
func limitBefore(changes []Change, d time.Duration) int {
	limit := 0
	for _, c := range changes {
		if c.At < d {
			limit = c.Limit
		}
	}
	return limit
}

// cutAt reports whether a change at d brings the limit down.
func cutAt(changes []Change, d time.Duration) bool {
	for i := 1; i < len(changes); i++ {
		if changes[i].At == d && changes[i].Limit < changes[i-1].Limit {
			return true
		}
	}
	return false
}

// wentAhead finds the first attempt sent while a retry due earlier waited: an attempt X sent at T, and a
// retry R that was due before T (its pause over, since X went), refused before T, and sent only after T,
// while X was a new id or a retry due later than R. It describes it, or returns "" if there is none.
func wentAhead(calls []lessontest.Call, r Retry) string {
	rs := refusals(calls, r)
	dueOf := map[[2]int]time.Duration{} // by id and attempt of the retry
	for _, x := range rs {
		if x.retry != nil {
			dueOf[[2]int{x.retry.ID, x.retry.Attempt}] = x.due
		}
	}
	for i := range calls {
		c := &calls[i]
		cDue := time.Duration(math.MaxInt64) // a new id: due whenever there is room
		if c.Attempt > 0 {
			cDue = dueOf[[2]int{c.ID, c.Attempt}]
		}
		for _, x := range rs {
			if x.retry == nil || x.retry == c || x.refusal.End >= c.At || x.due > c.At-tolerance ||
				x.retry.At <= c.At || cDue <= x.due+tolerance {
				continue
			}
			what := fmt.Sprintf("id %d, a new request,", c.ID)
			if c.Attempt > 0 {
				what = fmt.Sprintf("a retry of id %d, due only at %v,", c.ID, cDue)
			}
			return fmt.Sprintf("at %v, %s was sent while the retry of id %d, due since %v (refused at %v, "+
				"Retry-After %v), waited until %v", c.At, what, x.refusal.ID, x.due, x.refusal.End,
				x.refusal.RetryAfter, x.retry.At)
		}
	}
	return ""
}

// sameInstant names another request refused at the same instant as x, whose retry went at the same
// instant as x's: "" if there is none.
func sameInstant(x retried, rs []retried) string {
	for _, y := range rs {
		if y.retry != nil && y.refusal.ID != x.refusal.ID && y.refusal.End == x.refusal.End && y.retry.At == x.retry.At {
			return fmt.Sprintf("ids %d and %d were both refused at %v, and both retried at %v", x.refusal.ID,
				y.refusal.ID, x.refusal.End, x.retry.At)
		}
	}
	return ""
}

// waitedBehind names another refused request whose retry was due after x's, yet went at the very instant
// it was due, with x's: x waited behind it. "" if there is none.
func waitedBehind(x retried, rs []retried) string {
	for _, y := range rs {
		if y.retry == nil || y.refusal.ID == x.refusal.ID || y.due <= x.due+tolerance || y.retry.At != x.retry.At ||
			y.retry.At < y.due-tolerance || y.retry.At > y.due+tolerance {
			continue
		}
		return fmt.Sprintf("id %d's retry, due at %v, went at %v, the very instant id %d's retry was due and went",
			x.refusal.ID, x.due, x.retry.At, y.refusal.ID)
	}
	return ""
}

// changesProblem checks the changes Backpressure returned against the fake server's record: the first at 0
// is the limit a Limiter starts with; each later one comes at an instant an answer came; the rises are
// recorded (never more in flight than the highest limit recorded); so are the cuts (each new overload,
// while the limit was above 1, brings it down at that very instant). It describes the first problem, or
// returns "".
func changesProblem(changes []Change, calls []lessontest.Call) string {
	if len(changes) == 0 {
		return "Backpressure returned no Change: the first, at 0, is the limit it starts with (1), and each " +
			"change of the limit after it is recorded with when it happened."
	}
	if changes[0] != (Change{At: 0, Limit: 1}) {
		return fmt.Sprintf("the first Change should be the limit a Limiter starts with, at 0: {At: 0, Limit: 1}; "+
			"got %+v.", changes[0])
	}
	answered := map[time.Duration]bool{}
	for _, c := range calls {
		if c.Done {
			answered[c.End] = true
		}
	}
	for i, c := range changes {
		if i == 0 {
			continue
		}
		if c.At < changes[i-1].At {
			return fmt.Sprintf("Change %d is at %v, before the one ahead of it (%v): record each change as it "+
				"happens, with the time since Backpressure was called.", i, c.At, changes[i-1].At)
		}
		if !answered[c.At] {
			return fmt.Sprintf("Change %d (limit %d at %v) came at an instant when no answer came, yet only an "+
				"answer moves the limit: is At the time since Backpressure was called, taken when the answer that "+
				"moved the limit is handled?", i, c.Limit, c.At)
		}
	}
	if unearned := unearnedRise(changes, calls); unearned != "" {
		return unearned
	}
	if missing := risesMissing(changes, calls); missing != "" {
		return missing
	}
	for _, q := range calls {
		if !isOverload(q) || !q.Done || pauseAt(calls, q.End-1) > q.End {
			continue // not a refusal, or one of an overload whose pause already held
		}
		if before := limitBefore(changes, q.End); before > 1 && !cutAt(changes, q.End) {
			return fmt.Sprintf("at %v id %d was refused (%d) while no pause held: a new overload, which halves "+
				"the limit; yet no Change at %v brings it down from %d. Record the cuts as well as the rises (or, if "+
				"TestLimiterRejected fails too, it is the Limiter that does not cut).", q.End, q.ID, q.Status, q.End,
				before)
		}
	}
	return ""
}

// unearnedRise finds a rise of the limit that no answer earned: one at an instant when fewer answers came
// that may raise it (an HTTP answer that is no overload signal) than the limit rose, or one from a limit L
// while fewer than L/2 requests were in flight, counting every request made at or before that instant and
// not answered before it. It describes it, or returns "".
func unearnedRise(changes []Change, calls []lessontest.Call) string {
	rises := map[time.Duration]int{}
	for i := 1; i < len(changes); i++ {
		c := changes[i]
		if c.Limit <= changes[i-1].Limit {
			continue
		}
		rises[c.At] += c.Limit - changes[i-1].Limit
		inUse := 0
		for _, q := range calls {
			if q.At <= c.At && (!q.Done || q.End >= c.At) {
				inUse++
			}
		}
		if from := changes[i-1].Limit; 2*inUse < from {
			return fmt.Sprintf("at %v the limit rose from %d to %d, though at most %d requests were in flight then, "+
				"less than half of it: an answer raises the limit only if at least half of it was in use when the "+
				"answer came. Is Succeeded given the requests in flight, that answer included (not the limit, nor a "+
				"count of answers)?", c.At, from, c.Limit, inUse)
		}
	}
	for at, rose := range rises {
		earned := 0
		for _, q := range calls {
			if q.Done && q.End == at && q.Err == nil && !isOverload(q) {
				earned++
			}
		}
		if rose > earned {
			return fmt.Sprintf("at %v the limit rose by %d in all, but only %d answers that may raise it came then "+
				"(each raises it by one at most): only an HTTP answer that is no overload signal is a success. A "+
				"503 or a 429 is told to Rejected alone, and a transport error to neither.", at, rose, earned)
		}
	}
	return ""
}

// risesMissing finds a rise of the limit the changes do not record: the first answer of a run (a 200 or a
// 500) comes at limit 1 with 1 request in flight, so it raises the limit for any Limiter, and requests
// after it go 2 at a time. If no Change at that instant records the rise, though more than one request was
// in flight after it, it says so; otherwise it returns "".
func risesMissing(changes []Change, calls []lessontest.Call) string {
	first := -1
	for i, c := range calls {
		if c.Done && c.Err == nil && !isOverload(c) && (first < 0 || c.End < calls[first].End) {
			first = i
		}
	}
	if first < 0 || limitBefore(changes, calls[first].End) != 1 {
		return ""
	}
	at := calls[first].End
	for _, c := range changes {
		if c.At == at && c.Limit > 1 {
			return ""
		}
	}
	peak := 0
	for i, n := range lessontest.InFlightWhenMade(calls) {
		if calls[i].At >= at {
			peak = max(peak, n)
		}
	}
	if peak <= 1 {
		return "" // the limit did not rise: Succeeded's business, not the record's
	}
	return fmt.Sprintf("the first answer, at %v, came at limit 1 with 1 request in flight, which raises the limit, "+
		"and after it up to %d requests were in flight at once; but no Change at %v records a rise: the rises of "+
		"the limit are not recorded. Record every change of the limit, the rises as well as the cuts (after each "+
		"answer that moves it, compare it with the last Change and append one if it differs).", at, peak, at)
}
