package lessontest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-concurrency-workshop/workshop/internal/dataserver"
	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

// This file holds what the kit adds so that lessons 01–03 explain their failures: scripted failures and the
// check that their results are kept, a run against the real server that tells a time-out from a stub, and
// the test's name on a crash in a goroutine the learner started.

// Failures scripts some requests to fail, for a Scenario's Answer: the first attempt at each id in
// Status500 is answered 500, at each id in Reset with a transport error (ErrConnReset); every other
// attempt, retries included, is answered 200.
type Failures struct {
	Status500 []int
	Reset     []int
}

// Answer is the Scenario.Answer that plays f.
func (f Failures) Answer(id, attempt int) Answer {
	switch {
	case attempt > 0:
		return Answer{}
	case slices.Contains(f.Status500, id):
		return Answer{Status: 500}
	case slices.Contains(f.Reset, id):
		return Answer{Err: ErrConnReset}
	}
	return Answer{}
}

// Kept checks that results hold each failed request's result as it came (a 500, or ErrConnReset), and
// says what to change if not. fn names the function that returned them.
func (f Failures) Kept(t testing.TB, fn string, results []lesson.Result) bool {
	t.Helper()
	byID := map[int]lesson.Result{}
	for _, r := range results {
		byID[r.ID] = r
	}
	var missing, wrong []string
	check := func(id int, what string, ok func(lesson.Result) bool) {
		r, found := byID[id]
		switch {
		case !found:
			missing = append(missing, fmt.Sprintf("%d (%s)", id, what))
		case !ok(r):
			wrong = append(wrong, fmt.Sprintf("%d (want %s; got status %d, error %v)", id, what, r.Status, r.Err))
		}
	}
	for _, id := range f.Status500 {
		check(id, "a 500", func(r lesson.Result) bool { return r.Status == 500 && r.Err == nil })
	}
	for _, id := range f.Reset {
		check(id, "a transport error", func(r lesson.Result) bool { return errors.Is(r.Err, ErrConnReset) })
	}
	if len(missing) > 0 {
		t.Errorf("%s: the failed requests %s have no result. A failed request is a result like any other: keep it, "+
			"error or status included, and carry on with the next id. The report counts failures; a result "+
			"thrown away is a request that seems never to have been made.", fn, strings.Join(missing, ", "))
	}
	if len(wrong) > 0 {
		t.Errorf("%s: the results of requests %s are not what fetch returned for them: return each result as "+
			"fetch gave it, the first time. Is a failed request made again (a retry: each request is made once "+
			"here), or its result rebuilt field by field?", fn, strings.Join(wrong, ", "))
	}
	return len(missing) == 0 && len(wrong) == 0
}

// RunReal calls pattern with fetch, a real server's (see RealServer), under a context that times out after
// limit, and returns what it returned. It fails the test with a diagnosis, and reports false, when the
// pattern returned only because that context timed out, or returned nothing though srv saw requests; it
// stops the test when the pattern has not returned 2s after the time-out.
func RunReal(t testing.TB, fn string, fetch lesson.Fetch, srv *dataserver.Server, limit time.Duration,
	pattern Pattern[[]lesson.Result]) (results []lesson.Result, ok bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), limit)
	defer cancel()
	done := make(chan []lesson.Result, 1)
	go func() {
		labelCrashes(t.Name())
		done <- pattern(ctx, fetch)
	}()
	select {
	case results = <-done:
	case <-time.After(limit + 2*time.Second):
		t.Fatalf("%s did not return, 2s after its context timed out (it had %v), with %d requests made: is it "+
			"waiting for a channel that is never closed, or a WaitGroup that never reaches zero?",
			fn, limit, srv.Stats("").Requests)
	}
	made := srv.Stats("").Requests
	switch {
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		t.Errorf("%s returned only once its context had timed out, after %v, with %d results and %d requests made: "+
			"against this server it should take well under a second. Something waited until ctx was done: a "+
			"select whose only case is <-ctx.Done() does not check ctx, it waits for the cancellation. Give it "+
			"a default case, or check ctx.Err() instead.", fn, limit, len(results), made)
		return results, false
	case len(results) == 0 && made > 0:
		t.Errorf("%s made %d requests, but returned no results: does it return the results it collected?", fn, made)
		return results, false
	}
	return results, true
}

// crashRule is the rule most panics in a learner's goroutine break, shown with the test's name in the
// crash's traceback (see labelCrashes).
const crashRule = "a channel is closed once, by the one goroutine that owns it, after the last send on it: " +
	"a second close, or a send after the close, panics; and a WaitGroup is shared, never copied, and counts " +
	"each goroutine once: a Done without its Add panics"

// stubAdvice is what a message about a stub adds: where the contract is, and how to ask for a hint. A test
// runs in its lesson's folder, whose name gives the lesson.
func stubAdvice() string {
	lesson := "<lesson>"
	if dir, err := os.Getwd(); err == nil {
		if base := filepath.Base(dir); len(base) > 3 && base[2] == '-' {
			lesson = base[:2]
		}
	}
	return "The exercise's doc comment is its contract; stuck? `go run ./workshop hint " + lesson + "` gives a hint."
}

var tracebackLabels sync.Once

// labelCrashes gives the calling goroutine, and so every goroutine it starts from now on (goroutines
// inherit their creator's labels), the labels "test" (the test's name) and "rule". A panic in a goroutine
// the learner started, such as a second close of a channel, cannot be recovered and kills the test binary
// without naming the test; with GODEBUG=tracebacklabels=1, which it sets once for the process unless set
// otherwise, the crash's traceback shows the labels in the goroutine's header:
//
//	panic: close of closed channel
//
//	goroutine 31 [running, synctest bubble 2 labels:{"rule": "a channel is closed once, …", "test": "TestFanOutIn/returns_one_result_per_request"}]:
func labelCrashes(test string) {
	tracebackLabels.Do(func() {
		env := os.Getenv("GODEBUG")
		if strings.Contains(env, "tracebacklabels=") {
			return
		}
		if env != "" {
			env += ","
		}
		os.Setenv("GODEBUG", env+"tracebacklabels=1")
	})
	pprof.SetGoroutineLabels(pprof.WithLabels(context.Background(), pprof.Labels("test", test, "rule", crashRule)))
}

// inFlight counts the calls that have not returned.
func inFlight(calls []Call) int {
	n := 0
	for _, c := range calls {
		if !c.Done {
			n++
		}
	}
	return n
}

// raced explains the failure -race gives a pattern whose goroutines raced.
func raced(fn string) string {
	return fmt.Sprintf("lessontest: the race detector stopped this test: %s's goroutines raced (the DATA RACE "+
		"report above shows the two accesses, each with its stack). Two goroutines used the same memory, at "+
		"least one of them writing, with nothing to order them. Give each goroutine memory of its own (such as its "+
		"element results[id] of a slice made with length n), make the shared value an atomic, or guard the shared "+
		"data with one sync.Mutex that every goroutine locks: a mutex declared inside each goroutine is a lock no "+
		"other goroutine ever takes, so it excludes nobody. And read what the goroutines wrote only after waiting "+
		"for them (wg.Wait()), and count each one out only after its last write (wg.Go, or defer wg.Done()): a "+
		"wg.Done() before the write lets wg.Wait() return while the write is still to come. (A race on a channel "+
		"is a close while another goroutine may still send on it: close it once, after every send.)", fn)
}
