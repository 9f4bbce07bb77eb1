package checks

import (
	"strings"
	"testing"
)

// A Collector v0.145.0 telemetry scrape, trimmed, as served on :8888.
const collectorScrape = `# HELP otelcol_exporter_queue_size Current size of the retry queue (in batches)
# TYPE otelcol_exporter_queue_size gauge
otelcol_exporter_queue_size{data_type="traces",exporter="otlp_grpc/jaeger",otel_scope_name="go.opentelemetry.io/collector/exporter/exporterhelper",otel_scope_version=""} 1
# HELP otelcol_exporter_send_failed_spans_total Number of spans in failed attempts to send to destination.
# TYPE otelcol_exporter_send_failed_spans_total counter
otelcol_exporter_send_failed_spans_total{exporter="otlp_grpc/jaeger",otel_scope_name="x"} 0
# HELP otelcol_exporter_sent_spans_total Number of spans successfully sent to destination.
# TYPE otelcol_exporter_sent_spans_total counter
otelcol_exporter_sent_spans_total{exporter="otlp_grpc/jaeger",otel_scope_name="x"} 0
otelcol_exporter_sent_spans_total{exporter="debug",otel_scope_name="x"} 9
# HELP otelcol_receiver_accepted_spans_total Number of spans successfully pushed into the pipeline.
# TYPE otelcol_receiver_accepted_spans_total counter
otelcol_receiver_accepted_spans_total{receiver="otlp",transport="grpc"} 7
otelcol_receiver_accepted_spans_total{receiver="otlp",transport="http"} 2
otelcol_receiver_accepted_spans_total{receiver="zipkin",transport="http"} 100
# HELP otelcol_scraper_errored_metric_points_total Number of metric points that were unable to be scraped.
# TYPE otelcol_scraper_errored_metric_points_total counter
otelcol_scraper_errored_metric_points_total{receiver="postgresql",scraper="postgresql"} 35
# HELP otelcol_process_uptime Uptime of the process
# TYPE otelcol_process_uptime counter
otelcol_process_uptime_total 12.5
`

func TestParseCollectorMetricsAndCounters(t *testing.T) {
	m, err := ParseMetrics(strings.NewReader(collectorScrape))
	if err != nil {
		t.Fatal(err)
	}
	c := readCounters(m, DefaultExporter)
	if c.accepted != 9 {
		t.Errorf("accepted %g, want 9 (OTLP gRPC + HTTP, not zipkin)", c.accepted)
	}
	if c.sent != 0 || !c.sentFound || c.failed != 0 || c.queue != 1 || c.scrapeErrors != 35 {
		t.Errorf("counters %+v", c)
	}
	if strings.Join(c.exporters, ",") != "debug,otlp_grpc/jaeger" {
		t.Errorf("exporters %v", c.exporters)
	}
}

func TestCountersFindHandNamedJaegerExporter(t *testing.T) {
	m, err := ParseMetrics(strings.NewReader(`otelcol_exporter_sent_spans_total{exporter="otlp/jaeger"} 4
otelcol_receiver_accepted_spans_total{receiver="otlp/app",transport="grpc"} 4
`))
	if err != nil {
		t.Fatal(err)
	}
	c := readCounters(m, DefaultExporter)
	if c.exporter != "otlp/jaeger" || c.sent != 4 || c.accepted != 4 {
		t.Errorf("counters %+v, want the otlp/jaeger exporter and the otlp/app receiver", c)
	}
}

func TestSinceCountsAcrossRestart(t *testing.T) {
	if since(10, 4) != 6 || since(3, 10) != 3 {
		t.Errorf("since(10,4)=%g since(3,10)=%g", since(10, 4), since(3, 10))
	}
}

func TestParseMetricsRejectsGarbage(t *testing.T) {
	if _, err := ParseMetrics(strings.NewReader("<html>not metrics</html>\n")); err == nil {
		t.Error("HTML parsed as metrics")
	}
}

func TestCountPrefixAndSum(t *testing.T) {
	m, err := ParseMetrics(strings.NewReader(`postgresql_commits_total{postgresql_database_name="lab"} 10
postgresql_commits_total{postgresql_database_name="postgres"} 5
postgresql_rows{state="live"} 3
otelcol_x 1
`))
	if err != nil {
		t.Fatal(err)
	}
	if n := m.CountPrefix("postgresql_"); n != 3 {
		t.Errorf("CountPrefix = %d, want 3", n)
	}
	if v, ok := m.Sum("postgresql_commits_total", nil); !ok || v != 15 {
		t.Errorf("Sum = %g %v", v, ok)
	}
	if _, ok := m.Sum("postgresql_commits_total", map[string]string{"postgresql_database_name": "x"}); ok {
		t.Error("Sum matched a label value that is not there")
	}
}
