// Package lesson defines what every lesson's pattern works with: a Fetch that makes one request, and the
// Result it returns.
package lesson

import (
	"context"
	"time"
)

// Result is what became of one request: of one attempt at it, when a pattern retries.
type Result struct {
	ID         int           // the request's number, from 0 to n-1
	Latency    time.Duration // from sending the request to reading the whole answer, or to the error
	Status     int           // the HTTP status code; 0 when Err is set
	Err        error         // why no status arrived: a transport error, a timeout, or ctx's error
	RetryAfter time.Duration // the server's Retry-After, its overload signal (with a 503 or 429); 0 when absent
	Body       []byte        // the answer's body (the first 64 KiB), for patterns that decode it
}

// Fetch makes request id and returns its result. It is safe to call from many goroutines at once, and
// more than once for the same id: each call is one attempt. Once ctx is cancelled it returns at once,
// with ctx's error in Result.Err.
type Fetch func(ctx context.Context, id int) Result
