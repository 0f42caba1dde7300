// Mistake: the retry budget is a plain int that every worker reads and decrements. Two workers that fail at
// the same moment both read it, both decrement it, and one write is lost: a data race (-race reports it),
// and more retries than the budget allows. A count shared by the workers is an atomic (Add, then look at
// what it returned), or sits under a mutex, or belongs to one goroutine.
// Replaces: 04-backpressure/challenge.go
// Caught by: TestResilient/shares_its_budget_among_its_workers_without_a_data_race:_exactly_budget_retries

package main

func spender(budget int) (spend func() bool) {
	left := budget // shared by every worker that calls spend, unguarded
	return func() bool {
		if left > 0 {
			left--
			return true
		}
		return false
	}
}
