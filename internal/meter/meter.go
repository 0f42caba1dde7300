// Package meter measures what a run costs the program making it: memory allocated, garbage collections,
// peak heap, peak RSS and peak goroutines.
package meter

import (
	"runtime"
	"runtime/metrics"
	"sync/atomic"
	"time"
)

// Usage is what a run cost, between Start and Stop.
type Usage struct {
	AllocBytes       uint64 // bytes allocated on the heap
	AllocObjects     uint64 // heap objects allocated
	GCCycles         uint32 // garbage collections completed
	PeakHeapBytes    uint64 // the most heap in use by objects, sampled every 10ms
	PeakRSSBytes     uint64 // the process's peak resident memory since it started; 0 where unknown
	GoroutinesBefore int    // goroutines when the run started
	PeakGoroutines   int    // the most goroutines at once, sampled every 10ms and at each Observe
}

// Meter samples the process while a run goes on. Its methods are safe for concurrent use.
type Meter struct {
	before           runtime.MemStats
	goroutinesBefore int
	stop             chan struct{}
	done             chan struct{}

	peakGoroutines atomic.Int64
	peakHeap       uint64 // written only by the sampling goroutine until done is closed
}

const heapInUse = "/memory/classes/heap/objects:bytes"

// Start takes the baseline and starts a sampling goroutine, owned by the Meter and ended by Stop.
func Start() *Meter {
	m := &Meter{stop: make(chan struct{}), done: make(chan struct{})}
	runtime.ReadMemStats(&m.before)
	m.goroutinesBefore = runtime.NumGoroutine()
	go func() {
		defer close(m.done)
		tick := time.NewTicker(10 * time.Millisecond)
		defer tick.Stop()
		for {
			m.Observe()
			m.sampleHeap()
			select {
			case <-m.stop:
				return
			case <-tick.C:
			}
		}
	}()
	return m
}

// Observe samples the goroutine count. Call it where the peak is likely, such as as each request
// starts: it costs a few nanoseconds and takes no lock.
func (m *Meter) Observe() {
	g := int64(runtime.NumGoroutine())
	for {
		peak := m.peakGoroutines.Load()
		if g <= peak || m.peakGoroutines.CompareAndSwap(peak, g) {
			return
		}
	}
}

func (m *Meter) sampleHeap() {
	sample := []metrics.Sample{{Name: heapInUse}}
	metrics.Read(sample)
	if sample[0].Value.Kind() == metrics.KindUint64 {
		m.peakHeap = max(m.peakHeap, sample[0].Value.Uint64())
	}
}

// Stop ends the sampling and returns the usage since Start. Call it once.
func (m *Meter) Stop() Usage {
	close(m.stop)
	<-m.done
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	return Usage{
		AllocBytes:       after.TotalAlloc - m.before.TotalAlloc,
		AllocObjects:     after.Mallocs - m.before.Mallocs,
		GCCycles:         after.NumGC - m.before.NumGC,
		PeakHeapBytes:    max(m.peakHeap, after.HeapAlloc),
		PeakRSSBytes:     peakRSS(),
		GoroutinesBefore: m.goroutinesBefore,
		PeakGoroutines:   int(m.peakGoroutines.Load()),
	}
}
