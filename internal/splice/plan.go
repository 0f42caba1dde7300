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
	s := splicing{b: b, byName: map[string]int{}, done: map[int]string{}, anchor: len(b.src)}
	for i, d := range b.decls {
		for _, n := range d.names {
			if d.err == nil {
				s.byName[n] = i
			}
		}
	}
	for _, d := range p.decls {
		if err := s.put(p, d); err != nil {
			return nil, err
		}
	}
	for _, name := range remove {
		if err := s.remove(name, remove); err != nil {
			return nil, err
		}
	}
	return s.edits, nil
}

// splicing is a plan in the making.
type splicing struct {
	b      *file
	byName map[string]int // a name → the index of b's declaration of it
	done   map[int]string // b's declarations replaced or removed, and by what
	anchor int            // where a declaration b lacks goes: after the last one replaced
	edits  edits
}

// put plans the declaration d of p: in place of b's of the same name, or else after the last one replaced.
func (s *splicing) put(p *file, d decl) error {
	what := strings.Join(d.names, ", ")
	if d.err != nil {
		return fmt.Errorf("splice: the patch's %s: %w", what, d.err)
	}
	var targets []int
	for _, n := range d.names {
		if t, ok := s.byName[n]; ok && !slices.Contains(targets, t) {
			targets = append(targets, t)
		}
	}
	switch {
	case len(targets) == 0:
		sep := "\n\n"
		if s.anchor == len(s.b.src) {
			sep = "\n"
		}
		s.edits = append(s.edits, edit{s.anchor, s.anchor, sep + p.text(d) + "\n"})
		return nil
	case len(targets) > 1:
		return fmt.Errorf("splice: the patch's %s would replace %d declarations: declare each apart, as the file does", what, len(targets))
	}
	t := targets[0]
	old := s.b.decls[t]
	if by, ok := s.done[t]; ok {
		return fmt.Errorf("splice: the patch declares %s twice (%s, then %s)", strings.Join(old.names, ", "), by, what)
	}
	for _, n := range old.names {
		if !slices.Contains(d.names, n) {
			return fmt.Errorf("splice: the patch's %s replaces a declaration that also declares %s: declare all of it", what, n)
		}
	}
	s.done[t] = what
	e := edit{old.start, old.end, string(p.src[d.start:d.end])}
	if d.docStart < d.start { // the patch's own doc comment replaces b's
		e = edit{old.docStart, old.end, p.text(d)}
	}
	s.edits = append(s.edits, e)
	s.anchor = old.end
	return nil
}

// remove plans dropping b's declaration of name, which must be all in remove.
func (s *splicing) remove(name string, remove []string) error {
	t, ok := s.byName[name]
	if !ok {
		return fmt.Errorf("splice: no declaration %s to remove", name)
	}
	if by, ok := s.done[t]; ok && by != "removed" {
		return fmt.Errorf("splice: %s is both replaced and removed", name)
	}
	for _, n := range s.b.decls[t].names {
		if !slices.Contains(remove, n) {
			return fmt.Errorf("splice: %s is declared with %s: remove all of it", name, n)
		}
	}
	if s.done[t] != "removed" {
		s.done[t] = "removed"
		s.edits = append(s.edits, edit{s.b.decls[t].docStart, s.b.decls[t].end, ""})
	}
	return nil
}
