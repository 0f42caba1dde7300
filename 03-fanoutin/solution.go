//go:build solution

package main

import solution "github.com/go-concurrency-workshop/workshop/solutions/03-fanoutin"

// With -tags solution, the lesson runs and tests the reference solutions instead of fanoutin.go.
var (
	FanOutIn = solution.FanOutIn
	Merge    = solution.Merge
)
