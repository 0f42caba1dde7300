// Package httpclient makes the lessons' real GET /data requests, through one transport sized for the run.
package httpclient

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"time"

	"github.com/go-concurrency-workshop/workshop/internal/dataserver"
	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

// MaxConns caps the connections one run opens, however many requests it has in flight. Each connection is
// a file descriptor here and in the server: one per goroutine, 7,500 of them, would run out of the usual
// limit of 1,024 and fail with "too many open files". Requests beyond the cap wait for a free connection.
// Under a lower limit (`ulimit -n 256`), the cap is lower still: see Conns.
const MaxConns = 256

// spareFiles are the file descriptors a run keeps for everything but connections: standard streams, the
// runtime's own, a trace file, the server's stats.
const spareFiles = 64

// Conns is how many connections a run with inFlight requests at once may open: one per request in flight,
// at most MaxConns, and few enough to leave spareFiles of the process's open-file limit free. So a low
// `ulimit -n` slows a run down (requests wait for a connection) instead of failing its requests.
func Conns(inFlight int) int {
	conns := min(max(inFlight, 1), MaxConns)
	if limit := openFileLimit(); limit > 0 {
		conns = min(conns, max(limit-spareFiles, 1))
	}
	return conns
}

// Client sends one run's requests. Its methods are safe for concurrent use.
type Client struct {
	dataURL  string
	statsURL string
	runID    string
	http     *http.Client
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

	conns := Conns(inFlight)
	transport := &http.Transport{
		Proxy:       nil, // the workshop's server is local: never send its traffic through a proxy
		DialContext: (&net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		// No more connections than requests in flight, and no more than MaxConns.
		MaxConnsPerHost: conns,
		// Keep every connection for the next request. With the default of 2 idle connections, all but two
		// would be closed after each answer and dialled again: thousands of sockets in TIME_WAIT.
		MaxIdleConns:        conns,
		MaxIdleConnsPerHost: conns,
		IdleConnTimeout:     30 * time.Second,
		DisableCompression:  true, // the bodies are tiny
	}
	return &Client{
		dataURL:  u.String(),
		statsURL: stats.String(),
		runID:    runID,
		http:     &http.Client{Transport: transport, Timeout: timeout},
	}, nil
}

// Fetch is a lesson.Fetch: it sends GET to the data URL and reads the whole answer, whatever its status,
// so that the connection can carry the next request. The result keeps the body and the Retry-After.
func (c *Client) Fetch(ctx context.Context, id int) lesson.Result {
	start := time.Now()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.dataURL, nil)
	if err != nil {
		return lesson.Result{ID: id, Err: err}
	}
	req.Header.Set(dataserver.RunHeader, c.runID)
	resp, err := c.http.Do(req)
	if err != nil {
		return lesson.Result{ID: id, Latency: time.Since(start), Err: cut(ctx, err)}
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err == nil {
		_, err = io.Copy(io.Discard, resp.Body) // the rest, if any, so that the connection can carry the next request
	}
	resp.Body.Close()
	if err != nil {
		return lesson.Result{ID: id, Latency: time.Since(start), Err: cut(ctx, fmt.Errorf("httpclient: reading the answer: %w", err))}
	}
	return lesson.Result{ID: id, Latency: time.Since(start), Status: resp.StatusCode, Body: body,
		RetryAfter: RetryAfter(resp.Header.Get("Retry-After"), time.Now())}
}

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
// then). It is 0 when the header is absent, malformed, or in the past.
func RetryAfter(header string, now time.Time) time.Duration {
	if header == "" {
		return 0
	}
	if secs, err := strconv.ParseInt(header, 10, 64); err == nil {
		return time.Duration(min(max(secs, 0), maxRetryAfter)) * time.Second
	}
	if at, err := http.ParseTime(header); err == nil && at.After(now) {
		return at.Sub(now)
	}
	return 0
}

// maxRetryAfter caps a Retry-After in seconds, so that a server's typo cannot overflow a Duration.
const maxRetryAfter = 24 * 60 * 60

// ServerStats asks the server for this run's figures (GET /stats?run=ID).
func (c *Client) ServerStats(ctx context.Context) (dataserver.Stats, error) {
	var st dataserver.Stats
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

// Close closes the idle connections, ending their goroutines. Call it once no request is in flight.
func (c *Client) Close() { c.http.CloseIdleConnections() }

// sibling is the URL of the endpoint name beside u's: /stats beside /data, /api/stats beside /api/data.
func sibling(u *url.URL, name string) *url.URL {
	s := *u
	s.Path, s.RawPath, s.RawQuery = path.Join(path.Dir(u.Path), name), "", ""
	return &s
}

// Ping reports whether anything answers HTTP at dataURL's host: any status will do.
func Ping(ctx context.Context, dataURL string) error {
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, dataURL, nil)
	if err != nil {
		return fmt.Errorf("httpclient: %w", err)
	}
	req.URL = sibling(req.URL, "healthz")
	transport := &http.Transport{Proxy: nil}
	defer transport.CloseIdleConnections()
	resp, err := transport.RoundTrip(req)
	if err != nil {
		return err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return nil
}
