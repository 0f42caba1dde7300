package main

import "strings"

// A rule names what a crash or a vet finding means, in the words of the lessons. The first rule whose
// pattern the message contains wins, so the more specific patterns come first.
type rule struct{ pattern, says string }

// closing is the rule both channel panics break.
const closing = "only the sender closes a channel, and only once: give each channel one owner, which closes it after its last send"

// crashRules explain the panics and fatal errors a learner's concurrent code can cause.
var crashRules = []rule{
	{"close of closed channel", closing},
	{"send on closed channel", closing + " (here a value was sent after the close)"},
	{"close of nil channel", "a channel must be made with make(chan T) before it is closed"},
	{"negative WaitGroup counter", "wg.Done ran more times than wg.Add: with wg.Go never call Done yourself; with wg.Add, add once per goroutine, before starting it"},
	{"WaitGroup is reused before previous Wait has returned", "a WaitGroup is reused only after its Wait has returned"},
	{"all goroutines are asleep", "every goroutine was waiting for another: a receive nobody sends to, a send nobody receives, or a Wait whose Done never comes"},
	{"deadlock", "every goroutine was waiting for another: a receive nobody sends to, a send nobody receives, or a Wait whose Done never comes"},
	{"test timed out", "a test never finished: something waits forever, such as a range over a channel nobody closes, a send nobody receives, or a Wait whose Done never comes"},
	{"concurrent map", "a map used by several goroutines needs a sync.Mutex around every read and write"},
	{"unlock of unlocked mutex", "unlock only a mutex you locked, and once: defer mu.Unlock() right after mu.Lock()"},
	{"index out of range", "a slice was indexed past its length: make it with length n (make([]T, n)) before writing s[i], or append to it"},
	{"assignment to entry in nil map", "a map must be made with make(map[K]V) before it is written to"},
	{"nil pointer dereference", "something was used before it was made or set: a nil pointer, map, channel or function"},
}

// vetRules put vet's findings in plain words.
var vetRules = []rule{
	{"lock by value", "a sync.Mutex or sync.WaitGroup is copied: pass a pointer to it, or share one variable"},
	{"copies lock", "a sync.Mutex or sync.WaitGroup is copied: pass a pointer to it, or share one variable"},
	{"WaitGroup.Add called from inside new goroutine", "call wg.Add before the go statement, not inside the goroutine (or use wg.Go)"},
	{"cancel function", "a context's cancel function is never called: defer cancel() right after context.WithCancel or WithTimeout"},
	{"from a non-test goroutine", "t.Fatal and t.FailNow work only in the test's own goroutine: use t.Error in other goroutines"},
	{"unreachable code", "this code comes after a return and never runs"},
	{"self-assignment", "a variable is assigned to itself: a typo?"},
	{"result of", "a function's result is thrown away, yet it is the whole point of calling it"},
	{"format %", "a Printf-style format does not match its arguments"},
	{"possible misuse of unbuffered os.Signal channel", "signal.Notify needs a buffered channel (make(chan os.Signal, 1)), or a signal can be missed"},
}

// explain returns what the first rule matching message says, or "".
func explain(rules []rule, message string) string {
	for _, r := range rules {
		if strings.Contains(message, r.pattern) {
			return r.says
		}
	}
	return ""
}
