// Mistake: the mutex design, whose waiting workers wake up only when an answer changes something, as sync.Cond
// would have them: nothing wakes them at the end of a pause or when a retry falls due, so with nothing in flight
// they wait forever.
// Replaces: 04-backpressure/pushback.go
// Based on: mutex-backpressure
// Caught by: TestBackpressure/retries_a_refused_request_as_soon_as_its_wait_is_over,_and_spreads_the_ones_refused_together

package main

// take waits until the calling worker may send an attempt, counts it in and returns it; ok is false when
// there is nothing left to do, or ctx is done.
func (p *pool) take(ctx context.Context) (id, attempt int, ok bool) {
	for {
		p.mu.Lock()
		now := time.Now()
		if ctx.Err() != nil || p.next == p.n && len(p.queue) == 0 && p.inFlight == 0 {
			p.mu.Unlock()
			return 0, 0, false
		}
		var wake time.Time
		if p.inFlight < p.lim.Limit() {
			switch {
			case now.Before(p.lim.PausedUntil()):
				wake = p.lim.PausedUntil()
			case len(p.queue) > 0 && !now.Before(p.queue[0].due):
				q := p.queue[0]
				p.queue = p.queue[1:]
				p.inFlight++
				p.mu.Unlock()
				return q.id, q.attempt.attempt, true
			case p.next < p.n:
				id = p.next
				p.next++
				p.inFlight++
				p.mu.Unlock()
				return id, 0, true
			case len(p.queue) > 0:
				wake = p.queue[0].due
			}
		}
		changed := p.changed
		p.mu.Unlock()

		_ = wake // wrong: no timer for the end of the pause or the next retry due
		select {
		case <-changed:
		case <-ctx.Done():
		}
	}
}
