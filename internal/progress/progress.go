// Package progress draws a one-line progress bar on a terminal while a run goes on.
package progress

import (
	"fmt"
	"io"
	"strings"
	"sync/atomic"
	"time"

	"github.com/go-concurrency-workshop/workshop/internal/units"
)

// Bar redraws one line on a terminal. Start it with Start; Stop ends its goroutine and erases the line.
type Bar struct {
	stop  chan struct{}
	done  chan struct{}
	total atomic.Int64
}

// Start draws, every 100ms until Stop, how many of total requests done() reports finished, their rate
// and the time left. w should be a terminal: the bar is drawn with carriage returns.
func Start(w io.Writer, total int, done func() int) *Bar {
	b := &Bar{stop: make(chan struct{}), done: make(chan struct{})}
	b.total.Store(int64(total))
	start := time.Now()
	go func() {
		defer close(b.done)
		tick := time.NewTicker(100 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-b.stop:
				fmt.Fprint(w, "\r\033[K")
				return
			case now := <-tick.C:
				fmt.Fprint(w, "\r\033[K"+Line(done(), int(b.total.Load()), now.Sub(start)))
			}
		}
	}()
	return b
}

// SetTotal changes the total the bar draws against from its next line on: for a run that learns how many
// requests it will make only once it has started (a crawl, once the server says what its root leads to).
func (b *Bar) SetTotal(total int) { b.total.Store(int64(total)) }

// Stop erases the bar and waits for its goroutine to end.
func (b *Bar) Stop() {
	close(b.stop)
	<-b.done
}

const width = 30

// Line is the bar's text for finished of total after elapsed:
// "[██████████░░░░░░░░░░░░░░░░░░░░] 2,500/7,500  33%  246.1 req/s  ETA 20s".
func Line(finished, total int, elapsed time.Duration) string {
	frac := 0.0
	if total > 0 {
		frac = min(float64(finished)/float64(total), 1)
	}
	full := int(frac * width)
	line := fmt.Sprintf("[%s%s] %s/%s %3.0f%%", strings.Repeat("█", full), strings.Repeat("░", width-full),
		units.Count(finished), units.Count(total), frac*100)
	if finished > 0 && elapsed > 0 {
		rate := float64(finished) / elapsed.Seconds()
		left := time.Duration(float64(total-finished) / rate * float64(time.Second))
		line += fmt.Sprintf("  %s  ETA %v", units.Rate(rate), left.Round(time.Second))
	}
	return line
}
