package main

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
	"github.com/go-concurrency-workshop/workshop/internal/lessontest"
)

// The challenge's tests. Time is virtual here too: a fake attempt takes exactly hedgeFast to answer, or
// hedgeSlow when the test puts it on the slow tail, unless its ctx is done first: then it returns at that
// moment (or after the scenario's GiveUp) with ctx's error.
const (
	hedgeFast  = 10 * time.Millisecond  // an attempt's time to answer
	hedgeSlow  = 100 * time.Millisecond // the time of an attempt on the slow tail
	hedgeAfter = 15 * time.Millisecond  // Hedged's after in these tests: between the two
)

// onTail puts attempts on the slow tail: {id, attempt} → its latency. Attempt 0 is a request's first, 1
// its hedge.
type onTail map[[2]int]time.Duration

func (o onTail) tail(id, attempt int) time.Duration { return o[[2]int{id, attempt}] }

// slowFirst puts the first attempt of each id on the slow tail.
func slowFirst(ids ...int) onTail {
	o := onTail{}
	for _, id := range ids {
		o[[2]int{id, 0}] = hedgeSlow
	}
	return o
}

// runHedged runs Hedged(ctx, n, workers, fetch, hedgeAfter) against the fake server with the scenario and
// the slow tail, and stops the test if Hedged returned nothing for requests it should have made.
func runHedged(t *testing.T, sc lessontest.Scenario, slow onTail, n, workers int) lessontest.Outcome[[]lesson.Result] {
	t.Helper()
	sc.Latency, sc.Limit = hedgeFast, time.Minute
	out := lessontest.RunTail(t, "Hedged", sc, slow.tail, func(ctx context.Context, fetch lesson.Fetch) []lesson.Result {
		return Hedged(ctx, n, workers, fetch, hedgeAfter)
	})
	if n > 0 && len(out.Returned) == 0 {
		hint := out.Hint()
		if len(out.Calls) == 0 && out.Took == 0 {
			hint = " (no request was made: is it still the stub?)"
		}
		t.Fatalf("Hedged returned no results for %d requests.%s", n, hint)
	}
	return out
}

// attemptsOf returns the attempts at id, the first one first.
func attemptsOf(calls []lessontest.Call, id int) []lessontest.Call {
	var as []lessontest.Call
	for _, c := range calls {
		if c.ID == id {
			as = append(as, c)
		}
	}
	slices.SortFunc(as, func(a, b lessontest.Call) int { return a.Attempt - b.Attempt })
	return as
}

// ids returns the ids the calls were made for, each once, in order.
func ids(calls []lessontest.Call) []int {
	var ids []int
	for _, c := range calls {
		if !slices.Contains(ids, c.ID) {
			ids = append(ids, c.ID)
		}
	}
	slices.Sort(ids)
	return ids
}

// attemptText says what became of an attempt, for a message: "sent at 10ms, answered 200 at 20ms".
func attemptText(c lessontest.Call) string {
	s := fmt.Sprintf("sent at %v, ", c.At)
	switch {
	case !c.Done:
		return s + "still in flight"
	case c.Canceled:
		return s + fmt.Sprintf("cancelled, and ended at %v", c.End)
	case c.Err != nil:
		return s + fmt.Sprintf("failed at %v (%v)", c.End, c.Err)
	}
	return s + fmt.Sprintf("answered %d at %v", c.Status, c.End)
}

// attemptsText lists a request's attempts, for a message.
func attemptsText(as []lessontest.Call) string {
	var parts []string
	for _, a := range as {
		name := "its first attempt"
		if a.Attempt > 0 {
			name = fmt.Sprintf("attempt %d", a.Attempt+1)
		}
		parts = append(parts, name+" "+attemptText(a))
	}
	return strings.Join(parts, "; ")
}

// resultText says what a result holds, for a message.
func resultText(r lesson.Result) string {
	if r.Err != nil {
		return fmt.Sprintf("the error %q, after %v", r.Err, r.Latency)
	}
	return fmt.Sprintf("%d, after %v", r.Status, r.Latency)
}

// resultsOf returns the results for id.
func resultsOf(results []lesson.Result, id int) []lesson.Result {
	var rs []lesson.Result
	for _, r := range results {
		if r.ID == id {
			rs = append(rs, r)
		}
	}
	return rs
}

// answeredAt is when a request had its first answer: the end of its first attempt not cancelled.
func answeredAt(as []lessontest.Call) (time.Duration, bool) {
	at, ok := time.Duration(0), false
	for _, a := range as {
		if a.Done && !a.Canceled && (!ok || a.End < at) {
			at, ok = a.End, true
		}
	}
	return at, ok
}

// freePlace returns a moment in [from, to) when fewer than workers attempts were in flight, if there is
// one. An attempt is in flight from its start to its end, its end excluded.
func freePlace(calls []lessontest.Call, workers int, from, to time.Duration) (time.Duration, bool) {
	if from >= to {
		return 0, false
	}
	moments := []time.Duration{from}
	for _, c := range calls {
		for _, m := range []time.Duration{c.At, c.End} {
			if m > from && m < to && (m == c.At || c.Done) {
				moments = append(moments, m)
			}
		}
	}
	for _, m := range moments {
		in := 0
		for _, c := range calls {
			if c.At <= m && (!c.Done || m < c.End) {
				in++
			}
		}
		if in < workers {
			return m, true
		}
	}
	return 0, false
}

// freedElsewhere reports whether an attempt at another request than id ended at the moment at: a place
// that a hedge of id could take at the very moment id answered, not knowing it yet.
func freedElsewhere(calls []lessontest.Call, id int, at time.Duration) bool {
	return slices.ContainsFunc(calls, func(c lessontest.Call) bool { return c.ID != id && c.Done && c.End == at })
}

// hedgedOnTime checks the hedging rule for every request made, none of them cut short by a cancellation:
// a request answered within hedgeAfter gets no hedge; any other is due one at hedgeAfter after its first
// attempt's start, which goes out then if one of the workers places is free, or else once one is, and
// never once the request has answered; no request gets two.
func hedgedOnTime(t *testing.T, calls []lessontest.Call, workers int) bool {
	t.Helper()
	for _, id := range ids(calls) {
		as := attemptsOf(calls, id)
		due := as[0].At + hedgeAfter
		answered, ok := answeredAt(as)
		if len(as) > 2 {
			t.Errorf("request %d got %d attempts: %s. A request gets one hedge at most: once its hedge is sent, "+
				"wait for the first answer of the two, and send nothing more. Does a ticker, or a timer started "+
				"again, send one hedge after another?", id, len(as), attemptsText(as))
			return false
		}
		if !ok || answered == due {
			continue // no answer (or one at the very moment the hedge is due): nothing to say
		}
		if len(as) == 2 {
			hedge := as[1]
			switch {
			case answered < due || hedge.At > answered || hedge.At == answered && hedge.Canceled && !freedElsewhere(calls, id, answered):
				t.Errorf("request %d answered at %v, yet it got a hedge at %v: %s. A hedge is for a request that "+
					"has no answer within after (%v): is the hedge sent at once, or its timer still running after the "+
					"answer, or does a hedge waiting for a place go out even once its request has answered?",
					id, answered, hedge.At, attemptsText(as), hedgeAfter)
			case hedge.At < due:
				t.Errorf("request %d's hedge was due at %v, after (%v) from its first attempt's start, but it was "+
					"sent at %v: %s. A hedge is timed from its own request's first attempt: one timer per request, "+
					"started with it.", id, due, hedgeAfter, hedge.At, attemptsText(as))
			default:
				free, ok := freePlace(calls, workers, due, hedge.At)
				if !ok {
					continue
				}
				t.Errorf("request %d's hedge was due at %v, and a place was free at %v (fewer than %d attempts in "+
					"flight), yet the hedge went out only at %v: %s. A hedge due is sent at once if a place is free, "+
					"and otherwise as soon as one is free for it. Is it sent only once the first attempt has ended, "+
					"as a retry would be, or timed from another moment?", id, due, free, workers, hedge.At, attemptsText(as))
			}
			return false
		}
		if answered < due {
			continue
		}
		if free, ok := freePlace(calls, workers, due, answered); ok {
			t.Errorf("request %d had no answer within after (%v): its hedge was due at %v, and a place was free at "+
				"%v (fewer than %d attempts in flight), but no hedge was sent: %s. Once after has passed without an "+
				"answer, send one more attempt, with the first still in flight.", id, hedgeAfter, due, free, workers,
				attemptsText(as))
			return false
		}
	}
	return true
}

// madeOnce checks that every request made has exactly one result, and that no request never made has
// one: what a cancellation leaves.
func madeOnce(t *testing.T, out lessontest.Outcome[[]lesson.Result]) bool {
	t.Helper()
	made := ids(out.Calls)
	for _, r := range out.Returned {
		if !slices.Contains(made, r.ID) {
			t.Errorf("Hedged returned a result for request %d (%s), which it never made: no attempt at it was sent. "+
				"A request taken from the queue but never started, because ctx was cancelled while it waited for a "+
				"place, has no result: take a request only once it has a place, or drop it.", r.ID, resultText(r))
			return false
		}
	}
	for _, id := range made {
		if rs := resultsOf(out.Returned, id); len(rs) != 1 {
			t.Errorf("request %d was made (%s) and should have exactly one result; Hedged returned %d.", id,
				attemptsText(attemptsOf(out.Calls, id)), len(rs))
			return false
		}
	}
	return true
}

// firstAnswerWins checks, for every request with two attempts, that the first to return gave the request
// its result, and that the other was cancelled at that very moment (and ended giveUp later: the
// scenario's GiveUp).
func firstAnswerWins(t *testing.T, out lessontest.Outcome[[]lesson.Result], giveUp time.Duration) bool {
	t.Helper()
	for _, id := range ids(out.Calls) {
		as := attemptsOf(out.Calls, id)
		if len(as) != 2 || !as[0].Done || !as[1].Done {
			continue
		}
		winner, loser := as[0], as[1]
		if loser.End < winner.End || loser.End == winner.End && winner.Canceled && !loser.Canceled {
			winner, loser = loser, winner
		}
		if winner.Canceled {
			t.Errorf("request %d: %s. An attempt was cancelled before any answer had come in. A hedge is sent beside "+
				"the first attempt, not instead of it: both race, and only once one of them answers is the other "+
				"cancelled. Is the first attempt cancelled when the hedge is sent, as a time-out and a retry would?",
				id, attemptsText(as))
			return false
		}
		tie := loser.End == winner.End && !loser.Canceled // both answered at the same moment: either may win
		if !tie && (!loser.Canceled || loser.End != winner.End+giveUp) {
			t.Errorf("request %d: %s. The first answer, at %v, is the request's result: the other attempt should "+
				"have been cancelled at that moment (its ctx done), so that it stops holding a connection and the "+
				"server's time. Do both attempts run under a ctx that is cancelled once the first answer is in?",
				id, attemptsText(as), winner.End)
			return false
		}
		rs := resultsOf(out.Returned, id)
		if len(rs) != 1 {
			continue // EveryIDOnce says what is wrong
		}
		r := rs[0]
		if tie && r.Latency == loser.End-loser.At {
			winner = loser
		}
		if r.Status == winner.Status && (r.Err == nil) == (winner.Err == nil) && r.Latency != winner.End-winner.At {
			what := "which is not the winning attempt's own"
			if r.Latency == winner.End-as[0].At {
				what = "the request's time from its first attempt's start"
			}
			t.Errorf("request %d: %s. Its result is the first answer's, %s, but with a Latency of %v, %s. Return "+
				"the winning attempt's Result as fetch returned it, Latency included: it is that attempt's own time. "+
				"The request's time, from its first attempt's start, is the program's to measure (its report does), "+
				"not Hedged's.", id, attemptsText(as), resultText(lesson.Result{Status: winner.Status, Err: winner.Err,
				Latency: winner.End - winner.At}), r.Latency, what)
			return false
		}
		if r.Status != winner.Status || (r.Err == nil) != (winner.Err == nil) || r.Latency != winner.End-winner.At {
			t.Errorf("request %d: %s. Its result should be the first answer's, %s; it was %s. The attempt that "+
				"answers first wins: return its result, and drop the other's, which is ctx's error once it is "+
				"cancelled.", id, attemptsText(as), resultText(lesson.Result{Status: winner.Status, Err: winner.Err,
				Latency: winner.End - winner.At}), resultText(r))
			return false
		}
	}
	return true
}

func TestHedged(t *testing.T) {
	t.Run("returns one result per request, and hedges none that answer within after", func(t *testing.T) {
		out := runHedged(t, lessontest.Scenario{}, nil, 50, 5)
		if !lessontest.EveryIDOnce(t, "Hedged", out.Returned, 50) || !hedgedOnTime(t, out.Calls, 5) {
			return
		}
		if out.PeakInFlight < 5 {
			t.Errorf("5 workers and 50 requests, none slow: 5 should be in flight at once while there is work; the "+
				"most at once was %d, and the run took %v instead of %v. Is a place kept free for the hedges, or are "+
				"fewer than workers goroutines started? A hedge waits for a place like a request; none is set aside.",
				out.PeakInFlight, out.Took, 10*hedgeFast)
			return
		}
		assert.Equal(t, 50, len(out.Calls), "every answer came in %v, within after (%v): one attempt per request", hedgeFast, hedgeAfter)
		assert.Equal(t, 10*hedgeFast, out.Took, "50 requests through 5 workers are 10 rounds of %v", hedgeFast)

		// 5 requests and 10 workers: a hedge sent too early would find a free place.
		out = runHedged(t, lessontest.Scenario{}, nil, 5, 10)
		if lessontest.EveryIDOnce(t, "Hedged", out.Returned, 5) && hedgedOnTime(t, out.Calls, 10) {
			assert.Equal(t, 5, len(out.Calls), "every answer came in %v, within after (%v): one attempt per request", hedgeFast, hedgeAfter)
		}
	})

	t.Run("hedges a request with no answer within after, at that moment, and returns the hedge's answer", func(t *testing.T) {
		// 5 workers: ids 5 to 9 start at 10ms, and all but 7 answer at 20ms. Id 7's first attempt is on the
		// tail: its hedge is due at 25ms, when places are free, and answers at 35ms.
		out := runHedged(t, lessontest.Scenario{}, slowFirst(7), 10, 5)
		if !lessontest.EveryIDOnce(t, "Hedged", out.Returned, 10) || !hedgedOnTime(t, out.Calls, 5) || !firstAnswerWins(t, out, 0) {
			return
		}
		assert.Len(t, attemptsOf(out.Calls, 7), 2, "request 7 should have had a hedge")
		assert.Equal(t, 2*hedgeFast+hedgeAfter, out.Took, "id 7 started at %v, was hedged at %v, and its hedge answered at %v",
			hedgeFast, hedgeFast+hedgeAfter, 2*hedgeFast+hedgeAfter)
	})

	t.Run("never sends more than one hedge per request", func(t *testing.T) {
		// Id 3's first attempt and its hedge are both on the tail: the first answers at 100ms, and wins.
		out := runHedged(t, lessontest.Scenario{}, onTail{{3, 0}: hedgeSlow, {3, 1}: hedgeSlow}, 5, 5)
		if !lessontest.EveryIDOnce(t, "Hedged", out.Returned, 5) || !hedgedOnTime(t, out.Calls, 5) || !firstAnswerWins(t, out, 0) {
			return
		}
		assert.Equal(t, hedgeSlow, out.Took, "id 3's first attempt answered at %v, before its hedge", hedgeSlow)
	})

	t.Run("cancels the first attempt at once when its hedge answers first", func(t *testing.T) {
		out := runHedged(t, lessontest.Scenario{}, slowFirst(0), 1, 2)
		if lessontest.EveryIDOnce(t, "Hedged", out.Returned, 1) && hedgedOnTime(t, out.Calls, 2) && firstAnswerWins(t, out, 0) {
			assert.Equal(t, hedgeFast+hedgeAfter, out.Took)
		}
	})

	t.Run("cancels the hedge at once when the first attempt answers first", func(t *testing.T) {
		// The first attempt answers at 20ms, after the hedge was sent at 15ms; the hedge is on the tail.
		out := runHedged(t, lessontest.Scenario{}, onTail{{0, 0}: 2 * hedgeFast, {0, 1}: hedgeSlow}, 1, 2)
		if lessontest.EveryIDOnce(t, "Hedged", out.Returned, 1) && hedgedOnTime(t, out.Calls, 2) && firstAnswerWins(t, out, 0) {
			assert.Equal(t, 2*hedgeFast, out.Took)
		}
	})

	t.Run("returns the first answer, never the cancelled attempt's error", func(t *testing.T) {
		// Some first attempts are on the tail (their hedges win), some hedges are (their first attempts win).
		slow := slowFirst(0, 4, 8, 12, 16, 19)
		slow[[2]int{2, 0}], slow[[2]int{2, 1}] = 2*hedgeFast, hedgeSlow
		slow[[2]int{10, 0}], slow[[2]int{10, 1}] = 2*hedgeFast, hedgeSlow
		out := runHedged(t, lessontest.Scenario{}, slow, 20, 5)
		if !lessontest.EveryIDOnce(t, "Hedged", out.Returned, 20) {
			return
		}
		for _, r := range out.Returned {
			if r.Status != 200 || r.Err != nil {
				t.Errorf("request %d: %s; its result was %s. Every request here had an attempt that answered 200: the "+
					"first answer is the result, and the attempt cancelled after it returns only ctx's error, which "+
					"is dropped. Is the result the last attempt to return, instead of the first?",
					r.ID, attemptsText(attemptsOf(out.Calls, r.ID)), resultText(r))
				return
			}
		}
		firstAnswerWins(t, out, 0)
	})

	t.Run("takes the first answer even when it is a failure", func(t *testing.T) {
		// The hedge answers 500 at 25ms, while the first attempt, on the tail, would answer 200 at 100ms.
		fails := func(id, attempt int) lessontest.Answer {
			if attempt == 1 {
				return lessontest.Answer{Status: 500}
			}
			return lessontest.Answer{}
		}
		out := runHedged(t, lessontest.Scenario{Answer: fails}, slowFirst(0), 1, 2)
		if !lessontest.EveryIDOnce(t, "Hedged", out.Returned, 1) || !hedgedOnTime(t, out.Calls, 2) {
			return
		}
		if r := out.Returned[0]; r.Status != 500 {
			t.Errorf("request 0's hedge answered 500 at %v, first: %s. The result should be that 500; it was %s. The "+
				"first answer wins, whatever it is: a hedge races for time, it is not a retry of failures (lesson 04 "+
				"retries).", hedgeFast+hedgeAfter, attemptsText(out.Calls), resultText(r))
			return
		}
		firstAnswerWins(t, out, 0)
	})

	t.Run("returns exactly one result per request, hedged ones included", func(t *testing.T) {
		slow := slowFirst(0, 3, 6, 9, 12, 15, 18, 21, 24, 27, 30, 33, 36, 39, 42, 45, 48)
		slow[[2]int{7, 0}], slow[[2]int{7, 1}] = 2*hedgeFast, hedgeSlow
		slow[[2]int{35, 0}], slow[[2]int{35, 1}] = 2*hedgeFast, hedgeSlow
		out := runHedged(t, lessontest.Scenario{}, slow, 50, 5)
		if lessontest.EveryIDOnce(t, "Hedged", out.Returned, 50) && hedgedOnTime(t, out.Calls, 5) {
			firstAnswerWins(t, out, 0)
		}
	})

	t.Run("sends a hedge due while every place is taken once a place is free", func(t *testing.T) {
		// 2 workers. Id 0's first attempt is on the tail; id 1 answers at 12ms, and id 2 runs from 12ms to
		// 22ms. Id 0's hedge, due at 15ms, finds both places taken, and goes out at 22ms.
		out := runHedged(t, lessontest.Scenario{}, onTail{{0, 0}: hedgeSlow, {1, 0}: 12 * time.Millisecond}, 3, 2)
		if !lessontest.EveryIDOnce(t, "Hedged", out.Returned, 3) {
			return
		}
		if out.PeakInFlight > 2 {
			t.Errorf("2 workers: at most 2 attempts should be in flight at once, hedges included; the most at once "+
				"was %d: %s. A hedge takes a place in the pool, as a request does: when none is free, it waits for one.",
				out.PeakInFlight, attemptsText(attemptsOf(out.Calls, 0)))
			return
		}
		if hedgedOnTime(t, out.Calls, 2) && firstAnswerWins(t, out, 0) {
			assert.Equal(t, 32*time.Millisecond, out.Took, "id 0's hedge went out at 22ms, and answered at 32ms")
		}
	})

	t.Run("lets no request that comes to wait for a place after a hedge is due go before it", func(t *testing.T) {
		// 2 workers, 6 requests. Id 0's first attempt is on the tail; id 1 runs from 0 to 12ms, id 2 from 12ms
		// to 22ms. Id 0's hedge is due at 15ms, with both places taken. A place frees at 22ms: it may go to the
		// hedge, or to id 3 if id 3 was waiting for a place before 15ms; the next one, at 32ms at the latest, to
		// the hedge, before id 4 or any id after it, which came to wait after the hedge.
		out := runHedged(t, lessontest.Scenario{}, onTail{{0, 0}: hedgeSlow, {1, 0}: 12 * time.Millisecond}, 6, 2)
		if !lessontest.EveryIDOnce(t, "Hedged", out.Returned, 6) || !hedgedOnTime(t, out.Calls, 2) {
			return
		}
		as := attemptsOf(out.Calls, 0)
		if len(as) < 2 || as[1].At > 32*time.Millisecond {
			var starts []string
			for _, id := range []int{3, 4, 5} {
				if a := attemptsOf(out.Calls, id); len(a) > 0 {
					starts = append(starts, fmt.Sprintf("id %d at %v", id, a[0].At))
				}
			}
			t.Errorf("request 0's hedge was due at 15ms, and should have gone out by 32ms at the latest, the second "+
				"place to free after it was due: %s, while the requests after it started: %s. A hedge waits for a place "+
				"in turn: a request that comes to wait after the hedge is due does not go before it. Are new requests "+
				"always served first, and the hedges only when no request is left?", attemptsText(as), strings.Join(starts, ", "))
		}
	})

	t.Run("never hedges with a single worker, and sends no hedge once its request has answered", func(t *testing.T) {
		// One worker: id 1's first attempt, on the tail, holds the only place from 10ms to 110ms. Its hedge is
		// due at 25ms; no place frees before its answer, and then the hedge is not needed any more.
		out := runHedged(t, lessontest.Scenario{}, slowFirst(1), 3, 1)
		if !lessontest.EveryIDOnce(t, "Hedged", out.Returned, 3) {
			return
		}
		if out.PeakInFlight > 1 {
			t.Errorf("1 worker: at most 1 attempt should be in flight at once, hedges included; the most at once "+
				"was %d: %s. A hedge takes a place in the pool, as a request does: when none is free, it waits for one.",
				out.PeakInFlight, attemptsText(attemptsOf(out.Calls, 1)))
			return
		}
		if hedgedOnTime(t, out.Calls, 1) {
			assert.Equal(t, 3, len(out.Calls), "no hedge: with a single worker there is never a free place for one")
			assert.Equal(t, 2*hedgeFast+hedgeSlow, out.Took)
		}
	})

	t.Run("never hedges in the place its own request's answer has just freed, even at the moment the hedge is due", func(t *testing.T) {
		// One worker, and every answer comes exactly after (15ms), the moment its hedge is due: the timer and
		// the answer come together, in either order. The only place a hedge could take is the one its own
		// request's answer frees, and the answer is in before that place is: no hedge, ever. A design that,
		// once awake, lets select choose between the answer and that place sends a hedge on some of its
		// random choices: 20 requests, and the scenario runs 10 times.
		const n = 20
		slow := onTail{}
		for id := range n {
			slow[[2]int{id, 0}] = hedgeAfter
		}
		for range 10 {
			out := runHedged(t, lessontest.Scenario{}, slow, n, 1)
			if t.Failed() || !lessontest.EveryIDOnce(t, "Hedged", out.Returned, n) {
				return
			}
			for _, id := range ids(out.Calls) {
				if as := attemptsOf(out.Calls, id); len(as) > 1 {
					t.Errorf("1 worker: request %d answered at %v, the moment its hedge was due, and got a hedge all the "+
						"same: %s. The only place free then was the one its own answer had just freed: the answer was in "+
						"first, so the hedge is not needed. When the hedge's place comes, look whether the answer has come "+
						"too before sending it: a select with both ready picks one at random, and a buffered channel of "+
						"answers can hold the answer while its place is already free.", id, as[0].At+hedgeAfter,
						attemptsText(as))
					return
				}
			}
		}
	})

	t.Run("keeps at most W attempts in flight, hedges included, and exactly W while there is work for all W", func(t *testing.T) {
		// A slow tail here and there, and a cancelled attempt takes 2ms to give up: its place is not free
		// until it has.
		slow := slowFirst(3, 9, 14, 22, 30, 41)
		slow[[2]int{17, 0}], slow[[2]int{17, 1}] = 2*hedgeFast, hedgeSlow
		slow[[2]int{26, 0}], slow[[2]int{26, 1}] = 2*hedgeFast, hedgeSlow
		const giveUp = 2 * time.Millisecond
		out := runHedged(t, lessontest.Scenario{GiveUp: giveUp}, slow, 50, 5)
		if !lessontest.EveryIDOnce(t, "Hedged", out.Returned, 50) {
			return
		}
		if out.PeakInFlight != 5 {
			t.Errorf("5 workers should keep exactly 5 attempts in flight at once, hedges included; the most at once was "+
				"%d. Above 5: does a hedge go out without a place, or is the pool larger than workers to leave room for "+
				"hedges? Is a place given back before the attempt that held it has returned (a cancelled attempt takes "+
				"a moment to give up)? Below 5: are places left empty while there is work?", out.PeakInFlight)
			return
		}
		if hedgedOnTime(t, out.Calls, 5) {
			firstAnswerWins(t, out, giveUp)
		}
	})

	t.Run("gives a cancelled attempt's place back only once it has returned", func(t *testing.T) {
		// 2 workers, and a cancelled attempt takes 20ms to give up. Id 0's first attempt is on the tail; id 1
		// runs from 0 to 12ms, id 2 from 12ms to 22ms. Id 0's hedge, due at 15ms, takes id 2's place at 22ms
		// and wins at 32ms; id 0's first attempt, cancelled then, gives up at 52ms, and its place is not free
		// until then. Id 3, on the tail too, starts at 32ms in the hedge's place: its own hedge, due at 47ms,
		// must wait for that place.
		const giveUp = 20 * time.Millisecond
		slow := onTail{{0, 0}: hedgeSlow, {1, 0}: 12 * time.Millisecond, {3, 0}: hedgeSlow}
		out := runHedged(t, lessontest.Scenario{GiveUp: giveUp}, slow, 4, 2)
		if !lessontest.EveryIDOnce(t, "Hedged", out.Returned, 4) {
			return
		}
		if out.PeakInFlight > 2 {
			t.Errorf("2 workers: at most 2 attempts should be in flight at once; the most at once was %d (request 0: %s; "+
				"request 3: %s). An attempt is in flight until its fetch returns, and a cancelled one takes a moment to "+
				"give up: give its place back once it has returned, not when it is cancelled.", out.PeakInFlight,
				attemptsText(attemptsOf(out.Calls, 0)), attemptsText(attemptsOf(out.Calls, 3)))
			return
		}
		if hedgedOnTime(t, out.Calls, 2) {
			firstAnswerWins(t, out, giveUp)
		}
	})

	t.Run("never hangs when an answer comes at the very moment its hedge is due", func(t *testing.T) {
		// Each request's first attempt answers exactly after (15ms): the hedge's timer fires at the same moment
		// as the answer comes, in either order. Whether a hedge goes out then is neither here nor there (it is
		// cancelled at once), but nothing may wait for ever on the other. The order changes from run to run,
		// and a loaded machine makes some orders rare: the scenario runs 40 times (under 0.1s). With 10, a
		// dispatcher whose timers send without a way out got through 1 run in 40 beside six busy loops.
		slow := onTail{}
		for id := range 4 {
			slow[[2]int{id, 0}] = hedgeAfter
		}
		for range 40 {
			out := runHedged(t, lessontest.Scenario{}, slow, 4, 2)
			if t.Failed() || !lessontest.EveryIDOnce(t, "Hedged", out.Returned, 4) {
				return
			}
			for _, id := range ids(out.Calls) {
				if as := attemptsOf(out.Calls, id); len(as) > 2 {
					t.Errorf("request %d got %d attempts: %s. One hedge at most.", id, len(as), attemptsText(as))
					return
				}
			}
		}
	})

	t.Run("returns at once when there are no requests", func(t *testing.T) {
		out := runHedged(t, lessontest.Scenario{}, nil, 0, 5)
		assert.Empty(t, out.Returned)
		assert.Zero(t, out.Took)
	})

	t.Run("does not return before the cancelled attempt has ended", func(t *testing.T) {
		// The hedge answers at 25ms; the first attempt, cancelled then, takes 2ms to give up.
		const giveUp = 2 * time.Millisecond
		out := runHedged(t, lessontest.Scenario{GiveUp: giveUp}, slowFirst(0), 1, 2)
		if out.InFlight > 0 {
			t.Errorf("Hedged returned while %d attempt was still in flight: %s. The attempt that lost was cancelled, "+
				"but cancelling is not waiting: its goroutine still runs until fetch returns. Every goroutine needs "+
				"an owner that waits for it (a WaitGroup, or receiving its answer) before Hedged returns.",
				out.InFlight, attemptsText(out.Calls))
			return
		}
		if lessontest.EveryIDOnce(t, "Hedged", out.Returned, 1) && firstAnswerWins(t, out, giveUp) {
			assert.Equal(t, hedgeFast+hedgeAfter+giveUp, out.Took, "the lost attempt gave up %v after its cancellation", giveUp)
		}
	})

	t.Run("stops promptly when cancelled, leaving no goroutine behind", func(t *testing.T) {
		cancelAt := 3*hedgeFast + hedgeFast/2 // during the fourth round
		out := runHedged(t, lessontest.Scenario{CancelAfter: cancelAt}, nil, 50, 5)
		if after := out.CallsAfter(cancelAt); len(after) > 0 {
			t.Errorf("ctx was cancelled at %v, yet %d attempts were made after it: once ctx is cancelled, no request "+
				"starts. Check ctx before taking an id, and before starting it.", cancelAt, len(after))
			return
		}
		if !madeOnce(t, out) {
			return
		}
		assert.Equal(t, 15, lessontest.OK(out.Returned), "3 rounds of 5 requests finished before the cancellation")
		assert.Equal(t, 20, len(out.Returned), "15 finished, and 5 cut short by the cancellation: 20 results")
		assert.Equal(t, cancelAt, out.Took, "Hedged should return as soon as the cancelled requests give up")
		assert.Zero(t, out.InFlight)
	})

	t.Run("sends no hedge once ctx is cancelled", func(t *testing.T) {
		// ctx is cancelled at 10ms; the first attempt, on the tail, takes until 20ms to give up, and a place is
		// free when its hedge would have been due, at 15ms. A hedge that goes out on some of select's random
		// choices only shows in some runs: the scenario runs 10 times.
		const cancelAt, giveUp = hedgeFast, hedgeFast
		for range 10 {
			out := runHedged(t, lessontest.Scenario{CancelAfter: cancelAt, GiveUp: giveUp}, slowFirst(0), 1, 2)
			if len(out.Calls) > 1 {
				t.Errorf("ctx was cancelled at %v, yet request 0 got a hedge: %s. Once ctx is cancelled, no hedge "+
					"starts either: the hedge's timer may fire while the first attempt is still giving up. Check ctx "+
					"before sending the hedge.", cancelAt, attemptsText(out.Calls))
				return
			}
			if !madeOnce(t, out) || !assert.ErrorIs(t, out.Returned[0].Err, context.Canceled) ||
				!assert.Equal(t, cancelAt+giveUp, out.Took) {
				return
			}
		}
	})

	t.Run("makes no request once ctx is cancelled while it waits for a place, and returns no result for it", func(t *testing.T) {
		// 2 workers. Id 0's first attempt and its hedge are on the tail: the hedge, due at 15ms, waits for id 2's
		// place (id 2 runs from 10ms to 20ms). From 20ms both places are id 0's, and id 3 waits for one until
		// ctx is cancelled, at 25ms.
		const cancelAt = 25 * time.Millisecond
		out := runHedged(t, lessontest.Scenario{CancelAfter: cancelAt}, onTail{{0, 0}: hedgeSlow, {0, 1}: hedgeSlow}, 5, 2)
		if after := out.CallsAfter(cancelAt); len(after) > 0 {
			t.Errorf("ctx was cancelled at %v, yet attempts were made after it: %s. A request waiting for a place "+
				"must stop waiting once ctx is cancelled, and not start.", cancelAt, attemptsText(after))
			return
		}
		if madeOnce(t, out) {
			assert.Equal(t, cancelAt, out.Took, "Hedged should return as soon as the cancelled requests give up")
			assert.Zero(t, out.InFlight)
		}
	})

	t.Run("waits for the requests cut short by a cancellation, and keeps their results", func(t *testing.T) {
		// Ids 15 and 16 are the last, start at 30ms, are on the tail and are hedged at 45ms; ctx is cancelled
		// at 48ms, with both attempts of each in flight. As in TestFanOutIn, a result dropped on some of
		// select's random choices shows in some runs only: the scenario runs 8 times.
		const cancelAt, giveUp = 48 * time.Millisecond, 2 * time.Millisecond
		for range 8 {
			out := runHedged(t, lessontest.Scenario{CancelAfter: cancelAt, GiveUp: giveUp}, slowFirst(15, 16), 17, 5)
			if out.InFlight > 0 {
				t.Fatalf("Hedged returned while %d attempts were still in flight (cut short by the cancellation, they "+
					"were still giving up). Like FanOutIn, it returns once every goroutine it started has ended: do "+
					"not return on <-ctx.Done(), wait for the workers, and each request for its attempts.", out.InFlight)
			}
			if t.Failed() || !lessontest.EveryIDOnce(t, "Hedged", out.Returned, 17) {
				return
			}
			var cut []int
			for _, r := range out.Returned {
				if errors.Is(r.Err, context.Canceled) {
					cut = append(cut, r.ID)
				}
			}
			slices.Sort(cut)
			if ok := lessontest.OK(out.Returned); ok != 15 || !slices.Equal(cut, []int{15, 16}) {
				t.Fatalf("15 requests finished, and 2 were cut short by the cancellation (ids 15 and 16, each with its "+
					"hedge): want their 17 results, the 2 cut short with ctx's error, one each; got %d finished and %d "+
					"cut short (%v). The result of a request cut short is sent like any other: no select with "+
					"<-ctx.Done() around that send.", ok, len(cut), cut)
			}
			if !assert.Equal(t, cancelAt+giveUp, out.Took, "Hedged should return as soon as the attempts cut short have given up") {
				return
			}
		}
	})
}
