//go:build solution

package main

// solutionTag is set by `-tags solution`: compare then runs the reference solutions, as the lessons do.
const solutionTag = true
