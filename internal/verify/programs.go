package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/go-concurrency-workshop/workshop/internal/dataserver"
	"github.com/go-concurrency-workshop/workshop/internal/httpclient"
	"github.com/go-concurrency-workshop/workshop/internal/report"
)

// This file holds what the programs step (steps.go) needs beyond its three functions: running one variant
// of a lesson's program, the server's agreement with a report, and the checks on signals at start and on
// a low open-file limit.

// program is one variant of a lesson's program, built.
type program struct {
	dir         string // "03-fanoutin"
	bin         string
	variant     string // "" for a lesson with one
	concurrency int    // the requests in flight at once, from its report
}

// name is how the checks name it: "03-fanoutin", or "03-fanoutin -variant hedged".
func (p program) name() string {
	if p.variant == "" {
		return p.dir
	}
	return p.dir + " -variant " + p.variant
}

// args are the program's command line: its -variant, then args and -json.
func (p program) args(args ...string) []string {
	if p.variant != "" {
		args = append([]string{"-variant", p.variant}, args...)
	}
	return append(args, "-json")
}

// runJSON runs the program with args, within 2 minutes, and reads its JSON report; it records a failed check
// when the program fails or prints no report.
func (p program) runJSON(c *checker, args ...string) (report.Report, bool) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	all := p.args(args...)
	fmt.Printf("  $ %s %s\n", p.dir, strings.Join(all, " "))
	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, p.bin, all...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var rep report.Report
	if err == nil {
		err = json.Unmarshal(stdout.Bytes(), &rep)
	}
	return rep, c.check(err == nil, p.name()+" runs and prints a JSON report", errText(err)+"\n"+stderr.String())
}

// listVariants asks a lesson's program for its variants (-list-variants): [""] for a lesson with one.
func listVariants(bin string) ([]string, error) {
	out, err := exec.Command(bin, "-list-variants").Output()
	if err != nil {
		return nil, fmt.Errorf("%s -list-variants: %w", bin, err)
	}
	variants := strings.Fields(string(out))
	if len(variants) == 0 {
		return []string{""}, nil
	}
	return variants, nil
}

// agrees reports whether the server's figures account for every attempt of the report: each status the
// client got is one the server gave, and each attempt that got no answer (cancelled, a hedge that lost,
// timed out) was, at the server, cancelled, still in flight, answered after the client had given up, or
// never reached it. With no attempt left unanswered, that is: the same requests, and the same statuses.
func agrees(rep report.Report) bool {
	s := rep.Server
	if s == nil {
		return false
	}
	st := rep.Statuses
	if st[200]+st[500]+st[503] != rep.Responses {
		return false // a status the workshop's server never gives
	}
	late := []int64{s.Served - int64(st[200]), s.Failed - int64(st[500]), s.Rejected - int64(st[503])}
	unreached := int64(rep.Attempts) - s.Requests
	sum := unreached + s.Canceled + int64(s.InFlight)
	for _, n := range late {
		if n < 0 {
			return false
		}
		sum += n
	}
	return unreached >= 0 && sum == int64(rep.Attempts-rep.Responses)
}

// checkEarlySignals sends two SIGTERMs at once to a program while it is still setting its run up: as soon as
// it asks the server's /healthz whether it is the workshop's, before any request. The program must have
// its handler already (it installs it before anything else): it exits 130 with a report of nothing done.
func checkEarlySignals(c *checker, dir, bin string) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if !c.check(err == nil, "a server for the early signals", errText(err)) {
		return
	}
	started := make(chan *os.Process, 1)
	var signalled sync.Once
	handler := dataserver.New(dataserver.Profiles["calm"])
	srv := &http.Server{ReadHeaderTimeout: 5 * time.Second, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/healthz" {
			signalled.Do(func() { // the first ping: the run is being set up
				p := <-started
				p.Signal(syscall.SIGTERM)
				p.Signal(syscall.SIGTERM)
			})
		}
		handler.ServeHTTP(w, r)
	})}
	go srv.Serve(ln)
	defer srv.Close()

	url := "http://" + ln.Addr().String() + "/data"
	fmt.Printf("  $ %s -url %s -requests 5000 -json, sent [terminated terminated] as it reaches the server\n", dir, url)
	var stdout bytes.Buffer
	cmd := exec.Command(bin, "-url", url, "-requests", "5000", "-json")
	cmd.Stdout = &stdout
	if err := cmd.Start(); !c.check(err == nil, dir+" starts", errText(err)) {
		return
	}
	started <- cmd.Process
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		cmd.Process.Kill()
		<-done
	}
	var rep report.Report
	err = json.Unmarshal(stdout.Bytes(), &rep)
	c.check(err == nil && cmd.ProcessState.ExitCode() == 130 && rep.Interrupted,
		dir+": two SIGTERMs while the run is being set up end it with status 130 and a report",
		fmt.Sprintf("%v; %v", cmd.ProcessState, errText(err)))
}

// checkFileLimit runs p, the variant with the most requests in flight, under a low open-file limit: the
// run is slower, and no request fails (with a time limit that waiting for a connection would pass). Under
// a limit too low for any run, the program refuses to start, in one line.
func checkFileLimit(c *checker, p program) {
	limit := 2 * httpclient.MinOpenFiles
	line := func(limit int, args ...string) string {
		return fmt.Sprintf("ulimit -n %d && exec %s %s", limit, p.bin, strings.Join(p.args(args...), " "))
	}
	fmt.Printf("  $ sh -c '%s'\n", line(limit, "-requests", "2000", "-timeout", "2s"))
	var stdout, stderr bytes.Buffer
	cmd := exec.Command("sh", "-c", line(limit, "-requests", "2000", "-timeout", "2s"))
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var rep report.Report
	if err == nil {
		err = json.Unmarshal(stdout.Bytes(), &rep)
	}
	c.check(err == nil && rep.Status == 0 && len(rep.Errors) == 0 && rep.Results == rep.Requests,
		fmt.Sprintf("%s: under ulimit -n %d, its %d requests at once wait for a connection, and none fails", p.name(), limit, p.concurrency),
		fmt.Sprintf("%v; errors %v; %s", errText(err), rep.Errors, stderr.String()))

	low := httpclient.MinOpenFiles - 1
	fmt.Printf("  $ sh -c '%s'\n", line(low, "-requests", "20"))
	stderr.Reset()
	cmd = exec.Command("sh", "-c", line(low, "-requests", "20"))
	cmd.Stderr = &stderr
	err = cmd.Run()
	c.check(cmd.ProcessState != nil && cmd.ProcessState.ExitCode() == 1 && strings.Count(stderr.String(), "\n") == 1 &&
		strings.Contains(stderr.String(), "ulimit -n"),
		fmt.Sprintf("%s: under ulimit -n %d it refuses to start, in one line", p.name(), low), errText(err)+"\n"+stderr.String())
}
