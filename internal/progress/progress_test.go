package progress

import (
	"bytes"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestLine(t *testing.T) {
	assert.Equal(t, "[██████████░░░░░░░░░░░░░░░░░░░░] 2,500/7,500  33%  250.0 req/s  ETA 20s",
		Line(2500, 7500, 10*time.Second))
	assert.Equal(t, "[░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░] 0/7,500   0%", Line(0, 7500, time.Second),
		"no rate and no ETA before the first request finishes")
	assert.True(t, strings.HasPrefix(Line(9000, 7500, time.Second), "[██████████████████████████████] 9,000/7,500 100%"),
		"more than the total stays a full bar")
}

// syncBuffer is a bytes.Buffer safe for the bar's goroutine and the test's.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func TestStopErasesTheLineAndEndsTheGoroutine(t *testing.T) {
	var out syncBuffer
	bar := Start(&out, 10, func() int { return 5 })
	bar.Stop() // goleak checks that its goroutine is gone
	assert.True(t, strings.HasSuffix(out.b.String(), "\r\033[K"), "Stop should leave an erased line: %q", out.b.String())
}

func TestSetTotalChangesWhatTheBarCountsTo(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var out syncBuffer
		bar := Start(&out, 7500, func() int { return 5 })
		time.Sleep(150 * time.Millisecond)
		bar.SetTotal(20)
		time.Sleep(100 * time.Millisecond)
		bar.Stop()
		lines := strings.Split(out.b.String(), "\r\033[K")
		require.Len(t, lines, 4, "a line at 100ms and 200ms, then the erased line: %q", out.b.String())
		assert.Contains(t, lines[1], " 5/7,500 ")
		assert.Contains(t, lines[2], " 5/20  25%")
	})
}
