package report

import (
	"fmt"

	"github.com/go-concurrency-workshop/workshop/internal/units"
)

// verdict is the run's exit status, and one line on what went wrong and what to do ("" when all is well):
//   - 130 after Ctrl-C (or SIGTERM): the figures cover what finished;
//   - 1 when the run was stopped early (its server was gone, or only refused), or the pattern returned an
//     error, returned nothing, lost or mangled results, no request got an answer, or every answer was a
//     404 (not the workshop's /data);
//   - 0 otherwise, with a line about the requests that got no answer, if any.
func (r *Report) verdict(run Run, isValue bool) (status int, line string) {
	name := run.Lesson
	switch {
	case r.Interrupted:
		return 130, ""
	case r.Stopped != "":
		return 1, fmt.Sprintf("%s: %s", name, r.Stopped)
	case r.InFlightAtReturn > 0:
		return 1, fmt.Sprintf("%s: the pattern returned while %s of its requests were still in flight: it must wait for "+
			"every goroutine it started (wg.Wait, or a channel closed when they are done) before it returns. "+
			"`go test ./%s` finds where.", name, units.Count(r.InFlightAtReturn), name)
	case r.Error != "":
		return 1, fmt.Sprintf("%s: the pattern returned an error: %s", name, r.Error)
	case r.Results == 0 && r.Invalid > 0 && !isValue:
		return 1, fmt.Sprintf("%s: the pattern returned %s results with neither a status nor an error: slots never filled. "+
			"Did it return before its goroutines had made their requests? `go test ./%s` finds where.",
			name, units.Count(r.Invalid), name)
	case r.Attempts == 0 || r.Results == 0 && !isValue:
		return 1, fmt.Sprintf("%s: the pattern returned no results. Is the exercise done? `go test ./%s` says what is "+
			"missing; `go run -tags solution ./%s` runs the reference solution.", name, name, name)
	case r.Responses == 0:
		return 1, fmt.Sprintf("%s: every request failed: %s", name, r.advice(run))
	case r.Statuses[404] == r.Responses:
		return 1, fmt.Sprintf("%s: every answer was a 404 Not Found: %s has no /data. Is it the workshop's server "+
			"(`go run ./server`), and the URL its /data?", name, run.URL)
	case r.Lost > 0:
		return 1, fmt.Sprintf("%s: %s requests were made but their results were not returned: the pattern lost them. "+
			"`go test ./%s` finds where.", name, units.Count(r.Lost), name)
	case r.Missing > 0 || r.Duplicates > 0 || r.Invalid > 0:
		return 1, fmt.Sprintf("%s: the results do not add up (%s missing, %s duplicates, %s invalid). `go test ./%s` "+
			"finds where.", name, units.Count(r.Missing), units.Count(r.Duplicates), units.Count(r.Invalid), name)
	case len(r.Errors) > 0:
		n := r.Attempts - r.Responses
		attempts := "attempts"
		if n == 1 {
			attempts = "attempt"
		}
		return 0, fmt.Sprintf("%s: %s %s got no answer: %s", name, units.Count(n), attempts, r.advice(run))
	}
	return 0, ""
}

// advice explains the commonest transport error of a run.
func (r *Report) advice(run Run) string {
	cause := topCause(r.Errors)
	switch cause {
	case "timeout":
		if r.ownDeadlines == r.Errors["timeout"] {
			return "the pattern's own deadlines cut them short (a context.WithTimeout or WithDeadline of its own), " +
				"not -timeout: as it meant to, if it sets a time limit."
		}
		if s := r.Server; s != nil && s.Latency.Count > 0 && s.Latency.P99Ms*10 < units.Millis(run.Timeout) {
			return fmt.Sprintf("they took longer than -timeout %v, yet the server answered in %s at worst (p99): the time "+
				"went on the client's side, waiting for one of its connections (see `ulimit -n`) or for the CPU.",
				run.Timeout, units.Duration(units.FromMillis(s.Latency.P99Ms)))
		}
		return fmt.Sprintf("they took longer than -timeout %v; give them longer, or ask why the server is slow.", run.Timeout)
	case "connection refused", "connection reset by the server", "connection closed by the server":
		return fmt.Sprintf("%s. Is the server at %s still running?", cause, run.URL)
	case "too many open files":
		return "too many open files: the process ran out of file descriptors (see `ulimit -n`)."
	case "body larger than 64 KiB":
		return fmt.Sprintf("the answers' bodies were larger than 64 KiB, which /data's never are. Is the server at %s "+
			"the workshop's?", run.URL)
	}
	return cause + "."
}

// topCause is the commonest cause in errs; ties go to the first in alphabetical order.
func topCause(errs map[string]int) string {
	top := ""
	for cause, n := range errs {
		if top == "" || n > errs[top] || n == errs[top] && cause < top {
			top = cause
		}
	}
	return top
}
