package model

import (
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"
)

const (
	course      = "testdata/course.yaml"
	courseBonus = "testdata/course-bonus.yaml"
	generated   = "testdata/labctl-otelcol.yaml"
	// password is what POSTGRES_PASSWORD holds: it must appear nowhere in
	// a parsed configuration.
	password = "s3cr3t-Pa55"
)

var labEnv = map[string]string{"POSTGRES_PASSWORD": password, "POSTGRES_USER": "postgres"}

func readTestdata(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// edit replaces old by new in s, once, and fails when old is absent.
func edit(t *testing.T, s string, pairs ...string) string {
	t.Helper()
	for i := 0; i+1 < len(pairs); i += 2 {
		if !strings.Contains(s, pairs[i]) {
			t.Fatalf("edit: %q not in the config", pairs[i])
		}
		s = strings.Replace(s, pairs[i], pairs[i+1], 1)
	}
	return s
}

func must[T any](t *testing.T, v *T, what string) *T {
	t.Helper()
	if v == nil {
		t.Fatalf("%s: missing", what)
	}
	return v
}

func eq[T any](t *testing.T, what string, got, want T) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s = %#v, want %#v", what, got, want)
	}
}

// at checks that a component's setting is located at line, with its full key.
func at(t *testing.T, c *Component, path string, line int) {
	t.Helper()
	prefix := c.Kind + "s."
	if strings.HasPrefix(c.At.Key, "connectors.") {
		prefix = "connectors."
	}
	want := Fact{File: c.At.File, Line: line, Key: prefix + c.ID + "." + path}
	if got, ok := c.Keys[path]; !ok || got != want {
		t.Errorf("%s %s: Keys[%q] = %+v (present %v), want %+v", c.Kind, c.ID, path, got, ok, want)
	}
}

func TestParseCollector(t *testing.T) {
	courseText := readTestdata(t, course)
	bonusText := readTestdata(t, courseBonus)
	tests := []struct {
		name   string
		config string
		env    map[string]string
		check  func(t *testing.T, c *Collector)
	}{
		{"course text", courseText, nil, func(t *testing.T, c *Collector) {
			eq(t, "File", c.File, "otel-collector-config.yaml")
			eq(t, "Pipelines", c.Pipelines, []Pipeline{{
				Name: "traces", Receivers: []string{"otlp"}, Processors: []string{"batch"}, Exporters: []string{"otlp/jaeger"},
				At: Fact{File: "otel-collector-config.yaml", Line: 18, Key: "service.pipelines.traces"},
				Lists: map[string]Fact{
					"receivers":  {File: "otel-collector-config.yaml", Line: 19, Key: "service.pipelines.traces.receivers"},
					"processors": {File: "otel-collector-config.yaml", Line: 20, Key: "service.pipelines.traces.processors"},
					"exporters":  {File: "otel-collector-config.yaml", Line: 21, Key: "service.pipelines.traces.exporters"},
				},
			}})
			eq(t, "Defined", c.Defined, []string{"receivers/otlp", "processors/batch", "exporters/otlp/jaeger"})
			r := must(t, c.Component("receiver", "otlp"), "receiver otlp")
			eq(t, "otlp.Mode", r.Mode, ModePushIn)
			eq(t, "otlp.At", r.At, Fact{File: "otel-collector-config.yaml", Line: 2, Key: "receivers.otlp"})
			eq(t, "otlp.Listen", r.Listen, map[string]string{"grpc": "localhost:4317", "http": "localhost:4318"})
			eq(t, "otlp.ListenDefault", r.ListenDefault, map[string]bool{"grpc": true, "http": true})
			eq(t, "otlp.Endpoints", r.Endpoints, []string{"gRPC localhost:4317", "HTTP localhost:4318"})
			eq(t, "otlp.Pipelines", r.Pipelines, []string{"traces"})
			at(t, r, "protocols", 3)
			at(t, r, "protocols.grpc", 4)
			at(t, r, "protocols.http", 5)
			eq(t, "len(otlp.Keys)", len(r.Keys), 3)
			e := must(t, c.Component("exporter", "otlp/jaeger"), "exporter otlp/jaeger")
			eq(t, "jaeger.Type", e.Type, "otlp")
			eq(t, "jaeger.Mode", e.Mode, ModePushOut)
			eq(t, "jaeger.At", e.At, Fact{File: "otel-collector-config.yaml", Line: 11, Key: "exporters.otlp/jaeger"})
			eq(t, "jaeger.Endpoints", e.Endpoints, []string{"jaeger:4317"})
			eq(t, "jaeger.TLSSet/Insecure", [2]bool{e.TLSSet, e.Insecure}, [2]bool{true, true})
			at(t, e, "endpoint", 12)
			at(t, e, "tls", 13)
			at(t, e, "tls.insecure", 14)
			eq(t, "BatchTimeout", c.BatchTimeout, 200*time.Millisecond)
			eq(t, "SelfMetrics", c.SelfMetrics, "localhost:8888")
			eq(t, "SelfMetricsDefault", c.SelfMetricsDefault, true)
		}},
		{"course text with the bonus", bonusText, labEnv, func(t *testing.T, c *Collector) {
			eq(t, "pipelines", []string{c.Pipelines[0].Name, c.Pipelines[1].Name}, []string{"traces", "metrics"})
			eq(t, "metrics.At.Line", c.Pipelines[1].At.Line, 35)
			pg := must(t, c.Component("receiver", "postgresql"), "receiver postgresql")
			eq(t, "pg.Mode", pg.Mode, ModePull)
			eq(t, "pg.Interval", pg.Interval, "10s")
			eq(t, "pg.IntervalDefault", pg.IntervalDefault, true)
			eq(t, "pg.Username", pg.Username, "postgres")
			eq(t, "pg.Endpoints", pg.Endpoints, []string{"database:5432"})
			eq(t, "pg.TLSSet/Insecure", [2]bool{pg.TLSSet, pg.Insecure}, [2]bool{true, true})
			eq(t, "pg.At.Line", pg.At.Line, 7)
			eq(t, "pg.Pipelines", pg.Pipelines, []string{"metrics"})
			at(t, pg, "username", 10)
			at(t, pg, "password", 11) // where it is, never what it is
			at(t, pg, "databases", 12)
			at(t, pg, "tls.insecure", 15)
			prom := must(t, c.Component("exporter", "prometheus"), "exporter prometheus")
			eq(t, "prom.Mode", prom.Mode, ModePulled)
			eq(t, "prom.Endpoints", prom.Endpoints, []string{"0.0.0.0:8889"})
			at(t, prom, "endpoint", 27)
			eq(t, "ExportersOfType(prometheus)", len(c.ExportersOfType("prometheus")), 1)
			eq(t, "ReceiversOfType(postgresql)", len(c.ReceiversOfType("postgresql")), 1)
			var order []string
			for _, comp := range c.Ordered() {
				order = append(order, comp.Kind+" "+comp.ID)
			}
			eq(t, "Ordered", order, []string{"receiver otlp", "exporter otlp/jaeger", "receiver postgresql", "exporter prometheus"})
		}},
		{"labctl's generated config", readTestdata(t, generated), nil, func(t *testing.T, c *Collector) {
			eq(t, "traces first", c.Pipelines[0].At, Fact{File: "otel-collector-config.yaml", Line: 51, Key: "service.pipelines.traces"})
			eq(t, "then metrics", c.Pipelines[1].At.Line, 44)
			eq(t, "traces.Exporters", c.Pipelines[0].Exporters, []string{"otlp_grpc/jaeger"})
			r := must(t, c.Component("receiver", "otlp"), "receiver otlp")
			eq(t, "otlp.Listen", r.Listen, map[string]string{"grpc": "0.0.0.0:4317", "http": "0.0.0.0:4318"})
			eq(t, "otlp.ListenDefault", r.ListenDefault, map[string]bool{})
			at(t, r, "protocols.grpc.endpoint", 7)
			at(t, r, "protocols.http.endpoint", 9)
			pg := must(t, c.Component("receiver", "postgresql"), "receiver postgresql")
			eq(t, "pg.Interval", [2]any{pg.Interval, pg.IntervalDefault}, [2]any{"2s", false})
			eq(t, "pg.Username", pg.Username, "otel")
			eq(t, "pg.Endpoints", pg.Endpoints, []string{"postgres:5432"})
			at(t, pg, "collection_interval", 11)
			e := must(t, c.Component("exporter", "otlp_grpc/jaeger"), "exporter otlp_grpc/jaeger")
			eq(t, "jaeger.Mode", e.Mode, ModePushOut)
			eq(t, "jaeger.At.Line", e.At.Line, 23)
			eq(t, "Defined", c.Defined, []string{"receivers/otlp", "receivers/postgresql", "processors/batch", "exporters/otlp_grpc/jaeger", "exporters/prometheus"})
			eq(t, "SelfMetrics", [2]any{c.SelfMetrics, c.SelfMetricsDefault}, [2]any{"0.0.0.0:8888", false})
			eq(t, "BatchTimeout", c.BatchTimeout, 200*time.Millisecond)
		}},
		{"exporter to localhost", edit(t, courseText, "endpoint: jaeger:4317", "endpoint: localhost:4317"), nil, func(t *testing.T, c *Collector) {
			e := must(t, c.Component("exporter", "otlp/jaeger"), "exporter otlp/jaeger")
			eq(t, "Endpoints", e.Endpoints, []string{"localhost:4317"})
			at(t, e, "endpoint", 12)
		}},
		{"tls removed", edit(t, courseText, "    tls:\n      insecure: true\n", ""), nil, func(t *testing.T, c *Collector) {
			e := must(t, c.Component("exporter", "otlp/jaeger"), "exporter otlp/jaeger")
			eq(t, "TLSSet/Insecure", [2]bool{e.TLSSet, e.Insecure}, [2]bool{false, false})
			if _, ok := e.Keys["tls"]; ok {
				t.Errorf("Keys has tls: %+v", e.Keys)
			}
		}},
		{"tls without insecure", edit(t, courseText, "      insecure: true\n", "      insecure_skip_verify: true\n"), nil, func(t *testing.T, c *Collector) {
			e := must(t, c.Component("exporter", "otlp/jaeger"), "exporter otlp/jaeger")
			eq(t, "TLSSet/Insecure", [2]bool{e.TLSSet, e.Insecure}, [2]bool{true, false})
			at(t, e, "tls.insecure_skip_verify", 14)
		}},
		{"receiver on localhost", edit(t, courseText, "      grpc:\n", "      grpc:\n        endpoint: localhost:4317\n"), nil, func(t *testing.T, c *Collector) {
			r := must(t, c.Component("receiver", "otlp"), "receiver otlp")
			eq(t, "Listen", r.Listen, map[string]string{"grpc": "localhost:4317", "http": "localhost:4318"})
			eq(t, "ListenDefault", r.ListenDefault, map[string]bool{"http": true})
			at(t, r, "protocols.grpc.endpoint", 5)
			at(t, r, "protocols.http", 6)
		}},
		{"grpc only", edit(t, courseText, "      http:\n", ""), nil, func(t *testing.T, c *Collector) {
			r := must(t, c.Component("receiver", "otlp"), "receiver otlp")
			eq(t, "Listen", r.Listen, map[string]string{"grpc": "localhost:4317"})
			eq(t, "Endpoints", r.Endpoints, []string{"gRPC localhost:4317"})
		}},
		{"pipeline without the jaeger exporter", edit(t, courseText, "exporters:\n", "exporters:\n  debug:\n", "exporters: [otlp/jaeger]", "exporters: [debug]"), nil, func(t *testing.T, c *Collector) {
			if c.Component("exporter", "otlp/jaeger") != nil {
				t.Errorf("otlp/jaeger is listed though no pipeline uses it")
			}
			d := must(t, c.Component("exporter", "debug"), "exporter debug")
			eq(t, "debug.Mode", d.Mode, ModeLocal)
			eq(t, "debug.At", d.At, Fact{File: "otel-collector-config.yaml", Line: 11, Key: "exporters.debug"})
			eq(t, "Defined", c.Defined, []string{"receivers/otlp", "processors/batch", "exporters/debug", "exporters/otlp/jaeger"})
		}},
		{"pipeline names an undefined exporter", edit(t, courseText, "exporters: [otlp/jaeger]", "exporters: [otlp/jeager]"), nil, func(t *testing.T, c *Collector) {
			e := must(t, c.Component("exporter", "otlp/jeager"), "exporter otlp/jeager")
			eq(t, "At", e.At, Fact{})
			eq(t, "Keys", e.Keys, map[string]Fact(nil))
			eq(t, "Mode", e.Mode, ModePushOut)
			eq(t, "Pipelines", e.Pipelines, []string{"traces"})
			eq(t, "Defined", c.Defined, []string{"receivers/otlp", "processors/batch", "exporters/otlp/jaeger"})
		}},
		{"prometheus exporter on 127.0.0.1", edit(t, bonusText, "0.0.0.0:8889", "127.0.0.1:8889"), labEnv, func(t *testing.T, c *Collector) {
			prom := must(t, c.Component("exporter", "prometheus"), "exporter prometheus")
			eq(t, "Endpoints", prom.Endpoints, []string{"127.0.0.1:8889"})
			at(t, prom, "endpoint", 27)
		}},
		{"telemetry reader", edit(t, courseText, "service:\n", "service:\n  telemetry:\n    metrics:\n      readers:\n        - periodic:\n            exporter:\n              otlp: {}\n        - pull:\n            exporter:\n              prometheus:\n                host: 0.0.0.0\n                port: 8888\n"), nil, func(t *testing.T, c *Collector) {
			eq(t, "SelfMetrics", [2]any{c.SelfMetrics, c.SelfMetricsDefault}, [2]any{"0.0.0.0:8888", false})
			eq(t, "traces.At.Line", c.Pipelines[0].At.Line, 29)
		}},
		{"telemetry reader without pull", edit(t, courseText, "service:\n", "service:\n  telemetry:\n    metrics:\n      readers:\n        - periodic:\n            exporter:\n              otlp: {}\n"), nil, func(t *testing.T, c *Collector) {
			eq(t, "SelfMetrics", [2]any{c.SelfMetrics, c.SelfMetricsDefault}, [2]any{"", false})
		}},
		{"old metrics.address", edit(t, courseText, "service:\n", "service:\n  telemetry:\n    metrics:\n      address: 0.0.0.0:8888\n"), nil, func(t *testing.T, c *Collector) {
			eq(t, "SelfMetrics", [2]any{c.SelfMetrics, c.SelfMetricsDefault}, [2]any{"0.0.0.0:8888", false})
		}},
		{"telemetry level none", edit(t, courseText, "service:\n", "service:\n  telemetry:\n    metrics:\n      level: none\n"), nil, func(t *testing.T, c *Collector) {
			eq(t, "SelfMetrics", [2]any{c.SelfMetrics, c.SelfMetricsDefault}, [2]any{"", false})
		}},
		{"batch timeout", edit(t, courseText, "  batch:\n", "  batch/traces:\n    timeout: 5s\n", "processors: [batch]", "processors: [batch/traces]"), nil, func(t *testing.T, c *Collector) {
			eq(t, "BatchTimeout", c.BatchTimeout, 5*time.Second)
		}},
		{"no batch", edit(t, courseText, "      processors: [batch]\n", ""), nil, func(t *testing.T, c *Collector) {
			eq(t, "BatchTimeout", c.BatchTimeout, time.Duration(0))
			eq(t, "Processors", c.Pipelines[0].Processors, []string(nil))
		}},
		{"batch in the metrics pipeline only", edit(t, bonusText, "      processors: [batch]\n      exporters: [otlp/jaeger]", "      exporters: [otlp/jaeger]"), labEnv, func(t *testing.T, c *Collector) {
			eq(t, "BatchTimeout", c.BatchTimeout, time.Duration(0))
		}},
		{"env in endpoints", edit(t, courseText,
			"      grpc:\n", "      grpc:\n        endpoint: ${env:OTLP_HOST}:4317\n",
			"      http:\n", "      http:\n        endpoint: ${env:OTLP_HTTP}\n",
			"endpoint: jaeger:4317", "endpoint: ${env:JAEGER_HOST:-jaeger}:${JAEGER_PORT}"),
			map[string]string{"JAEGER_PORT": "14317"}, func(t *testing.T, c *Collector) {
				r := must(t, c.Component("receiver", "otlp"), "receiver otlp")
				// An embedded unset variable is "": all interfaces. A whole
				// value that is an unset variable is null: the default.
				eq(t, "Listen", r.Listen, map[string]string{"grpc": ":4317", "http": "localhost:4318"})
				eq(t, "ListenDefault", r.ListenDefault, map[string]bool{"http": true})
				e := must(t, c.Component("exporter", "otlp/jaeger"), "exporter otlp/jaeger")
				eq(t, "Endpoints", e.Endpoints, []string{"jaeger:14317"})
			}},
		{"credentials in an endpoint", edit(t, bonusText, "endpoint: database:5432", "endpoint: postgresql://otel:${env:POSTGRES_PASSWORD}@database:5432/lab?sslmode=disable&password=${env:POSTGRES_PASSWORD}"), labEnv, func(t *testing.T, c *Collector) {
			pg := must(t, c.Component("receiver", "postgresql"), "receiver postgresql")
			eq(t, "Endpoints", pg.Endpoints, []string{"postgresql://database:5432/lab"})
		}},
		{"connector between pipelines", `receivers:
  otlp:
    protocols:
      grpc:
connectors:
  spanmetrics:
exporters:
  prometheus:
    endpoint: 0.0.0.0:8889
service:
  pipelines:
    traces:
      receivers: [otlp]
      exporters: [spanmetrics]
    metrics:
      receivers: [spanmetrics]
      exporters: [prometheus]
`, nil, func(t *testing.T, c *Collector) {
			eq(t, "Defined", c.Defined, []string{"receivers/otlp", "exporters/prometheus", "connectors/spanmetrics"})
			e := must(t, c.Component("exporter", "spanmetrics"), "exporter spanmetrics")
			eq(t, "At", e.At, Fact{File: "otel-collector-config.yaml", Line: 6, Key: "connectors.spanmetrics"})
			r := must(t, c.Component("receiver", "spanmetrics"), "receiver spanmetrics")
			eq(t, "Pipelines", r.Pipelines, []string{"metrics"})
		}},
		{"anchors and merge keys", `x-tls: &tls
  tls:
    insecure: true
receivers:
  otlp:
    protocols:
      grpc:
exporters:
  otlp/jaeger:
    <<: *tls
    endpoint: jaeger:4317
service:
  pipelines:
    traces: {receivers: [otlp], exporters: [otlp/jaeger]}
`, nil, func(t *testing.T, c *Collector) {
			e := must(t, c.Component("exporter", "otlp/jaeger"), "exporter otlp/jaeger")
			eq(t, "TLSSet/Insecure", [2]bool{e.TLSSet, e.Insecure}, [2]bool{true, true})
			at(t, e, "tls.insecure", 3)
			at(t, e, "endpoint", 11)
		}},
		{"prometheus receiver", `receivers:
  prometheus/self:
    config:
      global:
        scrape_interval: 30s
      scrape_configs:
        - job_name: otelcol
          scrape_interval: 5s
          static_configs:
            - targets: [localhost:8888]
exporters:
  debug:
service:
  pipelines:
    metrics:
      receivers: [prometheus/self]
      exporters: [debug]
`, nil, func(t *testing.T, c *Collector) {
			r := must(t, c.Component("receiver", "prometheus/self"), "receiver prometheus/self")
			eq(t, "Mode", r.Mode, ModePull)
			eq(t, "Interval", [2]any{r.Interval, r.IntervalDefault}, [2]any{"5s", false})
			at(t, r, "config.scrape_configs[0].job_name", 7)
			at(t, r, "config.scrape_configs[0].static_configs[0].targets", 10)
			eq(t, "BatchTimeout", c.BatchTimeout, time.Duration(0))
		}},
		{"one component in two pipelines", edit(t, bonusText, "exporters: [prometheus]", "exporters: [prometheus, otlp/jaeger, otlp/jaeger]"), labEnv, func(t *testing.T, c *Collector) {
			e := must(t, c.Component("exporter", "otlp/jaeger"), "exporter otlp/jaeger")
			eq(t, "Pipelines", e.Pipelines, []string{"traces", "metrics"})
			eq(t, "len(Exporters)", len(c.Exporters), 2)
		}},
		{"no service", "receivers:\n  otlp:\n", nil, func(t *testing.T, c *Collector) {
			eq(t, "Pipelines", c.Pipelines, []Pipeline(nil))
			eq(t, "Defined", c.Defined, []string{"receivers/otlp"})
			eq(t, "SelfMetrics", c.SelfMetrics, "localhost:8888")
		}},
		{"empty file", "# nothing yet\n", nil, func(t *testing.T, c *Collector) {
			eq(t, "Collector", *c, Collector{File: "otel-collector-config.yaml", SelfMetrics: "localhost:8888", SelfMetricsDefault: true})
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := ParseCollector([]byte(tt.config), "otel-collector-config.yaml", tt.env)
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, c)
			if s := fmt.Sprintf("%+v", *c); strings.Contains(s, password) {
				t.Errorf("the parsed configuration holds the password: %s", s)
			}
		})
	}
}

// TestParseCollectorKeepsNoPassword looks for the password in everything
// the parser returns, with the password in every place a config puts one.
func TestParseCollectorKeepsNoPassword(t *testing.T) {
	config := edit(t, readTestdata(t, courseBonus),
		"endpoint: database:5432", "endpoint: otel:${env:POSTGRES_PASSWORD}@database:5432",
		"endpoint: jaeger:4317", "endpoint: https://user:${env:POSTGRES_PASSWORD}@jaeger:4317/x?token=${env:POSTGRES_PASSWORD}")
	c, err := ParseCollector([]byte(config), "otel-collector-config.yaml", labEnv)
	if err != nil {
		t.Fatal(err)
	}
	s := fmt.Sprintf("%+v", *c)
	if strings.Contains(s, password) || !strings.Contains(s, "database:5432") {
		t.Errorf("parsed: %s", s)
	}
	eq(t, "jaeger endpoint", c.Component("exporter", "otlp/jaeger").Endpoints, []string{"https://jaeger:4317/x"})
}

func TestParseCollectorErrors(t *testing.T) {
	tests := []struct{ name, config, want string }{
		{"unclosed flow sequence", "receivers: [\n", "otelcol.yaml:1: did not find expected node content"},
		{"unclosed list in a pipeline", "service:\n  pipelines:\n    traces:\n      receivers: [otlp\n      exporters: [x]\n", "otelcol.yaml:4: did not find expected ',' or ']'"},
		{"list item in a mapping", "receivers:\n  otlp:\n- batch\n", "otelcol.yaml:3: did not find expected key"},
		{"value on a key line", "exporters:\n  otlp/jaeger:\n    endpoint: jaeger:4317\n      tls: {}\n", "otelcol.yaml:4: mapping values are not allowed in this context"},
		{"unclosed quote", "exporters:\n  otlp/jaeger:\n    endpoint: \"jaeger:4317\n", "otelcol.yaml:3: found unexpected end of stream"},
		{"unknown anchor", "exporters:\n  otlp/jaeger: *tls\n", "otelcol.yaml: unknown anchor 'tls' referenced"},
		{"tab indentation", "receivers:\n  otlp:\n\tprotocols:\n", "otelcol.yaml:3: found character that cannot start any token"},
		{"bad indentation", "receivers:\n  otlp:\n    protocols:\n   grpc:\n", "otelcol.yaml:4: did not find expected key"},
		{"dedented key", "receivers:\n  otlp:\n    protocols:\n      grpc:\n     http:\n", "otelcol.yaml:5: did not find expected key"},
		{"duplicate key", "receivers:\n  otlp:\n  otlp:\n", `otelcol.yaml:3: mapping key "otlp" already defined at line 2`},
		{"not a mapping", "- receivers\n", "otelcol.yaml:1: the configuration must be a mapping"},
		{"section not a mapping", "receivers: [otlp]\n", "otelcol.yaml:1: receivers must be a mapping"},
		{"pipelines not a mapping", "service:\n  pipelines: [a]\n", "otelcol.yaml:2: service.pipelines must be a mapping"},
		{"receivers not a list", "service:\n  pipelines:\n    traces:\n      receivers: 3\n", "otelcol.yaml:4: service.pipelines.traces.receivers must be a list"},
		{"bad batch timeout", "processors:\n  batch:\n    timeout: 5 seconds\nservice:\n  pipelines:\n    traces:\n      processors: [batch]\n",
			`otelcol.yaml:3: processors.batch.timeout: "5 seconds" is not a duration`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseCollector([]byte(tt.config), "otelcol.yaml", nil)
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) || strings.Contains(err.Error(), "\n") {
				t.Errorf("error = %v, want one line starting with %q", err, tt.want)
			}
		})
	}
}

func TestCleanEndpoint(t *testing.T) {
	for in, want := range map[string]string{
		"postgres:5432":                     "postgres:5432",
		"otel:s3cret@postgres:5432":         "postgres:5432",
		"https://user:s3cret@tempo:4318/x":  "https://tempo:4318/x",
		"https://user:p/a@ss@tempo:4318":    "https://tempo:4318",
		"postgres://db:5432/lab?password=x": "postgres://db:5432/lab",
		"dns:///collector:4317":             "dns:///collector:4317",
		" 0.0.0.0:4317 ":                    "0.0.0.0:4317",
		"":                                  "",
	} {
		if got := cleanEndpoint(in); got != want {
			t.Errorf("cleanEndpoint(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestClassifyByType(t *testing.T) {
	tests := []struct {
		kind, id, config string
		mode             Mode
		interval         string
		def              bool
	}{
		{"receiver", "otlp", "", ModePushIn, "", false},
		{"receiver", "otlp/2", "", ModePushIn, "", false},
		{"receiver", "postgresql", "", ModePull, "10s", true},
		{"receiver", "postgresql/replica", "collection_interval: 30s", ModePull, "30s", false},
		{"receiver", "prometheus", "config:\n  scrape_configs:\n    - scrape_interval: 15s", ModePull, "15s", false},
		{"receiver", "prometheus", "config:\n  global: {scrape_interval: 30s}\n  scrape_configs:\n    - job_name: a", ModePull, "30s", false},
		{"receiver", "prometheus", "config:\n  global: {scrape_interval: 30s}\n  scrape_configs:\n    - scrape_interval: 5s", ModePull, "5s", false},
		{"receiver", "prometheus/self", "", ModePull, "1m", true},
		{"receiver", "hostmetrics", "", ModePull, "1m", true},
		{"receiver", "somescraper", "collection_interval: 2m", ModePull, "2m", false},
		{"receiver", "kafka", "", ModeUnknown, "", false},
		{"exporter", "otlp", "", ModePushOut, "", false},
		{"exporter", "otlp_grpc/jaeger", "", ModePushOut, "", false},
		{"exporter", "otlphttp/x", "", ModePushOut, "", false},
		{"exporter", "otlp_http", "", ModePushOut, "", false},
		{"exporter", "prometheus", "", ModePulled, "", false},
		{"exporter", "debug", "", ModeLocal, "", false},
		{"exporter", "kafka", "", ModeUnknown, "", false},
	}
	for _, tt := range tests {
		root, err := parseYAML([]byte(tt.config), "x.yaml")
		if err != nil {
			t.Fatal(err)
		}
		c := classify(tt.kind, tt.id, root)
		if c.Mode != tt.mode || c.Interval != tt.interval || c.IntervalDefault != tt.def {
			t.Errorf("classify(%s %s) = %s every %q (default %v), want %s every %q (default %v)",
				tt.kind, tt.id, c.Mode, c.Interval, c.IntervalDefault, tt.mode, tt.interval, tt.def)
		}
	}
}
