package report

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
	"github.com/labctl/labctl/templates"

	"github.com/labctl/labctl/internal/testutil"
)

// courseLab is a student's Compose project as discovery describes it: the
// course's service names, and the Collector's and Prometheus's own
// configurations as copied out of their containers.
func courseLab(t *testing.T) *model.Lab {
	t.Helper()
	read := func(name string) []byte {
		data, err := os.ReadFile(filepath.Join("..", "discover", "testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	col, err := model.ParseCollector(read("course-otelcol.yaml"), "otel-collector-config.yaml", map[string]string{"POSTGRES_PASSWORD": "s3cret-pw"})
	if err != nil {
		t.Fatal(err)
	}
	prom, err := model.ParsePrometheus(read("course-prometheus.yml"), "prometheus.yml")
	if err != nil {
		t.Fatal(err)
	}
	l := &model.Lab{
		Origin: model.OriginDiscovered, Source: "docker-compose.yml (project dop)", Project: "dop",
		Topology: model.TopologyCollector, ServiceName: "backend-service",
		Backend:    model.Backend{OTLPEndpoint: "http://otel-collector:4317", ServiceName: "backend-service"},
		Collector:  col,
		Prometheus: prom,
		Exporter:   "otlp/jaeger", CollectorJob: "otel-collector",
	}
	for _, s := range []struct {
		name, image string
		role        model.Role
	}{
		{"backend", "dop-backend", model.RoleBackend},
		{"database", "postgres:16", model.RolePostgres},
		{"jaeger", "jaegertracing/all-in-one:1.57", model.RoleJaeger},
		{"otel-collector", "otel/opentelemetry-collector-contrib:0.145.0", model.RoleCollector},
		{"prometheus", "prom/prometheus:v3.5.0", model.RolePrometheus},
	} {
		l.Services = append(l.Services, model.Service{Name: s.name, Role: s.role, Image: s.image,
			Container: "dop-" + s.name + "-1", Aliases: []string{s.name}, Running: true})
	}
	l.Jaeger = model.JaegerV1 // discovery reads it from the Jaeger image
	l.Complete()
	return l
}

// TestReportOfDiscoveredLab: the diagram and the pull/push answer describe
// the student's own pipeline, with their service and exporter names.
func TestReportOfDiscoveredLab(t *testing.T) {
	common := []string{
		`collector["OpenTelemetry Collector<br/>otel-collector"]`,
		`jaeger["Jaeger v1 all-in-one<br/>jaeger"]`,
		`postgres[("PostgreSQL<br/>database")]`,
		`prometheus["Prometheus<br/>prometheus"]`,
		`backend -->|"push OTLP (otlp)"| collector`,
		`collector -->|"push OTLP (otlp/jaeger)"| jaeger`,
		"exporter `otlp/jaeger` → `jaeger:4317`",
		"receiver `postgresql` → `database:5432`",
	}
	for _, tt := range []struct {
		lang        Lang
		want, avoid []string
	}{
		{English, []string{
			`collector -.->|"pull every 10s (postgresql)"| postgres`,
			`prometheus -.->|"pull /metrics every 5s (prometheus)"| collector`,
			"Derived from the configuration of your Collector `otel-collector` (`otel-collector-config.yaml`) in docker-compose.yml (project dop), topology `collector`:",
			"the Collector pushes the spans on to Jaeger over OTLP, in batches",
			"Prometheus scrapes it every 5s (job `otel-collector` in `prometheus.yml`)",
		}, []string{"labctl generated", ".labctl/"}},
		{French, []string{
			`collector -.->|"pull toutes les 10s (postgresql)"| postgres`,
			`prometheus -.->|"pull /metrics toutes les 5s (prometheus)"| collector`,
			"D'après la configuration de votre Collector `otel-collector` (`otel-collector-config.yaml`) dans docker-compose.yml (project dop), topologie `collector` :",
			"le Collector pousse les spans vers Jaeger en OTLP, par lots",
			"toutes les 5s (job `otel-collector` de `prometheus.yml`)",
		}, []string{"générée par labctl", ".labctl/"}},
	} {
		t.Run(string(tt.lang), func(t *testing.T) {
			in := Input{Lang: tt.lang, Now: now, Lab: courseLab(t), Template: templates.ReportTemplate}
			tl := msg.For(tt.lang)
			diagram, answer := mermaid(in, tl), pullPush(in, tl)
			for _, part := range []struct{ name, text string }{{"diagram", diagram}, {"answer", answer}} {
				for _, w := range []string{"otel-collector", "otlp/jaeger"} {
					if !strings.Contains(part.text, w) {
						t.Errorf("the %s does not name %q:\n%s", part.name, w, part.text)
					}
				}
			}
			block, err := Build(in)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range append(append([]string{}, common...), tt.want...) {
				if !strings.Contains(block, w) {
					t.Errorf("report lacks %q:\n%s", w, block)
				}
			}
			for _, a := range append(tt.avoid, "s3cret-pw") {
				if strings.Contains(block, a) {
					t.Errorf("report contains %q:\n%s", a, block)
				}
			}
			if tt.lang == French {
				testutil.Golden(t, filepath.Join("testdata", "report-fr-discovered.golden.md"), []byte(block+"\n"))
			}
		})
	}
}

// The exporter to Jaeger is known by where it sends, not by its name.
func TestDiscoveredJaegerExporterByEndpoint(t *testing.T) {
	l := courseLab(t)
	l.Exporter = ""
	in := Input{Lang: English, Lab: l}
	if got := mermaid(in, msg.For(English)); !strings.Contains(got, `collector -->|"push OTLP (otlp/jaeger)"| jaeger`) {
		t.Errorf("otlp/jaeger is not drawn to Jaeger:\n%s", got)
	}
	// The course's classic mistake: the exporter named otlp/jaeger sends to
	// localhost, the Collector's own container.
	l.Exporter = "otlp/jaeger"
	exp := l.Collector.Component("exporter", "otlp/jaeger")
	exp.Endpoints = []string{"localhost:4317"}
	got := mermaid(in, msg.For(English)) + pullPush(in, msg.For(English))
	for _, w := range []string{`c_otlp_jaeger["localhost:4317"]`, `collector -->|"push (otlp/jaeger)"| c_otlp_jaeger`, "the Collector pushes the data on to `localhost:4317`, in batches"} {
		if !strings.Contains(got, w) {
			t.Errorf("an exporter to localhost: lacks %q:\n%s", w, got)
		}
	}
	if strings.Contains(got, "| jaeger") || strings.Contains(got, "on to Jaeger") {
		t.Errorf("an exporter to localhost is drawn to Jaeger:\n%s", got)
	}
}

func TestDiscoveredLabWithoutCollector(t *testing.T) {
	l := courseLab(t)
	l.Collector, l.Topology = nil, model.TopologyDirect
	l.Services = append(l.Services[:3], l.Services[4:]...)
	for lang, want := range map[Lang]string{
		English: "docker-compose.yml (project dop) has no OpenTelemetry Collector service",
		French:  "docker-compose.yml (project dop) n'a aucun service OpenTelemetry Collector",
	} {
		got := pullPush(Input{Lang: lang, Lab: l, Dir: ".labctl"}, msg.For(lang))
		if !strings.Contains(got, want) || strings.Contains(got, "labctl render") {
			t.Errorf("%s answer without a Collector:\n%s", lang, got)
		}
	}
	in := Input{Lang: English, Lab: l, Verify: fixture(t, English, true).Verify}
	if got := verifySection(in, msg.For(English)); !strings.Contains(got, "but docker-compose.yml (project dop) now says `direct`") {
		t.Errorf("topology note does not name the project:\n%s", got)
	}
}
