//go:build solution

package main

import solution "github.com/go-concurrency-workshop/workshop/solutions/02-waitgroups"

// With -tags solution, the lesson runs and tests the reference solutions instead of allatonce.go.
var (
	AllAtOnce      = solution.AllAtOnce
	AllAtOnceMutex = solution.AllAtOnceMutex
)

// The challenge's reference, instead of challenge.go.
type Dedup = solution.Dedup

var NewDedup = solution.NewDedup
