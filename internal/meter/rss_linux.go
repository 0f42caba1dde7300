package meter

import (
	"bytes"
	"os"
	"strconv"
)

// peakRSS is the process's peak resident set size, VmHWM in /proc/self/status. (getrusage's ru_maxrss
// would do, but Linux keeps it across execve: under `go run`, it reports the go command's own peak.)
func peakRSS() uint64 {
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for line := range bytes.Lines(status) {
		if v, ok := bytes.CutPrefix(line, []byte("VmHWM:")); ok {
			kb, err := strconv.ParseUint(string(bytes.TrimSuffix(bytes.TrimSpace(v), []byte(" kB"))), 10, 64)
			if err != nil {
				return 0
			}
			return kb * 1024
		}
	}
	return 0
}
