// Mistake: the loser's place is given back as soon as it is cancelled, before it has returned. A cancelled
// attempt takes a moment to give up (closing its connection; the server notices later still), and in that
// moment the next request already takes its place: one attempt more in flight than the pool allows.
// Replaces: 03-fanoutin/challenge.go
// Caught by: TestHedged/gives_a_cancelled_attempt's_place_back_only_once_it_has_returned

package main

func (r *hedgedRequest) run() {
	r.running.Go(func() {
		<-r.ctx.Done() // the request is done: the place is given back, though this attempt may still be giving up
		<-r.places
	})
	answer := r.fetch(r.ctx, r.id)
	r.returned.Store(true)
	r.answers <- answer
}
