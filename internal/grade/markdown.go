package grade

import (
	"regexp"
	"strings"
	"unicode"
)

// line is one line of the report with what the scanners need to know.
type line struct {
	n       int // 1-based
	text    string
	fence   bool // inside a fenced code block (a Mermaid diagram, a config)
	comment bool // inside an HTML comment, like labctl's settings line
	heading bool
}

func classify(lines []string) []line {
	out := make([]line, len(lines))
	fence, comment := "", false
	for i, l := range lines {
		t := strings.TrimSpace(l)
		out[i] = line{n: i + 1, text: l}
		switch {
		case fence != "":
			out[i].fence = true
			if strings.HasPrefix(t, fence) {
				fence = ""
			}
			continue
		case strings.HasPrefix(t, "```"), strings.HasPrefix(t, "~~~"):
			fence = t[:3]
			out[i].fence = true
			continue
		}
		if comment || strings.HasPrefix(t, "<!--") {
			out[i].comment = true
			comment = !strings.Contains(t, "-->")
			continue
		}
		out[i].heading = strings.HasPrefix(t, "#")
	}
	return out
}

// unit is a run of lines read together: a paragraph, a list item, a table
// row. A sentence wrapped over several lines is one unit.
type unit struct {
	lines []line
	fold  string // folded text of all its lines
}

var listItem = regexp.MustCompile(`^\s*([-*+]|\d+[.)])\s+`)

// units splits prose into units; headings, comments and (unless withFences)
// code blocks are left out.
func units(ls []line, withFences bool) []unit {
	var out []unit
	var cur []line
	flush := func() {
		if len(cur) > 0 {
			var b strings.Builder
			for _, l := range cur {
				b.WriteString(fold(l.text) + " ")
			}
			out = append(out, unit{lines: cur, fold: b.String()})
			cur = nil
		}
	}
	for _, l := range ls {
		t := strings.TrimSpace(l.text)
		switch {
		case t == "", l.heading, l.comment, l.fence && !withFences:
			flush()
			continue
		case l.fence, strings.HasPrefix(t, "|"), listItem.MatchString(l.text):
			flush()
		}
		cur = append(cur, l)
		if l.fence || strings.HasPrefix(t, "|") {
			flush()
		}
	}
	flush()
	return out
}

// fold lowercases and drops accents, so that "Tâche", "tache" and "TÂCHE"
// compare equal, and "poussé" reads as "pousse".
func fold(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if a, ok := accents[r]; ok {
			b.WriteRune(a)
			continue
		}
		if unicode.Is(unicode.Mn, r) { // a combining accent
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

var accents = map[rune]rune{
	'à': 'a', 'â': 'a', 'ä': 'a', 'á': 'a', 'ç': 'c',
	'é': 'e', 'è': 'e', 'ê': 'e', 'ë': 'e',
	'î': 'i', 'ï': 'i', 'í': 'i', 'ô': 'o', 'ö': 'o', 'ó': 'o',
	'ù': 'u', 'û': 'u', 'ü': 'u', 'ú': 'u', 'ÿ': 'y',
}

// cleanCell drops Markdown emphasis and code marks around a cell's value.
func cleanCell(s string) string {
	s = strings.TrimSpace(s)
	for {
		t := s
		for _, m := range []string{"**", "__", "`", "*", "_"} {
			if len(s) >= 2*len(m) && strings.HasPrefix(s, m) && strings.HasSuffix(s, m) {
				s = strings.TrimSpace(s[len(m) : len(s)-len(m)])
			}
		}
		if s == t {
			return s
		}
	}
}
