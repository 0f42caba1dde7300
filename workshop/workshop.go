package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/go-concurrency-workshop/workshop/internal/lessons"
	"github.com/go-concurrency-workshop/workshop/internal/term"
)

// verbs are the tool's verbs, in the order help lists them.
var verbs = []struct{ name, args, what string }{
	{"list", "", "every lesson and exercise, its state, and the next step"},
	{"check", "[lesson]", "a lesson's tests (with -race) and go vet, in short; default: the first not solved"},
	{"hint", "<lesson> [exercise|challenge] [n]", "the next hint for the first exercise that fails, or the one named; or hint n"},
	{"watch", "[lesson]", "check again at every save; on to the next lesson when it passes"},
	{"reset", "[-y] <lesson> [exercise|file]", "put the stub back (asks first; -y answers yes)"},
	{"solution", "<lesson>", "once the lesson passes: your code beside the reference, as a diff"},
	{"mistake", "<lesson> [mistake] [-diff]", "the lesson's known mistakes; one run by the tests, or with -diff beside the reference"},
	{"compare", "[-requests N] [-workers N] [-profile P] [-md F] [-html F] [-json F] [-from F]", "every lesson's program on the default server and an overloaded one, and each challenge beside the plain pool, side by side (-tags solution: the reference)"},
	{"help", "", "this list"},
}

// usage is what help prints.
func usage() string {
	var s strings.Builder
	s.WriteString("usage: go run ./workshop <verb> [arguments]\n\n")
	width := 0
	for _, v := range verbs {
		width = max(width, len(v.name)+1+len(v.args))
	}
	for _, v := range verbs {
		fmt.Fprintf(&s, "  %-*s  %s\n", width, strings.TrimSpace(v.name+" "+v.args), v.what)
	}
	s.WriteString("\nA lesson is named by its folder, its number or its name: 01-sequential, 01, 1 or sequential.\n")
	return s.String()
}

// verbUsage returns how to call a verb: "go run ./workshop hint <lesson> [n]".
func verbUsage(verb string) string {
	for _, v := range verbs {
		if v.name == verb {
			return strings.TrimSpace("go run ./workshop " + v.name + " " + v.args)
		}
	}
	return "go run ./workshop help"
}

// workshop is the tool, bound to one clone of the workshop and to its input and output.
type workshop struct {
	root        string           // the folder of go.mod, which holds the lessons; "" when there is none
	in          io.Reader        // where reset reads its answer
	interactive bool             // in is a terminal, so reset may ask
	out, errOut io.Writer        // stdout and stderr
	cache       store            // the results and the hints shown
	poll        time.Duration    // how often watch looks for changes
	lessons     []lessons.Lesson // set by load
}

func newWorkshop(in *os.File, out, errOut io.Writer) *workshop {
	dir, err := os.UserCacheDir()
	if err != nil {
		dir = os.TempDir()
	}
	return &workshop{
		root:        findRoot(),
		in:          in,
		interactive: term.IsTerminal(in),
		out:         out,
		errOut:      errOut,
		cache:       store{dir: filepath.Join(dir, "go-concurrency-workshop")},
		poll:        500 * time.Millisecond,
	}
}

// findRoot returns the nearest folder, from the current one up, that holds a go.mod; "" if none does.
func findRoot() string {
	dir, err := os.Getwd()
	for err == nil {
		if _, statErr := os.Stat(filepath.Join(dir, "go.mod")); statErr == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			break
		}
		dir = parent
	}
	return ""
}

// usageError is a bad command line: the tool prints it as one line and exits with status 2.
type usageError string

func (e usageError) Error() string { return "workshop: " + string(e) }

func usagef(format string, args ...any) error { return usageError(fmt.Sprintf(format, args...)) }

// errHelp asks for a verb's usage line: the tool prints it on stdout, with status 0.
type errHelp string

func (e errHelp) Error() string { return verbUsage(string(e)) }

// errFails says a lesson fails; what fails is printed already. The tool exits with status 1.
var errFails = errors.New("workshop: the lesson fails")

// run does what args say, and returns the exit status: 0 done (the lesson passes), 1 the lesson fails or
// something went wrong, 2 a bad command line, 130 interrupted. An error is one line on stderr.
func (w *workshop) run(ctx context.Context, args []string) int {
	if len(args) == 0 {
		fmt.Fprint(w.errOut, usage())
		return 2
	}
	verb, rest := args[0], args[1:]
	var err error
	switch verb {
	case "help", "-h", "-help", "--help":
		fmt.Fprint(w.out, usage())
	case "list":
		err = w.list(ctx, rest)
	case "check":
		err = w.check(ctx, rest)
	case "hint":
		err = w.hint(ctx, rest)
	case "watch":
		err = w.watch(ctx, rest)
	case "reset":
		err = w.reset(ctx, rest)
	case "solution":
		err = w.solution(ctx, rest)
	case "mistake":
		err = w.mistake(ctx, rest)
	case "compare":
		err = w.compare(ctx, rest)
	default:
		err = usagef("no verb %q: go run ./workshop help lists them", verb)
	}
	var bad usageError
	var help errHelp
	switch {
	case err == nil:
		return 0
	case errors.As(err, &help):
		fmt.Fprintln(w.out, "usage: "+help.Error())
		return 0
	case errors.Is(err, errFails):
		return 1
	case errors.Is(err, context.Canceled):
		fmt.Fprintln(w.errOut, "workshop: interrupted")
		return 130
	case errors.As(err, &bad):
		fmt.Fprintln(w.errOut, oneLine(err.Error()))
		return 2
	}
	fmt.Fprintln(w.errOut, oneLine(err.Error()))
	return 1
}

// oneLine keeps the first line of s.
func oneLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// load finds the lessons, once.
func (w *workshop) load() error {
	if w.lessons != nil {
		return nil
	}
	if w.root == "" {
		return errors.New("workshop: no go.mod in this folder or above it: run go run ./workshop in the workshop's folder")
	}
	found, err := lessons.Find(w.root)
	if err != nil {
		return fmt.Errorf("workshop: %w", err)
	}
	if len(found) == 0 {
		return fmt.Errorf("workshop: no lesson in %s (a lesson is a folder NN-name with a main.go)", w.root)
	}
	w.lessons = found
	return nil
}

// lesson returns the lesson the learner named; a name that matches none is a usage error.
func (w *workshop) lesson(name string) (lessons.Lesson, error) {
	if err := w.load(); err != nil {
		return lessons.Lesson{}, err
	}
	l, err := lessons.Select(w.lessons, name)
	if err != nil {
		return l, usagef("no lesson %q: the lessons are %s", name, strings.Join(lessons.Dirs(w.lessons), ", "))
	}
	return l, nil
}

// parseArgs splits a verb's arguments into its flags (only those in allowed) and the rest, and checks their
// number.
func parseArgs(verb string, args []string, minArgs, maxArgs int, allowed ...string) (map[string]bool, []string, error) {
	flags := map[string]bool{}
	var rest []string
	for _, a := range args {
		if !strings.HasPrefix(a, "-") || a == "-" {
			rest = append(rest, a)
			continue
		}
		name := strings.TrimLeft(a, "-")
		if name == "h" || name == "help" {
			return nil, nil, errHelp(verb)
		}
		found := false
		for _, f := range allowed {
			found = found || f == name
		}
		if !found {
			return nil, nil, usagef("%s has no flag %s: go run ./workshop help", verb, a)
		}
		flags[name] = true
	}
	if len(rest) < minArgs || len(rest) > maxArgs {
		return nil, nil, usagef("usage: %s", verbUsage(verb))
	}
	return flags, rest, nil
}

// outcomes returns the lessons' outcomes, in order: from the cache for a lesson whose files have not
// changed since its tests last ran, else from one run of all those that changed.
func (w *workshop) outcomes(ctx context.Context, env goEnv, ls []lessons.Lesson) ([]outcome, error) {
	out := make([]outcome, len(ls))
	keys := make([]string, len(ls))
	var stale []lessons.Lesson
	var staleAt []int
	for i, l := range ls {
		key, err := cacheKey(w.root, env, l)
		if err != nil {
			return nil, err
		}
		keys[i] = key
		if o, ok := w.cache.outcome(key); ok {
			o.cached = true
			out[i] = o
			continue
		}
		stale = append(stale, l)
		staleAt = append(staleAt, i)
	}
	if len(stale) == 0 {
		return out, nil
	}
	if term.IsTerminal(w.errOut) {
		fmt.Fprintln(w.errOut, term.Faint.Sprintf("running the tests of %s…", strings.Join(lessons.Dirs(stale), ", ")))
	}
	ran, err := w.runLessons(ctx, env, stale)
	if err != nil {
		return nil, err
	}
	keep := map[string]outcome{}
	for j, o := range ran {
		out[staleAt[j]] = o
		keep[keys[staleAt[j]]] = o
	}
	w.cache.keep(keep)
	return out, nil
}

// firstUnsolved returns the first lesson from the one at index from on that does not pass, with its
// outcome, running the tests of one lesson at a time so as to stop at the first that fails. ok is false
// when every one passes.
func (w *workshop) firstUnsolved(ctx context.Context, env goEnv, from int) (l lessons.Lesson, o outcome, ok bool, err error) {
	for _, l := range w.lessons[from:] {
		got, err := w.outcomes(ctx, env, []lessons.Lesson{l})
		if err != nil {
			return l, outcome{}, false, err
		}
		if !passes(l, got[0]) {
			return l, got[0], true, nil
		}
	}
	return lessons.Lesson{}, outcome{}, false, nil
}

// index returns the position of the lesson among all.
func (w *workshop) index(l lessons.Lesson) int {
	for i, x := range w.lessons {
		if x.Dir == l.Dir {
			return i
		}
	}
	return len(w.lessons)
}
