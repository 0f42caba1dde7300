//go:build unix

package compare

import (
	"os/exec"
	"syscall"
)

// interruptible makes cmd's cancellation an interrupt to cmd and to every process it starts (the go
// command's compile and link), as Ctrl-C in a terminal sends one to the whole foreground group: cmd runs
// in a process group of its own, and the interrupt goes to the group.
func interruptible(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGINT) }
}

// sweep kills what is left of a cancelled cmd's process group once cmd has ended, so that nothing it
// started outlives it.
func sweep(cmd *exec.Cmd) {
	if cmd.Process != nil {
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) // ESRCH when nothing is left: fine
	}
}
