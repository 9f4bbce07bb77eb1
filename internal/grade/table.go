package grade

import (
	"fmt"
	"regexp"
	"strings"
	"time"
)

// table is a Markdown pipe table: its header, and its body rows with their lines.
type table struct {
	line   int
	header []string
	rows   [][]string
	lines  []int
	texts  []string // each body row as written, for quotes
	quote  string
}

var tableSep = regexp.MustCompile(`^\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?$`)

// tables finds the pipe tables outside code blocks and comments.
func tables(ls []line) []table {
	var out []table
	for i := 0; i+1 < len(ls); i++ {
		h, sep := ls[i], ls[i+1]
		if h.fence || h.comment || !strings.Contains(h.text, "|") || !tableSep.MatchString(strings.TrimSpace(sep.text)) {
			continue
		}
		t := table{line: h.n, header: splitRow(h.text), quote: quote(h.text)}
		j := i + 2
		for ; j < len(ls) && !ls[j].fence && strings.Contains(ls[j].text, "|") && strings.TrimSpace(ls[j].text) != ""; j++ {
			t.rows = append(t.rows, splitRow(ls[j].text))
			t.lines = append(t.lines, ls[j].n)
			t.texts = append(t.texts, quote(ls[j].text))
		}
		out = append(out, t)
		i = j - 1
	}
	return out
}

// splitRow splits "| a | b \| c |" into cells, keeping escaped pipes in them.
func splitRow(s string) []string {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(s, "|")
	if strings.HasSuffix(s, "|") && !strings.HasSuffix(s, `\|`) {
		s = s[:len(s)-1]
	}
	var cells []string
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '\\' && i+1 < len(s) && s[i+1] == '|':
			b.WriteByte('|')
			i++
		case s[i] == '|':
			cells = append(cells, strings.TrimSpace(b.String()))
			b.Reset()
		default:
			b.WriteByte(s[i])
		}
	}
	return append(cells, strings.TrimSpace(b.String()))
}

// columns are where the course's four columns are in a table, -1 when
// absent, and the unit a time column's header gives its bare numbers
// ("Temps estimé (h)": 1.5), "" for none.
type columns struct {
	task, est, act, comment int
	estUnit, actUnit        string
}

var (
	hoursHeader   = regexp.MustCompile(`[(\[]\s*(h|hr|hrs|heures?|hours?)\s*[)\]]|\b(en heures|in hours)\b`)
	minutesHeader = regexp.MustCompile(`[(\[]\s*(m|min|mins|mn|minutes?)\s*[)\]]|\b(en minutes|in minutes)\b`)
	bareNumber    = regexp.MustCompile(`^\d{1,5}([.,]\d{1,2})?$`)
)

func headerUnit(folded string) string {
	switch {
	case hoursHeader.MatchString(folded):
		return "h"
	case minutesHeader.MatchString(folded):
		return "min"
	}
	return ""
}

// findColumns recognises the course's columns in French or English; other
// columns (labctl's Écart, a student's own) are allowed and ignored.
func findColumns(header []string) columns {
	c := columns{task: -1, est: -1, act: -1, comment: -1}
	for i, h := range header {
		f := fold(cleanCell(h))
		switch {
		case strings.Contains(f, "ecart"), strings.Contains(f, "diff"), strings.Contains(f, "depass"), strings.Contains(f, "delta"):
			// a difference column, never one of the course's
		case c.est < 0 && strings.Contains(f, "estim"):
			c.est, c.estUnit = i, headerUnit(f)
		case c.act < 0 && containsAny(f, "passe", "reel", "effectif", "actual", "spent", "real", "consomme"):
			c.act, c.actUnit = i, headerUnit(f)
		case c.task < 0 && containsAny(f, "tache", "task", "etape", "activite"):
			c.task = i
		case c.comment < 0 && containsAny(f, "comment", "remarque", "observation"):
			c.comment = i
		}
	}
	return c
}

func (c columns) missing() []string {
	var m []string
	names := [4]string{"Tâche (Task)", "Temps estimé (Estimated)", "Temps passé (Actual)", "Commentaire (Comment)"}
	for i, at := range []int{c.task, c.est, c.act, c.comment} {
		if at < 0 {
			m = append(m, names[i])
		}
	}
	return m
}

func containsAny(s string, subs ...string) bool {
	for _, x := range subs {
		if strings.Contains(s, x) {
			return true
		}
	}
	return false
}

func cellAt(row []string, i int) string {
	if i >= 0 && i < len(row) {
		return row[i]
	}
	return ""
}

var totalName = regexp.MustCompile(`^(total|totaux|somme|sum)\b`)

// readTable turns a table with the course's columns into task rows and its
// Total; problem says (with the line) the first cell that does not read.
func readTable(t table, c columns) (rows []TaskRow, total *TaskRow, problem string, problemLine int) {
	for i, cells := range t.rows {
		name := cleanCell(cellAt(cells, c.task))
		if name == "" && strings.Join(cells, "") == "" {
			continue
		}
		r := TaskRow{Task: name, Comment: cleanCell(cellAt(cells, c.comment)), Line: t.lines[i], quote: t.texts[i]}
		for _, col := range []struct {
			at   int
			what string
			d    *time.Duration
			has  *bool
			unit string
		}{{c.est, "estimated time", &r.Estimated, &r.HasEstimate, c.estUnit}, {c.act, "time spent", &r.Actual, &r.HasActual, c.actUnit}} {
			v := cellAt(cells, col.at)
			if isNone(v) {
				continue
			}
			if col.unit != "" && bareNumber.MatchString(cleanCell(v)) {
				v = cleanCell(v) + col.unit
			}
			d, err := parseDuration(v)
			if err != nil && problem == "" {
				who := name
				if who == "" {
					who = "a row"
				}
				problem, problemLine = fmt.Sprintf("%s of %q: %v", col.what, who, err), r.Line
			}
			if err == nil {
				*col.d, *col.has = d, true
			}
		}
		if totalName.MatchString(fold(name)) {
			tr := r
			total = &tr
			continue
		}
		rows = append(rows, r)
	}
	return rows, total, problem, problemLine
}
