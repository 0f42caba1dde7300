// Package splice edits the top level of a Go file by name: it replaces, adds and removes declarations,
// merges the imports, and sets the package clause, keeping the rest of the file's text as it is.
package splice

import (
	"bytes"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"slices"
	"strings"
)

// A ParseError says that a source given to this package does not parse.
type ParseError struct {
	Patch bool  // the patch does not parse, not the file it is applied to
	Line  int   // the line of the first syntax error
	Err   error // the parser's own error
}

func (e *ParseError) Error() string {
	which := "the file"
	if e.Patch {
		which = "the patch"
	}
	return fmt.Sprintf("splice: %s does not parse (line %d): %v", which, e.Line, e.Err)
}

func (e *ParseError) Unwrap() error { return e.Err }

// Apply returns base with the declarations of patch spliced in, formatted as gofmt does:
//   - a declaration of patch replaces the one of base with the same name (a method: the same receiver type
//     and name; a type, var or const: the same name), where it stands; without a doc comment of its own,
//     it keeps base's;
//   - a declaration that base lacks is added after the one patch declares before it (at the end of the
//     file if there is none);
//   - the declarations named in remove are dropped;
//   - the imports of patch that the result uses are added, and the imports of base it no longer uses are
//     dropped.
//
// base's package clause, build lines and the comments between its declarations stay. patch is a Go file of
// any package name; its own package clause and comments outside its declarations are ignored. The error
// is a *ParseError when either does not parse, and says what it cannot match otherwise: an init function
// or a declaration of _, a declaration that matches two of base's, a group that would lose names, or a
// name in remove that base does not declare.
func Apply(base, patch []byte, remove []string) ([]byte, error) {
	b, err := parse(base, false)
	if err != nil {
		return nil, err
	}
	p, err := parse(patch, true)
	if err != nil {
		return nil, err
	}
	edits, err := plan(b, p, remove)
	if err != nil {
		return nil, err
	}
	return fixImports(edits.apply(b.src), p.imports())
}

// Only returns a patch that holds src's declarations named names (functions "F", methods "T.M", types,
// vars and consts), without their doc comments, with src's imports: Apply(other, Only(src, "F"), nil)
// puts src's F in other and keeps the doc comment other has. Its error is a *ParseError when src does not
// parse, and names what src does not declare.
func Only(src []byte, names ...string) ([]byte, error) {
	f, err := parse(src, true)
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	fmt.Fprintf(&out, "package %s\n\n", f.file.Name.Name)
	for _, imp := range f.imports() {
		fmt.Fprintf(&out, "import %s\n", imp.spec())
	}
	for _, name := range names {
		i := slices.IndexFunc(f.decls, func(d decl) bool { return slices.Contains(d.names, name) })
		if i < 0 {
			return nil, fmt.Errorf("splice: no declaration %s", name)
		}
		d := f.decls[i]
		fmt.Fprintf(&out, "\n%s\n", f.src[d.start:d.end])
	}
	return out.Bytes(), nil
}

// Package returns src with everything before its package clause (build lines, the package's doc comment)
// replaced by the build line //go:build constraint (none if constraint is ""), and the package named name.
func Package(src []byte, constraint, name string) ([]byte, error) {
	f, err := parse(src, false)
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	if constraint != "" {
		fmt.Fprintf(&out, "//go:build %s\n\n", constraint)
	}
	fmt.Fprintf(&out, "package %s", name)
	out.Write(src[f.offset(f.file.Name.End()):])
	return out.Bytes(), nil
}

// FuncName names a function as the workshop does: "Sequential" for a function, "Stage.Run" for a method,
// whatever its receiver's pointer or type parameters.
func FuncName(fn *ast.FuncDecl) string {
	if fn.Recv == nil || len(fn.Recv.List) == 0 {
		return fn.Name.Name
	}
	t := fn.Recv.List[0].Type
	for {
		switch x := t.(type) {
		case *ast.StarExpr:
			t = x.X
		case *ast.IndexExpr:
			t = x.X
		case *ast.IndexListExpr:
			t = x.X
		case *ast.ParenExpr:
			t = x.X
		case *ast.Ident:
			return x.Name + "." + fn.Name.Name
		default:
			return fn.Name.Name
		}
	}
}

// file is a parsed source, with its top-level declarations, imports aside.
type file struct {
	src   []byte
	fset  *token.FileSet
	file  *ast.File
	decls []decl
}

// decl is one top-level declaration, and where its text is.
type decl struct {
	names    []string // "F", "T.M", or the names of a type, var or const declaration
	docStart int      // the offset of its doc comment; start when it has none
	start    int      // the offset of "func", "type", "var" or "const"
	end      int      // the offset just past it, its comment on the same line included
	err      error    // why it cannot be matched by name
}

func parse(src []byte, patch bool) (*file, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", src, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		line := 0
		var list scanner.ErrorList
		if errors.As(err, &list) && len(list) > 0 {
			line = list[0].Pos.Line
			err = errors.New(list[0].Msg)
		}
		return nil, &ParseError{Patch: patch, Line: line, Err: err}
	}
	pf := &file{src: src, fset: fset, file: f}
	for _, d := range f.Decls {
		if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.IMPORT {
			continue
		}
		pf.decls = append(pf.decls, pf.describe(d))
	}
	return pf, nil
}

func (f *file) offset(p token.Pos) int { return f.fset.Position(p).Offset }

// describe finds a declaration's names and text.
func (f *file) describe(d ast.Decl) decl {
	var x decl
	var doc *ast.CommentGroup
	switch d := d.(type) {
	case *ast.FuncDecl:
		doc = d.Doc
		name := FuncName(d)
		switch {
		case name == "init":
			x.err = errors.New("an init function has no name to match")
		case name == "_":
			x.err = errors.New("a function named _ has no name to match")
		}
		x.names = []string{name}
	case *ast.GenDecl:
		doc = d.Doc
		for _, s := range d.Specs {
			switch s := s.(type) {
			case *ast.TypeSpec:
				x.names = append(x.names, s.Name.Name)
			case *ast.ValueSpec:
				for _, n := range s.Names {
					x.names = append(x.names, n.Name)
				}
			}
		}
		if slices.Contains(x.names, "_") {
			x.err = fmt.Errorf("a %s declaration of _ has no name to match", d.Tok)
		}
	}
	x.start = f.offset(d.Pos())
	x.docStart = x.start
	if doc != nil {
		x.docStart = f.offset(doc.Pos())
	}
	x.end = f.offset(d.End())
	// A comment on the same line, after the declaration, goes with it.
	if rest, _, _ := bytes.Cut(f.src[x.end:], []byte("\n")); bytes.HasPrefix(bytes.TrimLeft(rest, " \t"), []byte("//")) {
		x.end += len(rest)
	}
	return x
}

// text is the declaration's text, with its doc comment when it has one.
func (f *file) text(d decl) string { return string(f.src[d.docStart:d.end]) }

// imported is one import of a file.
type imported struct {
	name string // "" unless the import names the package
	path string // quoted: "\"sync\""
}

func (i imported) spec() string { return strings.TrimSpace(i.name + " " + i.path) }

func (f *file) imports() []imported {
	var out []imported
	for _, s := range f.file.Imports {
		i := imported{path: s.Path.Value}
		if s.Name != nil {
			i.name = s.Name.Name
		}
		out = append(out, i)
	}
	return out
}
