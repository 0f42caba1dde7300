package splice

import (
	"fmt"
	"slices"
	"strings"
)

// edit replaces the text from start to end with text; start == end inserts it.
type edit struct {
	start, end int
	text       string
}

type edits []edit

// apply makes the edits, which do not overlap, in src. Insertions at the same offset keep their order.
func (es edits) apply(src []byte) []byte {
	slices.SortStableFunc(es, func(a, b edit) int { return a.start - b.start })
	var out strings.Builder
	at := 0
	for _, e := range es {
		out.Write(src[at:e.start])
		out.WriteString(e.text)
		at = e.end
	}
	out.Write(src[at:])
	return []byte(out.String())
}

// plan returns the edits that splice p's declarations into b and drop those named in remove.
func plan(b, p *file, remove []string) (edits, error) {
	byName := map[string]int{} // a name → the index of b's declaration of it
	for i, d := range b.decls {
		for _, n := range d.names {
			if d.err == nil {
				byName[n] = i
			}
		}
	}
	done := map[int]string{} // b's declarations replaced or removed, and by what
	var es edits
	anchor := len(b.src) // where a declaration b lacks goes: after the last one replaced
	for _, d := range p.decls {
		what := strings.Join(d.names, ", ")
		if d.err != nil {
			return nil, fmt.Errorf("splice: the patch's %s: %w", what, d.err)
		}
		var targets []int
		for _, n := range d.names {
			if t, ok := byName[n]; ok && !slices.Contains(targets, t) {
				targets = append(targets, t)
			}
		}
		switch len(targets) {
		case 0:
			sep := "\n\n"
			if anchor == len(b.src) {
				sep = "\n"
			}
			es = append(es, edit{anchor, anchor, sep + p.text(d) + "\n"})
			continue
		case 1:
		default:
			return nil, fmt.Errorf("splice: the patch's %s would replace %d declarations: declare each apart, as the file does", what, len(targets))
		}
		t := targets[0]
		if by, ok := done[t]; ok {
			return nil, fmt.Errorf("splice: the patch declares %s twice (%s, then %s)", strings.Join(b.decls[t].names, ", "), by, what)
		}
		for _, n := range b.decls[t].names {
			if !slices.Contains(d.names, n) {
				return nil, fmt.Errorf("splice: the patch's %s replaces a declaration that also declares %s: declare all of it", what, n)
			}
		}
		done[t] = what
		old := b.decls[t]
		e := edit{old.start, old.end, string(p.src[d.start:d.end])}
		if d.docStart < d.start { // the patch's own doc comment replaces b's
			e = edit{old.docStart, old.end, p.text(d)}
		}
		es = append(es, e)
		anchor = old.end
	}
	for _, name := range remove {
		t, ok := byName[name]
		if !ok {
			return nil, fmt.Errorf("splice: no declaration %s to remove", name)
		}
		if by, ok := done[t]; ok && by != "removed" {
			return nil, fmt.Errorf("splice: %s is both replaced and removed", name)
		}
		for _, n := range b.decls[t].names {
			if !slices.Contains(remove, n) {
				return nil, fmt.Errorf("splice: %s is declared with %s: remove all of it", name, n)
			}
		}
		if done[t] != "removed" {
			done[t] = "removed"
			es = append(es, edit{b.decls[t].docStart, b.decls[t].end, ""})
		}
	}
	return es, nil
}
