//go:build unix

package httpclient

import "syscall"

// openFileLimit is the process's limit on open files (RLIMIT_NOFILE), or 0 when it cannot be read. Go
// raises the soft limit to the hard one when a program starts, so this is what the run can count on.
func openFileLimit() int {
	var lim syscall.Rlimit
	if syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim) != nil || lim.Cur > 1<<30 {
		return 0
	}
	return int(lim.Cur)
}
