package model

import "testing"

// TestComplete: where spans go and what a fix writes follow from the
// services, the topology and the Collector's own otlp receiver; the
// course's names stand in for a service the project lacks.
func TestComplete(t *testing.T) {
	svc := func(name string, role Role) Service { return Service{Name: name, Role: role} }
	otlpOn := func(listen string) *Collector {
		return &Collector{Receivers: []Component{{Kind: "receiver", ID: "otlp", Type: "otlp", Listen: map[string]string{"grpc": listen}}}}
	}
	tests := []struct {
		name                      string
		lab                       Lab
		backend, jaeger, postgres string
		target                    string
	}{
		{"course project", Lab{Topology: TopologyCollector, Services: []Service{svc("otel-collector", RoleCollector), svc("jaeger", RoleJaeger), svc("database", RolePostgres)}},
			"otel-collector:4317", "jaeger:4317", "database:5432", "otel-collector:8889"},
		{"receiver on another port", Lab{Topology: TopologyCollector, Services: []Service{svc("col", RoleCollector)}, Collector: otlpOn("0.0.0.0:14317")},
			"col:14317", "jaeger:4317", "database:5432", "col:8889"},
		{"direct topology", Lab{Topology: TopologyDirect, Services: []Service{svc("collector", RoleCollector), svc("tracing", RoleJaeger), svc("pg", RolePostgres)}},
			"tracing:4317", "tracing:4317", "pg:5432", "collector:8889"},
		{"nothing known", Lab{}, "otel-collector:4317", "jaeger:4317", "database:5432", "otel-collector:8889"},
		{"endpoints win", Lab{Endpoints: Endpoints{Postgres: Endpoint{InNetwork: "db:6543"}, CollectorExporter: Endpoint{InNetwork: "c:9999"}}},
			"otel-collector:4317", "jaeger:4317", "db:6543", "c:9999"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := tt.lab
			l.Complete()
			if l.OTLP.Backend.InNetwork != tt.backend || l.OTLP.Jaeger.InNetwork != tt.jaeger || l.Fix.Postgres != tt.postgres ||
				l.Fix.ExporterTarget != tt.target || l.Fix.ExporterListen != "0.0.0.0:8889" || l.OTLP.Backend.Protocol != "grpc" {
				t.Errorf("OTLP %+v Fix %+v", l.OTLP, l.Fix)
			}
		})
	}
}

func TestFlavourOfImage(t *testing.T) {
	for ref, want := range map[string]JaegerFlavour{
		"jaegertracing/all-in-one:1.57":              JaegerV1,
		"docker.io/jaegertracing/jaeger:2.13.0":      JaegerV2,
		"jaegertracing/jaeger@sha256:abc":            JaegerV2,
		"registry:5000/jaegertracing/all-in-one":     JaegerV1,
		"otel/opentelemetry-collector-contrib:0.145": "",
		"": "",
	} {
		if got := FlavourOfImage(ref); got != want {
			t.Errorf("FlavourOfImage(%q) = %q, want %q", ref, got, want)
		}
	}
}
