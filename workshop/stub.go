package main

import (
	"bytes"
	"context"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os/exec"
	"strings"

	"github.com/go-concurrency-workshop/workshop/internal/splice"
)

// function is one exported function or method of a Go file, as written.
type function struct {
	name       string // as splice.FuncName has it: "Sequential", "Stage.Run"
	start, end int    // the byte offsets of its text, from "func" to the closing brace, doc comment aside
	line       int    // the line of "func"
	stub       bool   // it is still a stub: see isStub
}

// functions returns the exported functions of a Go file, and the exported methods of its exported types,
// in order. A file that does not parse yields those declared before the error.
func functions(src []byte) []function {
	fset := token.NewFileSet()
	f, _ := parser.ParseFile(fset, "", src, parser.ParseComments|parser.SkipObjectResolution)
	if f == nil {
		return nil
	}
	var fns []function
	for _, d := range f.Decls {
		fn, ok := d.(*ast.FuncDecl)
		if !ok || !fn.Name.IsExported() || fn.Body == nil {
			continue
		}
		name := splice.FuncName(fn)
		if !ast.IsExported(name) { // a method of an unexported type
			continue
		}
		fns = append(fns, function{
			name:  name,
			start: fset.Position(fn.Type.Func).Offset,
			end:   fset.Position(fn.Body.Rbrace).Offset + 1,
			line:  fset.Position(fn.Type.Func).Line,
			stub:  isStub(f, fn),
		})
	}
	return fns
}

// isStub reports whether a function is still as the workshop hands it out: TODO comments, and no
// statement but one return (or panic), or none at all in a function without results. The workshop's stubs
// "return at once, zero values or an error naming the TODO"; a learner who has started has written a
// statement more, or removed the TODOs.
func isStub(f *ast.File, fn *ast.FuncDecl) bool {
	switch len(fn.Body.List) {
	case 0:
	case 1:
		switch s := fn.Body.List[0].(type) {
		case *ast.ReturnStmt:
		case *ast.ExprStmt:
			call, ok := s.X.(*ast.CallExpr)
			if id, isIdent := call.Fun.(*ast.Ident); !ok || !isIdent || id.Name != "panic" {
				return false
			}
		default:
			return false
		}
	default:
		return false
	}
	for _, c := range f.Comments {
		if c.Pos() > fn.Body.Lbrace && c.End() < fn.Body.Rbrace && strings.Contains(c.Text(), "TODO") {
			return true
		}
	}
	return false
}

// allStubs reports whether a Go file has exported functions and every one is a stub.
func allStubs(src []byte) bool {
	fns := functions(src)
	for _, fn := range fns {
		if !fn.stub {
			return false
		}
	}
	return len(fns) > 0
}

// stubOf returns the stub of an exercise file (path relative to root) and the commit it comes from.
//
// The rule: the newest version of the file in HEAD's history in which every exported function is still a
// stub (isStub); failing that, the version that first added the file. So a learner's own commits never
// count as the stub, and a stub the workshop's authors changed later is put back as it is now. It needs
// the git history: a copy of the workshop without it has no stub to go back to, and says so.
func stubOf(ctx context.Context, root, path string) ([]byte, string, error) {
	log, err := git(ctx, root, "log", "--format=%H", "HEAD", "--", path)
	if err != nil {
		return nil, "", err
	}
	commits := strings.Fields(string(log))
	if len(commits) == 0 {
		return nil, "", fmt.Errorf("workshop: git has no committed version of %s", path)
	}
	for _, c := range commits {
		src, err := git(ctx, root, "show", c+":./"+path)
		if err != nil {
			return nil, "", err
		}
		if allStubs(src) {
			return src, c, nil
		}
	}
	first := commits[len(commits)-1]
	src, err := git(ctx, root, "show", first+":./"+path)
	return src, first, err
}

// git runs git in dir and returns what it printed; its error says what git said.
func git(ctx context.Context, dir string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, "git", args...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		msg := strings.TrimSpace(stderr.String())
		if i := strings.IndexByte(msg, '\n'); i >= 0 {
			msg = msg[:i]
		}
		if msg == "" {
			msg = err.Error()
		}
		return nil, fmt.Errorf("workshop: git %s: %s", args[0], msg)
	}
	return out, nil
}
