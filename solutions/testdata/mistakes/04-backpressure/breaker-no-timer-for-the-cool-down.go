// Mistake: a caller held by Allow waits only for a change of state, which another caller makes. But the
// end of the cool-down is a change that no call makes: it comes with time. When every worker is held,
// nobody is there to notice it, and they all wait for good. A held caller needs a timer for the end of
// the cool-down, as well as the change of state.
// Replaces: 04-backpressure/challenge.go
// Caught by: TestBreakerAllow/lets_its_callers_through_as_soon_as_the_cool-down_ends,_and_all_of_them_the_moment_it_closes

package main

import "context"

func (b *Breaker) Allow(ctx context.Context) error {
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		wake, _, ok := b.admit()
		if ok {
			return nil
		}
		select { // no timer: who will notice that the cool-down is over?
		case <-wake:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}
