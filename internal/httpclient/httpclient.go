// Package httpclient makes the lessons' real GET /data requests (and GET /page/{id} of the server's link
// graph), through one transport sized for the run.
package httpclient

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/go-concurrency-workshop/workshop/internal/dataserver"
	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

// MaxConns caps the connections one run opens, however many requests it has in flight. Each connection is
// a file descriptor here and in the server: one per goroutine, 7,500 of them, would run out of the usual
// limit of 1,024 and fail with "too many open files". Requests beyond the cap wait for a free connection.
// Under a lower limit (`ulimit -n 64`), the cap is lower still: see Conns.
const MaxConns = 256

// spareFiles are the file descriptors a run keeps for everything but connections: standard streams, the
// runtime's own (its poller, the cgroup files it reads), the pipes to a server started for the run, a
// trace file. A lesson uses about 12 of them; the server it starts, which inherits the same limit, about
// 11 besides its connections.
const spareFiles = 16

// MinOpenFiles is the lowest open-file limit (`ulimit -n`) a run can work under: spareFiles, and one
// connection.
const MinOpenFiles = spareFiles + 1

// Conns is how many connections a run with inFlight requests at once may open: one per request in flight,
// at most MaxConns, and few enough to leave spareFiles of the process's open-file limit free. Requests
// beyond it wait for a free connection before their time limit starts (see Client.Fetch), so a low
// `ulimit -n` slows a run down instead of failing its requests.
func Conns(inFlight int) int { return conns(inFlight, openFileLimit()) }

// conns is Conns under an open-file limit of limit (0: unknown).
func conns(inFlight, limit int) int {
	n := min(max(inFlight, 1), MaxConns)
	if limit > 0 {
		n = min(n, max(limit-spareFiles, 1))
	}
	return n
}

// CheckFileLimit returns an error, in one line, when the process's open-file limit is too low for any run
// (see MinOpenFiles); nil when it is enough, or unknown.
func CheckFileLimit() error { return checkFileLimit(openFileLimit()) }

func checkFileLimit(limit int) error {
	if limit > 0 && limit < MinOpenFiles {
		return fmt.Errorf("httpclient: the open-file limit (ulimit -n) is %d, and a run needs at least %d: "+
			"raise it (ulimit -n 1024) and run again", limit, MinOpenFiles)
	}
	return nil
}

// Client sends one run's requests. Its methods are safe for concurrent use.
type Client struct {
	dataURL  string
	statsURL string
	pageURL  *url.URL // /page/ beside /data: GET /page/{id}
	graphURL *url.URL // /graph beside /data: GET /graph?root=N
	runID    string
	http     *http.Client
	timeout  time.Duration
	// conns holds a token per request sending or being answered: at most one per connection, so that a
	// request's time limit starts once it has a connection, not while it waits for one.
	conns chan struct{}
}

// New returns a client for the /data endpoint at dataURL, with a connection pool sized for inFlight
// requests at once (see Conns), and a time limit per request. Every request carries a fresh run
// id, so the server's /stats can report this run alone. The caller must call Close.
func New(dataURL string, inFlight int, timeout time.Duration) (*Client, error) {
	u, err := url.Parse(dataURL)
	if err != nil {
		return nil, fmt.Errorf("httpclient: %w", err)
	}
	runID := rand.Text()
	stats := sibling(u, "stats")
	stats.RawQuery = url.Values{"run": {runID}}.Encode()

	pool := Conns(inFlight)
	transport := &http.Transport{
		Proxy:       nil, // the workshop's server is local: never send its traffic through a proxy
		DialContext: (&net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		// No more connections than requests in flight, and no more than MaxConns.
		MaxConnsPerHost: pool,
		// Keep every connection for the next request. With the default of 2 idle connections, all but two
		// would be closed after each answer and dialled again: thousands of sockets in TIME_WAIT.
		MaxIdleConns:        pool,
		MaxIdleConnsPerHost: pool,
		IdleConnTimeout:     30 * time.Second,
		DisableCompression:  true, // the bodies are tiny
	}
	return &Client{
		dataURL:  u.String(),
		statsURL: stats.String(),
		pageURL:  sibling(u, "page"),
		graphURL: sibling(u, "graph"),
		runID:    runID,
		// The time limit is each request's own, from the moment it has a connection (see Fetch).
		http:    &http.Client{Transport: transport},
		timeout: timeout,
		conns:   make(chan struct{}, pool),
	}, nil
}

// Fetch is a lesson.Fetch: it sends GET to the data URL and reads the whole answer, whatever its status,
// so that the connection can carry the next request. The result keeps the body and the Retry-After.
//
// A request first waits, for as long as ctx allows, for one of the client's connections (see Conns); its
// time limit starts once it has one, so that a small pool makes a run slower, not its requests fail. A
// body longer than 64 KiB is not read: the result is an error that says so (ErrBodyTooLarge), and the
// connection is closed.
func (c *Client) Fetch(ctx context.Context, id int) lesson.Result { return c.get(ctx, id, c.dataURL) }

// FetchPage is a lesson.Fetch for the server's link graph: it sends GET /page/{id}, beside the data URL
// (/page/17 beside /data), and reads the answer as Fetch does. The result's id is the page's; a 200's body
// is the page, {"id":17,"links":[3,99,1024]}, and an id that is not a page is answered 404.
func (c *Client) FetchPage(ctx context.Context, id int) lesson.Result {
	u := *c.pageURL
	u.Path = path.Join(u.Path, strconv.Itoa(id))
	return c.get(ctx, id, u.String())
}

// get sends GET to target for request id and reads the whole answer (see Fetch).
func (c *Client) get(ctx context.Context, id int, target string) lesson.Result {
	start := time.Now()
	if ctx.Err() != nil { // a select would pick a free connection half of the time
		return lesson.Result{ID: id, Err: ctx.Err()}
	}
	select {
	case c.conns <- struct{}{}:
		defer func() { <-c.conns }()
	case <-ctx.Done():
		return lesson.Result{ID: id, Err: ctx.Err()}
	}
	limited, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(limited, http.MethodGet, target, nil)
	if err != nil {
		return lesson.Result{ID: id, Err: err}
	}
	req.Header.Set(dataserver.RunHeader, c.runID)
	resp, err := c.http.Do(req)
	if err != nil {
		return lesson.Result{ID: id, Latency: time.Since(start), Err: cut(ctx, err)}
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody+1))
	if err == nil && len(body) > maxBody {
		err = fmt.Errorf("%w (status %d)", ErrBodyTooLarge, resp.StatusCode)
	}
	resp.Body.Close() // unread, the rest of a body too large closes the connection instead of being read
	if err != nil {
		return lesson.Result{ID: id, Latency: time.Since(start), Err: cut(ctx, fmt.Errorf("httpclient: reading the answer: %w", err))}
	}
	return lesson.Result{ID: id, Latency: time.Since(start), Status: resp.StatusCode, Body: body,
		RetryAfter: RetryAfter(resp.Header.Get("Retry-After"), time.Now())}
}

// ErrBodyTooLarge is the error of an answer whose body is longer than a Result keeps (64 KiB): /data's
// are a few dozen bytes, so the server is not the workshop's, or is broken.
var ErrBodyTooLarge = errors.New("the answer's body is larger than 64 KiB")

// cut is a request's error: ctx's own error when ctx is done, as lesson.Fetch promises, whatever the
// cancellation's cause (net/http reports the cause, such as another stage's error in a pipeline, which
// would read as this request's failure); err otherwise.
func cut(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return err
}

// maxBody is the most of an answer's body a Result keeps: /data's are a few dozen bytes.
const maxBody = 64 << 10

// RetryAfter reads a Retry-After header: a number of seconds, or an HTTP date (how long from now until
// then). It is 0 when the header is absent, malformed, or in the past. It is what the server asked for,
// however long (up to the longest Duration, about 292 years): bounding it is the caller's choice.
func RetryAfter(header string, now time.Time) time.Duration {
	if header == "" {
		return 0
	}
	if secs, err := strconv.ParseInt(header, 10, 64); err == nil {
		return time.Duration(min(max(secs, 0), maxRetryAfterSecs)) * time.Second
	}
	if at, err := http.ParseTime(header); err == nil && at.After(now) {
		return at.Sub(now) // at most the longest Duration: Sub saturates
	}
	return 0
}

// maxRetryAfterSecs is the most seconds a Duration holds.
const maxRetryAfterSecs = math.MaxInt64 / int64(time.Second)

// ServerStats asks the server for this run's figures (GET /stats?run=ID), within the client's time limit
// per request.
func (c *Client) ServerStats(ctx context.Context) (dataserver.Stats, error) {
	var st dataserver.Stats
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.statsURL, nil)
	if err != nil {
		return st, fmt.Errorf("httpclient: %w", err)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return st, fmt.Errorf("httpclient: asking for the server's stats: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		io.Copy(io.Discard, resp.Body)
		return st, fmt.Errorf("httpclient: %s answered %s: not a workshop server?", c.statsURL, resp.Status)
	}
	if err := json.NewDecoder(resp.Body).Decode(&st); err != nil {
		return st, fmt.Errorf("httpclient: reading the server's stats: %w", err)
	}
	return st, nil
}

// Reach asks the server what page root of its link graph leads to (GET /graph?root=N, beside the data
// URL), within the client's time limit per request. The server answers it at once and does not count it
// among the run's requests. A root that is not a page is an error that says so.
func (c *Client) Reach(ctx context.Context, root int) (dataserver.Reach, error) {
	var r dataserver.Reach
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	u := *c.graphURL
	u.RawQuery = url.Values{"root": {strconv.Itoa(root)}}.Encode()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return r, fmt.Errorf("httpclient: %w", err)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return r, fmt.Errorf("httpclient: asking for the link graph: %w", err)
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusNotFound:
		io.Copy(io.Discard, resp.Body)
		return r, fmt.Errorf("httpclient: %d is not a page of the server's link graph (%s answered 404)", root, u.Path)
	case resp.StatusCode != http.StatusOK:
		io.Copy(io.Discard, resp.Body)
		return r, fmt.Errorf("httpclient: %s answered %s: not a workshop server?", u.String(), resp.Status)
	}
	if err := json.NewDecoder(resp.Body).Decode(&r); err != nil {
		return r, fmt.Errorf("httpclient: reading the link graph's figures: %w", err)
	}
	return r, nil
}

// Close closes the idle connections, ending their goroutines. Call it once no request is in flight.
func (c *Client) Close() { c.http.CloseIdleConnections() }

// sibling is the URL of the endpoint name beside u's: /stats beside /data, /api/stats beside /api/data.
func sibling(u *url.URL, name string) *url.URL {
	s := *u
	s.Path, s.RawPath, s.RawQuery = path.Join(path.Dir(u.Path), name), "", ""
	return &s
}

// ErrNotWorkshop is Ping's error when something answers HTTP at the address, but not as the workshop's
// server does: the error is a *NotWorkshopError.
var ErrNotWorkshop = errors.New("not the workshop's server")

// NotWorkshopError says what answered GET /healthz in place of the workshop's server.
type NotWorkshopError struct {
	URL    string // the /healthz URL asked
	Status string // "404 Not Found"
	Body   string // the start of the body, on one line
	Server string // the Server header, if any
}

func (e *NotWorkshopError) Error() string {
	return fmt.Sprintf("httpclient: %v: %s answered %s", ErrNotWorkshop, e.URL, e.Answer())
}

// Is makes errors.Is(err, ErrNotWorkshop) true.
func (e *NotWorkshopError) Is(target error) bool { return target == ErrNotWorkshop }

// Answer is what answered, in words: `404 Not Found "File not found", from SimpleHTTP/0.6`.
func (e *NotWorkshopError) Answer() string {
	s := e.Status
	if e.Body == "" {
		s += " with no body"
	} else {
		s += fmt.Sprintf(" %q", e.Body)
	}
	if e.Server != "" {
		s += ", from " + e.Server
	}
	return s
}

// getBeside sends GET to the path name beside dataURL ("healthz", "stats") on a transport of its own,
// within a second: the checks made before a run has a client. done closes the body and the transport;
// call it once the body is read.
func getBeside(ctx context.Context, dataURL, name string) (resp *http.Response, u *url.URL, done func(), err error) {
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, dataURL, nil)
	if err != nil {
		cancel()
		return nil, nil, nil, fmt.Errorf("httpclient: %w", err)
	}
	req.URL = sibling(req.URL, name)
	transport := &http.Transport{Proxy: nil}
	resp, err = transport.RoundTrip(req)
	if err != nil {
		transport.CloseIdleConnections()
		cancel()
		return nil, nil, nil, err
	}
	return resp, req.URL, func() { resp.Body.Close(); transport.CloseIdleConnections(); cancel() }, nil
}

// ServerSettings asks the workshop's server beside dataURL how it is set up: the settings its /stats
// reports (dataserver.Config's String), or "" from a server too old to say. It waits at most a second.
func ServerSettings(ctx context.Context, dataURL string) (string, error) {
	resp, u, done, err := getBeside(ctx, dataURL, "stats")
	if err != nil {
		return "", err
	}
	defer done()
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("httpclient: %s answered %s", u, resp.Status)
	}
	var st dataserver.Stats
	if err := json.NewDecoder(io.LimitReader(resp.Body, 1<<16)).Decode(&st); err != nil {
		return "", fmt.Errorf("httpclient: reading %s: %w", u, err)
	}
	return st.Settings, nil
}

// Ping reports whether the workshop's server answers beside dataURL: nil when GET /healthz answers 200
// with the body dataserver.Health; a *NotWorkshopError, which is ErrNotWorkshop, when another HTTP server answers;
// another error when nothing answers within a second.
func Ping(ctx context.Context, dataURL string) error {
	resp, u, done, err := getBeside(ctx, dataURL, "healthz")
	if err != nil {
		return err
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, 256))
	done()
	switch {
	case err != nil:
		return fmt.Errorf("httpclient: reading %s: %w", u, err)
	case resp.StatusCode == http.StatusOK && string(bytes.TrimSpace(body)) == dataserver.Health:
		return nil
	}
	what := []rune(strings.Join(strings.Fields(string(body)), " "))
	if len(what) > 40 {
		what = append(what[:40], '…')
	}
	return &NotWorkshopError{URL: u.String(), Status: resp.Status, Body: string(what), Server: resp.Header.Get("Server")}
}
