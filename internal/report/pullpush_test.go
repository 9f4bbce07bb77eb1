package report

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
)

// answer builds only the pull/push section and the diagram for a config
// text and topology, in labctl's lab.
func answer(t *testing.T, lang Lang, topo model.Topology, otelcol string) string {
	t.Helper()
	l := labctlLab(t, rendered{})
	l.Topology = topo
	if otelcol != "" {
		c, err := model.ParseCollector([]byte(otelcol), "otelcol.yaml", nil)
		if err != nil {
			t.Fatal(err)
		}
		l.Collector = c
	}
	l.Prometheus = &model.Prometheus{File: ".labctl/prometheus.yml", Interval: 15 * time.Second,
		Jobs: []model.ScrapeJob{{Name: "otel-collector", Targets: []string{"collector:8889"}, Interval: 15 * time.Second}}}
	l.Jaeger = model.JaegerV2
	in := Input{Lang: lang, Lab: l, Dir: ".labctl"}
	return pullPush(in, msg.For(lang)) + "\n" + mermaid(in, msg.For(lang))
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
		topo        model.Topology
		otelcol     string
		want, avoid []string
	}{
		{"lab collector", model.TopologyCollector, string(full),
			[]string{"`traces`: in push, out push → **push** end to end", "`metrics`: in pull, out pull → **pull** end to end", "every 5s",
				"collector -->|\"push OTLP (otlp_grpc/jaeger)\"| jaeger", "prometheus -.->|\"pull /metrics every 15s (prometheus)\"| collector",
				"(job `otel-collector` in `.labctl/prometheus.yml`)", `postgres[("PostgreSQL<br/>postgres")]`},
			[]string{"direct"}},
		{"traces only", model.TopologyCollector, tracesOnly,
			[]string{"exporter `debug`, pipeline `traces`: writes to the Collector's own log", "`traces`: in push, out push + local → **push** end to end", "pushes the spans on to Jaeger over OTLP.",
				"collector -->|\"push OTLP (otlp/jaeger)\"| jaeger", "(gRPC `localhost:4317`)"},
			[]string{"PostgreSQL", "**Pull**", "in batches", "-.->"}},
		{"metrics only", model.TopologyCollector, metricsOnly,
			[]string{"receiver `postgresql` → `db:5432`", "every 30s", "`metrics`: in pull, out pull", "every 15s (job `otel-collector`", `postgres[("PostgreSQL<br/>db:5432")]`},
			[]string{"**Push** —", "collector -->|"}},
		{"direct", model.TopologyDirect, string(full),
			[]string{"the backend `backend-service` pushes its spans straight to Jaeger", "pipeline `traces`: unused in the `direct` topology", "backend -->|\"push OTLP\"| jaeger", "nothing arrives here"},
			[]string{"| collector\n    collector -->", "backend -->|\"push OTLP (otlp)\"| collector", "collector -->|\"push OTLP", "→ **push** end to end"}},
		{"not rendered", model.TopologyCollector, "",
			[]string{"`.labctl/otelcol.yaml` has not been generated yet: run `labctl render`"},
			[]string{"In short"}},
		{"no pipelines", model.TopologyCollector, "receivers:\n  otlp:\n",
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
	got := answer(t, French, model.TopologyCollector, string(full))
	for _, w := range []string{"pipeline `traces` : entrée en push, sortie en push → **push** de bout en bout", "toutes les 5s", "Prometheus vient le lire"} {
		if !strings.Contains(got, w) {
			t.Errorf("French answer lacks %q:\n%s", w, got)
		}
	}
}

func TestDurationAsWritten(t *testing.T) {
	for d, want := range map[time.Duration]string{
		5 * time.Second: "5s", time.Minute: "1m", 90 * time.Second: "1m30s", time.Hour: "1h",
		90 * time.Minute: "1h30m", 500 * time.Millisecond: "500ms", 0: "",
	} {
		if got := duration(d); got != want {
			t.Errorf("duration(%v) = %q, want %q", d, got, want)
		}
	}
}
