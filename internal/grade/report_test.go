package grade

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func readReport(t *testing.T, name string) *ReportAnalysis {
	t.Helper()
	path := filepath.Join("testdata", "reports", name)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return AnalyzeReport(path, data)
}

// want is a finding's expected verdict, and words its Detail (or Quote) must hold.
type want struct {
	ok   bool
	line int // 0: not asserted
	has  string
}

func TestAnalyzeReport(t *testing.T) {
	tests := []struct {
		file     string
		findings map[string]want
		rows     int
		total    string // "est/act" of the Total row, "" for none
	}{
		{"fr-complete.md", map[string]want{
			FindReportPresent: {ok: true, line: 1},
			FindEstimateTable: {ok: true, line: 5, has: "5 tasks, estimated 4h, spent 4h55"},
			FindTotalMatches:  {ok: true, line: 12},
			FindMRLink:        {ok: true, line: 16, has: "merge request amartin/dop-python!4 on gitlab.com"},
			FindPullPush:      {ok: true, has: "pull (line 29: the postgresql receiver) and push (line 26: the OTLP exporter to Jaeger)"},
			FindScenario:      {ok: true, line: 8},
		}, 5, "4h/4h55"},
		{"en-complete.md", map[string]want{
			FindEstimateTable: {ok: true, line: 3, has: "4 tasks, estimated 3h55, spent 4h30"},
			FindTotalMatches:  {ok: true, line: 9},
			FindMRLink:        {ok: true, line: 11, has: "pull request bmiller/dop-python#3 on github.com"},
			FindPullPush:      {ok: true, has: "pull (line 17: the postgresql receiver) and push (line 15: the OTLP exporter to Jaeger)"},
			FindScenario:      {ok: true, line: 6},
		}, 4, "3h55/4h30"},
		{"fr-no-total.md", map[string]want{
			FindEstimateTable: {ok: true, has: "2 tasks, estimated 1h30, spent 2h15"},
			FindTotalMatches:  {ok: false, line: 3, has: "has no Total row"},
			FindMRLink:        {ok: true, line: 8, has: "devops-2026/groupe-7/dop-python!12 on gitlab.heig-vd.ch"},
			FindPullPush:      {ok: true, has: "pull (line 11: the postgresql receiver) and push (line 10: the OTLP exporter to Jaeger)"},
			FindScenario:      {ok: false, has: "no mention"},
		}, 2, ""},
		{"fr-total-wrong.md", map[string]want{
			FindEstimateTable: {ok: true},
			FindTotalMatches:  {ok: false, line: 7, has: "estimated 2h but the rows add up to 1h30, and spent 2h but the rows add up to 2h15"},
			FindMRLink:        {ok: false, has: "links to https://gitlab.com/cdupont/dop-python but not to a merge request"},
			FindPullPush:      {ok: false, has: "not where each happens"},
		}, 2, "2h/2h"},
		{"en-no-table.md", map[string]want{
			FindReportPresent: {ok: true},
			FindEstimateTable: {ok: false, line: 0, has: "no table with the columns Tâche | Temps estimé"},
			FindTotalMatches:  {ok: false, has: "no estimate table"},
			FindMRLink:        {ok: true, line: 8, has: "dlee/dop-python#8"},
			FindPullPush:      {ok: false, line: 5, has: "names pull (line 5: the postgresql receiver) but not where the Collector pushes"},
		}, 0, ""},
		{"fr-mixed-durations.md", map[string]want{
			FindEstimateTable: {ok: true, has: "4 tasks, estimated 5h45, spent 5h15"},
			FindTotalMatches:  {ok: true},
		}, 4, "5h45/5h15"},
		// Bare numbers in columns whose header gives the unit.
		{"fr-units-in-header.md", map[string]want{
			FindEstimateTable: {ok: true, has: "2 tasks, estimated 2h, spent 2h"},
			FindTotalMatches:  {ok: true},
		}, 2, "2h/2h"},
		{"fr-bad-duration.md", map[string]want{
			FindEstimateTable: {ok: false, line: 3, has: `time spent of "Instrumentation": "environ 2" is not a duration`},
			FindTotalMatches:  {ok: false, has: "unreadable durations"},
		}, 2, "1h30/2h"},
		{"en-no-comment-column.md", map[string]want{
			FindEstimateTable: {ok: false, line: 1, has: "lacks the column(s) Commentaire (Comment)"},
			FindMRLink:        {ok: true, has: "elena/dop-python#2"},
		}, 0, ""},
		{"en-push-only.md", map[string]want{
			FindPullPush: {ok: false, line: 1, has: "names push (line 1: the OTLP exporter to Jaeger) but not where the Collector pulls"},
			FindScenario: {ok: false, line: 4, has: "mentions recommendation but not its cache"},
		}, 0, ""},
		// Reports labctl report made (its golden files, inside a student's
		// text): its table (Écart column, "–" for no estimate, "30m ⏱" for a
		// running task), its Total, its MR line, its pull/push answer.
		{"fr-labctl.md", map[string]want{
			FindEstimateTable: {ok: true, line: 10, has: "6 tasks, estimated 2h, spent 2h25"},
			FindTotalMatches:  {ok: true, line: 18},
			FindMRLink:        {ok: true, line: 24, has: "etudiant/dop-python!3"},
			FindPullPush:      {ok: true},
			FindScenario:      {ok: true, line: 13},
		}, 6, "2h/2h25"},
		{"en-labctl.md", map[string]want{
			FindEstimateTable: {ok: true, has: "6 tasks, estimated 2h, spent 2h25"},
			FindTotalMatches:  {ok: true},
			FindMRLink:        {ok: true},
			FindPullPush:      {ok: true},
			FindScenario:      {ok: true},
		}, 6, "2h/2h25"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			a := readReport(t, tt.file)
			if !a.Found {
				t.Fatal("Found = false")
			}
			for id, w := range tt.findings {
				f, ok := a.Findings[id]
				if !ok {
					t.Errorf("%s: no finding", id)
					continue
				}
				if f.OK != w.ok {
					t.Errorf("%s: OK = %v, want %v (%s)", id, f.OK, w.ok, f.Detail)
				}
				if w.line != 0 && f.Line != w.line {
					t.Errorf("%s: Line = %d, want %d (%s, %q)", id, f.Line, w.line, f.Detail, f.Quote)
				}
				if !strings.Contains(f.Detail, w.has) {
					t.Errorf("%s: Detail = %q, want it to contain %q", id, f.Detail, w.has)
				}
				if f.Line > 0 && f.Quote == "" {
					t.Errorf("%s: a line (%d) but no quote", id, f.Line)
				}
			}
			if len(a.Rows) != tt.rows {
				t.Errorf("rows = %d, want %d: %+v", len(a.Rows), tt.rows, a.Rows)
			}
			got := ""
			if a.Total != nil {
				got = formatDuration(a.Total.Estimated) + "/" + formatDuration(a.Total.Actual)
			}
			if got != tt.total {
				t.Errorf("total = %q, want %q", got, tt.total)
			}
		})
	}
}

func TestAnalyzeReportQuotesTheLine(t *testing.T) {
	a := readReport(t, "fr-complete.md")
	f := a.Findings[FindMRLink]
	if f.Quote != "La MR de mon projet : https://gitlab.com/amartin/dop-python/-/merge_requests/4" {
		t.Errorf("quote = %q", f.Quote)
	}
	if q := a.Findings[FindTotalMatches].Quote; !strings.HasPrefix(q, "| **Total** | **4h**") {
		t.Errorf("total quote = %q", q)
	}
	// The row of a task labctl shows as running, and one without estimate.
	l := readReport(t, "fr-labctl.md")
	for _, r := range l.Rows {
		switch r.Task {
		case "PostgreSQL (bonus)":
			if r.Actual != 30*time.Minute || !r.HasActual {
				t.Errorf("running task: %+v", r)
			}
		case "Rapport":
			if r.HasEstimate || !r.HasActual || r.Actual != 0 {
				t.Errorf("task without estimate: %+v", r)
			}
		case "Collector | Jaeger":
		case "Estimation", "Démo Docker Compose", "Instrumenter FastAPI":
		default:
			t.Errorf("unexpected task %q", r.Task)
		}
	}
}

func TestAnalyzeMissingAndEmpty(t *testing.T) {
	a := AnalyzeReport("sub/report.md", nil)
	if a.Found {
		t.Error("Found for nil data")
	}
	for _, id := range FindingIDs {
		if f := a.Findings[id]; f.OK || !strings.Contains(f.Detail, "no report.md") {
			t.Errorf("%s: %+v", id, f)
		}
	}
	e := AnalyzeReport("report.md", []byte("\n  \n"))
	if !e.Found || e.Findings[FindReportPresent].OK {
		t.Errorf("empty report: %+v", e.Findings[FindReportPresent])
	}
}

func TestMRLinks(t *testing.T) {
	tests := []struct {
		text string
		ok   bool
		has  string
	}{
		{"MR: https://gitlab.com/g/p/-/merge_requests/7", true, "g/p!7 on gitlab.com"},
		{"MR: https://gitlab.com/g/sub/p/-/merge_requests/7/diffs", true, "g/sub/p!7"},
		{"https://gitlab.example.org/team/p/merge_requests/2", true, "team/p!2 on gitlab.example.org"},
		{"PR <https://github.com/o/r/pull/3>.", true, "o/r#3 on github.com"},
		{"[PR](https://github.com/o/r/pull/3/files)", true, "o/r#3"},
		{"https://github.example.com/o/r/pull/11", true, "o/r#11 on github.example.com"},
		{"https://git.example.org/o/r/pulls/4", true, "o/r#4"},
		{"labctl report --mr-url https://gitlab.com/…/-/merge_requests/N", false, "has no number"},
		{"https://github.com/o/r/pulls", false, "has no number"},
		{"https://github.com/o/r/issues/3", false, "links to"},
		{"no link at all", false, "no merge-request"},
		// labctl's settings comment counts, but the student's line wins.
		{"<!-- --mr-url https://gitlab.com/a/b/-/merge_requests/1 -->\nMR: https://gitlab.com/a/b/-/merge_requests/2", true, "a/b!2"},
		{"<!-- --mr-url https://gitlab.com/a/b/-/merge_requests/1 -->", true, "a/b!1"},
	}
	for _, tt := range tests {
		f := findMRLink(splitLines(tt.text))
		f.Detail = f.Msg.English()
		if f.OK != tt.ok || !strings.Contains(f.Detail, tt.has) {
			t.Errorf("%q: OK %v %q, want %v %q", tt.text, f.OK, f.Detail, tt.ok, tt.has)
		}
	}
}

func TestPullPushAnswers(t *testing.T) {
	tests := []struct {
		text string
		ok   bool
	}{
		{"Le Collector tire les métriques de PostgreSQL et pousse les spans vers Jaeger.", true},
		{"- **Push**: OTLP exporter to Jaeger.\n- **Pull**: the postgresql receiver, every 10s.", true},
		{"Les traces : push (backend → Collector → Jaeger).\nLes métriques : pull, Prometheus scrape le Collector.", true},
		// The question alone, as a heading or as a sentence, is no answer.
		{"## Dans quels cas le Collector est-il en mode pull ou push ?", false},
		{"Dans quels cas le Collector est-il en mode pull ou push ?", false},
		// Pull and push named, but where only for one of them.
		{"Push vers Jaeger. Le pull aussi existe.", false},
		// A diagram in a code block does not answer.
		{"```mermaid\ncollector -->|push OTLP| jaeger\ncollector -.->|pull| postgres\n```", false},
	}
	for _, tt := range tests {
		if f := findPullPush(splitLines(tt.text)); f.OK != tt.ok {
			t.Errorf("%q: OK %v (%s), want %v", tt.text, f.OK, f.Detail, tt.ok)
		}
	}
}

func TestScenario(t *testing.T) {
	tests := []struct {
		text string
		ok   bool
	}{
		{"Le scénario recommendation-cache de la démo", true},
		{"J'ai activé `recommendationCacheFailure`.", true},
		{"the recommendation service's feature flag", true},
		{"Le service de recommandation\ngarde un cache qui grandit.", true},
		{"```json\n\"recommendationServiceCacheFailure\": {\"state\": \"ENABLED\"}\n```", true},
		{"the recommendation service", false},
		{"a cache", false},
	}
	for _, tt := range tests {
		if f := findScenario(splitLines(tt.text)); f.OK != tt.ok {
			t.Errorf("%q: OK %v (%s), want %v", tt.text, f.OK, f.Detail, tt.ok)
		}
	}
}

func TestParseDuration(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
	}{
		{"1h30", 90 * time.Minute}, {"1h 30", 90 * time.Minute}, {"1 h 30 min", 90 * time.Minute},
		{"90m", 90 * time.Minute}, {"90 min", 90 * time.Minute}, {"45 min", 45 * time.Minute},
		{"2h", 2 * time.Hour}, {"1.5h", 90 * time.Minute}, {"1,5 h", 90 * time.Minute},
		{"1:30", 90 * time.Minute}, {"0h45", 45 * time.Minute}, {"0.25h", 15 * time.Minute},
		{"2 heures", 2 * time.Hour}, {"1 hour 15 minutes", 75 * time.Minute}, {"30 mn", 30 * time.Minute},
		{"**1h30**", 90 * time.Minute}, {"`45m`", 45 * time.Minute}, {"30m ⏱", 30 * time.Minute},
		{"2h25", 145 * time.Minute}, {"0m", 0}, {"1H30", 90 * time.Minute},
	}
	for _, tt := range tests {
		got, err := parseDuration(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("parseDuration(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{"", "environ 2", "45", "1h75", "-30m", "1.5", "2 jours", "1:75", "beaucoup"} {
		if d, err := parseDuration(bad); err == nil {
			t.Errorf("parseDuration(%q) = %v, want an error", bad, d)
		}
	}
	for _, none := range []string{"–", "-", "—", " – "} {
		if !isNone(none) {
			t.Errorf("isNone(%q) = false", none)
		}
	}
}
