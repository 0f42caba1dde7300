package main

import (
	"errors"
	"flag"
	"fmt"
	"time"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
	"github.com/go-concurrency-workshop/workshop/internal/units"
)

// budget is -variant budget's settings: the challenge, WithinBudget, in challenge.go.
type budget struct {
	total      time.Duration // -budget: the whole run's
	perRequest time.Duration // -request-timeout: each request's own limit; 0: none
}

// flags adds -budget and -request-timeout to the flags every lesson shares (harness.Lesson.Flags).
func (b *budget) flags(fs *flag.FlagSet) (check func() error) {
	fs.DurationVar(&b.total, "budget", 5*time.Second, "with -variant budget: the time budget of the whole run")
	fs.DurationVar(&b.perRequest, "request-timeout", 20*time.Millisecond,
		"with -variant budget: each request's own time limit; 0: none but the budget")
	return func() error {
		switch {
		case b.total <= 0:
			return fmt.Errorf("-budget must be more than 0s, got %v", b.total)
		case b.perRequest < 0:
			return fmt.Errorf("-request-timeout must not be negative (0: none), got %v", b.perRequest)
		}
		return nil
	}
}

// budgetFigures is what became of a budgeted run's requests: the report's "budget" section.
type budgetFigures struct {
	BudgetMs         float64 `json:"budget_ms"`
	RequestTimeoutMs float64 `json:"request_timeout_ms"` // 0: none
	Requests         int     `json:"requests"`           // -requests: the ids the run could have made
	Started          int     `json:"started"`
	Answered         int     `json:"answered"`     // with an HTTP status, any status
	OwnTimeout       int     `json:"own_timeout"`  // cut short by their own limit (ErrRequestTimeout)
	BudgetSpent      int     `json:"budget_spent"` // cut short by the end of the budget (ErrBudgetSpent)
	OtherErrors      int     `json:"other_errors"` // transport errors, or Ctrl-C
	NotStarted       int     `json:"not_started"`
}

// figures counts what became of the requests of a run of n that returned results.
func (b budget) figures(results []lesson.Result, n int) budgetFigures {
	f := budgetFigures{BudgetMs: units.Millis(b.total), RequestTimeoutMs: units.Millis(b.perRequest), Requests: n,
		Started: len(results), NotStarted: n - len(results)}
	for _, r := range results {
		switch {
		case r.Err == nil:
			f.Answered++
		case errors.Is(r.Err, ErrRequestTimeout):
			f.OwnTimeout++
		case errors.Is(r.Err, ErrBudgetSpent):
			f.BudgetSpent++
		default:
			f.OtherErrors++
		}
	}
	return f
}

// String is the section's text.
func (f budgetFigures) String() string {
	limit := "no limit per request"
	if f.RequestTimeoutMs > 0 {
		limit = units.Duration(units.FromMillis(f.RequestTimeoutMs)) + " per request"
	}
	s := fmt.Sprintf("%s for the run, %s: %s of %s requests started, %s never started\n%s answered · %s cut short by "+
		"their own limit · %s by the end of the budget", units.Duration(units.FromMillis(f.BudgetMs)), limit,
		units.Count(f.Started), units.Count(f.Requests), units.Count(f.NotStarted), units.Count(f.Answered),
		units.Count(f.OwnTimeout), units.Count(f.BudgetSpent))
	if f.OtherErrors > 0 {
		s += fmt.Sprintf(" · %s failed otherwise", units.Count(f.OtherErrors))
	}
	return s
}
