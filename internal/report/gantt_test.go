package report

import (
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/labctl/labctl/internal/jaeger"
	"github.com/labctl/labctl/internal/msg"

	"github.com/labctl/labctl/internal/testutil"
)

// verifyTrace is the template backend's POST /products/ as Jaeger gives it:
// the server span, ASGI receive/send, SQLAlchemy's connect and INSERT
// (nested under a session span to check the database time is not counted twice).
func verifyTrace() *jaeger.Trace {
	t0 := time.Date(2026, 11, 26, 10, 15, 2, 0, time.UTC)
	ms := func(f float64) time.Duration { return time.Duration(f * float64(time.Millisecond)) }
	sp := func(id, parent, op, kind string, start, d float64, tags ...string) jaeger.Span {
		s := jaeger.Span{ID: id, ParentID: parent, Service: "backend-service", Operation: op, Kind: kind,
			Start: t0.Add(ms(start)), Duration: ms(d), Tags: map[string]string{}}
		for i := 0; i+1 < len(tags); i += 2 {
			s.Tags[tags[i]] = tags[i+1]
		}
		return s
	}
	return &jaeger.Trace{ID: "4bf92f3577b34da6a3ce929d0e0e4736", Spans: []jaeger.Span{
		sp("a", "", "POST /products/", "server", 0, 12.4, "http.method", "POST", "http.route", "/products/", "http.status_code", "201"),
		sp("b", "a", "POST /products/ http receive", "internal", 0.3, 0.1),
		sp("c", "a", "connect", "client", 1.2, 1.1, "db.system", "postgresql"),
		sp("d", "a", "INSERT lab", "client", 2.5, 4.1, "db.system", "postgresql", "db.statement", "INSERT INTO product: (name) VALUES (%(name)s) # x"),
		sp("e", "d", "cursor.execute", "client", 2.6, 3.0, "db.system", "postgresql"),
		sp("f", "a", "POST /products/ http send", "internal", 11.9, 0.2, "http.status_code", "201"),
	}}
}

func TestBuildGoldenTrace(t *testing.T) {
	for _, lang := range []Lang{French, English} {
		t.Run(string(lang), func(t *testing.T) {
			in := fixture(t, lang, true)
			in.Trace, in.TraceURL = verifyTrace(), "http://127.0.0.1:16686/trace/4bf92f3577b34da6a3ce929d0e0e4736"
			got, err := Build(in)
			if err != nil {
				t.Fatal(err)
			}
			testutil.Golden(t, filepath.Join("testdata", "report-"+string(lang)+"-trace.golden.md"), []byte(got+"\n"))
			want := map[Lang]string{
				French:  "La requête POST /products/ a pris 12 ms, dont 5,2 ms dans PostgreSQL.",
				English: "The request POST /products/ took 12 ms, 5.2 ms of it in PostgreSQL.",
			}[lang]
			if !strings.Contains(got, want) {
				t.Errorf("no sentence %q in:\n%s", want, got)
			}
			// Without a trace, the section is exactly the one without the chart.
			in.Trace = nil
			without, err := Build(in)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(without, "gantt") || !strings.Contains(got, strings.TrimSuffix(verifySection(in, msg.For(lang)), "\n")) {
				t.Errorf("the trace section changed the rest of the verify section")
			}
		})
	}
}

// TestGanttStructure checks the block as Mermaid's gantt grammar reads it:
// the fences, the header, sections, and each task "name :[crit, ]id, start, end"
// with whole ms, end after start, and no ":" "#" ";" in a name.
func TestGanttStructure(t *testing.T) {
	tr := verifyTrace()
	tr.Spans[3].Error = true
	tr.Spans = append(tr.Spans, jaeger.Span{ID: "z", ParentID: "a", Service: "other: svc", Operation: "a:b#c;d\nnext", Start: tr.Spans[0].Start, Duration: 10 * time.Microsecond})
	in := fixture(t, French, true)
	in.Trace = tr
	got := traceSection(in, msg.For(French))
	start := strings.Index(got, "```mermaid\n")
	if start < 0 || !strings.HasSuffix(got, "\n```") {
		t.Fatalf("no fenced mermaid block:\n%s", got)
	}
	lines := strings.Split(strings.TrimSuffix(got[start+len("```mermaid\n"):], "\n```"), "\n")
	if lines[0] != "gantt" || !strings.HasPrefix(lines[1], "    title Trace 4bf92f3577b34da6") ||
		lines[2] != "    dateFormat x" || lines[3] != "    axisFormat %L ms" {
		t.Errorf("header:\n%s", strings.Join(lines[:4], "\n"))
	}
	task := regexp.MustCompile(`^    ([^:#;]+) :(crit, )?(s\d+), (\d+), (\d+)$`)
	sections, tasks, crit := 0, 0, 0
	ids := map[string]bool{}
	for _, l := range lines[4:] {
		if strings.HasPrefix(l, "    section ") {
			sections++
			if strings.ContainsAny(strings.TrimPrefix(l, "    section "), ":#;") {
				t.Errorf("section name breaks the syntax: %q", l)
			}
			continue
		}
		m := task.FindStringSubmatch(l)
		if m == nil {
			t.Errorf("not a gantt task line: %q", l)
			continue
		}
		tasks++
		if m[2] != "" {
			crit++
		}
		if ids[m[3]] {
			t.Errorf("task id %s twice", m[3])
		}
		ids[m[3]] = true
		from, _ := strconv.Atoi(m[4])
		to, _ := strconv.Atoi(m[5])
		if to <= from || from < 0 || to > 13 {
			t.Errorf("task %q: %d..%d ms", l, from, to)
		}
	}
	if sections != 2 || tasks != len(tr.Spans) || crit != 1 {
		t.Errorf("%d sections, %d tasks, %d crit; want 2, %d, 1:\n%s", sections, tasks, crit, len(tr.Spans), got)
	}
}

func TestTraceSentenceNoDB(t *testing.T) {
	tr := verifyTrace()
	tr.Spans = tr.Spans[:2]
	in := fixture(t, English, true)
	in.Trace = tr
	if got := traceSection(in, msg.For(English)); !strings.HasPrefix(got, "The request POST /products/ took 12 ms; no span of it is a database call.") {
		t.Errorf("got %q", got)
	}
}
