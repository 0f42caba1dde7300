//go:build !solution

package main

// solutionTag is set by `-tags solution`: without it, compare runs the learner's code.
const solutionTag = false
