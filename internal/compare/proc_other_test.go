//go:build !unix

package compare

// fakeGoIfAsked has nothing to do where TestAnInterruptedBuild does not run.
func fakeGoIfAsked() {}
