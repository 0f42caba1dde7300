// Mistake: the attempts answer on an unbuffered channel, from which the request takes only the first
// answer. The loser, once cancelled, tries to send its own and blocks for ever, so waiting for it never
// ends (and its place is never given back): Hedged never returns. Give the channel room for both answers,
// or receive the loser's too.
// Replaces: 03-fanoutin/challenge.go
// Caught by: TestHedged/cancels_the_first_attempt_at_once_when_its_hedge_answers_first

package main

import (
	"context"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

func newHedgedRequest(ctx context.Context, id int, fetch lesson.Fetch, places chan struct{}) *hedgedRequest {
	ctx, cancel := context.WithCancel(ctx)
	return &hedgedRequest{
		id: id, fetch: fetch, places: places,
		ctx: ctx, cancel: cancel, answers: make(chan lesson.Result), // no room: the loser's send waits for a receive that never comes
	}
}
