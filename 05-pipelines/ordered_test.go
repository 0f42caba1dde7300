package main

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"regexp"
	"slices"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sync/errgroup"

	"github.com/go-concurrency-workshop/workshop/internal/lessontest"
)

// feedIDs sends messages with the given ids in g, in that order, each with the payload "m<id>", then closes
// its output, unless open is set. It stops once ctx is done, and returns nil then: the errors g.Wait
// returns are Ordered's. It counts the messages taken from it.
func feedIDs(ctx context.Context, g *errgroup.Group, open bool, ids ...int) (<-chan Message[string], *atomic.Int64) {
	out := make(chan Message[string]) // unbuffered: a send completes when Ordered takes the message
	taken := new(atomic.Int64)
	g.Go(func() error {
		if !open {
			defer close(out)
		}
		for _, id := range ids {
			select {
			case out <- Message[string]{ID: id, Payload: fmt.Sprint("m", id)}:
				taken.Add(1)
			case <-ctx.Done():
				return nil
			}
		}
		return nil
	})
	return out, taken
}

// reversedBlocks returns 0 to n-1 with each block of size ids reversed: 3 2 1 0 7 6 5 4 … for size 4.
// Ordered needs to hold size-1 of them at most.
func reversedBlocks(n, size int) []int {
	var list []int
	for start := 0; start < n; start += size {
		for id := min(start+size, n) - 1; id >= start; id-- {
			list = append(list, id)
		}
	}
	return list
}

// upFrom returns the ids from first to last, leaving out skip.
func upFrom(first, last, skip int) []int {
	var list []int
	for id := first; id <= last; id++ {
		if id != skip {
			list = append(list, id)
		}
	}
	return list
}

const stubOrdered = "Ordered returned a nil channel. Is it still the stub? Write ordered.go: its doc comment is the contract."

// runOrdered calls Ordered and requires it to return at once, as its contract says, with an output.
func runOrdered[T any](t *testing.T, ctx context.Context, g *errgroup.Group, in <-chan Message[T], bound int) <-chan Message[T] {
	t.Helper()
	out := started(t, "Ordered", "Ordered must return its output at once: one goroutine in g does the work, and "+
		"Ordered itself waits for none of it. Nothing can read the output before Ordered returns it.",
		func() <-chan Message[T] { return Ordered(ctx, g, in, bound) })
	require.NotNil(t, out, stubOrdered)
	return out
}

// orderedModel is what a correct Ordered has done after taking the ids of in, in that order, with a bound.
type orderedModel struct {
	sent     []int // the ids sent, in order
	next     int   // the id it waits for
	held     int   // the messages it holds
	everHeld int   // the messages that ever came early
	failed   int   // the index in in of the message that made it fail; -1 if none did
}

func modelOrder(in []int, bound int) orderedModel {
	r := orderedModel{failed: -1}
	held := map[int]bool{}
	for i, id := range in {
		if id != r.next {
			if len(held) >= bound {
				r.failed = i
				break
			}
			held[id] = true
			r.everHeld++
			continue
		}
		for {
			r.sent = append(r.sent, r.next)
			r.next++
			if !held[r.next] {
				break
			}
			delete(held, r.next)
		}
	}
	r.held = len(held)
	return r
}

// misordered explains why Ordered's output got, or its error err, is not what the ids in, which need no
// more room than bound, should give: every id from 0, in order, and no error. taken is how many of in it
// took. It returns "" when all is well.
func misordered(in []int, bound, taken int, got []int, err error) string {
	if why := outOfOrder(got); why != "" {
		return why
	}
	want := upTo(len(in))
	switch {
	case err == nil && len(got) == len(want):
		return ""
	case err == nil:
		return fmt.Sprintf("Ordered ended without an error, but only ids %s went out, of %d. When the next id "+
			"comes, do the held messages that follow it go out with it? And an input that closes while messages are "+
			"held is an error, never a quiet end.", some(got), len(in))
	case taken == 0:
		return fmt.Sprintf("Ordered failed before it took any message: %v", err)
	case taken == len(in) && len(got) == len(want):
		return fmt.Sprintf("every message came, and went out in order, yet Ordered then failed (%v). Does it still "+
			"count as held the messages it has sent? Once a held message goes out, it leaves the buffer.", err)
	}
	k := taken - 1 // the message Ordered failed on: the last it took, unless it failed when in closed
	before := modelOrder(in[:k], bound)
	story := fmt.Sprintf("the input %s, with a bound of %d, needs no more room than that, but Ordered failed "+
		"when id %d came (%v). ", some(in), bound, in[k], err)
	if whole := modelOrder(in, bound); taken == len(in) && k > 0 && len(got) >= len(before.sent) && len(got) < len(whole.sent) {
		return fmt.Sprintf("the input %s, with a bound of %d, needs no more room than that. Every message came, but "+
			"only ids %s went out before Ordered failed (%v): when the next id comes, it goes out, and with it "+
			"every held message that follows it without a gap.", some(in), bound, some(got), err)
	}
	switch {
	case in[k] == before.next && k == 0:
		return story + "It was the very first message, id 0, the first id to go out. Does Ordered start by " +
			"waiting for id 0? And the next id is never held, so the bound never refuses it: it goes out at " +
			"once, whatever the bound (even 0)."
	case len(got) < len(before.sent):
		return story + fmt.Sprintf("By then ids %s should have gone out, and only %s had: when the next id comes, "+
			"it goes out, and with it every held message that follows it without a gap.", some(before.sent), some(got))
	case in[k] == before.next:
		return story + fmt.Sprintf("It was the very id Ordered waited for, with %d messages held: the next id is "+
			"never held, so the bound never refuses it. It goes out at once, whatever the bound (even 0), even "+
			"when the buffer is full. Does Ordered check the bound before it checks whether the message is the "+
			"next one?", before.held)
	case before.everHeld >= bound && before.held < bound:
		return story + fmt.Sprintf("Only %d messages were held then (ids that came early and had not gone out), "+
			"with room for %d: ids %s had gone out. Does Ordered still count the messages it has sent? Once a "+
			"held message goes out, it leaves the buffer.", before.held, bound, some(before.sent))
	case in[k]-before.next > bound && before.held < bound:
		return story + fmt.Sprintf("Id %d is %d ahead of id %d, the next one, but only %d messages were held, "+
			"with room for %d: the bound is how many messages Ordered holds, not how far ahead an id may be.",
			in[k], in[k]-before.next, before.next, before.held, bound)
	case before.held < bound:
		return story + fmt.Sprintf("Only %d messages were held then, with room for %d: an early message finds "+
			"the buffer full only when bound messages are held already.", before.held, bound)
	}
	return story
}

// outOfOrder explains why got is not 0, 1, 2, … (as far as it goes): "" when it is.
func outOfOrder(got []int) string {
	seen := map[int]bool{}
	for i, id := range got {
		switch {
		case seen[id]:
			return fmt.Sprintf("id %d went out twice (the output began %s): once a held message goes out, it "+
				"leaves the buffer.", id, some(got))
		case id != i && i == 0:
			return fmt.Sprintf("the output began %s: id %d went out first, where the first to go out is id 0. Does "+
				"Ordered start by waiting for id 0?", some(got), id)
		case id != i:
			return fmt.Sprintf("the output began %s: id %d went out before id %d. A message goes out only once "+
				"every id before it has gone out.", some(got), id, i)
		}
		seen[id] = true
	}
	return ""
}

func TestOrdered(t *testing.T) {
	t.Run("sends the messages in ID order, holding early ones up to its bound", func(t *testing.T) {
		// When the next id comes, it goes out at once, and the held messages that follow it after it: the
		// bound limits the messages held, and the next id is never held, so each input here needs no more
		// room than its bound.
		for _, tc := range []struct {
			name  string
			in    []int
			bound int
		}{
			{"already in order, bound 0", upTo(20), 0},
			{"blocks of 4 reversed, bound 3", reversedBlocks(20, 4), 3},
			{"blocks of 7 reversed, bound 10", reversedBlocks(20, 7), 10},
		} {
			t.Run(tc.name, func(t *testing.T) {
				bubble(t, func(t *testing.T) {
					g, ctx := errgroup.WithContext(t.Context())
					in, taken := feedIDs(ctx, g, false, tc.in...)
					out := runOrdered(t, ctx, g, in, tc.bound)
					got, closed := drain(out)
					err, returned := waitOn(g)
					stopped(t, offered(tc.in, tc.bound), int(taken.Load()), len(tc.in), closed, returned, err, "")
					if why := misordered(tc.in, tc.bound, int(taken.Load()), idsOf(got), err); why != "" {
						t.Fatal(why)
					}
					for _, m := range got {
						if !assert.Equal(t, fmt.Sprint("m", m.ID), m.Payload, "message %d's payload", m.ID) {
							break
						}
					}
				})
			})
		}
	})

	t.Run("sends each message as soon as every id before it has gone out", func(t *testing.T) {
		// The test gives Ordered ids 1, 0, 3, 2, one at a time, and looks at its output after each, the moment
		// Ordered has done what it can (synctest.Wait), without closing its input.
		bubble(t, func(t *testing.T) {
			before := lessontest.Goroutines()
			parent, cancel := context.WithCancel(t.Context())
			defer cancel()
			g, ctx := errgroup.WithContext(parent)
			in := make(chan Message[string])
			out := runOrdered(t, ctx, g, in, 5)
			give := func(id int) {
				select {
				case in <- Message[string]{ID: id, Payload: fmt.Sprint("m", id)}:
				case <-time.After(time.Hour):
					t.Fatalf("Ordered did not take message %d from its input", id)
				}
				synctest.Wait()
			}
			expect := func(given string, want ...int) {
				var got []int
				for range len(want) + 1 {
					select {
					case m, open := <-out:
						if !open {
							t.Fatalf("after %s, Ordered closed its output, though its input was still open", given)
						}
						got = append(got, m.ID)
						synctest.Wait()
						continue
					default:
					}
					break
				}
				if !slices.Equal(got, want) {
					t.Fatalf("after %s, Ordered should have sent %v at once, and sent %v. A message goes out as soon as "+
						"every id before it has gone out: without waiting for more input, or for the input to close, "+
						"and never before the ids before it.", given, want, got)
				}
			}
			give(1)
			expect("id 1, with id 0 missing")
			give(0)
			expect("ids 1 then 0", 0, 1)
			give(3)
			expect("id 3, with id 2 missing")
			give(2)
			expect("id 3 then 2", 2, 3)
			cancel()
			if _, returned := waitOn(g); !returned {
				t.Fatalf("ctx was cancelled while Ordered waited for its input, but it did not return.%s",
					whyBlocked(before.LeftBlocked()))
			}
		})
	})

	t.Run("holds as many messages as its bound, however far ahead their ids", func(t *testing.T) {
		// 50 comes first, then 1 and 2, then 0: three messages held, with a bound of 3. The bound counts the
		// messages held; it says nothing of how far ahead an id may be.
		bubble(t, func(t *testing.T) {
			list := append([]int{50, 1, 2, 0}, upFrom(3, 49, -1)...)
			g, ctx := errgroup.WithContext(t.Context())
			in, taken := feedIDs(ctx, g, false, list...)
			out := runOrdered(t, ctx, g, in, 3)
			got, closed := drain(out)
			err, returned := waitOn(g)
			stopped(t, offered(list, 3), int(taken.Load()), len(list), closed, returned, err, "")
			if why := misordered(list, 3, int(taken.Load()), idsOf(got), err); why != "" {
				t.Fatal(why)
			}
		})
	})

	t.Run("holds no more than its bound, then fails naming the missing id", func(t *testing.T) {
		// 0, 1 and 2 go out; then id 3 never comes. With a bound of 4, Ordered holds 4, 5, 6 and 7, takes
		// 8, finds no room, and fails: it takes 5 messages after 2, no more, no fewer.
		bubble(t, func(t *testing.T) {
			before := lessontest.Goroutines()
			g, ctx := errgroup.WithContext(t.Context())
			list := upFrom(0, 100, 3)
			in, taken := feedIDs(ctx, g, false, list...)
			out := runOrdered(t, ctx, g, in, 4)
			got, closed := drain(out)
			err, returned := waitOn(g)
			stopped(t, offered(list, 4), int(taken.Load()), len(list), closed, returned, err, "Once the buffer is full, "+
				"does Ordered return its error from its g.Go function? Only an error returned there makes g cancel "+
				"ctx, which stops the goroutines before Ordered (here the one feeding its input, which nobody reads any "+
				"more). Printing the error, or returning nil, leaves them blocked."+whyBlocked(before.LeftBlocked()))

			if skipped := slices.DeleteFunc(idsOf(got), func(id int) bool { return id < 3 }); len(skipped) > 0 {
				t.Fatalf("Ordered sent ids %s, though id 3 never came. A missing id is never skipped: with the buffer "+
					"full, Ordered fails, naming the id it waits for. (A skipped id is a message lost without a word.)",
					some(skipped))
			}
			if !slices.Equal(idsOf(got), []int{0, 1, 2}) {
				t.Fatalf("0, 1 and 2 came first, in order, and should have gone out before id 3 was missed; Ordered sent "+
					"%v. %s", idsOf(got), misordered(list[:3], 4, min(int(taken.Load()), 3), idsOf(got), err))
			}
			early := int(taken.Load()) - 3 // the messages taken after 2
			switch {
			case err == nil:
				t.Fatalf("the reorder buffer was full and id 3 had not come, and Ordered ended without an error (it "+
					"took %d messages after id 2): it ends with an error that names id 3, so that g cancels the pipeline.", early)
			case early == len(list)-3:
				t.Fatalf("Ordered took every one of the %d messages after the missing id 3, with a bound of 4, and failed "+
					"only when its input closed: either it held them all (an unbounded reorder buffer grows with every "+
					"message that comes after a missing one), or it went on reading once the buffer was full, while the "+
					"pipeline worked on for nothing. With 4 held, the next early message finds the buffer full, and ends "+
					"Ordered at once, with its error.", early)
			case early > 5:
				t.Fatalf("Ordered held %d messages with a bound of 4: it took id %d before it failed, where with 4 held "+
					"(ids 4 to 7), the next early message (id 8) finds the buffer full, and ends Ordered.",
					early-1, list[early+2])
			case early < 5:
				t.Fatalf("Ordered failed when it had taken only %d messages after id 2, with a bound of 4: it holds 4 "+
					"(ids 4 to 7), and fails on the next early message, id 8.", early)
			}
			assert.True(t, namesID(err, 3), "the error should name id 3, the id Ordered was waiting for (as \"id 3\"); it "+
				"was: %v", err)
			if left := before.LeftBlocked(); len(left) > 0 {
				t.Errorf("every goroutine should have ended.%s", whyBlocked(left))
			}
		})
	})

	t.Run("puts any order back with the room it needs, and fails exactly when it has less", func(t *testing.T) {
		// 300 orders of up to 12 ids, drawn from a fixed seed, so that every run sees the same ones. For each,
		// the room it needs (the most early messages a correct Ordered holds at once), then one less: with
		// too little room, Ordered sends what it could, fails on the very message that finds the buffer full,
		// and names the id it was waiting for.
		rng := rand.New(rand.NewPCG(5, 14))
		bubble(t, func(t *testing.T) {
			for range 300 {
				list := rng.Perm(1 + rng.IntN(12))
				need := 0
				for modelOrder(list, need).failed >= 0 {
					need++
				}
				for _, bound := range []int{need, need - 1} {
					if bound < 0 {
						continue
					}
					g, ctx := errgroup.WithContext(t.Context())
					in, taken := feedIDs(ctx, g, false, list...)
					out := runOrdered(t, ctx, g, in, bound)
					got, closed := drain(out)
					err, returned := waitOn(g)
					stopped(t, offered(list, bound), int(taken.Load()), len(list), closed, returned, err, "")
					if bound == need {
						if why := misordered(list, bound, int(taken.Load()), idsOf(got), err); why != "" {
							t.Fatal(why)
						}
						continue
					}
					fails := modelOrder(list, bound).failed
					before := modelOrder(list[:fails], bound)
					names := namesID(err, before.next)
					if !names || int(taken.Load()) != fails+1 || !slices.Equal(idsOf(got), before.sent) {
						t.Fatalf("the input %v needs room for %d early messages; with a bound of %d, Ordered sends %v, "+
							"then fails when id %d comes (message %d of the input) and finds %d held, with an error that names "+
							"id %d, the one it waits for. It sent %v, took %d messages, and returned %v.%s", list, need,
							bound, before.sent, list[fails], fails+1, before.held, before.next, idsOf(got), taken.Load(), err,
							noLimit(bound, err))
					}
				}
			}
		})
	})

	t.Run("fails naming the missing id when its input closes before that id comes", func(t *testing.T) {
		bubble(t, func(t *testing.T) {
			g, ctx := errgroup.WithContext(t.Context())
			in, taken := feedIDs(ctx, g, false, 0, 2, 3)
			out := runOrdered(t, ctx, g, in, 10)
			got, closed := drain(out)
			err, returned := waitOn(g)
			stopped(t, offered([]int{0, 2, 3}, 10), int(taken.Load()), 3, closed, returned, err, "")
			if skipped := slices.DeleteFunc(idsOf(got), func(id int) bool { return id < 1 }); len(skipped) > 0 {
				t.Fatalf("Ordered sent ids %s, though id 1 never came. A missing id is never skipped: the input closing "+
					"while an id is missing is an error that names it.", some(skipped))
			}
			if !slices.Equal(idsOf(got), []int{0}) {
				t.Fatalf("id 0 came first, and should have gone out; Ordered sent %v. %s", idsOf(got),
					misordered([]int{0}, 10, min(int(taken.Load()), 1), idsOf(got), err))
			}
			if err == nil {
				t.Fatalf("the input closed with id 1 missing and 2 and 3 held, and Ordered ended without an error: its " +
					"caller would take it that every message went through. It is an error, naming id 1.")
			}
			assert.True(t, namesID(err, 1), "the error should name id 1, the id Ordered was waiting for (as \"id 1\"); it "+
				"was: %v", err)
		})
	})

	t.Run("waits for a missing id as long as it takes", func(t *testing.T) {
		// Id 1 comes at once, id 0 only 50 minutes later (a slow request, say), then the input closes. Nothing
		// ends Ordered's wait but a full buffer, its input closing, or ctx: no time limit of its own.
		bubble(t, func(t *testing.T) {
			const late = 50 * time.Minute
			parent, cancel := context.WithCancel(t.Context())
			defer cancel()
			g, ctx := errgroup.WithContext(parent)
			in := make(chan Message[string])
			g.Go(func() error {
				defer close(in)
				for i, id := range []int{1, 0} {
					if i > 0 {
						time.Sleep(late)
					}
					select {
					case in <- Message[string]{ID: id, Payload: fmt.Sprint("m", id)}:
					case <-ctx.Done():
						return nil
					}
				}
				return nil
			})
			start := time.Now()
			out := runOrdered(t, ctx, g, in, 5)
			r := drainSince(out, start)
			cancel() // lets the goroutine feeding Ordered go, if Ordered stopped taking its messages
			err, returned := waitOn(g)
			if !slices.Equal(idsOf(r.got), []int{0, 1}) || err != nil {
				t.Fatalf("id 1 came at once, and id 0 %v later on an input still open, then the input closed: Ordered "+
					"should have held id 1, sent 0 and 1 when 0 came, and ended without an error. It sent %v and "+
					"returned %v (its output closed: %v, at %v). Ordered waits for the id it needs as long as it takes: "+
					"only a full buffer, its input closing, or ctx ends that wait. A time limit of its own would fail a "+
					"pipeline whose slowest request is merely slow.", late, idsOf(r.got), err, r.closed, r.closedAt)
			}
			require.True(t, r.closed && returned, "every message went out and the input closed: Ordered should have "+
				"closed its output, and g.Wait returned")
		})
	})

	t.Run("runs its goroutine in g: the output is closed when g.Wait returns", func(t *testing.T) {
		// g.Wait waits for the goroutines in g, and only those: one started with a plain `go` may still run
		// when g.Wait returns. Here g.Wait is called while Ordered waits for its input; then the input closes,
		// and the moment g.Wait returns, Ordered's output must already be closed. Which goroutine runs first
		// varies from run to run: 100 runs make it show.
		bubble(t, func(t *testing.T) {
			for range 100 {
				g, ctx := errgroup.WithContext(t.Context())
				in := make(chan Message[string])
				out := runOrdered(t, ctx, g, in, 3)
				if !closedWhenWaitReturns(t, g, out, "Ordered", func() { close(in) }) {
					if _, closedLater := drain(out); closedLater {
						t.Fatalf("g.Wait returned while Ordered's output was still open; it closed a moment later. So " +
							"Ordered's goroutine is one g does not wait for (started with `go`, not g.Go): when g.Wait " +
							"returns, Ordered is still running, and its error, if it had one, would come too late for g.")
					}
					t.Fatalf("the input was closed, and g.Wait returned, but Ordered never closed its output.")
				}
			}
		})
	})

	t.Run("once ctx is cancelled, returns ctx's error at once and closes its output", func(t *testing.T) {
		for _, tc := range []struct {
			name     string
			in       []int
			take     int // how many messages the test takes from the output before the cancellation
			fix      string
			before   bool // ctx is cancelled before Ordered is called
			deadline bool // ctx ends by its deadline, at the same instant, not by a cancellation
		}{
			// Ordered starts with ctx already done: its goroutine returns ctx's error at once.
			{name: "when ctx is already done as Ordered is called", before: true, fix: "Once ctx is done, Ordered " +
				"returns ctx's error, also when it was done before Ordered began."},
			// 0 is ready to go out, and nobody takes it: Ordered waits on a send.
			{name: "while it waits to send", in: []int{2, 1, 0}, fix: "It was waiting to send id 0, which nobody " +
				"takes: that send also waits for <-ctx.Done(), in one select."},
			// 0 went out; 1 and 2 are held, and 1 is due, but nobody takes it: Ordered waits on the send of a
			// held message.
			{name: "while it waits to send a held message", in: []int{2, 1, 0}, take: 1, fix: "It had sent id 0, " +
				"and was waiting to send id 1, a held message now due, which nobody takes: every send, those of the " +
				"held messages too, also waits for <-ctx.Done(), in one select."},
			// 2 is held, and id 0 never comes: Ordered waits on a receive.
			{name: "while it waits for its input", in: []int{2}, fix: "It was waiting for id 0 on an input that " +
				"stays open: that receive also waits for <-ctx.Done(), in one select."},
			// The same, but ctx's deadline passes: ctx.Err() is then context.DeadlineExceeded.
			{name: "when ctx's deadline passes while it waits for its input", in: []int{2}, deadline: true, fix: "It " +
				"was waiting for id 0 on an input that stays open: that receive also waits for <-ctx.Done(), in one " +
				"select."},
		} {
			t.Run(tc.name, func(t *testing.T) {
				bubble(t, func(t *testing.T) {
					before := lessontest.Goroutines()
					cancelAt := 1500 * time.Microsecond // an instant no timer of Ordered's own would fire at
					start := time.Now()
					parent, cancel := context.WithCancel(t.Context())
					if tc.deadline {
						parent, cancel = context.WithDeadline(t.Context(), start.Add(cancelAt))
					}
					defer cancel()
					g, ctx := errgroup.WithContext(parent)
					in, _ := feedIDs(ctx, g, true, tc.in...)
					if tc.before {
						cancel()
						cancelAt = 0
					}
					out := runOrdered(t, ctx, g, in, 10)
					for i := range tc.take {
						select {
						case m, open := <-out:
							require.True(t, open && m.ID == i, "Ordered should have sent id %d first", i)
						case <-time.After(time.Hour):
							t.Fatalf("Ordered had ids %v, and did not send id %d", tc.in, i)
						}
					}
					if !tc.deadline {
						time.Sleep(cancelAt)
						cancel()
					}

					at, returned, err := waitOnSince(g, start)
					if !returned {
						t.Fatalf("ctx was cancelled, but Ordered did not return. %s%s", tc.fix, whyBlocked(before.LeftBlocked()))
					}
					if at != cancelAt {
						t.Fatalf("ctx was cancelled at %v, and Ordered returned only at %v: it noticed the cancellation late. "+
							"Does it wait on a timer, and check ctx only when it fires? %s", cancelAt, at, tc.fix)
					}
					if err == nil {
						t.Fatalf("ctx was cancelled, and Ordered returned nil: it was cut short, yet it looks complete to " +
							"its caller. Once ctx is done, it returns ctx's error (ctx.Err()), never nil.")
					}
					if tc.deadline && !errors.Is(err, context.DeadlineExceeded) {
						t.Fatalf("ctx's deadline passed, and Ordered returned %q, where ctx's error is %q: once ctx is "+
							"done, Ordered returns ctx.Err(), which says why ctx ended (context.DeadlineExceeded for a "+
							"deadline, context.Canceled for a cancellation), never an error of its own choosing.", err,
							context.DeadlineExceeded)
					}
					if !tc.deadline {
						assert.ErrorIs(t, err, context.Canceled, "the only reason to stop was the cancellation")
					}
					_, closed := drain(out)
					assert.True(t, closed, "Ordered returned without closing its output: it closes it whenever it returns, "+
						"whatever the reason")
					assert.Empty(t, before.Left())
				})
			})
		}
	})
}

// noLimit is what to add when Ordered, with a bound of 0, ended without an error: " A bound of 0 …".
func noLimit(bound int, err error) string {
	if bound != 0 || err != nil {
		return ""
	}
	return " A bound of 0 holds no message at all (only the next id goes through): it is not \"no limit\"."
}

// namesID reports whether err names id as "id 3" does (in any case: "ID 3" too, but not "id 30").
func namesID(err error, id int) bool {
	return err != nil && regexp.MustCompile(fmt.Sprintf(`(?i)\bid %d\b`, id)).MatchString(err.Error())
}

// offered says what the test gives Ordered: the ids, in that order, and the bound.
func offered(ids []int, bound int) string {
	return fmt.Sprintf("the test offered Ordered ids %s, with a bound of %d, then closes its input", some(ids), bound)
}

// stopped fails the test if Ordered's output was never closed, or if g.Wait did not return. what says what
// the test gave Ordered (offered); Ordered took taken of the total messages offered; err is what g.Wait
// returned; hint says what may have gone wrong when g.Wait does not return.
func stopped(t *testing.T, what string, taken, total int, closed, returned bool, err error, hint string) {
	t.Helper()
	switch {
	case !closed && returned:
		t.Fatalf("%s. Ordered returned (g.Wait returned %v), but never closed its output: it owns its output, and "+
			"closes it whenever its goroutine returns, whatever the reason (the end of its input, an error, or ctx)",
			what, err)
	case !closed && taken < total:
		t.Fatalf("%s. Ordered took %d of the %d messages, then read no more and never returned, so its output was "+
			"never closed: it stopped reading its input. Ordered never stops reading while it runs: an early message "+
			"that finds the buffer full ends it at once, with an error naming the id it waits for (that id can only "+
			"come through its input, behind the very messages it would refuse, so waiting for it there waits for ever).",
			what, taken, total)
	case !closed:
		t.Fatalf("%s. Ordered took all %d, but never closed its output: it owns its output, and closes it whenever "+
			"its goroutine returns, whatever the reason (the end of its input, an error, or ctx)", what, total)
	case !returned:
		t.Fatalf("%s. Ordered closed its output, but g.Wait did not return: a goroutine in g is still blocked. %s",
			what, hint)
	}
}
