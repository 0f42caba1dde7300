package dataserver

import (
	"slices"
	"sort"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/go-concurrency-workshop/workshop/internal/units"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func draws(cfg Config, n int) (lat []time.Duration, fails []bool) {
	s := newSim(cfg)
	for range n {
		a := s.next()
		lat = append(lat, a.latency)
		fails = append(fails, a.fail)
	}
	return lat, fails
}

func TestLatencyModel(t *testing.T) {
	cfg := Profiles["workshop"]

	t.Run("stays between the base latency and base plus jitter", func(t *testing.T) {
		lat, _ := draws(cfg, 100_000)
		assert.GreaterOrEqual(t, slices.Min(lat), cfg.Latency)
		assert.LessOrEqual(t, slices.Max(lat), cfg.Latency+cfg.Jitter)
	})

	t.Run("moves at most one step between two requests", func(t *testing.T) {
		lat, _ := draws(cfg, 100_000)
		for i := 1; i < len(lat); i++ {
			d := lat[i] - lat[i-1]
			require.LessOrEqual(t, max(d, -d), cfg.Step, "request %d moved from %v to %v", i, lat[i-1], lat[i])
		}
	})

	t.Run("wanders over the whole range, averaging near its middle", func(t *testing.T) {
		lat, _ := draws(cfg, 200_000)
		var sum time.Duration
		for _, l := range lat {
			sum += l
		}
		mean := sum / time.Duration(len(lat))
		// The walk is clamped at both ends, so its long-run mean is the middle of the range.
		assert.InDelta(t, float64(cfg.Latency+cfg.Jitter/2), float64(mean), float64(cfg.Jitter/10),
			"mean latency %v", mean)
		assert.Less(t, slices.Min(lat), cfg.Latency+cfg.Jitter/10, "the walk never came near its floor")
		assert.Greater(t, slices.Max(lat), cfg.Latency+cfg.Jitter*9/10, "the walk never came near its ceiling")
	})

	t.Run("is the same for the same seed and different for another", func(t *testing.T) {
		a, fa := draws(cfg, 5_000)
		b, fb := draws(cfg, 5_000)
		assert.Equal(t, a, b)
		assert.Equal(t, fa, fb)
		other := cfg
		other.Seed++
		c, _ := draws(other, 5_000)
		assert.NotEqual(t, a, c)
	})

	t.Run("is constant without jitter", func(t *testing.T) {
		flat := cfg
		flat.Jitter = 0
		lat, _ := draws(flat, 1_000)
		assert.Equal(t, flat.Latency, slices.Min(lat))
		assert.Equal(t, flat.Latency, slices.Max(lat))
	})
}

func TestErrorModel(t *testing.T) {
	for _, rate := range []float64{0.02, 0.10} {
		for _, seed := range []uint64{1, 2, 3} {
			cfg := Profiles["workshop"]
			cfg.ErrorRate, cfg.Seed = rate, seed
			_, fails := draws(cfg, 200_000)

			var failed, runs int
			for i, f := range fails {
				if f {
					failed++
					if i == 0 || !fails[i-1] {
						runs++
					}
				}
			}
			share := float64(failed) / float64(len(fails))
			// With runs of 5 the draws are correlated; over 200,000 the share's standard deviation is
			// about 0.13 points at 2%, so half a point is far outside chance.
			assert.InDelta(t, rate, share, rate/4, "rate %g seed %d: share of 500s %.4f", rate, seed, share)
			meanRun := float64(failed) / float64(runs)
			assert.InDelta(t, cfg.ErrorBurst, meanRun, 1, "rate %g seed %d: 500s should come in runs of ~%g, got %.2f",
				rate, seed, cfg.ErrorBurst, meanRun)
		}
	}

	t.Run("a zero rate never fails", func(t *testing.T) {
		cfg := Profiles["calm"]
		_, fails := draws(cfg, 100_000)
		assert.NotContains(t, fails, true)
	})
}

func TestLatencySummary(t *testing.T) {
	var l latencies
	var all []time.Duration
	for i := range 10_000 {
		d := time.Duration(1_000_000+i*i*7) * time.Nanosecond
		l.add(d)
		all = append(all, d)
	}
	sort.Slice(all, func(i, j int) bool { return all[i] < all[j] })
	for _, q := range []float64{0.5, 0.9, 0.99} {
		exact := all[int(q*float64(len(all)))-1]
		assert.InEpsilon(t, float64(exact), float64(l.quantile(q)), 0.016, "p%g", q*100)
	}
	s := l.summary()
	assert.Equal(t, int64(10_000), s.Count)
	assert.Equal(t, units.Millis(all[0]), s.MinMs)
	assert.Equal(t, units.Millis(all[len(all)-1]), s.MaxMs)
}

func TestLatencyBuckets(t *testing.T) {
	for _, d := range []time.Duration{0, 1, 63, 64, 127, 128, 129, 1000, 4_123_456, time.Hour, 1 << 62} {
		i := bucketOf(d)
		require.Less(t, i, nBuckets, "%v", d)
		assert.InEpsilon(t, float64(d)+1, float64(bucketMid(i))+1, 0.016, "%v lands in a bucket whose middle is %v", d, bucketMid(i))
		if i > 0 {
			assert.Less(t, bucketMid(i-1), d+1, "buckets must be in order around %v", d)
		}
	}
}

func TestTailModel(t *testing.T) {
	cfg := Profiles["tail"]
	slowDraws := func(cfg Config, n int) (slow []bool, lat []time.Duration) {
		s := newSim(cfg)
		for range n {
			a := s.next()
			slow = append(slow, a.slow)
			lat = append(lat, a.latency)
		}
		return slow, lat
	}

	t.Run("makes about the share of answers slow, each by the factor", func(t *testing.T) {
		for _, seed := range []uint64{1, 2, 3} {
			cfg.Seed = seed
			slow, lat := slowDraws(cfg, 200_000)
			var n int
			for i, sl := range slow {
				lo, hi := cfg.Latency, cfg.Latency+cfg.Jitter
				if sl {
					n++
					lo, hi = time.Duration(float64(lo)*cfg.Tail.Factor), time.Duration(float64(hi)*cfg.Tail.Factor)
				}
				if lat[i] < lo || lat[i] > hi {
					require.Failf(t, "a latency out of range", "seed %d draw %d (slow %v): %v is outside [%v, %v]", seed, i, sl, lat[i], lo, hi)
				}
			}
			// Independent draws: the share's standard deviation over 200,000 is 0.03 points at 2%.
			assert.InDelta(t, cfg.Tail.Share, float64(n)/float64(len(slow)), 0.002, "seed %d: %d slow of %d", seed, n, len(slow))
		}
	})

	t.Run("draws each answer on its own, so the next attempt is usually fast", func(t *testing.T) {
		slow, _ := slowDraws(cfg, 200_000)
		var slowThenSlow, slowed int
		for i := 1; i < len(slow); i++ {
			if slow[i-1] {
				slowed++
				if slow[i] {
					slowThenSlow++
				}
			}
		}
		// Independent: after a slow answer, the next one is slow with the same 2% chance as any other.
		assert.Less(t, float64(slowThenSlow)/float64(slowed), 2*cfg.Tail.Share,
			"%d of the %d answers after a slow one were slow too", slowThenSlow, slowed)
	})

	t.Run("is the same for the same seed", func(t *testing.T) {
		a, la := slowDraws(cfg, 5_000)
		b, lb := slowDraws(cfg, 5_000)
		assert.Equal(t, a, b)
		assert.Equal(t, la, lb)
	})

	t.Run("leaves the draws of a server without a tail as they were", func(t *testing.T) {
		plain := cfg
		plain.Tail = Tail{}
		slow, lat := slowDraws(plain, 50_000)
		assert.NotContains(t, slow, true)
		// The walk alone, as before tails existed: it moves at most one step at a time.
		for i := 1; i < len(lat); i++ {
			if d := lat[i] - lat[i-1]; max(d, -d) > plain.Step {
				require.Failf(t, "the walk jumped", "request %d moved from %v to %v", i, lat[i-1], lat[i])
			}
		}
	})
}
