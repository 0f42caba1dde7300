//go:build solution

package main

import solution "github.com/go-concurrency-workshop/workshop/solutions/01-sequential"

// With -tags solution, the lesson runs and tests the reference solution instead of sequential.go.
var Sequential = solution.Sequential

// The challenge's reference, instead of challenge.go.
var (
	WithinBudget      = solution.WithinBudget
	ErrBudgetSpent    = solution.ErrBudgetSpent
	ErrRequestTimeout = solution.ErrRequestTimeout
)
