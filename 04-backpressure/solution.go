//go:build solution

package main

import solution "github.com/go-concurrency-workshop/workshop/solutions/04-backpressure"

// With -tags solution, the lesson runs and tests the reference solutions instead of pace.go and
// pushback.go.
type (
	Throttle = solution.Throttle
	Limiter  = solution.Limiter
	Retry    = solution.Retry
	Change   = solution.Change
)

var (
	Original     = solution.Original
	Monitor      = solution.Monitor
	Throttled    = solution.Throttled
	NewLimiter   = solution.NewLimiter
	Backpressure = solution.Backpressure
)

// The challenge's reference, instead of challenge.go.
type (
	State           = solution.State
	BreakerSettings = solution.BreakerSettings
	StateChange     = solution.StateChange
	Breaker         = solution.Breaker
)

const (
	Closed   = solution.Closed
	Open     = solution.Open
	HalfOpen = solution.HalfOpen
)

var (
	NewBreaker = solution.NewBreaker
	Resilient  = solution.Resilient
)
