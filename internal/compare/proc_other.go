//go:build !unix

package compare

import "os/exec"

// interruptible leaves cmd's cancellation as it is: a kill, as there is no interrupt to send.
func interruptible(*exec.Cmd) {}

// sweep has nothing to do where cmd's children are not in a group of their own.
func sweep(*exec.Cmd) {}
