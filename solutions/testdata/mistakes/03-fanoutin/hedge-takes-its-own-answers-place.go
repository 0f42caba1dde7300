// Mistake: the hedge waits for a place in the same select as the answer, which is right, but once awake it
// lets select choose: an attempt puts its answer in a buffered channel, then gives its place back, so at
// the moment the hedge is due both cases can be ready, and on some of select's random choices the hedge
// takes the place its own request's answer has just freed, and goes out for a request already answered.
// Once the hedge has its place, look whether the answer is in before sending it.
// Replaces: 03-fanoutin/challenge.go
// Caught by: TestHedged/never_hedges_in_the_place_its_own_request's_answer_has_just_freed,_even_at_the_moment_the_hedge_is_due

package main

func (r *hedgedRequest) sendHedge() {
	if r.ctx.Err() != nil {
		<-r.places
		return
	}
	r.attempt() // perhaps in the place the answer, already in answers, has just freed
}
