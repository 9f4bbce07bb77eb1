package report

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/labctl/labctl/internal/msg"
	"github.com/labctl/labctl/internal/tasks"
)

// row is one line of the estimate-vs-actual table, as Markdown cells.
type row struct {
	Name, Estimate, Spent, Comment, Diff string
	Running                              bool
}

func tableRows(in Input, t *msg.Printer) (rows []row, total row, running bool) {
	f := tasks.File{Tasks: in.Tasks}
	for _, task := range in.Tasks {
		spent := task.SpentAt(in.Now)
		r := row{Name: cell(task.Name), Estimate: t.Sprintf("report.NoEstimate"), Spent: spent.String(), Comment: cell(task.Comment), Diff: t.Sprintf("report.NoEstimate")}
		if task.Estimate != nil {
			r.Estimate = task.Estimate.String()
			r.Diff = (spent - *task.Estimate).Signed()
		}
		if task.Running() {
			r.Running, running = true, true
			r.Spent += t.Sprintf("report.Running")
		}
		rows = append(rows, r)
	}
	est, spent := f.Total(in.Now)
	total = row{Name: t.Sprintf("report.Total"), Estimate: t.Sprintf("report.NoEstimate"), Spent: spent.String(), Diff: t.Sprintf("report.NoEstimate")}
	if est != nil {
		total.Estimate = est.String()
		total.Diff = (spent - *est).Signed()
	}
	return rows, total, running
}

// cell makes text safe inside a table cell: one line, pipes escaped.
func cell(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	return strings.ReplaceAll(s, "|", `\|`)
}

// renderTable aligns the table like the lab's, with the lab's four columns
// first and the difference last.
func renderTable(t *msg.Printer, rows []row, total row) string {
	lines := [][]string{{t.Sprintf("report.Task"), t.Sprintf("report.Estimate"), t.Sprintf("report.Spent"), t.Sprintf("report.Comment"), t.Sprintf("report.Diff")}}
	for _, r := range append(rows, total) {
		lines = append(lines, []string{r.Name, r.Estimate, r.Spent, r.Comment, r.Diff})
	}
	width := make([]int, len(lines[0]))
	for _, l := range lines {
		for i, c := range l {
			width[i] = max(width[i], utf8.RuneCountInString(c), 3)
		}
	}
	var b strings.Builder
	write := func(cells []string) {
		for i, c := range cells {
			fmt.Fprintf(&b, "| %s%s ", c, strings.Repeat(" ", width[i]-utf8.RuneCountInString(c)))
		}
		b.WriteString("|\n")
	}
	write(lines[0])
	sep := make([]string, len(width))
	for i, w := range width {
		sep[i] = strings.Repeat("-", w)
	}
	write(sep)
	for _, l := range lines[1:] {
		write(l)
	}
	return strings.TrimSuffix(b.String(), "\n")
}

func tableNote(in Input, t *msg.Printer, running bool) string {
	var notes []string
	if len(in.Tasks) == 0 {
		notes = append(notes, t.Sprintf("report.NoTasks"))
	}
	if running {
		notes = append(notes, t.Sprintf("report.RunningNote", in.Now.Format("2006-01-02 15:04 -07:00")))
	}
	return strings.Join(notes, "\n\n")
}
