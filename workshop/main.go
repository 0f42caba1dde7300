// Command workshop is the learner's tool: where you are in the workshop, what to do next, the lessons'
// hints one at a time, a watch that checks your code again at every save, and the known mistakes, each
// run by the tests or shown beside the reference.
//
//	go run ./workshop list        every lesson and exercise, its state, and the next step
//	go run ./workshop check 01    lesson 01's tests and go vet, in short
//	go run ./workshop hint 01     the next hint for the exercise you are on
//	go run ./workshop mistake 05  lesson 05's known mistakes; name one to see the tests catch it
//	go run ./workshop compare     every lesson's program against one server, side by side
//	go run ./workshop help        every verb
//
// It runs the same go test and go vet you could type yourself, and reads their output for you.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/go-concurrency-workshop/workshop/internal/serverproc"
)

func main() {
	serverproc.RunIfChild() // compare runs this program again as the /data server
	// Ctrl-C cancels ctx: check interrupts its go test, and watch stops watching.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	status := newWorkshop(os.Stdin, os.Stdout, os.Stderr).run(ctx, os.Args[1:])
	stop()
	os.Exit(status)
}
