package main

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sync/errgroup"

	"github.com/go-concurrency-workshop/workshop/internal/lessontest"
)

// feed sends messages with the given ids in g, in that order, each with the payload "m<id>", then closes
// its output, unless open is set. It stops once ctx is done. It counts the messages taken from it.
func feed(ctx context.Context, g *errgroup.Group, open bool, ids ...int) (<-chan Message[string], *atomic.Int64) {
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

const stubOrdered = "Ordered returned a nil channel. Is it still the stub? Follow the TODOs in ordered.go."

func TestOrdered(t *testing.T) {
	t.Run("sends the messages in ID order, holding early ones up to its bound", func(t *testing.T) {
		// When the next id comes, it goes out at once, and the held messages that follow it after it: the
		// bound limits the messages held, and the next id is never held. Two mistakes fail here: the held
		// messages are not sent, and so fill the buffer; or the bound is checked before the id is, and
		// Ordered refuses the very id it waits for.
		const (
			notHeld = "When the next id comes, does Ordered also send the held messages that follow it?"
			refused = "Does Ordered check the bound before it checks whether the message is the next one? Only " +
				"early messages are held: the next id goes out at once, whatever the bound (even 0), even when the " +
				"buffer is full."
		)
		for _, tc := range []struct {
			name  string
			in    []int
			bound int
			hint  string // the likely causes of an error
		}{
			{"already in order, bound 0", upTo(20), 0, "Every message is the next one when it comes: none " +
				"is held. " + refused},
			{"blocks of 4 reversed, bound 3", reversedBlocks(20, 4), 3, "3, 2 and 1 fill the buffer, then 0, " +
				"the next id, comes. " + refused + " " + notHeld},
			{"blocks of 7 reversed, bound 10", reversedBlocks(20, 7), 10, notHeld},
		} {
			t.Run(tc.name, func(t *testing.T) {
				bubble(t, func(t *testing.T) {
					g, ctx := errgroup.WithContext(t.Context())
					in, _ := feed(ctx, g, false, tc.in...)
					out := Ordered(ctx, g, in, tc.bound)
					require.NotNil(t, out, stubOrdered)
					got, closed := collect(out)
					err, returned := wait(g)
					stopped(t, "every message came and the input closed", closed, returned, "")
					require.NoError(t, err, "the input %v needs a reorder buffer of %d at most. %s", tc.in, tc.bound, tc.hint)
					assert.Equal(t, upTo(20), ids(got), "the messages should come out in ID order, each once")
					for _, m := range got {
						if !assert.Equal(t, fmt.Sprint("m", m.ID), m.Payload, "message %d's payload", m.ID) {
							break
						}
					}
				})
			})
		}
	})

	t.Run("holds no more than its bound, then fails naming the missing id", func(t *testing.T) {
		// 0, 1 and 2 go out; then id 3 never comes. With a bound of 4, Ordered holds 4, 5, 6 and 7, takes
		// 8, finds no room, and fails: it takes 5 messages after 2, no more.
		bubble(t, func(t *testing.T) {
			before := lessontest.Goroutines()
			g, ctx := errgroup.WithContext(t.Context())
			in, taken := feed(ctx, g, false, upFrom(0, 100, 3)...)
			out := Ordered(ctx, g, in, 4)
			require.NotNil(t, out, stubOrdered)
			got, closed := collect(out)
			err, returned := wait(g)
			stopped(t, "the reorder buffer was full and id 3 had not come", closed, returned, "Once the buffer is full, "+
				"does Ordered return its error from its g.Go function? Only an error returned there makes g cancel "+
				"ctx, which stops the goroutines before Ordered (here the one feeding its input, which nobody reads any "+
				"more). Printing the error, or returning nil, leaves them blocked."+before.Left())

			assert.Equal(t, []int{0, 1, 2}, ids(got), "0, 1 and 2 came in order and should have gone out")
			assert.LessOrEqual(t, taken.Load()-3, int64(5), "with a bound of 4, Ordered should hold 4 messages while it "+
				"waits for id 3, and fail on the 5th; it took %d. An unbounded reorder buffer grows with every message "+
				"that comes after a missing one.", taken.Load()-3)
			if assert.Error(t, err, "the reorder buffer was full and id 3 had not come: Ordered should return an error") {
				assert.Contains(t, err.Error(), "id 3", "the error should name the id Ordered was waiting for")
			}
			assert.Empty(t, before.Left())
		})
	})

	t.Run("fails naming the missing id when its input closes before that id comes", func(t *testing.T) {
		bubble(t, func(t *testing.T) {
			g, ctx := errgroup.WithContext(t.Context())
			in, _ := feed(ctx, g, false, 0, 2, 3)
			out := Ordered(ctx, g, in, 10)
			require.NotNil(t, out, stubOrdered)
			got, closed := collect(out)
			err, returned := wait(g)
			stopped(t, "the input closed", closed, returned, "")
			assert.Equal(t, []int{0}, ids(got))
			if assert.Error(t, err, "the input closed with id 1 missing and 2 and 3 held: Ordered should return an error, "+
				"not end as if all was well") {
				assert.Contains(t, err.Error(), "id 1", "the error should name the id Ordered was waiting for")
			}
		})
	})

	t.Run("stops and closes its output once ctx is cancelled, even if nobody reads and its input stays open", func(t *testing.T) {
		for _, tc := range []struct {
			name string
			in   []int
			fix  string
		}{
			// 0 is ready to go out, and nobody takes it: Ordered waits on a send.
			{"while it waits to send", []int{2, 1, 0}, "It was waiting to send id 0, which nobody reads: a bare " +
				"`out <- m` cannot see ctx. Send in a select with <-ctx.Done(), as you receive."},
			// 2 is held, and id 0 never comes: Ordered waits on a receive.
			{"while it waits for its input", []int{2}, "It was waiting for id 0 on an input that stays open: a bare " +
				"`m, ok := <-in` cannot see ctx. Receive in a select with <-ctx.Done(), as you send."},
		} {
			t.Run(tc.name, func(t *testing.T) {
				bubble(t, func(t *testing.T) {
					before := lessontest.Goroutines()
					parent, cancel := context.WithCancel(t.Context())
					defer cancel()
					g, ctx := errgroup.WithContext(parent)
					in, _ := feed(ctx, g, true, tc.in...)
					out := Ordered(ctx, g, in, 10)
					require.NotNil(t, out, stubOrdered)
					time.Sleep(time.Millisecond)
					cancel()

					_, returned := wait(g)
					if !returned {
						t.Fatalf("ctx was cancelled, but Ordered did not return. %s%s", tc.fix, before.Left())
					}
					_, closed := collect(out)
					assert.True(t, closed, "Ordered returned without closing its output")
					assert.Empty(t, before.Left())
				})
			})
		}
	})
}

// stopped fails the test if Ordered's output was never closed, or if g.Wait did not return: what says what
// had happened, hint what may have gone wrong when g.Wait does not return.
func stopped(t *testing.T, what string, closed, returned bool, hint string) {
	t.Helper()
	if !closed {
		t.Fatalf("%s, but Ordered never closed its output (its goroutine closes it when it returns, whatever the "+
			"reason: defer close(out))", what)
	}
	if !returned {
		t.Fatalf("%s; Ordered closed its output, but g.Wait did not return: a goroutine in g is still blocked. %s",
			what, hint)
	}
}
