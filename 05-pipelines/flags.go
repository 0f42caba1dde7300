package main

import (
	"flag"
	"fmt"
	"time"
)

// flags adds this lesson's own flags to the ones every lesson shares (harness.Lesson.Flags): the decode
// stage's workers and cost, and Ordered's bound. -workers, shared, is the fetch stage's.
func (s *settings) flags(fs *flag.FlagSet) (check func() error) {
	fs.IntVar(&s.decodeWorkers, "decode-workers", 6, "the decode stage's workers (-workers sets the fetch stage's)")
	fs.DurationVar(&s.decodeCost, "decode-cost", time.Millisecond, "a simulated cost per message in the decode stage (a sleep)")
	fs.IntVar(&s.reorder, "reorder", 1000, "the most messages Ordered may hold while it waits for an earlier id")
	return func() error {
		switch {
		case s.decodeWorkers < 1:
			return fmt.Errorf("-decode-workers must be at least 1, got %d", s.decodeWorkers)
		case s.decodeCost < 0:
			return fmt.Errorf("-decode-cost must not be negative, got %v", s.decodeCost)
		case s.reorder < 0:
			return fmt.Errorf("-reorder must not be negative, got %d", s.reorder)
		}
		return nil
	}
}
