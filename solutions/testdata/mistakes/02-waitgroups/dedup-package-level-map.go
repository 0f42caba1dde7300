// Mistake: the requests in flight are kept in a map at package level, so every Dedup shares them: two
// Dedups made with different fetches hand each other's answers out, and their locks, one per Dedup,
// guard the one map from nobody.
// Replaces: 02-waitgroups/challenge.go
// Caught by: TestNewDedup/returns_Dedups_that_share_nothing

package main

import (
	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

var inFlight = map[int]*flight{} // one for the whole program

func NewDedup(fetch lesson.Fetch) *Dedup {
	return &Dedup{fetch: fetch, inFlight: inFlight}
}
