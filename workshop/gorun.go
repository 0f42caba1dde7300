package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/go-concurrency-workshop/workshop/internal/lessons"
)

// goEnv is what the go command says about itself that changes how the tests run.
type goEnv struct {
	version string // "go1.25.3"
	race    bool   // the race detector can run: it needs cgo
}

// goEnvOf asks the go command for its version and whether cgo, which the race detector needs, is on:
// CGO_ENABLED=1 and the C compiler it names is installed.
func (w *workshop) goEnvOf(ctx context.Context) (goEnv, error) {
	var out bytes.Buffer
	if err := w.goCommand(ctx, &out, io.Discard, "env", "GOVERSION", "CGO_ENABLED", "CC"); err != nil {
		return goEnv{}, fmt.Errorf("workshop: go env: %w", err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	for len(lines) < 3 {
		lines = append(lines, "")
	}
	env := goEnv{version: lines[0], race: strings.TrimSpace(lines[1]) == "1"}
	if cc := strings.Fields(lines[2]); env.race && len(cc) > 0 {
		_, err := exec.LookPath(cc[0])
		env.race = err == nil
	}
	return env, nil
}

// testArgs are the arguments of `go test` for the lessons' folders: JSON events, -race when it can run, a
// time limit, so that a deadlock the tests miss still ends, with a panic that names the test, and flags.
func testArgs(env goEnv, dirs []string, flags ...string) []string {
	args := []string{"test", "-json", "-timeout", "60s"}
	if env.race {
		args = append(args, "-race")
	}
	args = append(args, flags...)
	for _, d := range dirs {
		args = append(args, "./"+d)
	}
	return args
}

// runLessons tests and vets the lessons: one `go test` and one `go vet` for them all, side by side, so that
// the go command builds in parallel what it can, each with the build flags in flags (-overlay, say). The
// outcomes come in the order of ls. A cancelled ctx interrupts both and returns ctx's error.
func (w *workshop) runLessons(ctx context.Context, env goEnv, ls []lessons.Lesson, flags ...string) ([]outcome, error) {
	module, err := modulePath(w.root)
	if err != nil {
		return nil, err
	}
	dirs := lessons.Dirs(ls)
	vetArgs := append([]string{"vet", "-json"}, flags...)
	for _, dir := range dirs {
		vetArgs = append(vetArgs, "./"+dir)
	}

	var (
		wg                    sync.WaitGroup
		testOut, testErr      bytes.Buffer
		vetOut                bytes.Buffer
		testRunErr, vetRunErr error
	)
	wg.Go(func() { testRunErr = w.goCommand(ctx, &testOut, &testErr, testArgs(env, dirs, flags...)...) })
	wg.Go(func() { vetRunErr = w.goCommand(ctx, &vetOut, io.Discard, vetArgs...) })
	wg.Wait()
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	// Failing tests and vet findings end the go command with a status of its own: only a go command that
	// did not run at all is an error here.
	for _, err := range []error{testRunErr, vetRunErr} {
		if exit := (*exec.ExitError)(nil); err != nil && !errors.As(err, &exit) {
			return nil, fmt.Errorf("workshop: %w", err)
		}
	}

	events := readEvents(&testOut)
	vet := readVet(&vetOut)
	outcomes := make([]outcome, len(ls))
	for i, l := range ls {
		pkg := module + "/" + l.Dir
		o := summarize(events, pkg, l.Dir)
		o.Race = env.race
		if len(o.Broken) == 0 {
			o.Vet = vet[pkg]
		}
		if len(o.Broken) == 0 && len(o.Tests) == 0 && o.Crash == nil && o.Leak == "" {
			o.Broken = firstLines(testErr.String(), 10) // the go command stopped before any test: go.mod, say
			if len(o.Broken) == 0 {
				o.Broken = []string{"go test ran no test of " + l.Dir}
			}
		}
		outcomes[i] = o
	}
	return outcomes, nil
}

// goCommand runs the go command in the workshop's root. A cancelled ctx interrupts it, as Ctrl-C in a
// terminal would, and kills it if it has not ended 5 seconds later.
func (w *workshop) goCommand(ctx context.Context, stdout, stderr io.Writer, args ...string) error {
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = w.root
	cmd.Stdout, cmd.Stderr = stdout, stderr
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 5 * time.Second
	return cmd.Run()
}

// modulePath reads the module's path from go.mod.
func modulePath(root string) (string, error) {
	data, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		return "", fmt.Errorf("workshop: %w", err)
	}
	for line := range strings.SplitSeq(string(data), "\n") {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(line), "module "); ok {
			return strings.Trim(strings.TrimSpace(rest), `"`), nil
		}
	}
	return "", fmt.Errorf("workshop: %s has no module line", filepath.Join(root, "go.mod"))
}

// firstLines returns up to n non-blank lines of text.
func firstLines(text string, n int) []string {
	var lines []string
	s := bufio.NewScanner(strings.NewReader(text))
	for s.Scan() && len(lines) < n {
		if l := strings.TrimRight(s.Text(), " \t"); strings.TrimSpace(l) != "" {
			lines = append(lines, l)
		}
	}
	return lines
}
