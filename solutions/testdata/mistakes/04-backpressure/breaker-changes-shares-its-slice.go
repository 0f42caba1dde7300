// Mistake: Changes returns the breaker's own slice. The caller gets the very array the breaker keeps its
// record in: whatever the caller writes there rewrites the breaker's history, and a read of it while the
// breaker appends is unguarded by the breaker's lock. Return a copy, made under the lock.
// Replaces: 04-backpressure/challenge.go
// Caught by: TestBreakerChanges/returns_a_slice_of_the_caller's_own

package main

func (b *Breaker) Changes() []StateChange {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.changes // not a copy
}
