package report

import (
	"errors"
	"fmt"
	"strings"
)

const (
	markerBegin = "<!-- labctl:begin -->"
	markerEnd   = "<!-- labctl:end -->"
)

// ErrMarkers marks a report.md whose labctl markers labctl will not guess about.
var ErrMarkers = errors.New("labctl markers")

// marker is one occurrence of a marker in a text.
type marker struct {
	begin bool
	pos   int
	line  int
}

func findMarkers(text string) []marker {
	var out []marker
	for i := 0; i < len(text); {
		b := strings.Index(text[i:], markerBegin)
		e := strings.Index(text[i:], markerEnd)
		if b < 0 && e < 0 {
			break
		}
		m := marker{begin: b >= 0 && (e < 0 || b < e)}
		if m.begin {
			m.pos = i + b
		} else {
			m.pos = i + e
		}
		m.line = strings.Count(text[:m.pos], "\n") + 1
		out = append(out, m)
		i = m.pos + 1
	}
	return out
}

// Locate finds the managed block in text: its start and end offsets (end
// just past the end marker), and found=false when text has no markers.
// Markers that are unbalanced, nested, repeated or reversed are an error.
func Locate(text, name string) (start, end int, found bool, err error) {
	ms := findMarkers(text)
	fix := fmt.Sprintf("keep exactly one %s … %s pair (or remove both to let labctl append a new block)", markerBegin, markerEnd)
	bad := func(what string) (int, int, bool, error) {
		return 0, 0, false, fmt.Errorf("%s: %w %s; %s", name, ErrMarkers, what, fix)
	}
	var begins, ends []marker
	for _, m := range ms {
		if m.begin {
			begins = append(begins, m)
		} else {
			ends = append(ends, m)
		}
	}
	switch {
	case len(ms) == 0:
		return 0, 0, false, nil
	case len(begins) == 1 && len(ends) == 0:
		return bad(fmt.Sprintf("are unbalanced: begin on line %d has no end", begins[0].line))
	case len(begins) == 0 && len(ends) == 1:
		return bad(fmt.Sprintf("are unbalanced: end on line %d has no begin", ends[0].line))
	case len(begins) == 1 && len(ends) == 1 && ends[0].pos < begins[0].pos:
		return bad(fmt.Sprintf("are reversed: end on line %d comes before begin on line %d", ends[0].line, begins[0].line))
	case len(begins) == 1 && len(ends) == 1:
		return begins[0].pos, ends[0].pos + len(markerEnd), true, nil
	case len(begins) != len(ends):
		return bad(fmt.Sprintf("are unbalanced: %d begin and %d end (lines %s)", len(begins), len(ends), lineList(ms)))
	case ms[0].begin && ms[1].begin:
		return bad(fmt.Sprintf("are nested: begin on line %d, then begin again on line %d", ms[0].line, ms[1].line))
	default:
		return bad(fmt.Sprintf("are repeated: %d blocks (lines %s)", len(begins), lineList(ms)))
	}
}

func lineList(ms []marker) string {
	s := make([]string, len(ms))
	for i, m := range ms {
		s[i] = fmt.Sprint(m.line)
	}
	return strings.Join(s, ", ")
}

// Merge puts block (from Build) into existing: it replaces the managed
// block when there is one, and otherwise appends it after a blank line.
// Every byte outside the markers is kept. name names the file in errors.
func Merge(existing, block, name string) (string, error) {
	if !strings.HasPrefix(block, markerBegin) || !strings.HasSuffix(block, markerEnd) ||
		strings.Count(block, markerBegin) != 1 || strings.Count(block, markerEnd) != 1 {
		return "", fmt.Errorf("internal: the generated block is not delimited by exactly one pair of labctl markers")
	}
	start, end, found, err := Locate(existing, name)
	if err != nil {
		return "", err
	}
	if found {
		return existing[:start] + block + existing[end:], nil
	}
	var b strings.Builder
	b.WriteString(existing)
	switch {
	case existing == "":
	case strings.HasSuffix(existing, "\n\n"):
	case strings.HasSuffix(existing, "\n"):
		b.WriteString("\n")
	default:
		b.WriteString("\n\n")
	}
	b.WriteString(block + "\n")
	return b.String(), nil
}

// Current returns the managed block in text, or "" when there is none.
func Current(text, name string) (string, error) {
	start, end, found, err := Locate(text, name)
	if err != nil || !found {
		return "", err
	}
	return text[start:end], nil
}
