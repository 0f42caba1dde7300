package splice

import (
	"errors"
	"fmt"
	"go/ast"
	"go/format"
	"go/token"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// fixImports adds to src the imports of extra it uses and lacks, drops the imports it no longer uses, and
// formats it. Whether an import is used is guessed from its name, as goimports does when it cannot look:
// the package name is the import's own, or its path's last element ("rand" for "math/rand/v2"); when
// unsure (a path element with a dot or a dash), the import is kept, or added.
func fixImports(src []byte, extra []imported) ([]byte, error) {
	f, err := parse(src, false)
	if err != nil {
		return nil, fmt.Errorf("splice: the result does not parse (line %d): %w", err.(*ParseError).Line, errors.Unwrap(err))
	}
	used := map[string]bool{}
	ast.Inspect(f.file, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok {
			if id, ok := sel.X.(*ast.Ident); ok {
				used[id.Name] = true
			}
		}
		return true
	})
	needed := func(i imported) bool {
		name, sure := i.pkgName()
		return !sure || used[name]
	}
	have := f.imports()
	var adds []imported
	for _, i := range extra {
		if needed(i) && !slices.ContainsFunc(append(have, adds...), func(h imported) bool { return h.path == i.path }) {
			adds = append(adds, i)
		}
	}
	kept := slices.DeleteFunc(slices.Clone(have), func(i imported) bool { return !needed(i) })
	out := dropImports(f, needed) // keeps the file's own layout of its imports
	if len(adds) > 0 || len(kept) == 0 && len(have) > 0 {
		out = rewriteImports(f, append(kept, adds...))
	}
	formatted, err := format.Source(out)
	if err != nil {
		return nil, fmt.Errorf("splice: the result does not format: %w", err)
	}
	return formatted, nil
}

// majorVersion is a last import path element that is no package name: "v2" of "math/rand/v2".
var majorVersion = regexp.MustCompile(`^v[0-9]+$`)

// pkgName returns the name an import is used by, and whether that is certain.
func (i imported) pkgName() (string, bool) {
	if i.name != "" {
		return i.name, i.name != "_" && i.name != "."
	}
	p, err := strconv.Unquote(i.path)
	if err != nil {
		return "", false
	}
	name := path.Base(p)
	if majorVersion.MatchString(name) {
		name = path.Base(path.Dir(p))
	}
	return name, !strings.ContainsAny(name, "-.")
}

// dropImports removes the lines of f's imports that keep rejects, each on a line of its own.
func dropImports(f *file, keep func(imported) bool) []byte {
	drop := map[int]bool{}
	imports := f.imports()
	for k, s := range f.file.Imports {
		start, end := f.fset.Position(s.Pos()).Line, f.fset.Position(s.End()).Line
		if !keep(imports[k]) && start == end {
			drop[start-1] = true
		}
	}
	var out strings.Builder
	for i, line := range strings.SplitAfter(string(f.src), "\n") {
		if !drop[i] {
			out.WriteString(line)
		}
	}
	return []byte(out.String())
}

// rewriteImports replaces f's import declarations with one that imports all, the standard library's
// packages first (none if all is empty). Comments inside the old declarations are lost.
func rewriteImports(f *file, all []imported) []byte {
	var std, other []string
	for _, i := range all {
		p, _ := strconv.Unquote(i.path)
		if first, _, _ := strings.Cut(p, "/"); strings.Contains(first, ".") {
			other = append(other, "\t"+i.spec()+"\n")
		} else {
			std = append(std, "\t"+i.spec()+"\n")
		}
	}
	block := "import (\n" + strings.Join(std, "")
	if len(std) > 0 && len(other) > 0 {
		block += "\n"
	}
	block += strings.Join(other, "") + ")"
	if len(all) == 0 {
		block = ""
	}

	var imports []ast.Decl
	for _, d := range f.file.Decls {
		if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.IMPORT {
			imports = append(imports, d)
		}
	}
	if len(imports) == 0 {
		at := f.offset(f.file.Name.End())
		return []byte(string(f.src[:at]) + "\n\n" + block + string(f.src[at:]))
	}
	start, end := f.offset(imports[0].Pos()), f.offset(imports[len(imports)-1].End())
	return []byte(string(f.src[:start]) + block + string(f.src[end:]))
}
