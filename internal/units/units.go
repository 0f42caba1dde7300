// Package units writes counts, sizes, rates and durations the way a person reads them.
package units

import (
	"fmt"
	"strconv"
	"time"
)

// Count writes n with thousands separators: 7500 is "7,500".
func Count[N ~int | ~int64 | ~uint64](n N) string {
	s := strconv.FormatInt(int64(n), 10)
	neg := n < 0
	if neg {
		s = s[1:]
	}
	out := make([]byte, 0, len(s)+len(s)/3+1)
	if neg {
		out = append(out, '-')
	}
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	return string(out)
}

// Bytes writes a size in binary units: 1536 is "1.5 KiB".
func Bytes[N ~int | ~int64 | ~uint64](n N) string {
	v := float64(n)
	for _, unit := range []string{"B", "KiB", "MiB", "GiB"} {
		if v < 1024 || unit == "GiB" {
			if unit == "B" {
				return fmt.Sprintf("%d B", int64(n))
			}
			return fmt.Sprintf("%.1f %s", v, unit)
		}
		v /= 1024
	}
	panic("unreachable")
}

// Rate writes a number of requests per second: "246.6 req/s", "12,480 req/s".
func Rate(n float64) string {
	if n >= 1000 {
		return Count(int64(n+0.5)) + " req/s"
	}
	return strconv.FormatFloat(n, 'f', 1, 64) + " req/s"
}

// Duration writes d with three significant digits: "4.06ms", "30.4s", "812µs".
func Duration(d time.Duration) string {
	switch {
	case d >= time.Minute:
		return d.Round(time.Second).String()
	case d >= time.Second:
		return sig3(d.Seconds()) + "s"
	case d >= time.Millisecond:
		return sig3(float64(d)/1e6) + "ms"
	case d >= time.Microsecond:
		return sig3(float64(d)/1e3) + "µs"
	}
	return d.String()
}

func sig3(v float64) string {
	switch {
	case v >= 100:
		return strconv.FormatFloat(v, 'f', 0, 64)
	case v >= 10:
		return strconv.FormatFloat(v, 'f', 1, 64)
	}
	return strconv.FormatFloat(v, 'f', 2, 64)
}

// Millis is d in milliseconds, to the microsecond: the unit of the JSON figures.
func Millis(d time.Duration) float64 { return float64(d.Round(time.Microsecond)) / 1e6 }

// FromMillis is the Duration of ms milliseconds: the inverse of Millis, for reading the JSON figures back.
func FromMillis(ms float64) time.Duration { return time.Duration(ms * float64(time.Millisecond)) }
