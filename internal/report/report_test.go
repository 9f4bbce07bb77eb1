package report

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/labctl/labctl/internal/checks"
	"github.com/labctl/labctl/internal/config"
	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
	"github.com/labctl/labctl/internal/render"
	"github.com/labctl/labctl/internal/tasks"
	"github.com/labctl/labctl/templates"

	"github.com/labctl/labctl/internal/testutil"
)

var now = time.Date(2026, 11, 26, 11, 20, 0, 0, time.FixedZone("CET", 3600))

// labctlLab is labctl's default lab as render.Describe describes it (its
// services, their names, its exporter to Jaeger), with the Collector's and
// Prometheus's configurations of testdata standing for the files render
// wrote into .labctl.
func labctlLab(t *testing.T, g rendered) *model.Lab {
	t.Helper()
	cfg := config.Default()
	l := &model.Lab{
		Origin: model.OriginRendered, Source: "labctl's defaults", Project: cfg.Project,
		Topology: cfg.Topology, ServiceName: cfg.ServiceName, Jaeger: cfg.Jaeger,
		Backend:  model.Backend{ServiceName: cfg.ServiceName},
		Exporter: "otlp_grpc/jaeger", CollectorJob: "otel-collector",
	}
	for _, s := range []struct {
		name string
		role model.Role
	}{{"jaeger", model.RoleJaeger}, {"collector", model.RoleCollector}, {"postgres", model.RolePostgres}, {"prometheus", model.RolePrometheus}, {"backend", model.RoleBackend}} {
		l.Services = append(l.Services, model.Service{Name: s.name, Role: s.role, Container: cfg.Project + "-" + s.name, Aliases: []string{s.name}})
	}
	if g.Collector != nil {
		c := *g.Collector
		c.File = ".labctl/otelcol.yaml"
		l.Collector = &c
	}
	if g.Prometheus != nil {
		p := *g.Prometheus
		p.File = ".labctl/prometheus.yml"
		l.Prometheus = &p
	}
	return l
}

// fixture is the report input built from testdata: the lab's default
// config, the collector topology, and the given verify result.
func fixture(t *testing.T, lang Lang, withVerify bool) Input {
	t.Helper()
	g, err := ReadGenerated("testdata")
	if err != nil {
		t.Fatal(err)
	}
	r := readRendered(t, "testdata")
	tf, err := tasks.Load(filepath.Join("testdata", "tasks.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	in := Input{
		Lang: lang, Now: now, Lab: labctlLab(t, r), Tasks: tf.Tasks,
		Secrets: r.Secrets, Dir: ".labctl", Template: templates.ReportTemplate,
		MRURL: "https://gitlab.com/etudiant/dop-python/-/merge_requests/3",
	}
	if withVerify {
		in.Verify = g.Verify
	}
	return in
}

func TestBuildGolden(t *testing.T) {
	tests := []struct {
		name   string
		lang   Lang
		verify bool
		edit   func(*Input)
	}{
		{"en", English, true, nil},
		{"fr", French, true, nil},
		{"en-noverify", English, false, nil},
		{"fr-noverify", French, false, nil},
		{"fr-direct-v1", French, false, func(in *Input) {
			in.Lab.Topology, in.Lab.Jaeger = model.TopologyDirect, model.JaegerV1
			in.MRURL = ""
		}},
		{"en-norender-notasks", English, false, func(in *Input) {
			in.Lab.Collector, in.Lab.Prometheus, in.Tasks, in.MRURL = nil, nil, nil, ""
		}},
		{"en-scenario", English, true, func(in *Input) { in.Scenario = loadScenario(t, "testdata") }},
		{"fr-scenario", French, true, func(in *Input) { in.Scenario = loadScenario(t, "testdata") }},
		{"en-scenario-defect", English, false, func(in *Input) { in.Scenario = loadScenario(t, "testdata/scenario-defect") }},
		{"fr-scenario-defect", French, false, func(in *Input) { in.Scenario = loadScenario(t, "testdata/scenario-defect") }},
		{"en-diagnosis", English, true, func(in *Input) { walkDiagnosis(t, in) }},
		{"fr-diagnosis", French, true, func(in *Input) { walkDiagnosis(t, in) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := fixture(t, tt.lang, tt.verify)
			if tt.edit != nil {
				tt.edit(&in)
			}
			got, err := Build(in)
			if err != nil {
				t.Fatal(err)
			}
			again, err := Build(in)
			if err != nil || again != got {
				t.Fatalf("Build is not deterministic")
			}
			testutil.Golden(t, filepath.Join("testdata", "report-"+tt.name+".golden.md"), []byte(got+"\n"))
		})
	}
}

// walkDiagnosis makes the Collector check fail with a diagnosis of verify's
// walk, a catalog message read back from JSON as report reads verify.json:
// said in the reader's language, where a finding's text (postgresql_commits)
// is quoted in English.
func walkDiagnosis(t *testing.T, in *Input) {
	t.Helper()
	o := in.Verify.Outcome(checks.IDCollector)
	if o == nil {
		t.Fatal("no collector_pipeline in testdata/verify.json")
	}
	ev := msg.New("check.collector_pipeline.counts", "6", "0", "otlp_grpc/jaeger", "6")
	d := msg.New("diag.collector.export_fails", 6.0, 0.0, 6.0, 1234.0, "otlp_grpc/jaeger", "otlp_grpc/jaeger", ".labctl/otelcol.yaml", "jaeger:4317")
	o.Status, o.Evidence, o.EvidenceMsg, o.Diagnosis, o.DiagnosisMsg = checks.Fail, ev.English(), &ev, d.English(), &d
	data, err := json.Marshal(in.Verify)
	if err != nil {
		t.Fatal(err)
	}
	var back checks.Result
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	in.Verify = &back
}

func TestBuildNeverShowsSecrets(t *testing.T) {
	in := fixture(t, English, true)
	secret := in.Secrets[0]
	in.Tasks = append(in.Tasks, tasks.Task{Name: "oops", Comment: "password is " + secret})
	in.Verify.Checks[0].Evidence = "dsn postgres://postgres:" + secret + "@db"
	got, err := Build(in)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range in.Secrets {
		if strings.Contains(got, s) {
			t.Errorf("report contains secret %q", s)
		}
	}
	if !strings.Contains(got, "[secret removed]") {
		t.Error("secret was not replaced by the placeholder")
	}
}

func TestBuildErrors(t *testing.T) {
	tests := []struct {
		name string
		edit func(*Input)
		want string
	}{
		{"bad lang", func(in *Input) { in.Lang = "de" }, `unknown language "de"`},
		{"bad mr", func(in *Input) { in.MRURL = "gitlab.com/x" }, `--mr-url "gitlab.com/x" is not a link`},
		{"mr with space", func(in *Input) { in.MRURL = "https://x y" }, "is not a link"},
		{"bad template", func(in *Input) { in.Template = "{{.Nope" }, "report template"},
		{"unknown field", func(in *Input) { in.Template = "{{.Nope}}" }, "report template"},
		{"marker in comment", func(in *Input) {
			in.Tasks = []tasks.Task{{Name: "x", Comment: "<!-- labctl:end -->"}}
		}, "contains a labctl marker"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := fixture(t, English, false)
			tt.edit(&in)
			_, err := Build(in)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error = %v, want %q", err, tt.want)
			}
		})
	}
}

func TestSettingsRoundTrip(t *testing.T) {
	in := fixture(t, French, false)
	block, err := Build(in)
	if err != nil {
		t.Fatal(err)
	}
	s := ParseSettings(block)
	if s.Lang != French || s.MRURL != in.MRURL {
		t.Errorf("ParseSettings = %+v", s)
	}
	in.MRURL = ""
	block, _ = Build(in)
	if s := ParseSettings(block); s.MRURL != "" || s.Lang != French {
		t.Errorf("ParseSettings without MR = %+v", s)
	}
	// A French block written before the comment was translated still reads.
	old := "<!-- Rewritten by every `labctl report`: write your own text outside this block. Settings: --lang fr --mr-url https://gitlab.com/a/b/-/merge_requests/1 -->"
	if s := ParseSettings(old); s.Lang != French || s.MRURL != "https://gitlab.com/a/b/-/merge_requests/1" {
		t.Errorf("ParseSettings(English comment) = %+v", s)
	}
	if s := ParseSettings("no settings here"); s != (Settings{}) {
		t.Errorf("ParseSettings(none) = %+v", s)
	}
}

// rendered is what labctl's lab directory holds besides verify's and the
// scenario's results, read as labctl report reads it.
type rendered struct {
	Collector  *model.Collector
	Prometheus *model.Prometheus
	Secrets    []string
}

func readRendered(t *testing.T, dir string) rendered {
	t.Helper()
	l, err := render.DescribeRendered(config.Default(), dir)
	if err != nil {
		t.Fatal(err)
	}
	secrets, err := config.SecretValues(filepath.Join(dir, "secrets.env"))
	if err != nil {
		t.Fatal(err)
	}
	return rendered{Collector: l.Collector, Prometheus: l.Prometheus, Secrets: secrets}
}
