//go:build !solution

package main

import (
	"context"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

// FetchPage fetches page id of a link graph (GET /page/{id}) and returns the ids the page links to, and
// the request's Result, whose ID is id. A page answered 200 OK has its links: ids of other pages, of pages
// already seen, of itself, or of ids that are not pages. Any other answer has none: a 404 says that id is
// not a page (a dead link), a 500 that the server failed. It is safe for concurrent use, and once ctx is
// done it returns at once, with ctx's error in the Result.
type FetchPage func(ctx context.Context, id int) (links []int, r lesson.Result)

// Crawl visits every page reachable from root: it fetches root with fetchPage, then every id root links
// to, then every id those pages link to, and so on, and returns the Result of each fetch it made, in any
// order.
//
// Its contract, which the tests check:
//   - Once each: no id is fetched twice, however many pages link to it, whatever its first fetch got.
//     Root is found from the start.
//   - Everything found: every id linked from a page answered 200 OK is fetched, and no other id.
//   - One Result per fetch, as fetchPage returned it.
//   - Bounded: at most workers fetches are in flight at once (workers less than 1 counts as 1).
//   - Never idle: an id found is fetched at once if fewer than workers fetches are in flight. So while an
//     id waits to be fetched, workers fetches are in flight, however wide the graph is.
//   - Done exactly when nothing is left: Crawl returns as soon as no fetch is in flight and no id found
//     waits to be fetched; not before (a page in flight may link to more), and not after.
//   - Failures: a 404, a 500, or any other answer but 200 OK (an error too) is that id's Result and is
//     final (it is not fetched again), and the crawl goes on with the rest.
//   - Cancellation: once ctx is done, no fetch starts. Crawl returns once the fetches in flight have
//     returned (at once, with ctx's error), with the Results of every fetch it made, those cut short
//     included. A ctx already done makes no fetch at all.
//   - Nothing it starts is left running when it returns.
func Crawl(ctx context.Context, root, workers int, fetchPage FetchPage) []lesson.Result {
	// TODO: write Crawl.
	return nil
}
