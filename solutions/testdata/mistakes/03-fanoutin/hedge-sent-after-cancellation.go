// Mistake: the hedge goes out as soon as it has a place, without a look at ctx: after a cancellation,
// while the first attempt is still giving up, a new attempt starts. Once ctx is cancelled, nothing starts,
// hedges included.
// Replaces: 03-fanoutin/challenge.go
// Caught by: TestHedged/sends_no_hedge_once_ctx_is_cancelled

package main

func (r *hedgedRequest) sendHedge() {
	// Only firstAnswer receives from answers: an answer seen here is still there for it to take.
	if len(r.answers) > 0 { // no look at ctx: the hedge goes out even once it is cancelled
		<-r.places
		return
	}
	r.running.Go(func() {
		// In real time a goroutine may start a moment late: if the first attempt has returned in that
		// moment, the hedge is not needed any more, and is not sent.
		if r.returned.Load() {
			<-r.places
			return
		}
		r.run()
	})
}
