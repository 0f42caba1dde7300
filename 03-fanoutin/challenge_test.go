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

// hedgedOnTime checks the hedging rule for every request made, none of them cut short by a cancellation:
// a request whose first attempt answered within hedgeAfter has no hedge; any other has exactly one, sent
// hedgeAfter after its first attempt.
func hedgedOnTime(t *testing.T, calls []lessontest.Call) bool {
	t.Helper()
	for _, id := range ids(calls) {
		as := attemptsOf(calls, id)
		first := as[0]
		took := first.End - first.At
		switch {
		case len(as) > 2:
			t.Errorf("request %d got %d attempts: %s. A request gets one hedge at most: once its hedge is sent, "+
				"wait for the first answer of the two, and send nothing more. Does a ticker, or a timer started "+
				"again, send one hedge after another?", id, len(as), attemptsText(as))
		case first.Done && !first.Canceled && took < hedgeAfter && len(as) > 1:
			t.Errorf("request %d answered in %v, within after (%v), yet it got a hedge: %s. A hedge is for a request "+
				"that has no answer within after, and is sent at that moment, not before: is the hedge sent at once, "+
				"or is its timer still running after the answer, or started before the request's first attempt?",
				id, took, hedgeAfter, attemptsText(as))
		case took > hedgeAfter && len(as) == 1:
			t.Errorf("request %d had no answer within after (%v), but got no hedge: %s. Once after has passed "+
				"without an answer, send one more attempt for it, at once, with the first still in flight.",
				id, hedgeAfter, attemptsText(as))
		case took > hedgeAfter && as[1].At != first.At+hedgeAfter:
			t.Errorf("request %d's hedge should be sent after (%v) from its first attempt's start, at %v: %s. A "+
				"hedge is timed from its own request's first attempt: one timer per request, started with it. "+
				"Is it sent only once the first attempt has ended, as a retry is, or timed from another moment?",
				id, hedgeAfter, first.At+hedgeAfter, attemptsText(as))
		default:
			continue
		}
		return false
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
		if !loser.Canceled || loser.End != winner.End+giveUp {
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

// peakGoing is the most requests going at once: a request is going from its first attempt's start to
// its first answer.
func peakGoing(calls []lessontest.Call) int {
	type event struct {
		at    time.Duration
		delta int
	}
	var events []event
	for _, id := range ids(calls) {
		as := attemptsOf(calls, id)
		start, end := as[0].At, time.Duration(1<<62)
		for _, a := range as {
			start = min(start, a.At)
			if a.Done {
				end = min(end, a.End)
			}
		}
		events = append(events, event{start, +1}, event{end, -1})
	}
	// At the same instant, a request that ends makes room for one that starts.
	slices.SortFunc(events, func(a, b event) int {
		if a.at != b.at {
			return int(a.at - b.at)
		}
		return a.delta - b.delta
	})
	going, peak := 0, 0
	for _, e := range events {
		going += e.delta
		peak = max(peak, going)
	}
	return peak
}

func TestHedged(t *testing.T) {
	t.Run("returns one result per request, and hedges none that answer within after", func(t *testing.T) {
		out := runHedged(t, lessontest.Scenario{}, nil, 50, 5)
		if !lessontest.EveryIDOnce(t, "Hedged", out.Returned, 50) || !hedgedOnTime(t, out.Calls) {
			return
		}
		if len(out.Calls) != 50 {
			t.Errorf("every answer came in %v, within after (%v): want one attempt per request, 50 in all; Hedged made "+
				"%d.", hedgeFast, hedgeAfter, len(out.Calls))
		}
		assert.Equal(t, 10*hedgeFast, out.Took, "50 requests through 5 workers are 10 rounds of %v", hedgeFast)
	})

	t.Run("hedges a request with no answer within after, at that moment, and returns the hedge's answer", func(t *testing.T) {
		// 5 workers: ids 5 to 9 start at 10ms. Id 7's first attempt is on the tail: its hedge is due at 25ms,
		// and answers at 35ms.
		out := runHedged(t, lessontest.Scenario{}, slowFirst(7), 10, 5)
		if !lessontest.EveryIDOnce(t, "Hedged", out.Returned, 10) || !hedgedOnTime(t, out.Calls) || !firstAnswerWins(t, out, 0) {
			return
		}
		assert.Equal(t, 2*hedgeFast+hedgeAfter, out.Took, "id 7 started at %v, was hedged at %v, and its hedge answered at %v",
			hedgeFast, hedgeFast+hedgeAfter, 2*hedgeFast+hedgeAfter)
	})

	t.Run("never sends more than one hedge per request", func(t *testing.T) {
		// Id 3's first attempt and its hedge are both on the tail: the first answers at 100ms, and wins.
		out := runHedged(t, lessontest.Scenario{}, onTail{{3, 0}: hedgeSlow, {3, 1}: hedgeSlow}, 5, 5)
		if !lessontest.EveryIDOnce(t, "Hedged", out.Returned, 5) || !hedgedOnTime(t, out.Calls) || !firstAnswerWins(t, out, 0) {
			return
		}
		assert.Equal(t, hedgeSlow, out.Took, "id 3's first attempt answered at %v, before its hedge", hedgeSlow)
	})

	t.Run("cancels the first attempt at once when its hedge answers first", func(t *testing.T) {
		out := runHedged(t, lessontest.Scenario{}, slowFirst(0), 1, 1)
		if lessontest.EveryIDOnce(t, "Hedged", out.Returned, 1) && hedgedOnTime(t, out.Calls) && firstAnswerWins(t, out, 0) {
			assert.Equal(t, hedgeFast+hedgeAfter, out.Took)
		}
	})

	t.Run("cancels the hedge at once when the first attempt answers first", func(t *testing.T) {
		// The first attempt answers at 20ms, after the hedge was sent at 15ms; the hedge is on the tail.
		out := runHedged(t, lessontest.Scenario{}, onTail{{0, 0}: 2 * hedgeFast, {0, 1}: hedgeSlow}, 1, 1)
		if lessontest.EveryIDOnce(t, "Hedged", out.Returned, 1) && hedgedOnTime(t, out.Calls) && firstAnswerWins(t, out, 0) {
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
		out := runHedged(t, lessontest.Scenario{Answer: fails}, slowFirst(0), 1, 1)
		if !lessontest.EveryIDOnce(t, "Hedged", out.Returned, 1) || !hedgedOnTime(t, out.Calls) {
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
		if lessontest.EveryIDOnce(t, "Hedged", out.Returned, 50) && hedgedOnTime(t, out.Calls) {
			firstAnswerWins(t, out, 0)
		}
	})

	t.Run("sends a hedge at after even when every worker is busy", func(t *testing.T) {
		// 2 workers, 2 requests, both first attempts on the tail: both hedges are due at 15ms.
		out := runHedged(t, lessontest.Scenario{}, slowFirst(0, 1), 2, 2)
		if !lessontest.EveryIDOnce(t, "Hedged", out.Returned, 2) {
			return
		}
		if !hedgedOnTime(t, out.Calls) {
			t.Errorf("A hedge does not take a worker's place: it is sent at after, even when every worker is busy " +
				"with a request (here both are). Does a hedge wait for a free worker, or for a place among workers " +
				"attempts in flight?")
			return
		}
		assert.Equal(t, 4, out.PeakInFlight, "2 requests, each with its first attempt and its hedge in flight")
		assert.Equal(t, hedgeFast+hedgeAfter, out.Took)
	})

	t.Run("keeps exactly W requests going while there is work for all W, however many are hedged", func(t *testing.T) {
		// Every first attempt is on the tail: each request is hedged, and ends when its hedge answers, at 25ms.
		var every []int
		for id := range 52 {
			every = append(every, id)
		}
		out := runHedged(t, lessontest.Scenario{}, slowFirst(every...), 52, 5)
		if !lessontest.EveryIDOnce(t, "Hedged", out.Returned, 52) || !hedgedOnTime(t, out.Calls) {
			return
		}
		if peak := peakGoing(out.Calls); peak != 5 {
			t.Errorf("5 workers should keep exactly 5 requests going at once (a request is going from its first "+
				"attempt's start to its first answer); the most at once was %d. Above 5: does a worker take the next id "+
				"before its request has its answer, leaving the request (or its hedge) to a goroutine of its own? Is "+
				"the pool made larger to leave room for hedges? A hedge is a second attempt at a request that is already "+
				"going, not another request. Below 5: are all 5 workers busy while there are ids left?", peak)
			return
		}
		assert.Equal(t, 11*(hedgeFast+hedgeAfter), out.Took, "52 requests through 5 workers are 11 rounds, each of %v "+
			"(a hedge at %v that answers %v later)", hedgeFast+hedgeAfter, hedgeAfter, hedgeFast)
	})

	t.Run("works with a single worker", func(t *testing.T) {
		out := runHedged(t, lessontest.Scenario{}, slowFirst(2), 5, 1)
		if !lessontest.EveryIDOnce(t, "Hedged", out.Returned, 5) || !hedgedOnTime(t, out.Calls) || !firstAnswerWins(t, out, 0) {
			return
		}
		assert.Equal(t, 1, peakGoing(out.Calls), "one worker: one request going at a time")
		assert.Equal(t, 2, out.PeakInFlight, "one request, with its first attempt and its hedge")
		assert.Equal(t, 5*hedgeFast+hedgeAfter, out.Took)
	})

	t.Run("returns at once when there are no requests", func(t *testing.T) {
		out := runHedged(t, lessontest.Scenario{}, nil, 0, 5)
		assert.Empty(t, out.Returned)
		assert.Zero(t, out.Took)
	})

	t.Run("does not return before the cancelled attempt has ended", func(t *testing.T) {
		// The hedge answers at 25ms; the first attempt, cancelled then, takes 2ms to give up.
		const giveUp = 2 * time.Millisecond
		out := runHedged(t, lessontest.Scenario{GiveUp: giveUp}, slowFirst(0), 1, 1)
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

	t.Run("stops promptly when cancelled, and sends no hedge after it", func(t *testing.T) {
		// Ids 15 to 19 start at 30ms; ctx is cancelled at 35ms, and their attempts take 15ms to give up: id 17's
		// first attempt, on the tail, is still giving up at 45ms, when its hedge would have been due.
		const cancelAt, giveUp = 3*hedgeFast + hedgeFast/2, 15 * time.Millisecond
		out := runHedged(t, lessontest.Scenario{CancelAfter: cancelAt, GiveUp: giveUp}, slowFirst(17), 50, 5)
		if after := out.CallsAfter(cancelAt); len(after) > 0 {
			var what []string
			for _, c := range after {
				kind := "a request"
				if c.Attempt > 0 {
					kind = "a hedge"
				}
				what = append(what, fmt.Sprintf("%s for id %d at %v", kind, c.ID, c.At))
			}
			t.Errorf("ctx was cancelled at %v, yet attempts were made after it: %s. Once ctx is cancelled, no request "+
				"and no hedge starts: check ctx before each, the hedge's timer too may fire after the cancellation.",
				cancelAt, strings.Join(what, ", "))
			return
		}
		if !lessontest.EveryIDOnce(t, "Hedged", out.Returned, 20) {
			return
		}
		assert.Equal(t, 15, lessontest.OK(out.Returned), "3 rounds of 5 requests finished before the cancellation")
		assert.Equal(t, cancelAt+giveUp, out.Took, "Hedged should return as soon as the cancelled requests have given up")
		assert.Zero(t, out.InFlight)
	})

	t.Run("waits for the requests cut short by a cancellation, and keeps their results", func(t *testing.T) {
		// Ids 15 and 16 are on the tail and hedged at 45ms; ctx is cancelled at 48ms, while they (both attempts
		// of each) and ids 20 to 22 are in flight. As in TestFanOutIn, a result dropped on some of select's
		// random choices shows in some runs only: the scenario runs 8 times.
		const cancelAt, giveUp = 48 * time.Millisecond, 2 * time.Millisecond
		for range 8 {
			out := runHedged(t, lessontest.Scenario{CancelAfter: cancelAt, GiveUp: giveUp}, slowFirst(15, 16), 50, 5)
			if out.InFlight > 0 {
				t.Fatalf("Hedged returned while %d attempts were still in flight (cut short by the cancellation, they "+
					"were still giving up). Like FanOutIn, it returns once every goroutine it started has ended: do "+
					"not return on <-ctx.Done(), wait for the workers, and each worker for its attempts.", out.InFlight)
			}
			if t.Failed() || !lessontest.EveryIDOnce(t, "Hedged", out.Returned, 23) {
				return
			}
			var cut []int
			for _, r := range out.Returned {
				if errors.Is(r.Err, context.Canceled) {
					cut = append(cut, r.ID)
				}
			}
			slices.Sort(cut)
			if ok := lessontest.OK(out.Returned); ok != 18 || !slices.Equal(cut, []int{15, 16, 20, 21, 22}) {
				t.Fatalf("18 requests finished, and 5 were cut short by the cancellation (ids 15 and 16, each with its "+
					"hedge, and ids 20 to 22): want their 23 results, the 5 cut short with ctx's error, one each; got "+
					"%d finished and %d cut short (%v). The result of a request cut short is sent like any other: no "+
					"select with <-ctx.Done() around that send.", ok, len(cut), cut)
			}
			if !assert.Equal(t, cancelAt+giveUp, out.Took, "Hedged should return as soon as the attempts cut short have given up") {
				return
			}
		}
	})
}
