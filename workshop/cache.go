package main

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/go-concurrency-workshop/workshop/internal/lessons"
)

// store keeps, in one folder outside the repository, what the tool remembers between runs:
//   - results.json: each lesson's outcome, by the hash of everything its tests depend on, so that list
//     runs only the tests of lessons that changed;
//   - state-<hash of the workshop's path>.json: per clone, which hints have been shown, and how many checks
//     in a row each exercise has failed.
//
// Losing either is harmless: a fresh clone has neither. Two runs at once may each lose the other's
// update; neither can corrupt a file, as each write replaces it whole.
type store struct {
	dir string // "" keeps nothing
}

// resultsVersion changes whenever outcome or the way it is made changes, so that no stale outcome is read.
const resultsVersion = "workshop results v4"

// maxResults bounds results.json: the outcomes least recently used go first.
const maxResults = 64

type cached struct {
	Used    time.Time `json:"used"`
	Outcome outcome   `json:"outcome"`
}

// outcome returns the outcome stored under key.
func (s store) outcome(key string) (outcome, bool) {
	var all map[string]cached
	s.read("results.json", &all)
	c, ok := all[key]
	return c.Outcome, ok
}

// keep stores outcomes by key.
func (s store) keep(outcomes map[string]outcome) {
	var all map[string]cached
	s.read("results.json", &all)
	if all == nil {
		all = map[string]cached{}
	}
	now := time.Now()
	for k, o := range outcomes {
		all[k] = cached{Used: now, Outcome: o}
	}
	if len(all) > maxResults {
		keys := slices.Collect(maps.Keys(all))
		slices.SortFunc(keys, func(a, b string) int { return all[b].Used.Compare(all[a].Used) })
		for _, k := range keys[maxResults:] {
			delete(all, k)
		}
	}
	s.write("results.json", all)
}

// memory is what the tool remembers of one clone of the workshop.
type memory struct {
	Root  string           `json:"root"`
	Hints map[string][]int `json:"hints"`           // "lesson/section" → the numbers of its hints shown
	Fails map[string]int   `json:"fails,omitempty"` // "lesson/exercise" → its failing checks since it last passed
}

func (s store) stateFile(root string) string {
	sum := sha256.Sum256([]byte(root))
	return "state-" + hex.EncodeToString(sum[:8]) + ".json"
}

// remember reads what the store remembers of the clone at root, lets change change it, and writes it back.
func (s store) remember(root string, change func(*memory)) {
	var st memory
	s.read(s.stateFile(root), &st)
	st.Root = root
	if st.Hints == nil {
		st.Hints = map[string][]int{}
	}
	if st.Fails == nil {
		st.Fails = map[string]int{}
	}
	change(&st)
	s.write(s.stateFile(root), st)
}

// hintsShown returns the numbers of the hints of a lesson's section shown so far.
func (s store) hintsShown(root, lesson, section string) []int {
	var st memory
	s.read(s.stateFile(root), &st)
	return st.Hints[lesson+"/"+section]
}

// hintShown remembers that hint n of a lesson's section was shown.
func (s store) hintShown(root, lesson, section string, n int) {
	s.remember(root, func(st *memory) {
		key := lesson + "/" + section
		if !slices.Contains(st.Hints[key], n) {
			st.Hints[key] = append(st.Hints[key], n)
			slices.Sort(st.Hints[key])
		}
	})
}

// failed counts one more failing check for each of a lesson's exercises in failing, forgets the count of
// those in passed, and returns the counts.
func (s store) failed(root, lesson string, failing, passed []string) map[string]int {
	counts := map[string]int{}
	s.remember(root, func(st *memory) {
		for _, e := range passed {
			delete(st.Fails, lesson+"/"+e)
		}
		for _, e := range failing {
			st.Fails[lesson+"/"+e]++
			counts[e] = st.Fails[lesson+"/"+e]
		}
	})
	return counts
}

// fails returns how many checks in a row each of a lesson's exercises has failed.
func (s store) fails(root, lesson string) map[string]int {
	var st memory
	s.read(s.stateFile(root), &st)
	counts := map[string]int{}
	for k, n := range st.Fails {
		if e, ok := strings.CutPrefix(k, lesson+"/"); ok {
			counts[e] = n
		}
	}
	return counts
}

// read decodes a file of the store into v; a missing or damaged file leaves v as it was.
func (s store) read(name string, v any) {
	if s.dir == "" {
		return
	}
	data, err := os.ReadFile(filepath.Join(s.dir, name))
	if err == nil {
		_ = json.Unmarshal(data, v) // a damaged file is as good as none: it will be rewritten
	}
}

// write replaces a file of the store with v, through a temporary file and a rename, so that a reader never
// sees half of it. Failing to write only costs a later run some time: it is not an error.
func (s store) write(name string, v any) {
	if s.dir == "" {
		return
	}
	data, err := json.Marshal(v)
	if err != nil || os.MkdirAll(s.dir, 0o755) != nil {
		return
	}
	tmp, err := os.CreateTemp(s.dir, name+".*")
	if err != nil {
		return
	}
	_, err = tmp.Write(data)
	if cerr := tmp.Close(); err == nil && cerr == nil {
		err = os.Rename(tmp.Name(), filepath.Join(s.dir, name))
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
}

// cacheKey hashes everything a lesson's outcome depends on: the go command's version, whether -race is on,
// go.mod and go.sum, every non-test .go file under internal/ (the shared code lessons import) and under
// workshop/ (this tool, which makes the outcome), and every file of the lesson's folder. Any change to one
// of them runs the lesson's tests again.
func cacheKey(root string, env goEnv, l lessons.Lesson) (string, error) {
	h := sha256.New()
	fmt.Fprintf(h, "%s\n%s\nrace=%v\n", resultsVersion, env.version, env.race)
	var paths []string
	for _, p := range []string{"go.mod", "go.sum"} {
		if _, err := os.Stat(filepath.Join(root, p)); err == nil {
			paths = append(paths, p)
		}
	}
	walk := func(dir string, keep func(path string) bool) error {
		err := filepath.WalkDir(filepath.Join(root, dir), func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !keep(path) {
				return err
			}
			rel, err := filepath.Rel(root, path)
			paths = append(paths, filepath.ToSlash(rel))
			return err
		})
		if os.IsNotExist(err) {
			return nil
		}
		return err
	}
	goCode := func(path string) bool { return strings.HasSuffix(path, ".go") && !strings.HasSuffix(path, "_test.go") }
	for _, dir := range []string{"internal", "workshop"} {
		if err := walk(dir, goCode); err != nil {
			return "", fmt.Errorf("workshop: %w", err)
		}
	}
	if err := walk(l.Dir, func(string) bool { return true }); err != nil {
		return "", fmt.Errorf("workshop: %w", err)
	}
	slices.SortFunc(paths, cmp.Compare)
	for _, p := range paths {
		data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(p)))
		if err != nil {
			return "", fmt.Errorf("workshop: %w", err)
		}
		fmt.Fprintf(h, "%s %d\n", p, len(data))
		h.Write(data)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
