package splice_test

import (
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/go-concurrency-workshop/workshop/internal/splice"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// reference is a reference solution's file, as the catalogue's entries splice into it.
const reference = `// Package pool is the reference solution.
package pool

import (
	"context"
	"sync"

	"example.com/w/internal/lesson"
)

// Limit is the most requests at once.
const Limit = 15 // a fixed pool

// Pool runs requests.
type Pool struct {
	mu sync.Mutex
	n  int
}

// Run runs them all.
func (p *Pool) Run(ctx context.Context, fetch lesson.Fetch) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.n++
}

// A comment between declarations stays.

// helper helps.
func helper() int { return 1 }

// Count counts.
func Count() int {
	return helper()
}
`

func TestApply(t *testing.T) {
	cases := []struct {
		says   string
		patch  string
		remove []string
		want   string
	}{
		{
			says: "replaces a method where it stands, keeps its doc comment, and drops the imports it no longer uses",
			patch: `package main

import "context"

func (p *Pool) Run(ctx context.Context, fetch func()) {
	p.n++ // no lock
}
`,
			want: `// Package pool is the reference solution.
package pool

import (
	"context"
	"sync"
)

// Limit is the most requests at once.
const Limit = 15 // a fixed pool

// Pool runs requests.
type Pool struct {
	mu sync.Mutex
	n  int
}

// Run runs them all.
func (p *Pool) Run(ctx context.Context, fetch func()) {
	p.n++ // no lock
}

// A comment between declarations stays.

// helper helps.
func helper() int { return 1 }

// Count counts.
func Count() int {
	return helper()
}
`,
		},
		{
			says: "replaces a doc comment with the patch's own, adds what the file lacks after the declaration before it, and its imports",
			patch: `package main

import (
	"fmt"
	"time"
)

// Count counts, slowly.
func Count() int {
	time.Sleep(time.Second)
	return twice(helper())
}

func twice(n int) int { return 2 * n }

func Report() { fmt.Println(Count()) }
`,
			remove: []string{"Limit"},
			want: `// Package pool is the reference solution.
package pool

import (
	"context"
	"fmt"
	"sync"
	"time"

	"example.com/w/internal/lesson"
)

// Pool runs requests.
type Pool struct {
	mu sync.Mutex
	n  int
}

// Run runs them all.
func (p *Pool) Run(ctx context.Context, fetch lesson.Fetch) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.n++
}

// A comment between declarations stays.

// helper helps.
func helper() int { return 1 }

// Count counts, slowly.
func Count() int {
	time.Sleep(time.Second)
	return twice(helper())
}

func twice(n int) int { return 2 * n }

func Report() { fmt.Println(Count()) }
`,
		},
		{
			says: "replaces a type and a const by name, puts a new declaration after the one before it, and drops an import block left empty",
			patch: `package main

type Pool struct {
	n int
}

func Extra() {}

const Limit = 1
`,
			remove: []string{"helper", "Pool.Run"},
			want: `// Package pool is the reference solution.
package pool

// Limit is the most requests at once.
const Limit = 1

// Pool runs requests.
type Pool struct {
	n int
}

func Extra() {}

// A comment between declarations stays.

// Count counts.
func Count() int {
	return helper()
}
`,
		},
	}
	for _, c := range cases {
		t.Run(c.says, func(t *testing.T) {
			got, err := splice.Apply([]byte(reference), []byte(c.patch), c.remove)
			require.NoError(t, err)
			assert.Equal(t, c.want, string(got))
		})
	}
}

func TestApplyRefuses(t *testing.T) {
	cases := []struct {
		says, base, patch string
		remove            []string
		err               string
	}{
		{"a file that does not parse, with its line", "package p\n\nfunc F() {\n\treturn\n", "package p\n", nil,
			"splice: the file does not parse (line 4): expected '}', found 'EOF'"},
		{"a patch that does not parse", reference, "package p\n\nfunc F( {}\n", nil, "splice: the patch does not parse (line 3)"},
		{"an init function", reference, "package p\n\nfunc init() {}\n", nil, "splice: the patch's init: an init function has no name to match"},
		{"a declaration of _", reference, "package p\n\nvar _ = 1\n", nil, "splice: the patch's _: a var declaration of _ has no name to match"},
		{"a declaration that matches two", reference, "package p\n\nvar (\n\tLimit = 1\n\tPool = 2\n)\n", nil,
			"splice: the patch's Limit, Pool would replace 2 declarations"},
		{"a group that would lose a name", "package p\n\nvar (\n\ta = 1\n\tb = 2\n)\n", "package p\n\nvar a = 3\n", nil,
			"splice: the patch's a replaces a declaration that also declares b: declare all of it"},
		{"a declaration twice", reference, "package p\n\nfunc Count() int { return 0 }\n\nfunc Count() int { return 1 }\n", nil,
			"splice: the patch declares Count twice"},
		{"a removal of what the file lacks", reference, "package p\n", []string{"Missing"}, "splice: no declaration Missing to remove"},
		{"a removal of what the patch replaces", reference, "package p\n\nfunc Count() int { return 0 }\n", []string{"Count"},
			"splice: Count is both replaced and removed"},
	}
	for _, c := range cases {
		t.Run("refuses "+c.says, func(t *testing.T) {
			_, err := splice.Apply([]byte(c.base), []byte(c.patch), c.remove)
			require.Error(t, err)
			assert.Contains(t, err.Error(), c.err)
		})
	}

	t.Run("says which line of the file does not parse", func(t *testing.T) {
		_, err := splice.Apply([]byte("package p\n\nfunc F() {\n\tx := \n}\n"), []byte("package p\n"), nil)
		var perr *splice.ParseError
		require.True(t, errors.As(err, &perr), "%v", err)
		assert.False(t, perr.Patch)
		assert.Equal(t, 5, perr.Line)
	})
}

func TestOnly(t *testing.T) {
	t.Run("keeps the named declarations without their doc comments, with the file's imports", func(t *testing.T) {
		got, err := splice.Only([]byte(reference), "Pool.Run", "Limit")
		require.NoError(t, err)
		assert.Equal(t, `package pool

import "context"
import "sync"
import "example.com/w/internal/lesson"

func (p *Pool) Run(ctx context.Context, fetch lesson.Fetch) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.n++
}

const Limit = 15 // a fixed pool
`, string(got))
	})

	t.Run("puts a function back in another file, which keeps its own doc comment", func(t *testing.T) {
		mine := "package pool\n\nimport \"strings\"\n\n// Count is mine.\nfunc Count() int {\n\treturn len(strings.Fields(\"a b\"))\n}\n"
		patch, err := splice.Only([]byte(reference), "Count")
		require.NoError(t, err)
		got, err := splice.Apply([]byte(mine), patch, nil)
		require.NoError(t, err)
		assert.Equal(t, "package pool\n\n// Count is mine.\nfunc Count() int {\n\treturn helper()\n}\n", string(got))
	})

	t.Run("names what the file does not declare", func(t *testing.T) {
		_, err := splice.Only([]byte(reference), "Missing")
		assert.EqualError(t, err, "splice: no declaration Missing")
	})
}

func TestPackage(t *testing.T) {
	got, err := splice.Package([]byte(reference), "!solution", "main")
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(string(got), "//go:build !solution\n\npackage main\n\nimport (\n"), string(got))

	got, err = splice.Package([]byte("//go:build solution\n\n// Doc.\npackage p // p\n"), "", "q")
	require.NoError(t, err)
	assert.Equal(t, "package q // p\n", string(got))
}

func TestFuncName(t *testing.T) {
	src := "package p\n\nfunc F() {}\nfunc (s *Stage[I, O]) Run() {}\nfunc (Stage[I]) Stop() {}\nfunc (l Limiter) Limit() {}\n"
	f, err := parser.ParseFile(token.NewFileSet(), "", src, 0)
	require.NoError(t, err)
	var names []string
	for _, d := range f.Decls {
		names = append(names, splice.FuncName(d.(*ast.FuncDecl)))
	}
	assert.Equal(t, []string{"F", "Stage.Run", "Stage.Stop", "Limiter.Limit"}, names)
}
