// Command browsercheck renders a page written by `workshop compare -html` in headless Chromium and checks
// that it reads well: no console errors, every SVG drawn with a size and its labels (none cut off), and
// nothing wider than a phone's screen at 375 px. It saves a screenshot of each width it checks.
//
//	cd tools/browsercheck && go run . -out /tmp/shots ../../compare.html
//
// It is a module of its own, outside the workshop's: a learner's `go test ./...` never builds it. It needs
// nothing but the standard library and a Chromium: it speaks the DevTools protocol over the pipe Chromium
// opens with --remote-debugging-pipe. Exit status: 0 when every check passes, 1 when one fails (each
// failure on a line of its own), 2 for a bad command line, 3 when no browser could be run.
package main

import (
	"context"
	"encoding/base64"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// width is one screen the page is checked at.
type width struct {
	name          string
	width, height int
	scale         float64
	mobile        bool
}

var widths = []width{
	{name: "desktop", width: 1280, height: 900, scale: 1},
	{name: "phone", width: 375, height: 812, scale: 2, mobile: true},
}

func main() {
	chrome := flag.String("chrome", "", "the browser to run; default: the first of "+strings.Join(browsers, ", ")+" on PATH")
	out := flag.String("out", ".", "the folder for the screenshots, `DIR`/<page>-desktop.png and -phone.png")
	timeout := flag.Duration("timeout", time.Minute, "the most the whole check may take")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: browsercheck [-chrome PATH] [-out DIR] page.html\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}
	page, err := filepath.Abs(flag.Arg(0))
	if err == nil {
		_, err = os.Stat(page)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "browsercheck: %v\n", err)
		os.Exit(2)
	}
	if *chrome == "" {
		if *chrome = findBrowser(); *chrome == "" {
			fmt.Fprintf(os.Stderr, "browsercheck: no browser found (%s): install Chromium, or name one with -chrome\n",
				strings.Join(browsers, ", "))
			os.Exit(3)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()
	problems, err := check(ctx, *chrome, page, *out)
	if err != nil {
		fmt.Fprintf(os.Stderr, "browsercheck: %v\n", err)
		os.Exit(3)
	}
	for _, p := range problems {
		fmt.Println("✗", p)
	}
	if len(problems) > 0 {
		os.Exit(1)
	}
}

// browsers are the names a Chromium goes by, in the order they are looked for.
var browsers = []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome", "headless_shell"}

func findBrowser() string {
	for _, name := range browsers {
		if path, err := exec.LookPath(name); err == nil {
			return path
		}
	}
	return ""
}

// check opens the page at each width in one browser, and returns what fails.
func check(ctx context.Context, chrome, page, out string) ([]string, error) {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return nil, err
	}
	b, err := launch(ctx, chrome)
	if err != nil {
		return nil, err
	}
	defer b.close()

	var problems []string
	for _, w := range widths {
		got, shot, err := b.checkAt(ctx, "file://"+page, w)
		if err != nil {
			return nil, fmt.Errorf("at %s width: %w", w.name, err)
		}
		for _, p := range got {
			problems = append(problems, fmt.Sprintf("%s (%d px): %s", w.name, w.width, p))
		}
		name := filepath.Join(out, strings.TrimSuffix(filepath.Base(page), filepath.Ext(page))+"-"+w.name+".png")
		if err := os.WriteFile(name, shot, 0o644); err != nil {
			return nil, err
		}
		fmt.Printf("%-8s %d px: %d problem(s), screenshot %s\n", w.name, w.width, len(got), name)
	}
	return problems, nil
}

// checkAt loads the page in a new tab of the given size, and returns what is wrong with it there, and a
// screenshot of the whole page.
func (b *browser) checkAt(ctx context.Context, url string, w width) ([]string, []byte, error) {
	s, closeTab, err := b.openTab(ctx)
	if err != nil {
		return nil, nil, err
	}
	defer closeTab()
	errs := b.watch(s) // console errors and exceptions, from here on
	defer b.unwatch(s)
	for _, method := range []string{"Page.enable", "Runtime.enable", "Log.enable"} {
		if err := b.call(ctx, s, method, nil, nil); err != nil {
			return nil, nil, err
		}
	}
	metrics := map[string]any{"width": w.width, "height": w.height, "deviceScaleFactor": w.scale, "mobile": w.mobile}
	if err := b.call(ctx, s, "Emulation.setDeviceMetricsOverride", metrics, nil); err != nil {
		return nil, nil, err
	}
	if err := b.load(ctx, s, url); err != nil {
		return nil, nil, err
	}
	var problems []string
	if err := b.evaluate(ctx, s, pageChecks, &problems); err != nil {
		return nil, nil, err
	}
	problems = append(problems, errs.drain()...)
	png, err := b.screenshot(ctx, s)
	return problems, png, err
}

// openTab opens a blank tab and attaches to it; closeTab closes it.
func (b *browser) openTab(ctx context.Context) (session string, closeTab func(), err error) {
	var target struct {
		TargetID string `json:"targetId"`
	}
	if err := b.call(ctx, "", "Target.createTarget", map[string]any{"url": "about:blank"}, &target); err != nil {
		return "", nil, err
	}
	closeTab = func() { b.call(ctx, "", "Target.closeTarget", map[string]any{"targetId": target.TargetID}, nil) }
	var attached struct {
		SessionID string `json:"sessionId"`
	}
	if err := b.call(ctx, "", "Target.attachToTarget", map[string]any{"targetId": target.TargetID, "flatten": true}, &attached); err != nil {
		closeTab()
		return "", nil, err
	}
	return attached.SessionID, closeTab, nil
}

// load navigates the tab to url and waits for its load event.
func (b *browser) load(ctx context.Context, s, url string) error {
	loaded := b.await(s, "Page.loadEventFired")
	var nav struct {
		ErrorText string `json:"errorText"`
	}
	if err := b.call(ctx, s, "Page.navigate", map[string]any{"url": url}, &nav); err != nil {
		return err
	}
	if nav.ErrorText != "" {
		return fmt.Errorf("loading %s: %s", url, nav.ErrorText)
	}
	select {
	case <-loaded:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("loading %s: %w", url, ctx.Err())
	}
}

// screenshot takes the whole page, not only the screen's height, as a PNG.
func (b *browser) screenshot(ctx context.Context, s string) ([]byte, error) {
	var size struct {
		Width  float64 `json:"width"`
		Height float64 `json:"height"`
	}
	if err := b.evaluate(ctx, s, `({width: document.documentElement.scrollWidth, height: document.documentElement.scrollHeight})`, &size); err != nil {
		return nil, err
	}
	var shot struct {
		Data string `json:"data"`
	}
	clip := map[string]any{"x": 0, "y": 0, "width": size.Width, "height": size.Height, "scale": 1}
	if err := b.call(ctx, s, "Page.captureScreenshot", map[string]any{"format": "png", "captureBeyondViewport": true, "clip": clip}, &shot); err != nil {
		return nil, err
	}
	png, err := base64.StdEncoding.DecodeString(shot.Data)
	if err != nil {
		return nil, fmt.Errorf("the screenshot: %w", err)
	}
	return png, nil
}

// pageChecks runs in the page and returns what is wrong with it, a sentence each.
const pageChecks = `(() => {
  const problems = [];
  const vw = document.documentElement.clientWidth;
  const svgs = [...document.querySelectorAll('svg')];
  if (svgs.length === 0) problems.push('the page has no SVG chart');
  svgs.forEach((svg, i) => {
    const name = (svg.getAttribute('aria-label') || 'SVG #' + (i + 1));
    const r = svg.getBoundingClientRect();
    if (!(r.width > 0 && r.height > 0)) problems.push(name + ': drawn at ' + r.width + '×' + r.height + ' px');
    if (!svg.getAttribute('aria-label')) problems.push(name + ': no aria-label');
    const texts = [...svg.querySelectorAll('text')].filter(t => t.textContent.trim() !== '');
    if (texts.length === 0) problems.push(name + ': no label in it');
    const vb = svg.viewBox.baseVal;
    texts.forEach(t => {
      const b = t.getBBox();
      if (!(b.width > 0 && b.height > 0)) problems.push(name + ': the label "' + t.textContent + '" is not drawn');
      if (vb && vb.width > 0 && (b.x < -0.5 || b.x + b.width > vb.width + 0.5 || b.y < -0.5 || b.y + b.height > vb.height + 0.5))
        problems.push(name + ': the label "' + t.textContent + '" is cut off at the edge (' +
          Math.round(b.x) + '..' + Math.round(b.x + b.width) + ' of ' + vb.width + ')');
    });
    if (r.right > vw + 1) problems.push(name + ': wider than the screen (' + Math.round(r.right) + ' px of ' + vw + ')');
  });
  if (document.documentElement.scrollWidth > vw + 1)
    problems.push('the page scrolls sideways: ' + document.documentElement.scrollWidth + ' px wide on a ' + vw + ' px screen');
  // Anything wider than the screen, outside a box that scrolls on its own (the wide tables).
  const scrolls = el => { for (let p = el.parentElement; p; p = p.parentElement) if (getComputedStyle(p).overflowX === 'auto') return true; return false; };
  const wide = [...document.body.querySelectorAll('*')].filter(el => el.getBoundingClientRect().right > vw + 1 && !scrolls(el));
  wide.filter(el => !wide.includes(el.parentElement)).slice(0, 5).forEach(el =>
    problems.push('<' + el.tagName.toLowerCase() + '> reaches past the screen: ' + Math.round(el.getBoundingClientRect().right) + ' px of ' + vw));
  [...document.querySelectorAll('p, li, td, th, h1, h2, h3')].forEach(el => {
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (size < 11) problems.push('<' + el.tagName.toLowerCase() + '> in ' + size + ' px type: too small to read');
  });
  return problems;
})()`

// drain returns what was collected, and forgets it.
func (e *consoleErrors) drain() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := e.lines
	e.lines = nil
	return out
}
