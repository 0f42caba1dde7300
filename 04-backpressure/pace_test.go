package main

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"go.uber.org/goleak"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
	"github.com/go-concurrency-workshop/workshop/internal/lessontest"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// Time in these tests is virtual (testing/synctest): a sample every 100ms, a request of 30ms, take exactly
// that long, and no real time at all.

// timedPause is one call of Monitor's set: the pause it set, and when.
type timedPause struct {
	at, pause time.Duration
}

// monitorRun is what runMonitor saw.
type monitorRun struct {
	sets     []timedPause
	samples  []time.Duration // when busy() was called
	returned time.Duration   // when Monitor returned; -1 if it had not a minute after the cancellation
	left     string          // the goroutines Monitor left behind, described; "" for none
}

// runMonitor runs Monitor in a bubble against a scripted count of busy workers: between its k-th and
// (k+1)-th tick, busy() returns trace[k] (after the last, the last value). ctx is cancelled at cancelAt.
func runMonitor(t *testing.T, th Throttle, trace []int, cancelAt time.Duration) monitorRun {
	t.Helper()
	var m monitorRun
	blocked := lessontest.Bubble(t, func(t *testing.T) {
		start := time.Now()
		var mu sync.Mutex // busy and set are called from Monitor's goroutine; the test reads what they saw
		busy := func() int {
			mu.Lock()
			defer mu.Unlock()
			at := time.Since(start)
			m.samples = append(m.samples, at)
			return trace[min(max(int(at/th.Every)-1, 0), len(trace)-1)]
		}
		set := func(d time.Duration) {
			mu.Lock()
			defer mu.Unlock()
			m.sets = append(m.sets, timedPause{time.Since(start), d})
		}
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		time.AfterFunc(cancelAt, cancel)
		before := lessontest.Goroutines()
		done := make(chan struct{})
		go func() {
			defer close(done)
			Monitor(ctx, th, busy, set)
		}()
		select {
		case <-done:
			m.returned = time.Since(start)
		case <-time.After(cancelAt + time.Minute):
			m.returned = -1
		}
		m.left = before.Left()
		mu.Lock()
		defer mu.Unlock()
		m.sets, m.samples = append([]timedPause(nil), m.sets...), append([]time.Duration(nil), m.samples...)
	})
	if blocked && m.returned >= 0 {
		t.Errorf("Monitor returned, but left goroutines blocked: it should start none of its own.")
	}
	return m
}

// pauseAt is the pause in force at d: the last one set at or before d (0 if none was).
func (m monitorRun) pauseAt(d time.Duration) time.Duration {
	var p time.Duration
	for _, s := range m.sets {
		if s.at <= d {
			p = s.pause
		}
	}
	return p
}

// checkPauses runs Monitor against trace and checks the pause in force after each tick against want.
func checkPauses(t *testing.T, th Throttle, trace []int, want []time.Duration) {
	t.Helper()
	m := runMonitor(t, th, trace, time.Duration(len(trace))*th.Every+th.Every/2)
	var table strings.Builder
	wrong := false
	fmt.Fprintf(&table, "\n    %-6s %-6s %-6s %s", "tick", "busy", "want", "got")
	for k := range trace {
		got := m.pauseAt(time.Duration(k+1) * th.Every)
		mark := ""
		if got != want[k] {
			wrong, mark = true, "   ← wrong"
		}
		fmt.Fprintf(&table, "\n    %-6v %-6d %-6v %v%s", time.Duration(k+1)*th.Every, trace[k], want[k], got, mark)
	}
	if wrong {
		hint := ""
		if len(m.sets) == 0 {
			hint = " set was never called: is Monitor still the stub?"
		}
		t.Errorf("Monitor with High %d, Low %d, Step %v, Max %v should set these pauses after each sample: more "+
			"busy than High adds Step (never past Max), fewer than Low drops to 0, anything between keeps the pause.%s%s",
			th.High, th.Low, th.Step, th.Max, hint, table.String())
	}
}

func TestMonitor(t *testing.T) {
	th := Throttle{Every: 100 * time.Millisecond, High: 10, Low: 3, Step: 5 * time.Millisecond, Max: 20 * time.Millisecond}
	ms := time.Millisecond

	t.Run("sets the pause the rule calls for after each sample", func(t *testing.T) {
		checkPauses(t, th,
			[]int{12, 12, 10, 5, 11, 11, 11, 11, 3},
			[]time.Duration{5 * ms, 10 * ms, 10 * ms, 10 * ms, 15 * ms, 20 * ms, 20 * ms, 20 * ms, 20 * ms})
	})

	t.Run("drops the pause to zero below the low mark, and grows again from zero", func(t *testing.T) {
		checkPauses(t, th,
			[]int{15, 15, 15, 15, 15, 2, 7, 15},
			[]time.Duration{5 * ms, 10 * ms, 15 * ms, 20 * ms, 20 * ms, 0, 0, 5 * ms})
	})

	t.Run("never lets the pause pass Max, even when Step does not divide it", func(t *testing.T) {
		uneven := th
		uneven.Step, uneven.Max = 15*ms, 40*ms
		checkPauses(t, uneven,
			[]int{12, 12, 12, 12, 5},
			[]time.Duration{15 * ms, 30 * ms, 40 * ms, 40 * ms, 40 * ms})
	})

	t.Run("samples busy once per tick, one tick after the other from the call on", func(t *testing.T) {
		m := runMonitor(t, th, []int{5}, 4*th.Every+th.Every/2)
		want := []time.Duration{th.Every, 2 * th.Every, 3 * th.Every, 4 * th.Every}
		if !slices.Equal(m.samples, want) {
			t.Errorf("Monitor with Every %v, cancelled at %v, should call busy() exactly at %v; it called it at %v. "+
				"One sample per tick: a second call of busy() in the same tick may see another count than the first, "+
				"so work out the pause from one sample. And the first sample comes one Every after the call, not at "+
				"once.%s", th.Every, 4*th.Every+th.Every/2, want, m.samples, stubHint(len(m.samples) == 0))
		}
	})

	t.Run("starts every run from a pause of 0", func(t *testing.T) {
		// A first run leaves the pause at 20ms; a second run, whose first sample is between the marks, keeps
		// its own pause: 0.
		runMonitor(t, th, []int{15, 15, 15, 15}, 4*th.Every+th.Every/2)
		m := runMonitor(t, th, []int{5}, th.Every+th.Every/2)
		if got := m.pauseAt(th.Every); got != 0 {
			t.Errorf("a second Monitor, whose first sample (5 busy) is between the marks, should keep the pause it "+
				"starts with, 0; it set %v, what the first run had reached. Is the pause kept outside Monitor (a "+
				"package-level variable)? Each call starts from 0, with a pause of its own.", got)
		}
	})

	t.Run("returns once ctx is cancelled, samples no more, and leaves no goroutine", func(t *testing.T) {
		cancelAt := 250 * time.Millisecond
		m := runMonitor(t, th, []int{12}, cancelAt)
		switch {
		case m.returned < 0:
			t.Errorf("ctx was cancelled at %v, but Monitor had not returned a minute later. Does its loop wait for "+
				"ctx.Done() as well as for the ticker, in a select? `for range ticker.C` never ends: a ticker's "+
				"channel is never closed, not even by Stop.", cancelAt)
		case m.returned < cancelAt:
			t.Errorf("Monitor returned at %v, before ctx was cancelled at %v: it should keep sampling until then.%s",
				m.returned, cancelAt, stubHint(len(m.samples) == 0))
		case m.returned > cancelAt:
			t.Errorf("ctx was cancelled at %v, but Monitor returned only at %v: it should return at once. Does it "+
				"check ctx only when the ticker ticks (or after a time.Sleep)? Wait for both in one select.",
				cancelAt, m.returned)
		}
		for _, at := range m.samples {
			if at > cancelAt {
				t.Errorf("Monitor sampled at %v, after ctx was cancelled at %v: once ctx is done it should stop, and stop its ticker.", at, cancelAt)
				break
			}
		}
		if m.returned >= 0 && m.left != "" {
			t.Errorf("Monitor returned but left goroutines behind:%s", m.left)
		}
	})
}

// lateCause is the likely cause of a Throttled that returned late after a cancellation: Monitor, if it
// returns late itself (Throttled waits for it, as it should), otherwise the cause given.
func lateCause(t *testing.T, th Throttle, otherwise string) string {
	late, ok := monitorReturnsLate(t, th)
	switch {
	case !ok:
		return otherwise
	case late < 0:
		return "Throttled waits for its monitor, as it should, but Monitor itself does not return once its ctx is " +
			"cancelled (see TestMonitor): wait for the tick and ctx.Done() in one select."
	}
	return fmt.Sprintf("Throttled waits for its monitor, as it should, but Monitor itself returns late: cancelled "+
		"between two ticks, it returned %v after the cancellation (see TestMonitor). Monitor must return as soon as "+
		"ctx is done: wait for the tick and ctx.Done() in one select.", late)
}

// monitorReturnsLate reports when Monitor returns after a cancellation that comes between two ticks, if
// later than at once: a probe, to tell a late Monitor from a late producer in Throttled's messages.
func monitorReturnsLate(t *testing.T, th Throttle) (time.Duration, bool) {
	cancelAt := th.Every + th.Every/2
	var returned time.Duration
	lessontest.Bubble(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		time.AfterFunc(cancelAt, cancel)
		done := make(chan struct{})
		start := time.Now()
		go func() {
			defer close(done)
			Monitor(ctx, th, func() int { return 0 }, func(time.Duration) {})
		}()
		select {
		case <-done:
			returned = time.Since(start)
		case <-time.After(cancelAt + time.Minute):
			returned = -1 // never: Throttled's messages say so
		}
	})
	return returned - cancelAt, returned != cancelAt
}

// stubHint is the likely cause to add when nothing happened at all.
func stubHint(nothing bool) string {
	if nothing {
		return " (nothing happened at all: is it still the stub?)"
	}
	return ""
}

// throttled binds Throttled's arguments for lessontest.Run.
func throttled(n, workers int, th Throttle) lessontest.Pattern[[]lesson.Result] {
	return func(ctx context.Context, fetch lesson.Fetch) []lesson.Result {
		return Throttled(ctx, n, workers, fetch, th)
	}
}

func TestThrottled(t *testing.T) {
	// 4 workers, 30ms a request: at the first sample (100ms) all 4 are busy, above the high mark of 2, so the
	// pause becomes 20ms, the most. From then on one request leaves every 20ms, 1 or 2 are busy at each
	// sample, and the pause stays.
	th := Throttle{Every: 100 * time.Millisecond, High: 2, Low: 1, Step: 20 * time.Millisecond, Max: 20 * time.Millisecond}
	sc := lessontest.Scenario{Latency: 30 * time.Millisecond}

	// First, so that `go test -race` reports the race here: it reports a race only the first time it sees it.
	t.Run("shares the pause between the monitor and the dispatcher without a data race", func(t *testing.T) {
		// The monitor writes the pause at each sample; the goroutine that dispatches reads it before each
		// dispatch. Under -race, a pause shared without an atomic or a mutex fails this test. It runs in a
		// bubble of its own rather than through lessontest.Run, so that the explanation fits this lesson.
		checked := false // the checks below ran: a failure is theirs, not the race detector's
		defer func() {
			if t.Failed() && !checked {
				t.Log("The race detector stopped this test: two of Throttled's goroutines used the same variable, one " +
					"of them writing, with nothing to order them (the DATA RACE report above names both, with their " +
					"stacks). In Throttled, two things are shared: the pause (the monitor writes it, the dispatching " +
					"goroutine reads it) and the busy count (every worker writes it, the monitor reads it). Keep each " +
					"in an atomic.Int64 (Store/Load, Add/Load), or guard both with one sync.Mutex that every one of " +
					"those goroutines locks around each access.")
			}
		}()
		var results []lesson.Result
		returned := false
		blocked := lessontest.Bubble(t, func(t *testing.T) {
			srv := lessontest.NewServer(sc)
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			done := make(chan []lesson.Result, 1)
			go func() { done <- Throttled(ctx, 40, 4, srv.Fetch, th) }()
			select {
			case results = <-done:
				returned = true
			case <-time.After(time.Hour):
			}
		})
		checked = true
		if !returned || blocked {
			t.Fatal("Throttled did not return within an hour of virtual time, or left goroutines blocked: the next " +
				"subtests say where.")
		}
		lessontest.EveryIDOnce(t, "Throttled", results, 40)
	})

	t.Run("returns one result per request, with at most W in flight", func(t *testing.T) {
		out := lessontest.Run(t, "Throttled", sc, throttled(40, 4, th))
		lessontest.EveryIDOnce(t, "Throttled", out.Returned, 40)
		assert.Equal(t, 4, out.PeakInFlight, "4 workers keep 4 requests in flight before any pause.%s", out.Hint())
	})

	t.Run("waits the pause the monitor sets between two dispatches", func(t *testing.T) {
		out := lessontest.Run(t, "Throttled", sc, throttled(40, 4, th))
		early := out.CallsBetween(0, th.Every)
		assert.Len(t, early, 16, "before the first sample the pause is 0: 4 workers make 4 rounds of 30ms by 100ms.%s", out.Hint())
		late := out.CallsAfter(th.Every)
		for i := 1; i < len(late); i++ {
			if gap := late[i].At - late[i-1].At; gap < th.Max {
				t.Errorf("after the first sample (at %v) the pause is %v, but requests %d and %d were sent %v apart, "+
					"at %v and %v. Does the dispatching goroutine read the pause before each send, and wait that long "+
					"(in a select with ctx.Done())? Is jobs buffered? Ids queued in it before the pause leave all "+
					"at once. Or do the workers wait the pause? They wait it side by side, and their requests still "+
					"leave together: the one goroutine that hands out the ids waits it.", th.Every, th.Max, late[i-1].ID, late[i].ID, gap, late[i-1].At, late[i].At)
				break
			}
		}
		assert.NotEmpty(t, late, "the 40 requests should not all have been sent before the first sample.%s", out.Hint())
	})

	t.Run("counts busy workers exactly, even 1,200 of them", func(t *testing.T) {
		// 1,200 workers and requests of 150ms: at the first sample all 1,200 are busy, above the high mark of
		// 1,100, so from then on requests leave 10ms apart.
		th := Throttle{Every: 100 * time.Millisecond, High: 1100, Low: 0, Step: 10 * time.Millisecond, Max: 10 * time.Millisecond}
		var calls []lessontest.Call
		var results []lesson.Result
		returned := false
		left := ""
		blocked := lessontest.Bubble(t, func(t *testing.T) {
			srv := lessontest.NewServer(lessontest.Scenario{Latency: 150 * time.Millisecond})
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			before := lessontest.Goroutines()
			done := make(chan []lesson.Result, 1)
			go func() { done <- Throttled(ctx, 1300, 1200, srv.Fetch, th) }()
			select {
			case results = <-done:
				returned = true
			case <-time.After(time.Hour):
				left = before.Left()
			}
			calls = srv.Calls()
		})
		var late []lessontest.Call // the calls made after the first sample
		for _, c := range calls {
			if c.At >= th.Every {
				late = append(late, c)
			}
		}
		short := false
		for i := 1; i < len(late); i++ {
			if gap := late[i].At - late[i-1].At; gap < th.Max {
				short = true
				cause := "Is the count of busy workers capped? The original counted with a channel of 1,000 tokens " +
					"filled by a non-blocking send: past 1,000 the send is skipped and the count stops growing. Count " +
					"with an atomic counter (Add(1) before fetch, Add(-1) after) or a channel sized to the pool with a " +
					"blocking send."
				if !spacesFourWorkers(t) {
					short = false
					cause = "The pause spaces no requests even with 4 workers, so the count is not the cause here: see " +
						"\"waits the pause the monitor sets between two dispatches\". Is jobs buffered? Ids queued in " +
						"it leave all at once, whatever the pause. Or do the workers each wait the pause, side by side?"
				}
				t.Errorf("1,200 workers were busy at the first sample, more than the high mark of 1,100, so from %v on "+
					"requests should leave %v apart; two left %v apart, at %v. %s", th.Every, th.Max, gap, late[i].At, cause)
				break
			}
		}
		if !returned || blocked {
			hint := ""
			if short {
				hint = " With the count short, look at the busy count first: a worker that takes back a token it never " +
					"put (its send was skipped) takes another worker's, and in the end waits for one that never comes."
			}
			t.Errorf("Throttled with 1,200 workers never returned: goroutines were left blocked, each waiting for "+
				"something that never came (a receive nobody sends to, a send nobody receives, a WaitGroup that never "+
				"reaches zero). Where they wait:%s%s", left, hint)
			return
		}
		lessontest.EveryIDOnce(t, "Throttled", results, 1300)
	})

	t.Run("stops promptly when cancelled, keeps the results cut short, and leaves no goroutine", func(t *testing.T) {
		// At 250ms the producer waits out a pause of 20ms, and 2 requests are in flight; once cancelled, they
		// take 5ms to give up, as real ones do.
		cancelAt, giveUp := 250*time.Millisecond, 5*time.Millisecond
		sc := sc
		sc.CancelAfter, sc.GiveUp = cancelAt, giveUp
		out := lessontest.Run(t, "Throttled", sc, throttled(40, 4, th))
		if len(out.Calls) == 0 {
			t.Fatalf("Throttled returned at %v.%s", out.Took, out.Hint())
		}
		assert.Empty(t, out.CallsAfter(cancelAt),
			"ctx was cancelled at %v, yet requests were made after it: the pause, like every wait, should sit in a "+
				"select with ctx.Done(), and a worker should check ctx before starting a request.", cancelAt)
		assert.Zero(t, out.InFlight, "Throttled returned while requests cut short by the cancellation were still in "+
			"flight: it should wait for every worker")
		lessontest.LastAttempts(t, "Throttled", out.Returned, out.Calls)
		if out.Took > cancelAt+giveUp {
			t.Errorf("ctx was cancelled at %v and the requests cut short gave up %v later, yet Throttled returned only "+
				"at %v. %s", cancelAt, giveUp, out.Took, lateCause(t, th, "Was the pause slept (time.Sleep) instead "+
				"of waited in a select with ctx.Done()? A sleep goes on after a cancellation."))
		}
		assert.Zero(t, out.LeftRunning)
	})

	t.Run("stops as promptly when cancelled while the producer waits to send, not in a pause", func(t *testing.T) {
		// No pause ever (High is out of reach): at 45ms the 4 workers are in the middle of their second request
		// and the producer waits to hand over id 8. Once cancelled, the requests take 5ms to give up.
		th := Throttle{Every: 100 * time.Millisecond, High: 1000, Low: 0, Step: 20 * time.Millisecond, Max: 20 * time.Millisecond}
		cancelAt, giveUp := 45*time.Millisecond, 5*time.Millisecond
		sc := sc
		sc.CancelAfter, sc.GiveUp = cancelAt, giveUp
		out := lessontest.Run(t, "Throttled", sc, throttled(40, 4, th))
		if len(out.Calls) == 0 {
			t.Fatalf("Throttled returned at %v.%s", out.Took, out.Hint())
		}
		if after := out.CallsAfter(cancelAt); len(after) > 0 {
			t.Errorf("ctx was cancelled at %v, while the producer was waiting to hand over an id (no pause holds in "+
				"this run); yet %d requests were made after it, the first id %d at %v. Once ctx is cancelled no "+
				"request starts: the producer's send sits in a select with ctx.Done(), and a worker checks ctx before "+
				"each request, whatever the producer was doing.", cancelAt, len(after), after[0].ID, after[0].At)
		}
		assert.Zero(t, out.InFlight, "Throttled returned while requests cut short by the cancellation were still in "+
			"flight: it should wait for every worker")
		lessontest.LastAttempts(t, "Throttled", out.Returned, out.Calls)
		if out.Took > cancelAt+giveUp {
			t.Errorf("ctx was cancelled at %v and the requests cut short gave up %v later, yet Throttled returned only "+
				"at %v. %s", cancelAt, giveUp, out.Took, lateCause(t, th, "What did it wait for after the cancellation? "+
				"Every wait, the send on jobs too, sits in a select with ctx.Done()."))
		}
		if out.LeftRunning > 0 {
			t.Errorf("a goroutine was left blocked after Throttled returned (see above). Is the producer's send on jobs " +
				"outside a select with ctx.Done()? Once the workers stop, nobody receives it: it waits forever.")
		}
	})

	t.Run("stops its monitor and waits for it before returning", func(t *testing.T) {
		// Right at Throttled's return, no goroutine may still be inside Monitor: a monitor that was told to stop
		// but not waited for is, most of the time: repeated, so that a monitor that happens to end first
		// does not hide it.
		for range 20 {
			var inside string
			pattern := func(ctx context.Context, fetch lesson.Fetch) []lesson.Result {
				results := Throttled(ctx, 40, 4, fetch, th)
				inside = lessontest.StillIn("Monitor")
				return results
			}
			out := lessontest.Run(t, "Throttled", sc, pattern)
			if t.Failed() {
				return // Run has said what went wrong
			}
			if len(out.Calls) == 0 {
				t.Fatalf("Throttled returned at %v.%s", out.Took, out.Hint())
			}
			if inside != "" {
				t.Fatalf("when Throttled returned, its monitor was still running, inside Monitor:%s\nThrottled owns the "+
					"monitor: it cancels the monitor's context, then waits for Monitor to return (a sync.WaitGroup, or a "+
					"channel the monitor's goroutine closes once Monitor has returned), and only then returns.", inside)
			}
		}
	})
}

// spacesFourWorkers reports whether Throttled spaces its requests by the pause with 4 workers, 30ms a
// request and a pause of 20ms from the first sample on: a probe, to tell a short count of busy workers
// from a pause that spaces nothing at all.
func spacesFourWorkers(t *testing.T) bool {
	th := Throttle{Every: 100 * time.Millisecond, High: 2, Low: 1, Step: 20 * time.Millisecond, Max: 20 * time.Millisecond}
	var calls []lessontest.Call
	lessontest.Bubble(t, func(t *testing.T) {
		srv := lessontest.NewServer(lessontest.Scenario{Latency: 30 * time.Millisecond})
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		done := make(chan []lesson.Result, 1)
		go func() { done <- Throttled(ctx, 40, 4, srv.Fetch, th) }()
		select {
		case <-done:
		case <-time.After(time.Hour):
		}
		calls = srv.Calls()
	})
	var last time.Duration = -1
	for _, c := range calls {
		if c.At < th.Every {
			continue
		}
		if last >= 0 && c.At-last < th.Max {
			return false
		}
		last = c.At
	}
	return last >= 0
}

// BenchmarkThrottled measures the original project's throttle against the real handler at a fixed latency,
// beside the other lessons' patterns (BenchmarkBackpressure is the limiter's).
func BenchmarkThrottled(b *testing.B) {
	lessontest.Benchmark(b, 15, func(ctx context.Context, n int, fetch lesson.Fetch) []lesson.Result {
		return Throttled(ctx, n, 15, fetch, Original)
	})
}
