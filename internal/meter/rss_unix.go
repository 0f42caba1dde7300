//go:build unix && !linux

package meter

import (
	"runtime"
	"syscall"
)

// peakRSS is the process's maximum resident set size, from getrusage(2).
func peakRSS() uint64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	if runtime.GOOS == "darwin" || runtime.GOOS == "ios" {
		return uint64(ru.Maxrss) // bytes on Apple systems
	}
	return uint64(ru.Maxrss) * 1024 // kilobytes on the BSDs
}
