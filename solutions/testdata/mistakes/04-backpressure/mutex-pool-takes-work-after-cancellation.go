// Mistake: the mutex design, whose workers never look at ctx when they take their next attempt: once ctx is
// cancelled they go on taking ids and making requests, each of which fails at once. A worker checks ctx before
// each request it starts.
// Replaces: 04-backpressure/pushback.go
// Based on: mutex-backpressure
// Caught by: TestBackpressure/stops_promptly_when_cancelled,_keeps_the_results_cut_short,_and_leaves_no_goroutine

package main

// take waits until the calling worker may send an attempt, counts it in and returns it; ok is false when
// there is nothing left to do, or ctx is done.
func (p *pool) take(ctx context.Context) (id, attempt int, ok bool) {
	for {
		p.mu.Lock()
		now := time.Now()
		if p.next == p.n && len(p.queue) == 0 && p.inFlight == 0 { // wrong: ctx is not checked
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

		var alarm <-chan time.Time
		var t *time.Timer
		if !wake.IsZero() {
			t = time.NewTimer(wake.Sub(now))
			alarm = t.C
		}
		select {
		case <-changed:
		case <-alarm:
		}
		if t != nil {
			t.Stop()
		}
	}
}
