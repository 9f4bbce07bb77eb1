package report

import (
	"os"
	"strings"
	"testing"

	"github.com/labctl/labctl/internal/lab"
)

func TestParseCollector(t *testing.T) {
	data, err := os.ReadFile("testdata/otelcol.yaml")
	if err != nil {
		t.Fatal(err)
	}
	c, err := ParseCollector(data, "otelcol.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Pipelines) != 2 || c.Pipelines[0].Name != "traces" {
		t.Fatalf("pipelines = %+v (traces first)", c.Pipelines)
	}
	got := map[string]Component{}
	for _, comp := range append(c.Receivers, c.Exporters...) {
		got[comp.Kind+" "+comp.ID] = comp
	}
	want := map[string]Mode{
		"receiver otlp":             ModePushIn,
		"receiver postgresql":       ModePull,
		"exporter otlp_grpc/jaeger": ModePushOut,
		"exporter prometheus":       ModePulled,
	}
	for id, mode := range want {
		if got[id].Mode != mode {
			t.Errorf("%s: mode %q, want %q", id, got[id].Mode, mode)
		}
	}
	if pg := got["receiver postgresql"]; pg.Interval != "5s" || pg.IntervalDefault || pg.Endpoints[0] != "postgres:5432" {
		t.Errorf("postgresql = %+v", pg)
	}
	if c.SelfMetrics != "0.0.0.0:8888" {
		t.Errorf("SelfMetrics = %q", c.SelfMetrics)
	}
}

func TestClassifyByType(t *testing.T) {
	tests := []struct {
		kind, id string
		cfg      map[string]any
		mode     Mode
		interval string
	}{
		{"receiver", "otlp", nil, ModePushIn, ""},
		{"receiver", "otlp/2", nil, ModePushIn, ""},
		{"receiver", "postgresql", nil, ModePull, "10s"},
		{"receiver", "postgresql/replica", map[string]any{"collection_interval": "30s"}, ModePull, "30s"},
		{"receiver", "prometheus", map[string]any{"config": map[string]any{"scrape_configs": []any{map[string]any{"scrape_interval": "15s"}}}}, ModePull, "15s"},
		{"receiver", "prometheus/self", nil, ModePull, "1m"},
		{"receiver", "somescraper", map[string]any{"collection_interval": "2m"}, ModePull, "2m"},
		{"receiver", "kafka", nil, ModeUnknown, ""},
		{"exporter", "otlp", nil, ModePushOut, ""},
		{"exporter", "otlp_grpc/jaeger", nil, ModePushOut, ""},
		{"exporter", "otlphttp/x", nil, ModePushOut, ""},
		{"exporter", "otlp_http", nil, ModePushOut, ""},
		{"exporter", "prometheus", nil, ModePulled, ""},
		{"exporter", "debug", nil, ModeLocal, ""},
		{"exporter", "kafka", nil, ModeUnknown, ""},
	}
	for _, tt := range tests {
		c := classify(tt.kind, tt.id, tt.cfg)
		if c.Mode != tt.mode || c.Interval != tt.interval {
			t.Errorf("classify(%s %s) = %s every %q, want %s every %q", tt.kind, tt.id, c.Mode, c.Interval, tt.mode, tt.interval)
		}
	}
}

func TestCleanEndpointDropsCredentials(t *testing.T) {
	for in, want := range map[string]string{
		"postgres:5432":                    "postgres:5432",
		"otel:s3cret@postgres:5432":        "postgres:5432",
		"https://user:s3cret@tempo:4318/x": "https://tempo:4318/x",
		"":                                 "",
	} {
		if got := cleanEndpoint(in); got != want {
			t.Errorf("cleanEndpoint(%q) = %q, want %q", in, got, want)
		}
	}
}

// answer builds only the pull/push section for a config text and topology.
func answer(t *testing.T, lang Lang, topo lab.Topology, otelcol string) string {
	t.Helper()
	in := Input{Lang: lang, Lab: Lab{ServiceName: "backend-service", Topology: topo, Jaeger: lab.JaegerV2}, Dir: ".labctl"}
	if otelcol != "" {
		c, err := ParseCollector([]byte(otelcol), "otelcol.yaml")
		if err != nil {
			t.Fatal(err)
		}
		in.Collector = c
	}
	in.Scrapes = &Scrapes{Global: "15s", Jobs: []ScrapeJob{{Name: "otel-collector", Targets: []string{"collector:8889"}}}}
	return pullPush(in, labelsFor(lang)) + "\n" + mermaid(in, labelsFor(lang))
}

const tracesOnly = `
receivers:
  otlp:
    protocols:
      grpc:
exporters:
  otlp/jaeger:
    endpoint: jaeger:4317
  debug: {}
service:
  pipelines:
    traces:
      receivers: [otlp]
      exporters: [otlp/jaeger, debug]
`

func TestPullPushFollowsConfig(t *testing.T) {
	full, err := os.ReadFile("testdata/otelcol.yaml")
	if err != nil {
		t.Fatal(err)
	}
	metricsOnly := `
receivers:
  postgresql:
    endpoint: db:5432
    collection_interval: 30s
exporters:
  prometheus:
    endpoint: 0.0.0.0:8889
service:
  pipelines:
    metrics:
      receivers: [postgresql]
      exporters: [prometheus]
`
	tests := []struct {
		name        string
		topo        lab.Topology
		otelcol     string
		want, avoid []string
	}{
		{"lab collector", lab.TopologyCollector, string(full),
			[]string{"`traces`: in push, out push → **push** end to end", "`metrics`: in pull, out pull → **pull** end to end", "every 5s", "collector -->|\"push OTLP\"| jaeger", "prometheus -.->|\"pull /metrics every 15s\"| collector"},
			[]string{"direct"}},
		{"traces only", lab.TopologyCollector, tracesOnly,
			[]string{"exporter `debug`, pipeline `traces`: writes to the Collector's own log", "`traces`: in push, out push + local → **push** end to end", "pushes the spans on to Jaeger over OTLP."},
			[]string{"PostgreSQL", "**Pull**", "in batches", "-.->"}},
		{"metrics only", lab.TopologyCollector, metricsOnly,
			[]string{"receiver `postgresql` → `db:5432`", "every 30s", "`metrics`: in pull, out pull", "every 15s (job `otel-collector`"},
			[]string{"**Push** —", "collector -->|"}},
		{"direct", lab.TopologyDirect, string(full),
			[]string{"the backend `backend-service` pushes its spans straight to Jaeger", "pipeline `traces`: unused in the `direct` topology", "backend -->|\"push OTLP\"| jaeger", "nothing arrives here"},
			[]string{"backend -->|\"push OTLP\"| collector", "collector -->|\"push OTLP\"| jaeger", "→ **push** end to end"}},
		{"not rendered", lab.TopologyCollector, "",
			[]string{"`.labctl/otelcol.yaml` has not been generated yet: run `labctl render`"},
			[]string{"In short"}},
		{"no pipelines", lab.TopologyCollector, "receivers:\n  otlp:\n",
			[]string{"has no pipeline"}, nil},
	}
	seen := map[string]string{}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := answer(t, English, tt.topo, tt.otelcol)
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("answer lacks %q:\n%s", w, got)
				}
			}
			for _, a := range tt.avoid {
				if strings.Contains(got, a) {
					t.Errorf("answer should not contain %q:\n%s", a, got)
				}
			}
			for name, other := range seen {
				if other == got {
					t.Errorf("answer for %q is the same as for %q", tt.name, name)
				}
			}
			seen[tt.name] = got
		})
	}
}

func TestPullPushFrench(t *testing.T) {
	full, _ := os.ReadFile("testdata/otelcol.yaml")
	got := answer(t, French, lab.TopologyCollector, string(full))
	for _, w := range []string{"pipeline `traces` : entrée en push, sortie en push → **push** de bout en bout", "toutes les 5s", "Prometheus vient le lire"} {
		if !strings.Contains(got, w) {
			t.Errorf("French answer lacks %q:\n%s", w, got)
		}
	}
}

func TestParseCollectorErrors(t *testing.T) {
	for _, in := range []string{"receivers: [\n", "service:\n  pipelines: [a]\n", "service:\n  pipelines:\n    traces:\n      receivers: 3\n"} {
		if _, err := ParseCollector([]byte(in), "otelcol.yaml"); err == nil || !strings.Contains(err.Error(), "labctl render") {
			t.Errorf("ParseCollector(%q) error = %v", in, err)
		}
	}
}
