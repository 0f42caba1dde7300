package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"time"
)

// browser is a headless Chromium, driven over the DevTools protocol's pipe: JSON messages, each ended by a
// NUL byte, written to the browser's file descriptor 3 and read from its 4.
type browser struct {
	cmd     *exec.Cmd
	profile string   // the fresh --user-data-dir, removed by close
	send    *os.File // the browser reads this pipe as its fd 3
	stderr  tail     // the end of what the browser wrote on stderr, to explain a failure
	done    chan struct{}

	mu      sync.Mutex // guards what follows, shared with the reader
	nextID  int
	pending map[int]chan message
	waiters map[string][]chan struct{} // by session and event method
	watched map[string]*consoleErrors  // by session
	readErr error
}

// message is one message of the protocol: a command, its reply, or an event.
type message struct {
	ID        int             `json:"id,omitempty"`
	SessionID string          `json:"sessionId,omitempty"`
	Method    string          `json:"method,omitempty"`
	Params    json.RawMessage `json:"params,omitempty"`
	Result    json.RawMessage `json:"result,omitempty"`
	Error     *struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	} `json:"error,omitempty"`
}

// flags are the browser's flags: headless, nothing it would fetch or sync on its own, a fresh profile.
var flags = []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
	"--disable-background-networking", "--disable-component-update", "--disable-sync", "--remote-debugging-pipe"}

// launch starts the browser with a fresh profile, and waits until it answers.
func launch(ctx context.Context, chrome string) (*browser, error) {
	profile, err := os.MkdirTemp("", "browsercheck-profile-")
	if err != nil {
		return nil, err
	}
	toBrowser, send, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	receive, fromBrowser, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	b := &browser{profile: profile, send: send, done: make(chan struct{}),
		pending: map[int]chan message{}, waiters: map[string][]chan struct{}{}, watched: map[string]*consoleErrors{}}
	b.cmd = exec.Command(chrome, append(flags, "--user-data-dir="+profile, "about:blank")...)
	b.cmd.ExtraFiles = []*os.File{toBrowser, fromBrowser} // its fd 3 and 4
	b.cmd.Stderr = &b.stderr
	if err := b.cmd.Start(); err != nil {
		os.RemoveAll(profile)
		return nil, fmt.Errorf("starting %s: %w", chrome, err)
	}
	toBrowser.Close()
	fromBrowser.Close()
	go b.read(receive)

	var version struct {
		Product string `json:"product"`
	}
	if err := b.call(ctx, "", "Browser.getVersion", nil, &version); err != nil {
		b.close()
		return nil, fmt.Errorf("%s did not answer: %w\n%s", chrome, err, b.stderr.String())
	}
	fmt.Printf("%s (%s)\n", version.Product, chrome)
	return b, nil
}

// close asks the browser to end, kills it if it has not within a few seconds, and removes its profile.
func (b *browser) close() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	b.call(ctx, "", "Browser.close", nil, nil)
	exited := make(chan struct{})
	go func() { b.cmd.Wait(); close(exited) }()
	select {
	case <-exited:
	case <-ctx.Done():
		b.cmd.Process.Kill()
		<-exited
	}
	b.send.Close()
	os.RemoveAll(b.profile)
}

// call sends a command, in a session ("" for the browser itself), and decodes its result into result.
func (b *browser) call(ctx context.Context, session, method string, params, result any) error {
	m := message{SessionID: session, Method: method}
	if params != nil {
		raw, err := json.Marshal(params)
		if err != nil {
			return err
		}
		m.Params = raw
	}
	reply := make(chan message, 1)
	b.mu.Lock()
	if b.readErr != nil {
		b.mu.Unlock()
		return b.readErr
	}
	b.nextID++
	m.ID = b.nextID
	b.pending[m.ID] = reply
	b.mu.Unlock()
	data, err := json.Marshal(m)
	if err != nil {
		return err
	}
	if _, err := b.send.Write(append(data, 0)); err != nil {
		return fmt.Errorf("%s: %w", method, err)
	}
	select {
	case r := <-reply:
		if r.Error != nil {
			return fmt.Errorf("%s: %s (%d)", method, r.Error.Message, r.Error.Code)
		}
		if result != nil && len(r.Result) > 0 {
			return json.Unmarshal(r.Result, result)
		}
		return nil
	case <-b.done:
		return fmt.Errorf("%s: the browser stopped answering: %v", method, b.readErr)
	case <-ctx.Done():
		return fmt.Errorf("%s: %w", method, ctx.Err())
	}
}

// evaluate runs a JavaScript expression in the session's page and decodes its value into v.
func (b *browser) evaluate(ctx context.Context, session, expression string, v any) error {
	var out struct {
		Result struct {
			Value json.RawMessage `json:"value"`
		} `json:"result"`
		Exception *struct {
			Text      string `json:"text"`
			Exception struct {
				Description string `json:"description"`
			} `json:"exception"`
		} `json:"exceptionDetails"`
	}
	params := map[string]any{"expression": expression, "returnByValue": true, "awaitPromise": true}
	if err := b.call(ctx, session, "Runtime.evaluate", params, &out); err != nil {
		return err
	}
	if e := out.Exception; e != nil {
		return fmt.Errorf("the check's script failed: %s %s", e.Text, e.Exception.Description)
	}
	return json.Unmarshal(out.Result.Value, v)
}

// await returns a channel closed when the session next receives the event.
func (b *browser) await(session, method string) <-chan struct{} {
	ch := make(chan struct{})
	b.mu.Lock()
	defer b.mu.Unlock()
	key := session + "\x00" + method
	b.waiters[key] = append(b.waiters[key], ch)
	return ch
}

// consoleErrors collects what a page says is wrong: console errors, uncaught exceptions, failed loads.
type consoleErrors struct {
	mu    sync.Mutex
	lines []string
}

func (e *consoleErrors) add(line string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.lines = append(e.lines, line)
}

// watch starts collecting the session's console errors.
func (b *browser) watch(session string) *consoleErrors {
	e := &consoleErrors{}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.watched[session] = e
	return e
}

func (b *browser) unwatch(session string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	delete(b.watched, session)
}

// read dispatches what the browser sends until the pipe closes: replies to their callers, events to
// whoever waits for them.
func (b *browser) read(r io.Reader) {
	defer close(b.done)
	in := bufio.NewReader(r)
	for {
		data, err := in.ReadBytes(0)
		if err != nil {
			b.mu.Lock()
			b.readErr = fmt.Errorf("reading from the browser: %w", err)
			b.mu.Unlock()
			return
		}
		var m message
		if err := json.Unmarshal(bytes.TrimSuffix(data, []byte{0}), &m); err != nil {
			continue
		}
		b.mu.Lock()
		if m.ID != 0 {
			if reply, ok := b.pending[m.ID]; ok {
				delete(b.pending, m.ID)
				reply <- m
			}
		} else {
			key := m.SessionID + "\x00" + m.Method
			for _, ch := range b.waiters[key] {
				close(ch)
			}
			delete(b.waiters, key)
			if e, ok := b.watched[m.SessionID]; ok {
				if line := problem(m); line != "" {
					e.add(line)
				}
			}
		}
		b.mu.Unlock()
	}
}

// problem is what an event says is wrong with the page, if anything.
func problem(m message) string {
	switch m.Method {
	case "Runtime.consoleAPICalled":
		var p struct {
			Type string `json:"type"`
			Args []struct {
				Value       any    `json:"value"`
				Description string `json:"description"`
			} `json:"args"`
		}
		if json.Unmarshal(m.Params, &p) != nil || p.Type != "error" && p.Type != "assert" {
			return ""
		}
		var words []string
		for _, a := range p.Args {
			if a.Value != nil {
				words = append(words, fmt.Sprint(a.Value))
			} else {
				words = append(words, a.Description)
			}
		}
		return "console error: " + strings.Join(words, " ")
	case "Runtime.exceptionThrown":
		var p struct {
			Details struct {
				Text      string `json:"text"`
				Exception struct {
					Description string `json:"description"`
				} `json:"exception"`
			} `json:"exceptionDetails"`
		}
		json.Unmarshal(m.Params, &p)
		line, _, _ := strings.Cut(strings.TrimSpace(p.Details.Text+" "+p.Details.Exception.Description), "\n")
		return "uncaught exception: " + line
	case "Log.entryAdded":
		var p struct {
			Entry struct {
				Level, Text, URL string
			} `json:"entry"`
		}
		if json.Unmarshal(m.Params, &p) != nil || p.Entry.Level != "error" {
			return ""
		}
		return strings.TrimSpace("console error: " + p.Entry.Text + " " + p.Entry.URL)
	}
	return ""
}

// tail keeps the last few KiB written to it.
type tail struct {
	mu  sync.Mutex
	buf []byte
}

func (t *tail) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, p...)
	if len(t.buf) > 4096 {
		t.buf = t.buf[len(t.buf)-4096:]
	}
	return len(p), nil
}

func (t *tail) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.buf)
}
