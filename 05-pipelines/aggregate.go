package main

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/go-concurrency-workshop/workshop/internal/report"
	"github.com/go-concurrency-workshop/workshop/internal/units"
)

// summary is the aggregate of a run: what became of the requests, taken in request order. The order
// matters for one figure: the server's failures come in bursts, and the longest run of consecutive ids
// that failed shows them.
type summary struct {
	requests int            // answers aggregated
	ok       int            // 200s
	failed   map[string]int // the others, by status and the reason the server gave, or by transport error
	server   time.Duration  // the latency the server simulated, added up over the 200s

	streak      int // failures in a row up to the last request
	longest     int // the longest such run
	longestLast int // the id that ended it
}

// add aggregates the answer to request id. The ids must come in order, 0 first.
func (s *summary) add(id int, a answer) {
	s.requests++
	if a.status == 200 {
		s.ok++
		s.server += a.server
		s.streak = 0
		return
	}
	if s.failed == nil {
		s.failed = map[string]int{}
	}
	outcome := strings.TrimSpace(fmt.Sprintf("%d %s", a.status, a.reason))
	if a.err != nil {
		outcome = report.Cause(a.err)
	}
	s.failed[outcome]++
	s.streak++
	if s.streak > s.longest {
		s.longest, s.longestLast = s.streak, id
	}
}

// String is the summary as the report shows it.
func (s summary) String() string {
	if s.requests == 0 {
		return "no answers"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s answers in request order: 200 OK: %s", units.Count(s.requests), units.Count(s.ok))
	for _, outcome := range slices.Sorted(maps.Keys(s.failed)) {
		fmt.Fprintf(&b, " · %s: %s", outcome, units.Count(s.failed[outcome]))
	}
	if s.ok > 0 {
		fmt.Fprintf(&b, " · the server simulated %s per 200", units.Duration(s.server/time.Duration(s.ok)))
	}
	switch {
	case s.longest == 1:
		b.WriteString(" · no two failures in a row")
	case s.longest > 1:
		fmt.Fprintf(&b, " · longest run of failures: %d in a row (ids %s to %s)", s.longest,
			units.Count(s.longestLast-s.longest+1), units.Count(s.longestLast))
	}
	return b.String()
}
