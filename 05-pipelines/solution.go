//go:build solution

package main

import (
	"context"

	"golang.org/x/sync/errgroup"

	solution "github.com/go-concurrency-workshop/workshop/solutions/05-pipelines"
)

// With -tags solution, the lesson runs and tests the reference solutions instead of stage.go and
// ordered.go. Generic type aliases bring the types' methods along: Stage.Run is the solution's.
type (
	Message[T any]  = solution.Message[T]
	Stage[I, O any] = solution.Stage[I, O]
)

// Ordered is a generic function, which a variable cannot hold uninstantiated: it forwards instead.
func Ordered[T any](ctx context.Context, g *errgroup.Group, in <-chan Message[T], bound int) <-chan Message[T] {
	return solution.Ordered(ctx, g, in, bound)
}

// The challenge's reference, instead of challenge.go.
type FetchPage = solution.FetchPage

var Crawl = solution.Crawl
