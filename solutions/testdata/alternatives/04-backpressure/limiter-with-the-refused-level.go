// Alternative: the Limiter remembers the lowest level the server refused, rather than the ceiling just
// below it, and the workers' bound apart; the limit may grow while it is below both.
// Replaces: 04-backpressure/pushback.go

package main

import (
	"time"
)

type Limiter struct {
	limit   int
	most    int       // the number of workers
	refused int       // the lowest level refused, 0 before any refusal
	until   time.Time // the end of the pause
}

func NewLimiter(most int) *Limiter {
	if most < 1 {
		most = 1
	}
	return &Limiter{limit: 1, most: most}
}

func (l *Limiter) Limit() int { return l.limit }

// top is the most the limit may grow to.
func (l *Limiter) top() int {
	if l.refused > 0 {
		return max(1, min(l.most, l.refused-1))
	}
	return l.most
}

func (l *Limiter) Succeeded(inFlight int) {
	if inFlight*2 >= l.limit && l.limit < l.top() {
		l.limit++
	}
}

func (l *Limiter) Rejected(now time.Time, retryAfter time.Duration) {
	if !now.Before(l.until) { // no pause holds: a new overload
		l.refused = l.limit
		l.limit = max(1, l.limit/2)
	} else if l.refused > 2 { // the same overload: the server took one less
		l.refused--
	}
	l.limit = min(l.limit, l.top())
	if end := now.Add(retryAfter); end.After(l.until) {
		l.until = end
	}
}

func (l *Limiter) PausedUntil() time.Time { return l.until }
