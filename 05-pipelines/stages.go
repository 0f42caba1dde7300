package main

import (
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/go-concurrency-workshop/workshop/internal/units"
)

// stageMeter counts what one stage did: its messages, and the time its workers spent working on them.
// Its methods are safe for concurrent use.
type stageMeter struct {
	name     string
	workers  int
	flag     string // the flag that sets its workers, if any
	messages atomic.Int64
	busy     atomic.Int64 // nanoseconds spent in the stage's Function, added up over its workers
}

func (m *stageMeter) observe(d time.Duration) {
	m.messages.Add(1)
	m.busy.Add(int64(d))
}

// metered returns s with its Function timed by m.
func metered[I, O any](m *stageMeter, s Stage[I, O]) Stage[I, O] {
	m.name, m.workers = s.Name, max(s.Workers, 1)
	work := s.Function
	s.Function = func(msg Message[I]) (Message[O], error) {
		start := time.Now()
		defer func() { m.observe(time.Since(start)) }()
		return work(msg)
	}
	return s
}

// stageFigure is what one stage did in a run, for the report.
type stageFigure struct {
	Name       string  `json:"name"`
	Workers    int     `json:"workers"`
	Messages   int64   `json:"messages"`
	BusyMs     float64 `json:"busy_ms"`          // the time its workers spent working, added up
	EachMs     float64 `json:"per_message_ms"`   // that time per message
	BusyShare  float64 `json:"busy_share"`       // busy time / (workers × the run's time): 1 is never idle
	Capacity   float64 `json:"capacity_per_s"`   // messages a second its workers can do: workers / time per message
	Throughput float64 `json:"throughput_per_s"` // messages a second it did: messages / the run's time
	Bottleneck bool    `json:"bottleneck"`       // the stage with the least capacity: it sets the pace

	each time.Duration // EachMs, unrounded
	flag string        // the flag that sets its workers, if any
}

// stageFigures are the figures of a pipeline's stages, in order.
type stageFigures []stageFigure

// figures computes each stage's figures over a run that took wall, and names the bottleneck.
func figures(wall time.Duration, meters ...*stageMeter) stageFigures {
	fs := make(stageFigures, len(meters))
	slowest := -1
	for i, m := range meters {
		f := stageFigure{Name: m.name, Workers: m.workers, Messages: m.messages.Load(), flag: m.flag}
		busy := time.Duration(m.busy.Load())
		f.BusyMs = units.Millis(busy)
		if f.Messages > 0 && busy > 0 {
			f.each = busy / time.Duration(f.Messages)
			f.EachMs = float64(f.each) / 1e6
			f.Capacity = float64(f.Workers) / f.each.Seconds()
			if slowest < 0 || f.Capacity < fs[slowest].Capacity {
				slowest = i
			}
		}
		if wall > 0 {
			f.BusyShare = busy.Seconds() / (float64(f.Workers) * wall.Seconds())
			f.Throughput = float64(f.Messages) / wall.Seconds()
		}
		fs[i] = f
	}
	if slowest >= 0 {
		fs[slowest].Bottleneck = true
	}
	return fs
}

// String is the report's table of the stages, and a line on the bottleneck.
func (fs stageFigures) String() string {
	if len(fs) == 0 {
		return "none ran"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%-10s %7s %6s %9s %12s %10s", "", "workers", "busy", "each", "could do", "did")
	var slow *stageFigure
	for i, f := range fs {
		fmt.Fprintf(&b, "\n%-10s %7d %5.0f%% %9s %12s %10s", f.Name, f.Workers, 100*f.BusyShare,
			units.Duration(f.each), perSecond(f.Capacity), perSecond(f.Throughput))
		if f.Bottleneck {
			b.WriteString("  ◀ bottleneck")
			slow = &fs[i]
		}
	}
	if slow != nil {
		fmt.Fprintf(&b, "\nthe pace is set by %s: its %d workers can do %s, the other stages more", slow.Name,
			slow.Workers, perSecond(slow.Capacity))
		if slow.flag != "" {
			fmt.Fprintf(&b, " (%s sets its workers)", slow.flag)
		}
	}
	return b.String()
}

func perSecond(n float64) string {
	if n == 0 {
		return "-"
	}
	if n < 100 {
		return fmt.Sprintf("%.1f/s", n)
	}
	return units.Count(int64(n+0.5)) + "/s"
}

// errNotWritten stops the run while an exercise is still a stub.
var errNotWritten = errors.New("05-pipelines: Stage.Run or Ordered returned no channel: is stage.go or ordered.go still the stub? " +
	"`go test ./05-pipelines` says what is missing; `go run -tags solution ./05-pipelines` runs the reference solution")

// notWritten ends a pipeline in which an exercise returned a nil channel, which would block whoever reads
// it for ever: it fails g, which cancels whatever did start, and waits for it.
func notWritten(g *errgroup.Group) error {
	g.Go(func() error { return errNotWritten })
	return g.Wait()
}
