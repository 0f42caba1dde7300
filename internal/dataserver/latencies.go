package dataserver

import (
	"math"
	"math/bits"
	"time"

	"github.com/go-concurrency-workshop/workshop/internal/units"
)

// latencies summarises durations in buckets about 1.5% wide, so a run's percentiles cost a bounded
// amount however many requests it makes, and nothing until its first answer. Durations under 128ns are
// exact; above, each power of two is split into 64 buckets. The buckets come in rows of 64, one row per
// power of two, each allocated by the first duration that lands in it: a run whose answers all took 3 to
// 6 ms holds two rows, 1 KiB, and never more than the 30 KiB of every row.
type latencies struct {
	count         int64
	sum, min, max time.Duration
	rows          *[nBuckets / 64]*[64]int64 // allocated by the first add; each row by its first duration
}

// nBuckets is the number of buckets: bucketOf(1<<63 - 1) is the last.
const nBuckets = 64 * 59

func bucketOf(d time.Duration) int {
	v := uint64(max(d, 0))
	if v < 64 {
		return int(v)
	}
	shift := bits.Len64(v) - 7 // keep the top seven bits: v>>shift is in [64, 128)
	return shift*64 + int(v>>shift)
}

// bucketMid is the middle of bucket i, the value reported for a percentile that falls in it.
func bucketMid(i int) time.Duration {
	if i < 64 {
		return time.Duration(i)
	}
	shift := (i - 64) / 64
	lo := uint64((i-64)%64+64) << shift
	return time.Duration(lo + (uint64(1)<<shift)/2)
}

func (l *latencies) add(d time.Duration) {
	if l.rows == nil {
		l.rows = new([nBuckets / 64]*[64]int64)
	}
	if l.count == 0 || d < l.min {
		l.min = d
	}
	l.max = max(l.max, d)
	l.count++
	l.sum += d
	i := bucketOf(d)
	row := l.rows[i/64]
	if row == nil {
		row = new([64]int64)
		l.rows[i/64] = row
	}
	row[i%64]++
}

// quantile returns the duration below which a share q of the durations fall, within one bucket.
func (l *latencies) quantile(q float64) time.Duration {
	rank := int64(math.Ceil(q * float64(l.count)))
	var seen int64
	for r, row := range l.rows {
		if row == nil {
			continue
		}
		for c, n := range row {
			if seen += n; n > 0 && seen >= rank {
				return min(max(bucketMid(r*64+c), l.min), l.max)
			}
		}
	}
	return l.max
}

// LatencySummary is how long the server took to answer the requests it worked on, 200s and simulated
// 500s of /data and /page (queueing included), in milliseconds. Answers given at once without work (503,
// 404, an outage's 500) are not in it.
type LatencySummary struct {
	Count  int64   `json:"count"`
	MinMs  float64 `json:"min_ms"`
	MeanMs float64 `json:"mean_ms"`
	P50Ms  float64 `json:"p50_ms"`
	P90Ms  float64 `json:"p90_ms"`
	P99Ms  float64 `json:"p99_ms"`
	P999Ms float64 `json:"p999_ms"`
	MaxMs  float64 `json:"max_ms"`
}

func (l *latencies) summary() LatencySummary {
	if l.count == 0 {
		return LatencySummary{}
	}
	return LatencySummary{
		Count:  l.count,
		MinMs:  units.Millis(l.min),
		MeanMs: units.Millis(l.sum / time.Duration(l.count)),
		P50Ms:  units.Millis(l.quantile(0.50)),
		P90Ms:  units.Millis(l.quantile(0.90)),
		P99Ms:  units.Millis(l.quantile(0.99)),
		P999Ms: units.Millis(l.quantile(0.999)),
		MaxMs:  units.Millis(l.max),
	}
}
