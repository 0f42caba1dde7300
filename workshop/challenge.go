package main

import (
	"path"
	"slices"
	"strings"

	"github.com/go-concurrency-workshop/workshop/internal/lessons"
)

// parts splits a lesson's outcome in two: the lesson's own, and its challenge's (lessons.Exercise's
// Challenge): the tests of the challenge's exercises, vet's findings in its file and a crash in its code
// are the challenge's, the rest the lesson's. A build failure and a leak after the tests are both's.
func parts(l lessons.Lesson, o outcome) (own, challenge outcome) {
	own, challenge = o, o
	own.Tests, challenge.Tests = nil, nil
	own.Vet, challenge.Vet = nil, nil
	own.Crash, challenge.Crash = nil, nil
	for _, t := range o.Tests {
		if e, ok := l.ExerciseOf(t.Name); ok && e.Challenge {
			challenge.Tests = append(challenge.Tests, t)
		} else {
			own.Tests = append(own.Tests, t)
		}
	}
	files := challengeFiles(l)
	for _, f := range o.Vet {
		file, _, _ := strings.Cut(f.At, ":")
		if slices.Contains(files, file) {
			challenge.Vet = append(challenge.Vet, f)
		} else {
			own.Vet = append(own.Vet, f)
		}
	}
	if o.Crash != nil {
		if isChallenge(l, crashedIn(l, o.Crash)) {
			challenge.Crash = o.Crash
		} else {
			own.Crash = o.Crash
		}
	}
	return own, challenge
}

// challengeFiles are the base names of the files of the lesson's challenge.
func challengeFiles(l lessons.Lesson) []string {
	var files []string
	for _, e := range l.Exercises {
		if e.Challenge && !slices.Contains(files, path.Base(e.File)) {
			files = append(files, path.Base(e.File))
		}
	}
	return files
}

// isChallenge reports whether the exercise named fn is part of the lesson's challenge.
func isChallenge(l lessons.Lesson, fn string) bool {
	return slices.ContainsFunc(l.Exercises, func(e lessons.Exercise) bool { return e.Func == fn && e.Challenge })
}

// passes reports whether the lesson passes, its challenge aside: its own part passed (outcome.passed),
// and every test of it ran.
func passes(l lessons.Lesson, o outcome) bool {
	own, _ := parts(l, o)
	return own.passed() && allRan(own, testsOf(l, false))
}

// challengePasses reports whether the lesson's challenge passes: its part passed, and every test of it ran.
func challengePasses(l lessons.Lesson, o outcome) bool {
	_, ch := parts(l, o)
	return l.HasChallenge() && ch.passed() && allRan(ch, testsOf(l, true))
}

// testsOf returns the lesson's top-level tests of its challenge, or of the rest.
func testsOf(l lessons.Lesson, challenge bool) []string {
	var tests []string
	for _, t := range l.Tests {
		e, ok := l.ExerciseOf(t)
		if ok && e.Challenge == challenge || !ok && !challenge {
			tests = append(tests, t)
		}
	}
	return tests
}

// allRan reports whether every test named ran.
func allRan(o outcome, tests []string) bool {
	for _, name := range tests {
		if _, ok := o.test(name); !ok {
			return false
		}
	}
	return true
}

// ownStates returns the states of the lesson's exercises that are not the challenge's.
func ownStates(l lessons.Lesson, states []state) []state {
	var own []state
	for i, e := range l.Exercises {
		if !e.Challenge {
			own = append(own, states[i])
		}
	}
	return own
}

// challengeState returns the state of the lesson's challenge: solved when it passes, not started while
// each of its exercises is a stub, else failing. states are the states of the lesson's exercises.
func challengeState(l lessons.Lesson, o outcome, states []state) state {
	if challengePasses(l, o) {
		return solved
	}
	for i, e := range l.Exercises {
		if e.Challenge && states[i] != notStarted {
			return failing
		}
	}
	return notStarted
}
