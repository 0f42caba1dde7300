package units

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestCount(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 7: "7", 999: "999", 1000: "1,000", 7500: "7,500",
		1234567: "1,234,567", -1500: "-1,500"} {
		assert.Equal(t, want, Count(n), "%d", n)
	}
}

func TestBytes(t *testing.T) {
	for n, want := range map[uint64]string{0: "0 B", 1023: "1023 B", 1536: "1.5 KiB", 20 << 20: "20.0 MiB", 3 << 30: "3.0 GiB"} {
		assert.Equal(t, want, Bytes(n), "%d", n)
	}
}

func TestRate(t *testing.T) {
	assert.Equal(t, "246.6 req/s", Rate(246.56))
	assert.Equal(t, "12,480 req/s", Rate(12479.6))
}

func TestDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{
		812 * time.Microsecond: "812µs", 4060 * time.Microsecond: "4.06ms", 30400 * time.Millisecond: "30.4s",
		150 * time.Millisecond: "150ms", 90 * time.Second: "1m30s", 0: "0s",
	} {
		assert.Equal(t, want, Duration(d), "%v", d)
	}
}

func TestMillis(t *testing.T) {
	assert.Equal(t, 4.123, Millis(4123456*time.Nanosecond))
	assert.Equal(t, 0.0, Millis(0))
}

func TestFromMillisUndoesMillis(t *testing.T) {
	for _, d := range []time.Duration{0, 4113 * time.Microsecond, 38200 * time.Millisecond} {
		assert.Equal(t, d, FromMillis(Millis(d)))
	}
}
