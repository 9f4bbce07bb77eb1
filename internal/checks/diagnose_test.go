package checks

import (
	"strings"
	"testing"

	"github.com/labctl/labctl/internal/jaeger"
	"github.com/labctl/labctl/internal/model"
)

// healthy is a snapshot of a working lab; each case breaks one stage.
func healthy() Snapshot {
	return Snapshot{
		Lab:     defaultLab(),
		Service: "backend-service", Topology: model.TopologyCollector, MonitorUser: "otel",
		Traffic: Traffic{BaseURL: "http://127.0.0.1:8000", Requests: []Exchange{
			{Method: "POST", Path: "/products/", Status: 200}, {Method: "GET", Path: "/products/", Status: 200},
		}},
		JaegerAddr: "127.0.0.1:16685", Services: []string{"backend-service", "jaeger"},
		Traces: []jaeger.Trace{{ID: "t1", Spans: []jaeger.Span{
			{ID: "a", Kind: "server", Operation: "POST /products/", Tags: map[string]string{"http.route": "/products/", "http.method": "POST"}},
			{ID: "b", ParentID: "a", Kind: "client", Operation: "INSERT lab", Tags: map[string]string{"db.system": "postgresql"}},
		}}},
		Collector: CollectorState{URL: "http://127.0.0.1:8888/metrics", Exporter: DefaultExporter,
			Accepted: 8, Sent: 8, SentFound: true, Exporters: []string{DefaultExporter}},
		ExportURL: "http://127.0.0.1:8889/metrics", ExportPostgres: 40, ExportNames: pgNames,
		PromURL: "http://127.0.0.1:9090", CollectorJob: "otel-collector", PromNames: pgNames,
		Targets: []Target{{Job: "otel-collector", URL: "http://collector:8889/metrics", Health: "up"}},
		Commits: CommitsState{Seen: true, First: 10, Latest: 12},
	}
}

var pgNames = []string{"postgresql_commits_total", "postgresql_database_count", "postgresql_rows", "postgresql_table_count"}

// onlyCounts is what the exporter serves when the receiver cannot log in:
// the two metrics that need no query.
var onlyCounts = []string{"postgresql_database_count", "postgresql_table_count"}

func diagnoses(s Snapshot) map[string]string {
	e := &env{lab: defaultLab(), service: s.Service, topology: s.Topology, expectDB: true}
	out := map[string]string{}
	for _, c := range e.checks() {
		out[c.ID] = c.Diagnose(s).English()
	}
	return out
}

// walkCase breaks one stage of a healthy snapshot; its checks' diagnoses
// must hold every want.
type walkCase struct {
	name string
	// real names the run on real components that shows the same diagnosis
	// (TestRealRunsBackTheDiagnoses checks that it exists).
	real   string
	break_ func(*Snapshot)
	checks []string
	want   []string
}

// walkCases break a healthy snapshot one stage at a time.
func walkCases() []walkCase {
	spanChecks := []string{IDJaegerService, IDServerSpan, IDDBSpan, IDCollector}
	metricChecks := []string{IDPGCommits, IDPGRows}
	return []walkCase{
		{
			name: "backend does not answer",
			real: "TestVerifyRealLab/backend down",
			break_: func(s *Snapshot) {
				for i := range s.Traffic.Requests {
					s.Traffic.Requests[i] = Exchange{Method: "POST", Path: "/products/", Err: "connect: connection refused"}
				}
			},
			checks: append([]string{IDBackendTraffic}, spanChecks...),
			want:   []string{"the backend does not answer at http://127.0.0.1:8000", "connection refused", "labctl up"},
		},
		{
			name: "backend answers 5xx",
			real: "TestVerifyRealLab/backend answers 503",
			break_: func(s *Snapshot) {
				s.Traffic.Requests[0] = Exchange{Method: "POST", Path: "/products/", Status: 500, Body: "Internal Server Error"}
			},
			checks: []string{IDBackendTraffic},
			want:   []string{"POST /products/ → 500", "labctl logs backend", "POSTGRES_"},
		},
		{
			name: "backend exports to localhost inside its container (nothing reaches the Collector)",
			real: "variant backend-localhost",
			break_: func(s *Snapshot) {
				s.Collector.Accepted, s.Collector.Sent = 0, 0
				s.Services = []string{"jaeger"}
				s.Traces = nil
			},
			checks: spanChecks,
			want:   []string{"the backend sends no spans to the Collector", "OTEL_EXPORTER_OTLP_ENDPOINT=http://collector:4317", "not localhost inside a container"},
		},
		{
			name: "Collector cannot export to Jaeger (early: queue)",
			real: "TestVerifyRealLab/Collector exports to a wrong endpoint",
			break_: func(s *Snapshot) {
				s.Collector.Sent, s.Collector.Queue = 0, 1
				s.Services = []string{"jaeger"}
				s.Traces = nil
			},
			checks: spanChecks,
			want:   []string{"the Collector receives spans but cannot export them to Jaeger", "accepted 8, sent 0, failed 0, queue 1", "exporters.otlp_grpc/jaeger.endpoint"},
		},
		{
			name: "Collector cannot export to Jaeger (late: dropped)",
			real: "TestVerifyRealLab/Collector exports to a wrong endpoint",
			break_: func(s *Snapshot) {
				s.Collector.Sent, s.Collector.Failed = 0, 8
			},
			checks: []string{IDCollector},
			want:   []string{"cannot export them to Jaeger", "failed 8"},
		},
		{
			name: "Collector has no Jaeger exporter",
			real: "variant pipeline-missing-exporter",
			break_: func(s *Snapshot) {
				s.Collector.Sent, s.Collector.SentFound, s.Collector.Exporters = 0, false, []string{"debug"}
			},
			checks: []string{IDCollector},
			want:   []string{"has no exporter otlp_grpc/jaeger", "its exporters: debug"},
		},
		{
			name: "Collector stopped",
			real: "TestVerifyRealLab/Collector stopped",
			break_: func(s *Snapshot) {
				s.Collector = CollectorState{URL: "http://127.0.0.1:8888/metrics", Err: "connection refused", Exporter: DefaultExporter}
				s.ExportErr, s.ExportPostgres, s.ExportNames, s.PromNames = "connection refused", 0, nil, nil
				s.Targets[0].Health, s.Targets[0].LastError = "down", `Get "http://collector:8889/metrics": dial tcp: connection refused`
				s.Traces = nil
			},
			checks: append(spanChecks, metricChecks...),
			want:   []string{"the Collector does not answer at http://127.0.0.1:8888/metrics", "labctl up"},
		},
		{
			name: "Collector stopped: the Prometheus target says so",
			real: "TestVerifyRealLab/Collector stopped",
			break_: func(s *Snapshot) {
				s.Collector.Err = "connection refused"
				s.Targets[0].Health, s.Targets[0].LastError = "down", `dial tcp: connection refused`
			},
			checks: []string{IDPromScrape},
			want:   []string{"Prometheus cannot scrape job otel-collector at http://collector:8889/metrics (health down): dial tcp: connection refused", "the Collector is not running"},
		},
		{
			name: "Prometheus target down (wrong address)",
			real: "variant prometheus-wrong-host",
			break_: func(s *Snapshot) {
				s.Targets[0].Health, s.Targets[0].LastError = "down", "dial tcp: lookup colector: no such host"
				s.PromNames = nil
			},
			checks: append([]string{IDPromScrape}, metricChecks...),
			want:   []string{"Prometheus cannot scrape job otel-collector", "no such host", "prometheus.yml"},
		},
		{
			name: "Prometheus has no Collector job",
			real: "TestVerifyRealLab/Prometheus has no Collector job",
			break_: func(s *Snapshot) {
				s.Targets = []Target{{Job: "prometheus", Health: "up"}}
				s.PromNames = nil
			},
			checks: append([]string{IDPromScrape}, metricChecks...),
			want:   []string{`Prometheus has no target in job "otel-collector"`},
		},
		{
			name: "Prometheus down",
			real: "TestVerifyRealLab/Prometheus down",
			break_: func(s *Snapshot) {
				s.PromErr, s.Targets, s.PromNames = "connect: connection refused", nil, nil
			},
			checks: append([]string{IDPromScrape}, metricChecks...),
			want:   []string{"Prometheus does not answer at http://127.0.0.1:9090", "--prometheus"},
		},
		{
			name: "receiver cannot log into PostgreSQL",
			real: "TestVerifyRealLab/receiver cannot log into PostgreSQL",
			break_: func(s *Snapshot) {
				s.ExportPostgres, s.Collector.ScrapeErrors = 2, 35
				s.ExportNames, s.PromNames = onlyCounts, onlyCounts
				s.Commits = CommitsState{}
			},
			checks: metricChecks,
			want: []string{"postgresql receiver cannot read PostgreSQL", `= 35`, `PostgreSQL refuses its login as "otel"`,
				"password authentication failed", "is not permitted to log in", "permission denied for database", "labctl logs collector"},
		},
		{
			name: "no postgresql receiver in a metrics pipeline",
			real: "TestVerifyRealLab/no postgresql receiver in the metrics pipeline",
			break_: func(s *Snapshot) {
				s.ExportPostgres, s.ExportNames, s.PromNames = 0, nil, nil
			},
			checks: metricChecks,
			want:   []string{"the Collector serves no postgresql_", "in a metrics pipeline"},
		},
		{
			name: "the receiver reads a database with no table",
			real: "TestVerifyRealLab/receiver reads a database with no table",
			break_: func(s *Snapshot) {
				names := []string{"postgresql_commits_total", "postgresql_database_count", "postgresql_table_count"}
				s.ExportPostgres, s.ExportNames, s.PromNames = len(names), names, names
			},
			checks: []string{IDPGRows},
			want:   []string{"serves postgresql_commits_total, so its postgresql receiver reads PostgreSQL", "receivers.postgresql.databases"},
		},
		{
			name: "Prometheus does not scrape the exporter",
			real: "variant prometheus-wrong-target",
			break_: func(s *Snapshot) {
				s.PromNames = nil
			},
			checks: metricChecks,
			want:   []string{"but Prometheus has none", "job otel-collector"},
		},
		{
			name: "commits do not rise",
			real: "TestVerifyRealLab/receiver collects too rarely",
			break_: func(s *Snapshot) {
				s.Commits = CommitsState{Seen: true, First: 12, Latest: 12}
			},
			checks: []string{IDPGCommits},
			want:   []string{"postgresql_commits_total stayed at 12", "collection_interval"},
		},
		{
			name: "wrong service name",
			real: "TestVerifyRealLab/passes/wrong service name",
			break_: func(s *Snapshot) {
				s.Services = []string{"jaeger", "unknown_service:python"}
				s.Traces = nil
			},
			checks: []string{IDJaegerService, IDServerSpan, IDDBSpan},
			want:   []string{`Jaeger has spans from "unknown_service:python" but none from "backend-service"`, "service_name", "OTEL_RESOURCE_ATTRIBUTES=service.name=backend-service"},
		},
		{
			name: "direct topology, nothing in Jaeger",
			real: "TestVerifyRealLab/direct topology, backend exports elsewhere",
			break_: func(s *Snapshot) {
				s.Topology = model.TopologyDirect
				s.Collector = CollectorState{Err: "connection refused"} // not on the spans' path
				s.Services, s.Traces = []string{"jaeger"}, nil
			},
			checks: []string{IDJaegerService, IDServerSpan},
			want:   []string{"the backend sends no spans to Jaeger", "OTEL_EXPORTER_OTLP_ENDPOINT=http://jaeger:4317"},
		},
		{
			name: "Jaeger query down",
			real: "TestVerifyRealLab/Jaeger query down",
			break_: func(s *Snapshot) {
				s.JaegerErr, s.Services, s.Traces = "connection refused", nil, nil
			},
			checks: []string{IDJaegerService, IDServerSpan},
			want:   []string{"Jaeger's query service does not answer at 127.0.0.1:16685", "--jaeger"},
		},
		{
			name: "Collector sent spans that Jaeger never got",
			real: "TestVerifyRealLab/Collector exports to another Jaeger",
			break_: func(s *Snapshot) {
				s.Services, s.Traces = []string{"jaeger"}, nil
			},
			checks: []string{IDJaegerService},
			want:   []string{"exported 8 spans through otlp_grpc/jaeger but Jaeger at 127.0.0.1:16685 has none"},
		},
		{
			name: "Collector's metrics not reachable, nothing in Jaeger",
			real: "TestVerifyRealLab/Collector metrics not reachable, spans to another Jaeger",
			break_: func(s *Snapshot) {
				s.Collector = CollectorState{Unreachable: true, Err: "not reachable from this machine: publish port 8888", Exporter: DefaultExporter}
				s.Services, s.Traces = []string{"jaeger"}, nil
			},
			checks: []string{IDJaegerService, IDCollector, IDServerSpan, IDDBSpan},
			want:   []string{"Jaeger at 127.0.0.1:16685 has received no spans from any service, and labctl cannot read the Collector's own metrics (not reachable from this machine: publish port 8888)", "labctl logs collector"},
		},
		{
			name: "no FastAPI instrumentation",
			real: "TestVerifyRealLab/spans without FastAPI instrumentation",
			break_: func(s *Snapshot) {
				s.Traces = []jaeger.Trace{{ID: "t1", Spans: []jaeger.Span{{ID: "a", Kind: "client", Tags: map[string]string{"db.system": "postgresql"}}}}}
			},
			checks: []string{IDServerSpan},
			want:   []string{"no HTTP server span", "FastAPIInstrumentor"},
		},
		{
			name: "no database instrumentation",
			real: "e2e TestStudentProjectPasses",
			break_: func(s *Snapshot) {
				s.Traces[0].Spans = s.Traces[0].Spans[:1]
			},
			checks: []string{IDDBSpan},
			want:   []string{"no PostgreSQL client span", "SQLAlchemyInstrumentor"},
		},
	}
}

func TestDiagnosisWalksThePipeline(t *testing.T) {
	for _, c := range walkCases() {
		t.Run(c.name, func(t *testing.T) {
			s := healthy()
			c.break_(&s)
			got := diagnoses(s)
			for _, id := range c.checks {
				for _, w := range c.want {
					if !strings.Contains(got[id], w) {
						t.Errorf("%s: diagnosis lacks %q:\n  %s", id, w, got[id])
					}
				}
			}
		})
	}
}

// A healthy lab walks through every stage: the diagnosis falls back to what
// is specific to the check (usually: not yet, retry with a longer timeout).
func TestDiagnosisOfHealthyPipelineBlamesTime(t *testing.T) {
	got := diagnoses(healthy())
	for _, id := range []string{IDJaegerService, IDCollector, IDPromScrape} {
		if !strings.Contains(got[id], "--timeout") {
			t.Errorf("%s: %q, want advice on --timeout", id, got[id])
		}
	}
	if got[IDBackendTraffic] != "" {
		t.Errorf("backend_traffic diagnosis %q for a healthy backend", got[IDBackendTraffic])
	}
}
