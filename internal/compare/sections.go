package compare

import (
	"encoding/json"

	"github.com/go-concurrency-workshop/workshop/internal/report"
)

// The figures compare reads from the sections a lesson adds to its report (harness.Run.Section). They are
// read by the JSON names the lessons give them; a report without them (a learner's lesson that does not
// add them, an older one) draws without them.

// limitFigures is lesson 04's section "limit": its concurrency limit over the run.
type limitFigures struct {
	First   int          `json:"first"`
	Peak    int          `json:"peak"`
	Last    int          `json:"last"`
	Cuts    int          `json:"cuts"` // how many times it came down
	Changes []limitPoint `json:"changes"`
}

type limitPoint struct {
	AtMs  float64 `json:"at_ms"` // since the pattern started
	Limit int     `json:"limit"`
}

// stageFigure is one stage of lesson 05's section "stages".
type stageFigure struct {
	Name       string  `json:"name"`
	Workers    int     `json:"workers"`
	BusyShare  float64 `json:"busy_share"` // busy time / (workers × the run's time): 1 is never idle
	Bottleneck bool    `json:"bottleneck"`
}

// limit returns the limit's figures of a report that has them.
func limit(r *report.Report) (limitFigures, bool) {
	var f limitFigures
	ok := sectionData(r, "limit", &f) && len(f.Changes) > 0
	return f, ok
}

// stages returns the stages' figures of a report that has them.
func stages(r *report.Report) ([]stageFigure, bool) {
	var f []stageFigure
	ok := sectionData(r, "stages", &f) && len(f) > 0
	return f, ok
}

// sectionData decodes the data of the report's section of that label into v; false if there is none, or
// it is not of v's shape.
func sectionData(r *report.Report, label string, v any) bool {
	for _, s := range r.Sections {
		if s.Label != label || s.Data == nil {
			continue
		}
		data, err := json.Marshal(s.Data) // read back from JSON, Data is a map: its JSON again is the lesson's
		return err == nil && json.Unmarshal(data, v) == nil
	}
	return false
}
