package report

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/labctl/labctl/internal/msg"
	"github.com/labctl/labctl/internal/waterfall"
)

// traceSection is the verify trace as a Mermaid gantt chart (one bar per
// span, in ms from the trace's start, failed spans marked crit) with one
// sentence that reads it; "" when there is no trace (verify saw none, or
// Jaeger did not answer when the report was built).
func traceSection(in Input, t *msg.Printer) string {
	if in.Trace == nil || len(in.Trace.Spans) == 0 {
		return ""
	}
	l := waterfall.Arrange(*in.Trace)
	var b strings.Builder
	b.WriteString(traceSentence(l, in.Lang, t))
	if in.TraceURL != "" {
		b.WriteString(" " + t.Sprintf("report.TraceLink", in.TraceURL))
	}
	b.WriteString("\n\n")
	b.WriteString(Gantt(l, t.Sprintf("report.TraceTitle", shortID(l.ID)), in.Lang))
	return b.String()
}

// Gantt is a trace as a Mermaid gantt block, fences included: a section per
// service in order of appearance, a bar per span in tree order (children
// under their parent, their depth shown by leading dots), start and end in
// whole milliseconds from the trace's start (at least 1 ms long), the
// duration in the bar's label.
func Gantt(l waterfall.Layout, title string, lang Lang) string {
	var b strings.Builder
	b.WriteString("```mermaid\ngantt\n")
	b.WriteString("    title " + ganttText(title) + "\n")
	b.WriteString("    dateFormat x\n    axisFormat %L ms\n")
	bySvc := map[string][]int{}
	var order []string
	for i, r := range l.Rows {
		s := r.Span.Service
		if s == "" {
			s = "?"
		}
		if _, ok := bySvc[s]; !ok {
			order = append(order, s)
		}
		bySvc[s] = append(bySvc[s], i)
	}
	for _, svc := range order {
		b.WriteString("    section " + ganttText(svc) + "\n")
		for _, i := range bySvc[svc] {
			r := l.Rows[i]
			from := r.Offset.Milliseconds()
			to := (r.Offset + r.Span.Duration + time.Millisecond - 1).Milliseconds()
			if to <= from {
				to = from + 1
			}
			name := strings.Repeat("· ", r.Depth) + r.Span.Operation + " (" + msText(r.Span.Duration, lang) + ")"
			tags := ""
			if r.Span.Error {
				tags = "crit, "
			}
			fmt.Fprintf(&b, "    %s :%ss%d, %d, %d\n", ganttText(name), tags, i, from, to)
		}
	}
	b.WriteString("```")
	return b.String()
}

// ganttText keeps a name from breaking Mermaid's gantt syntax: ":" ends a
// task's name, "#" and ";" start comments and entities, a newline ends the line.
func ganttText(s string) string {
	r := strings.NewReplacer(":", " ", ";", ",", "#", "№", "\n", " ", "\r", " ", "%%", "%")
	s = strings.Join(strings.Fields(r.Replace(s)), " ")
	if s == "" {
		return "span"
	}
	return s
}

// traceSentence reads the trace in one sentence: the request (its root
// span's method and route, else its name), its duration, and the time spent
// in the database (the union of its database spans, so that nested ones are
// not counted twice).
func traceSentence(l waterfall.Layout, lang Lang, t *msg.Printer) string {
	root, _ := l.Root()
	what := root.Operation
	if m := firstTag(root.Tags, "http.request.method", "http.method"); m != "" {
		if route := firstTag(root.Tags, "http.route", "url.path", "http.target"); route != "" {
			what = m + " " + route
		}
	}
	var ivs [][2]time.Duration
	db := ""
	for _, r := range l.Rows {
		sys := firstTag(r.Span.Tags, "db.system.name", "db.system")
		if sys == "" {
			continue
		}
		if db == "" {
			db = dbName(sys)
		}
		ivs = append(ivs, [2]time.Duration{r.Offset, r.Offset + r.Span.Duration})
	}
	total := msText(l.Duration, lang)
	if db == "" {
		return t.Sprintf("report.TraceNoDB", what, total)
	}
	return t.Sprintf("report.TraceDB", what, total, msText(union(ivs), lang), db)
}

func firstTag(tags map[string]string, keys ...string) string {
	for _, k := range keys {
		if v := strings.TrimSpace(tags[k]); v != "" {
			return v
		}
	}
	return ""
}

func dbName(sys string) string {
	switch strings.ToLower(sys) {
	case "postgresql":
		return "PostgreSQL"
	case "mysql":
		return "MySQL"
	case "sqlite":
		return "SQLite"
	case "redis":
		return "Redis"
	case "mongodb":
		return "MongoDB"
	}
	return sys
}

// union is the total length of intervals, overlaps counted once.
func union(ivs [][2]time.Duration) time.Duration {
	sort.Slice(ivs, func(i, j int) bool { return ivs[i][0] < ivs[j][0] })
	var sum time.Duration
	var cur [2]time.Duration
	for i, iv := range ivs {
		switch {
		case i == 0:
			cur = iv
		case iv[0] <= cur[1]:
			cur[1] = max(cur[1], iv[1])
		default:
			sum += cur[1] - cur[0]
			cur = iv
		}
	}
	if len(ivs) > 0 {
		sum += cur[1] - cur[0]
	}
	return sum
}

// msText writes a duration in ms: whole from 10 ms, one decimal below
// (a decimal comma in French).
func msText(d time.Duration, lang Lang) string { return msg.For(lang).Milliseconds(d) }

func shortID(id string) string {
	if len(id) > 16 {
		return id[:16] + "…"
	}
	return id
}
