package grade

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/labctl/labctl/internal/msg"

	"github.com/labctl/labctl/internal/checks"
	"github.com/labctl/labctl/internal/policy"
	"github.com/labctl/labctl/internal/testutil"
)

var (
	gradedAt = time.Date(2026, 12, 2, 9, 30, 0, 0, time.FixedZone("CET", 3600))
	deadline = time.Date(2026, 12, 1, 23, 59, 0, 0, time.FixedZone("CET", 3600))
)

// verifyResult is a verify run on a working submission, as verify.json has
// it: each evidence in English and as its catalog message.
func verifyResult(change func(*checks.Result)) *checks.Result {
	const trace = "4bf92f3577b34da6a3ce929d0e0e4736"
	r := &checks.Result{Service: "backend-service", Topology: "collector", Passed: true, Checks: []checks.Outcome{
		said(checks.Outcome{ID: "backend_traffic", Level: checks.Required, Status: checks.Pass}, msg.New("check.traffic.summary", 4, "201 200 200 200")),
		said(checks.Outcome{ID: "jaeger_service", Level: checks.Required, Status: checks.Pass}, msg.New("check.jaeger_service.pass", "backend-service, jaeger")),
		said(checks.Outcome{ID: "http_server_span", Level: checks.Required, Status: checks.Pass}, msg.New("check.http_server_span.pass", trace, "GET", "/products/", 6)),
		said(checks.Outcome{ID: "db_client_span", Level: checks.Bonus, Status: checks.Pass}, msg.New("check.db_client_span.pass", trace, "SELECT lab", "GET /products/")),
		said(checks.Outcome{ID: "collector_pipeline", Level: checks.Required, Status: checks.Pass}, msg.New("check.collector_pipeline.counts", "18", "18", "otlp/jaeger", "0")),
		said(checks.Outcome{ID: "prometheus_scrape", Level: checks.Required, Status: checks.Pass}, msg.New("check.prometheus_scrape.pass", "otel-collector", 1)),
		said(checks.Outcome{ID: "postgresql_commits", Level: checks.Required, Status: checks.Pass}, msg.New("check.postgresql_commits.pass", "40", "42")),
		said(checks.Outcome{ID: "postgresql_rows", Level: checks.Required, Status: checks.Pass}, msg.New("check.postgresql_rows.pass", 7, "12")),
	}}
	if change != nil {
		change(r)
	}
	return r
}

// said gives o the evidence m, as verify records it.
func said(o checks.Outcome, m msg.Message) checks.Outcome {
	o.Evidence, o.EvidenceMsg = m.English(), &m
	return o
}

func outcome(r *checks.Result, id string) *checks.Outcome {
	for i := range r.Checks {
		if r.Checks[i].ID == id {
			return &r.Checks[i]
		}
	}
	panic(id)
}

func brokenCollector(r *checks.Result) {
	r.Passed = false
	c := outcome(r, "collector_pipeline")
	*c = said(checks.Outcome{ID: c.ID, Level: c.Level, Status: checks.Fail}, msg.New("check.collector_pipeline.counts", "18", "0", "otlp/jaeger", "18"))
	c.Diagnosis = "the Collector's exporter otlp/jaeger sends to jaeger:14250, where nothing listens; set its endpoint to jaeger:4317 (otel-collector-config.yaml:21)"
	for _, id := range []string{"prometheus_scrape", "postgresql_commits", "postgresql_rows"} {
		o := outcome(r, id)
		*o = said(checks.Outcome{ID: o.ID, Level: o.Level, Status: checks.Skip}, msg.MetricsNotSetUp)
	}
}

func ptr(t time.Time) *time.Time { return &t }

type gradeCase struct {
	name    string
	rubric  func() *Rubric
	report  string // under testdata/reports, "" for none
	ev      Evidence
	met     int
	max     int
	note    float64
	first   string
	unmet   []string // criterion IDs checked and not met
	skipped []string // criterion IDs not checked
}

func gradeCases() []gradeCase {
	return []gradeCase{
		{name: "complete-fr", report: "fr-complete.md",
			ev:  Evidence{Checks: FromVerify(verifyResult(nil)), Deadline: ptr(deadline), Submitted: ptr(deadline.Add(-3 * time.Hour))},
			met: 12, max: 12, note: 6},
		{name: "collector-broken-fr", report: "fr-total-wrong.md",
			ev:  Evidence{Checks: FromVerify(verifyResult(brokenCollector)), Deadline: ptr(deadline), Submitted: ptr(deadline.Add(26 * time.Hour))},
			met: 4, max: 12, note: 3, first: "collector_traces",
			unmet: []string{"collector_traces", "prometheus_scrape", "postgresql_metrics", "total", "mr_link", "pull_push", "scenario", "on_time"}},
		{name: "nostack-en", rubric: englishRubric, report: "en-no-table.md",
			ev:  Evidence{NoStack: true},
			met: 1, max: 5, note: 1.5, first: "estimate_table",
			unmet:   []string{"estimate_table", "total", "pull_push", "scenario"},
			skipped: []string{"traces_jaeger", "service_jaeger", "span_postgresql", "collector_traces", "prometheus_scrape", "postgresql_metrics", "on_time"}},
		{name: "no-report-stack-error-fr",
			ev:  Evidence{StackError: "build backend: Dockerfile not found in ./backend; add it or set backend.path", Report: &ReportAnalysis{Path: "sub/report.md"}},
			met: 0, max: 11, note: 1, first: "traces_jaeger",
			unmet:   []string{"traces_jaeger", "service_jaeger", "span_postgresql", "collector_traces", "prometheus_scrape", "postgresql_metrics", "estimate_table", "total", "mr_link", "pull_push", "scenario"},
			skipped: []string{"on_time"}},
		{name: "missed-bonus-then-main-fr", report: "fr-total-wrong.md",
			ev: Evidence{Checks: FromVerify(verifyResult(func(r *checks.Result) {
				// The walk's own diagnosis, a catalog message: said in French.
				o, d := r.Outcome("db_client_span"), msg.New("diag.db_span.none")
				o.Status, o.Diagnosis, o.DiagnosisMsg = checks.Fail, d.English(), &d
			})), Deadline: ptr(deadline), Submitted: ptr(deadline.Add(-time.Hour))},
			// The class sheet names the failed main criterion, not the bonus before it.
			met: 7, max: 12, note: 4.5, first: "mr_link",
			unmet: []string{"span_postgresql", "total", "mr_link", "pull_push", "scenario"}},
		{name: "labctl-report-fr", report: "fr-labctl.md",
			ev:  Evidence{Checks: FromVerify(verifyResult(nil)), Deadline: ptr(deadline), SubmittedErr: "sub is not a git repository, so the date report.md was handed in is unknown; grade a clone of the student's repository"},
			met: 11, max: 12, note: 6, first: "on_time", unmet: []string{"on_time"}},
		// labctl ran the stack with a key changed: graded as the complete
		// one, and the checklist says what was changed and why.
		{name: "changed-fr", report: "fr-complete.md",
			ev: Evidence{Checks: FromVerify(verifyResult(nil)), Deadline: ptr(deadline), Submitted: ptr(deadline.Add(-3 * time.Hour)),
				Changed: []policy.Change{{File: "compose.yml", Key: "services.backend.image", Asked: "teacher/tool:1", Gave: "labctl-grade-eve-backend", Did: policy.BuildNameIgnored}}},
			met: 12, max: 12, note: 6},
		// The policy refused the project: nothing ran, the stack's
		// criteria are not checked, the checklist names each key.
		{name: "refused-fr", report: "fr-complete.md",
			ev:  Evidence{Refused: hostileRefusals, Deadline: ptr(deadline), Submitted: ptr(deadline.Add(-3 * time.Hour))},
			met: 6, max: 6, note: 4,
			skipped: []string{"traces_jaeger", "service_jaeger", "span_postgresql", "collector_traces", "prometheus_scrape", "postgresql_metrics"}},
		// The course's second scheme: the Collector broken, so no metrics
		// (the base criterion grafana, a stand-in on prometheus_scrape, is
		// missed), the report's Total wrong: 4 − 0.5 × 1 + 0.2 × 4.
		{name: "observability-fr", rubric: observability, report: "fr-total-wrong.md",
			ev:  Evidence{Checks: FromVerify(verifyResult(brokenCollector)), Deadline: ptr(deadline), Submitted: ptr(deadline.Add(-time.Hour))},
			met: 9, max: 23, note: 4.3, first: "grafana",
			unmet: []string{"dockerisation", "logs_all", "stacktraces", "grafana", "metrics_all", "gauge", "sums", "metrics_other", "zipkin", "zipkin_compare", "doc_apm", "approach", "choices", "other_bonus"}},
		{name: "refused-en", rubric: englishRubric, report: "fr-complete.md",
			ev:  Evidence{Refused: hostileRefusals[:1]},
			met: 5, max: 5, note: 3.5,
			skipped: []string{"traces_jaeger", "service_jaeger", "span_postgresql", "collector_traces", "prometheus_scrape", "postgresql_metrics", "on_time"}},
	}
}

// observability is the course's table for its observability lab, in its
// base/complementary scheme (testdata/rubric-observability.yaml).
func observability() *Rubric {
	r, err := LoadRubric(filepath.Join("testdata", "rubric-observability.yaml"))
	if err != nil {
		panic(err)
	}
	return r
}

var hostileRefusals = []policy.Refusal{
	{File: "compose.yml", Key: "services.backend.volumes[1]", Asked: "/var/run/docker.sock:/var/run/docker.sock", Reason: policy.DockerSocket},
	{File: "compose.yml", Key: "services.backend.network_mode", Asked: "host", Reason: policy.HostNamespace},
	{File: "compose.yml", Key: "services.jaeger.env_file[0]", Asked: "/home/teacher/`x`.env", Reason: policy.Outside},
}

func englishRubric() *Rubric {
	r := DefaultRubric()
	r.Lang, r.Title = "en", "Evaluation"
	return r
}

func (c gradeCase) grade(t *testing.T) (*Rubric, *Result) {
	t.Helper()
	r := DefaultRubric()
	if c.rubric != nil {
		r = c.rubric()
	}
	ev := c.ev
	if c.report != "" {
		ev.Report = readReport(t, c.report)
	}
	res := Grade(r, c.name, "submissions/"+c.name, ev)
	res.GradedAt = gradedAt
	return r, res
}

func TestGrade(t *testing.T) {
	for _, c := range gradeCases() {
		t.Run(c.name, func(t *testing.T) {
			_, res := c.grade(t)
			if res.Met != c.met || res.Max != c.max || res.Note != c.note || res.FirstFailure != c.first {
				t.Errorf("met %d/%d note %g first %q; want %d/%d %g %q", res.Met, res.Max, res.Note, res.FirstFailure, c.met, c.max, c.note, c.first)
			}
			var unmet, skipped []string
			for _, cr := range res.Criteria {
				switch {
				case !cr.Checked:
					skipped = append(skipped, cr.ID)
				case !cr.Met:
					unmet = append(unmet, cr.ID)
				}
				if cr.Evidence == "" || strings.Contains(cr.Evidence, "\n") {
					t.Errorf("%s: evidence %q", cr.ID, cr.Evidence)
				}
			}
			if strings.Join(unmet, ",") != strings.Join(c.unmet, ",") {
				t.Errorf("unmet = %v, want %v", unmet, c.unmet)
			}
			if strings.Join(skipped, ",") != strings.Join(c.skipped, ",") {
				t.Errorf("not checked = %v, want %v", skipped, c.skipped)
			}
		})
	}
}

func criterion(res *Result, id string) CriterionResult {
	for _, c := range res.Criteria {
		if c.ID == id {
			return c
		}
	}
	return CriterionResult{}
}

func TestGradeEvidence(t *testing.T) {
	cs := gradeCases()
	_, broken := cs[1].grade(t)
	for id, want := range map[string]string{
		"collector_traces":   "collector_pipeline failed: the Collector's exporter otlp/jaeger sends to jaeger:14250",
		"postgresql_metrics": "postgresql_commits skipped: no postgresql receiver in the Collector's config",
		"traces_jaeger":      "http_server_span: trace 4bf92f3577b34da6a3ce929d0e0e4736",
		"mr_link":            "report.md: links to https://gitlab.com/cdupont/dop-python but not to a merge request",
		"total":              "report.md:7: the Total says estimated 2h",
		"on_time":            "after the deadline 2026-12-01T23:59:00+01:00 (26h0m0s late)",
	} {
		if got := criterion(broken, id).Evidence; !strings.Contains(got, want) {
			t.Errorf("%s: evidence %q, want %q", id, got, want)
		}
	}
	if c := criterion(broken, "total"); c.File != "report.md" || c.Line != 7 || c.Proof != "report total_matches" {
		t.Errorf("total: %+v", c)
	}
	_, ok := cs[0].grade(t)
	if got := criterion(ok, "postgresql_metrics").Evidence; got != "postgresql_commits: postgresql_commits_total 40 → 42; postgresql_rows: postgresql_rows: 7 series, 12 rows" {
		t.Errorf("two checks: %q", got)
	}
	if got := criterion(ok, "mr_link").Evidence; !strings.Contains(got, `report.md:16: merge request amartin/dop-python!4 on gitlab.com ("La MR de mon projet`) {
		t.Errorf("mr_link: %q", got)
	}
	// A check verify did not run is not met, and says so.
	res := Grade(DefaultRubric(), "x", ".", Evidence{Checks: map[string]CheckEvidence{}})
	if got := criterion(res, "traces_jaeger"); got.Met || !got.Checked || got.Evidence != "http_server_span: verify did not run this check" {
		t.Errorf("missing check: %+v", got)
	}
	// No report analysis at all: report criteria not checked.
	if got := criterion(res, "mr_link"); got.Checked {
		t.Errorf("report not analysed but checked: %+v", got)
	}
}

func TestFromVerify(t *testing.T) {
	if FromVerify(nil) != nil {
		t.Error("FromVerify(nil) is not nil")
	}
	m := FromVerify(verifyResult(brokenCollector))
	if len(m) != 8 {
		t.Fatalf("%d checks", len(m))
	}
	if c := m["collector_pipeline"]; c.Status != "fail" || !strings.HasPrefix(c.Diagnosis, "the Collector's exporter") || c.Evidence != "accepted 18, sent 0 via otlp/jaeger, 18 failed" {
		t.Errorf("collector_pipeline: %+v", c)
	}
	if c := m["prometheus_scrape"]; c.Status != "skip" {
		t.Errorf("prometheus_scrape: %+v", c)
	}
}

func TestChecklistGolden(t *testing.T) {
	for _, c := range gradeCases() {
		t.Run(c.name, func(t *testing.T) {
			r, res := c.grade(t)
			var b bytes.Buffer
			if err := WriteChecklist(&b, "", r, res); err != nil {
				t.Fatal(err)
			}
			testutil.Golden(t, filepath.Join("testdata", "checklist-"+c.name+".golden.md"), b.Bytes())
			out := b.String()
			// The course's format: main criteria in bold, secondary in italics, ticked when met.
			table := "| " + printer(r.Lang).Sprintf("grade.NoteCol")
			if r.Scheme != nil {
				table = printer(r.Lang).Sprintf("course.calc", "", "", "")[:6] // the computation instead
			}
			if !strings.Contains(out, "\n- [") || !strings.Contains(out, table) {
				t.Errorf("not the course's format:\n%s", out)
			}
			for _, cr := range res.Criteria {
				box := "- [ ] "
				if cr.Met {
					box = "- [x] "
				}
				mark := "_"
				if cr.Main {
					mark = "**"
				}
				if !strings.Contains(out, box+mark+mdEscape(cr.Text)+mark+"\n") {
					t.Errorf("%s is not written %s%s…%s", cr.ID, box, mark, mark)
				}
			}
		})
	}
}

func TestMDEscape(t *testing.T) {
	for in, want := range map[string]string{
		"http_server_span":           "http_server_span",
		"les métriques postgresql_*": `les métriques postgresql\_\*`,
		"_italique_ et **gras**":     `\_italique\_ et \*\*gras\*\*`,
		"| **Total** | **4h** |":     `| \*\*Total\*\* | \*\*4h\*\* |`,
	} {
		if got := mdEscape(in); got != want {
			t.Errorf("mdEscape(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestChecklistError(t *testing.T) {
	res := Grade(DefaultRubric(), "alice", ".", Evidence{NoStack: true})
	res.Error = "interrupted: context canceled"
	var b bytes.Buffer
	if err := WriteChecklist(&b, "", nil, res); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "**Évaluation incomplète** : « interrupted: context canceled »") {
		t.Errorf("no error line:\n%s", b.String())
	}
}

// A long diagnosis is shortened inside its French quote, which still closes.
func TestLongQuotedEvidenceCloses(t *testing.T) {
	long := strings.Repeat("the traced requests have no PostgreSQL client span ", 10)
	res := Grade(DefaultRubric(), "x", ".", Evidence{Checks: FromVerify(verifyResult(func(r *checks.Result) {
		o := outcome(r, "http_server_span")
		o.Status, o.Diagnosis = checks.Fail, long
	}))})
	var b strings.Builder
	if err := WriteChecklist(&b, "", DefaultRubric(), res); err != nil {
		t.Fatal(err)
	}
	i := strings.Index(b.String(), "http_server_span en échec")
	if i < 0 {
		t.Fatalf("no evidence line:\n%s", b.String())
	}
	got, _, _ := strings.Cut(b.String()[i:], "\n")
	if !strings.HasSuffix(got, "… »") || strings.Count(got, "«") != 1 {
		t.Errorf("French evidence = %q", got)
	}
	if en := criterion(res, "traces_jaeger").Evidence; len([]rune(en)) != 300 || !strings.HasSuffix(en, "…") {
		t.Errorf("English evidence = %q", en)
	}
}
