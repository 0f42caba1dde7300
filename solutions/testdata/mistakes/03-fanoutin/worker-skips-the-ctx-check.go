// Mistake: the producer stops on cancellation, as it should, but the workers request every id they are
// given without checking ctx first. An id can still reach a worker after the cancellation: taken from jobs
// just before it, or handed over as it comes, when the producer's select finds a worker waiting and ctx
// done and picks one of the two at random. That id is then requested: a request started after the
// cancellation.
// Replaces: 03-fanoutin/fanoutin.go
// Caught by: TestFanOutIn/starts_no_request_once_cancelled,_not_even_for_an_id_a_worker_already_holds

package main

func work(ctx context.Context, jobs <-chan int, results chan<- lesson.Result, fetch lesson.Fetch) {
	for id := range jobs {
		results <- fetch(ctx, id) // no check of ctx first: an id handed over after the cancellation is requested
	}
}
