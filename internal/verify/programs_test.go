package main

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/go-concurrency-workshop/workshop/internal/dataserver"
	"github.com/go-concurrency-workshop/workshop/internal/report"
)

func TestTheServersFiguresAgreeWithTheReport(t *testing.T) {
	plain := report.Report{Attempts: 10, Responses: 10, Statuses: map[int]int{200: 8, 500: 1, 503: 1}}
	hedged := report.Report{Attempts: 12, Responses: 10, Statuses: map[int]int{200: 10}, Errors: map[string]int{"canceled": 2},
		HedgesLost: 2}
	for _, tc := range []struct {
		name   string
		rep    report.Report
		server dataserver.Stats
		agrees bool
	}{
		{"the same attempts and statuses", plain, dataserver.Stats{Requests: 10, Served: 8, Failed: 1, Rejected: 1}, true},
		{"an attempt the client never made", plain, dataserver.Stats{Requests: 11, Served: 9, Failed: 1, Rejected: 1}, false},
		{"a status the server never gave", plain, dataserver.Stats{Requests: 10, Served: 9, Failed: 0, Rejected: 1}, false},
		{"another run's requests", plain, dataserver.Stats{Requests: 12, Served: 10, Failed: 1, Rejected: 1}, false},
		{"the hedges that lost, cancelled at the server", hedged, dataserver.Stats{Requests: 12, Served: 10, Canceled: 2}, true},
		{"one still in flight when /stats answered", hedged, dataserver.Stats{Requests: 12, Served: 10, Canceled: 1, InFlight: 1}, true},
		{"one answered as the client gave up", hedged, dataserver.Stats{Requests: 12, Served: 11, Canceled: 1}, true},
		{"one cancelled before it was sent", hedged, dataserver.Stats{Requests: 11, Served: 10, Canceled: 1}, true},
		{"more cancelled than the client gave up", hedged, dataserver.Stats{Requests: 13, Served: 10, Canceled: 3}, false},
		{"no view of the server", hedged, dataserver.Stats{}, false},
	} {
		rep := tc.rep
		if tc.server != (dataserver.Stats{}) {
			rep.Server = &tc.server
		}
		assert.Equal(t, tc.agrees, agrees(rep), tc.name)
	}
}
