package checks

import (
	"fmt"
	"strings"

	"github.com/labctl/labctl/internal/model"
)

// The diagnosis walks the pipeline in the order data flows and names the
// first stage that is broken, with what to change there:
//
//	spans:   traffic → backend → (Collector: accepted → exported) → Jaeger → service → trace → spans
//	metrics: PostgreSQL → postgresql receiver → prometheus exporter (:8889) → Prometheus scrape → series
//
// Each function returns "" when its stages look fine, so that the caller
// can go on to what is specific to its check.

// walkBackend explains traffic that got no answer at all.
func walkBackend(s Snapshot) string {
	if s.Traffic.Answered() || len(s.Traffic.Requests) == 0 {
		return ""
	}
	why := ""
	if f := s.Traffic.Failures(); len(f) > 0 {
		why = " (" + f[0] + ")"
	}
	n := s.names()
	return fmt.Sprintf("the backend does not answer at %s%s, so no request was traced; %s (or check %s), or pass --backend URL", s.Traffic.BaseURL, why, n.start, n.backendLogs)
}

// walkSpans follows the spans from the backend to Jaeger's service list.
func walkSpans(s Snapshot) string {
	if d := walkBackend(s); d != "" {
		return d
	}
	if s.Topology == model.TopologyCollector {
		if d := walkCollector(s); d != "" {
			return d
		}
	}
	if s.JaegerErr != "" {
		return fmt.Sprintf("Jaeger's query service does not answer at %s (%s); %s, or pass --jaeger URL (Jaeger's UI, e.g. http://127.0.0.1:%d) or HOST:PORT (its gRPC query port)", s.JaegerAddr, s.JaegerErr, s.names().start, model.PortJaegerUI)
	}
	others := userServices(s.Services)
	if contains(others, s.Service) {
		return ""
	}
	if len(others) > 0 {
		return fmt.Sprintf("Jaeger has spans from %s but none from %q: the backend reports another service name; set service_name: %s in labctl.yaml to check that one, or make the backend report %q with OTEL_SERVICE_NAME=%s or OTEL_RESOURCE_ATTRIBUTES=service.name=%s",
			quoteList(others), s.Service, others[0], s.Service, s.Service, s.Service)
	}
	if s.Topology == model.TopologyDirect {
		return fmt.Sprintf("Jaeger has received no spans from any service: the backend sends no spans to Jaeger; check OTEL_EXPORTER_OTLP_ENDPOINT=http://%s in the backend (not localhost inside a container) and that it starts the OpenTelemetry SDK (opentelemetry-instrument or FastAPIInstrumentor)", s.names().jaegerOTLP)
	}
	n := s.names()
	return fmt.Sprintf("the Collector exported %s spans through %s but Jaeger at %s has none: the exporter sends them to another Jaeger; check exporters.%s.endpoint in %s (%s)",
		num(s.Collector.Sent), s.Collector.Exporter, s.JaegerAddr, s.Collector.Exporter, n.collectorFile, n.jaegerOTLP)
}

// walkCollector explains spans that did not go through the Collector.
func walkCollector(s Snapshot) string {
	c, n := s.Collector, s.names()
	switch {
	case c.Unreachable:
		return "" // nothing to say about a Collector labctl cannot see
	case c.Err != "":
		return fmt.Sprintf("the Collector does not answer at %s (%s): it is not running, so the backend's spans go nowhere; %s and check %s", c.URL, c.Err, n.start, n.collectorLogs)
	case c.Accepted == 0:
		return fmt.Sprintf("the backend sends no spans to the Collector (otelcol_receiver_accepted_spans_total did not move); check OTEL_EXPORTER_OTLP_ENDPOINT=%s in the backend (not localhost inside a container) and that it starts the OpenTelemetry SDK", n.collectorOTLP)
	case !c.SentFound && len(c.Exporters) > 0 && !contains(c.Exporters, c.Exporter):
		return fmt.Sprintf("the Collector received %s spans but has no exporter %s (its exporters: %s); add it to the traces pipeline in %s with endpoint %s",
			num(c.Accepted), c.Exporter, strings.Join(c.Exporters, ", "), n.collectorFile, n.jaegerOTLP)
	case c.Sent == 0 || c.Failed > 0:
		return fmt.Sprintf("the Collector receives spans but cannot export them to Jaeger (accepted %s, sent %s, failed %s, queue %s via %s); check exporters.%s.endpoint in %s (%s, tls.insecure: true) and that Jaeger is running",
			num(c.Accepted), num(c.Sent), num(c.Failed), num(c.Queue), c.Exporter, c.Exporter, n.collectorFile, n.jaegerOTLP)
	}
	return ""
}

// walkMetrics follows one postgresql_* metric from the receiver to Prometheus.
func walkMetrics(s Snapshot, metric string) string {
	c, n := s.Collector, s.names()
	if c.Err != "" && !c.Unreachable && s.ExportErr != "" {
		return fmt.Sprintf("the Collector does not answer at %s (%s): it is not running, so nothing scrapes PostgreSQL; %s and check %s", c.URL, c.Err, n.start, n.collectorLogs)
	}
	served := contains(s.ExportNames, metric)
	if !served && c.ScrapeErrors > 0 {
		return fmt.Sprintf("the Collector's postgresql receiver cannot read PostgreSQL (otelcol_scraper_errored_metric_points_total{receiver=\"postgresql\"} = %s, no %s at %s): PostgreSQL refuses its login as %q (a wrong password or no such role: `password authentication failed`; a role made with CREATE ROLE, without LOGIN: `is not permitted to log in`) or its access to a database (`permission denied for database`: GRANT CONNECT); %s says which; check receivers.postgresql.username/password in %s against %s",
			num(c.ScrapeErrors), metric, s.ExportURL, s.MonitorUser, n.collectorLogs, n.collectorFile, n.secrets)
	}
	if s.ExportErr != "" && !strings.HasPrefix(s.ExportErr, "not reachable") {
		return fmt.Sprintf("the Collector's prometheus exporter does not answer at %s (%s); put the prometheus exporter (endpoint %s) in a metrics pipeline with the postgresql receiver", s.ExportURL, s.ExportErr, s.names().exporterListen)
	}
	if !served && s.ExportErr == "" {
		return fmt.Sprintf("the Collector serves no %s at %s: put the postgresql receiver in a metrics pipeline that exports to prometheus, and check that it can reach PostgreSQL (endpoint %s)", metric, s.ExportURL, n.postgres)
	}
	if d := walkProm(s); d != "" {
		return d
	}
	if !contains(s.PromNames, metric) {
		return fmt.Sprintf("the Collector serves %s at %s but Prometheus has none: check that %s scrapes the Collector's exporter (job %s, target %s)", metric, s.ExportURL, n.promFile, s.CollectorJob, n.exporterTarget)
	}
	return ""
}

// walkProm explains Prometheus not answering or not scraping the Collector.
func walkProm(s Snapshot) string {
	n := s.names()
	if s.PromErr != "" {
		d := fmt.Sprintf("Prometheus does not answer at %s (%s); %s or pass --prometheus URL", s.PromURL, s.PromErr, n.start)
		if s.ExportPostgres > 0 {
			d += fmt.Sprintf("; the Collector does serve %d postgresql_* series at %s, so only Prometheus is missing", s.ExportPostgres, s.ExportURL)
		}
		return d
	}
	var job []Target
	for _, t := range s.Targets {
		if t.Job == s.CollectorJob {
			job = append(job, t)
		}
	}
	if len(job) == 0 {
		return fmt.Sprintf("Prometheus has no target in job %q: add a scrape config for the Collector's exporter (%s) to %s", s.CollectorJob, n.exporterTarget, n.promFile)
	}
	for _, t := range job {
		if t.Health != "up" {
			d := fmt.Sprintf("Prometheus cannot scrape job %s at %s (health %s): %s", t.Job, t.URL, t.Health, orNone(t.LastError))
			if s.Collector.Err != "" {
				return d + "; the Collector is not running: " + n.start
			}
			return d + fmt.Sprintf("; check the target address in %s (%s) and that the Collector's prometheus exporter listens on %s", n.promFile, n.exporterTarget, n.exporterListen)
		}
	}
	return ""
}

func userServices(all []string) []string {
	var out []string
	for _, s := range all {
		if s != "jaeger" && s != "jaeger-all-in-one" && s != "jaeger-query" { // Jaeger traces its own queries
			out = append(out, s)
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func quoteList(list []string) string {
	q := make([]string, len(list))
	for i, s := range list {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
}

func num(f float64) string { return fmt.Sprintf("%g", f) }

func orNone(s string) string {
	if s == "" {
		return "no error recorded yet"
	}
	return s
}
