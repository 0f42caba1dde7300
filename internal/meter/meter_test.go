package meter

import (
	"runtime"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

var sink [][]byte

func TestMeter(t *testing.T) {
	m := Start()
	for range 100 {
		b := make([]byte, 100<<10) // 10 MB in 100 objects, kept alive
		for i := 0; i < len(b); i += 4096 {
			b[i] = 1 // touch every page, so that it is resident
		}
		sink = append(sink, b)
	}
	release := make(chan struct{})
	var wg sync.WaitGroup
	for range 200 {
		wg.Go(func() { <-release })
	}
	m.Observe()
	close(release)
	wg.Wait()
	u := m.Stop()
	sink = nil

	assert.GreaterOrEqual(t, u.AllocBytes, uint64(100*100<<10))
	assert.GreaterOrEqual(t, u.AllocObjects, uint64(100))
	assert.GreaterOrEqual(t, u.PeakHeapBytes, uint64(100*100<<10), "the 10 MB were alive at the end")
	assert.GreaterOrEqual(t, u.PeakGoroutines, u.GoroutinesBefore+200, "200 goroutines were alive at Observe")
	if runtime.GOOS == "linux" || runtime.GOOS == "darwin" {
		assert.Greater(t, u.PeakRSSBytes, uint64(10<<20))
	}
}
