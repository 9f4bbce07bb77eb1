package checks

import (
	"fmt"
	"strings"

	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
)

// The diagnosis walks the pipeline in the order data flows and names the
// first stage that is broken, with what to change there:
//
//	spans:   traffic → backend → (Collector: accepted → exported) → Jaeger → service → trace → spans
//	metrics: PostgreSQL → postgresql receiver → prometheus exporter (:8889) → Prometheus scrape → series
//
// Each stage tries its sentences in order; a sentence is said only when the
// facts it states hold on the snapshot (claims.go). A walk returns no
// diagnosis when its stages look fine, so that the caller can go on to what
// is specific to its check.

// walkBackend explains traffic that got no answer at all.
func walkBackend(s Snapshot) diagnosis {
	n := s.names()
	if f := s.Traffic.Failures(); len(f) > 0 {
		return said(s, msg.New("diag.backend.down_why", s.Traffic.BaseURL, msg.Quote(f[0]), n.start, n.backendLogs),
			trafficSent, trafficUnanswered, trafficFailures)
	}
	return said(s, msg.New("diag.backend.down", s.Traffic.BaseURL, n.start, n.backendLogs), trafficSent, trafficUnanswered)
}

// walkSpans follows the spans from the backend to Jaeger's service list.
func walkSpans(s Snapshot) diagnosis {
	return firstOf(s, walkBackend, walkCollector, walkJaeger)
}

// walkJaeger explains a Jaeger that has no span of the service.
func walkJaeger(s Snapshot) diagnosis {
	n, c := s.names(), s.Collector
	if d := said(s, msg.New("diag.jaeger.down", s.JaegerAddr, msg.Quote(s.JaegerErr), n.start, fmt.Sprint(model.PortJaegerUI)),
		jaegerDown); d.ok() {
		return d
	}
	if others := userServices(s.Services); len(others) > 0 {
		return said(s, msg.New("diag.spans.other_service", quoteList(others), s.Service, others[0], s.Service, s.Service, s.Service),
			jaegerAnswers, jaegerHasOthers, jaegerLacksService)
	}
	if d := said(s, msg.New("diag.spans.direct_none", n.jaegerOTLP),
		direct, jaegerAnswers, jaegerHasNoService, jaegerLacksService); d.ok() {
		return d
	}
	if d := said(s, msg.New("diag.spans.exported_elsewhere", c.Sent, c.Exporter, s.JaegerAddr, c.Exporter, n.collectorFile, n.jaegerOTLP),
		viaCollector, collectorSeen, collectorAnswers, sentSome, jaegerAnswers, jaegerHasNoService, jaegerLacksService); d.ok() {
		return d
	}
	return said(s, msg.New("diag.spans.collector_unseen", s.JaegerAddr, msg.Quote(c.Err), n.collectorOTLP, c.Exporter, n.collectorFile, n.jaegerOTLP, n.backendLogs, n.collectorLogs),
		viaCollector, collectorUnseen, jaegerAnswers, jaegerHasNoService, jaegerLacksService)
}

// walkCollector explains spans that did not go through the Collector. It
// says nothing of a Collector whose own metrics labctl cannot read.
func walkCollector(s Snapshot) diagnosis {
	c, n := s.Collector, s.names()
	// Every sentence here speaks of the Collector's own metrics.
	seen := func(more ...claim) []claim { return append([]claim{viaCollector, collectorSeen}, more...) }
	return firstSaid(
		said(s, msg.New("diag.collector.down", c.URL, msg.Quote(c.Err), n.start, n.collectorLogs),
			seen(collectorDown)...),
		said(s, msg.New("diag.collector.no_spans", n.collectorOTLP),
			seen(collectorAnswers, acceptedNone)...),
		said(s, msg.New("diag.collector.no_exporter", c.Accepted, c.Exporter, strings.Join(c.Exporters, ", "), n.collectorFile, n.jaegerOTLP),
			seen(collectorAnswers, acceptedSome, exporterNoSeries, exporterIsMissing)...),
		said(s, msg.New("diag.collector.export_fails", c.Accepted, c.Sent, c.Failed, c.Queue, c.Exporter, c.Exporter, n.collectorFile, n.jaegerOTLP),
			seen(collectorAnswers, acceptedSome, exportStalled)...),
	)
}

// walkMetrics follows one postgresql_* metric from the receiver to Prometheus.
func walkMetrics(metric string) explainer {
	return func(s Snapshot) diagnosis {
		c, n := s.Collector, s.names()
		return firstSaid(
			said(s, msg.New("diag.metrics.collector_down", c.URL, msg.Quote(c.Err), n.start, n.collectorLogs),
				collectorSeen, collectorDown, exporterDown),
			said(s, msg.New("diag.metrics.login", c.ScrapeErrors, metric, s.ExportURL, s.MonitorUser, n.collectorLogs, n.collectorFile, n.secrets),
				notServed(metric), scrapeErrors),
			said(s, msg.New("diag.metrics.exporter_down", s.ExportURL, msg.Quote(s.ExportErr), n.exporterListen),
				exporterDown, exporterReachable),
			// Not when another postgresql_* series proves the receiver works.
			said(s, msg.New("diag.metrics.not_served", metric, s.ExportURL, n.postgres),
				exporterAnswers, notServed(metric), exporterServesNone),
			walkProm(s),
			said(s, msg.New("diag.metrics.not_in_prom", metric, s.ExportURL, n.promFile, s.CollectorJob, n.exporterTarget),
				served(metric), promAnswers, notInProm(metric)),
			said(s, msg.New("diag.metrics.not_in_prom_unseen", metric, msg.Quote(s.ExportErr), n.promFile, s.CollectorJob, n.exporterTarget),
				exporterDown, exporterUnreachable, promAnswers, notInProm(metric)),
		)
	}
}

// walkProm explains Prometheus not answering or not scraping the Collector.
func walkProm(s Snapshot) diagnosis {
	n := s.names()
	t, _ := downTarget(s)
	lastErr := msg.New("diag.no_error")
	if t.LastError != "" {
		lastErr = msg.Quote(t.LastError)
	}
	return firstSaid(
		said(s, msg.New("diag.prom.down_serving", s.PromURL, msg.Quote(s.PromErr), n.start, s.ExportPostgres, s.ExportURL),
			promDown, exporterServesSome),
		said(s, msg.New("diag.prom.down", s.PromURL, msg.Quote(s.PromErr), n.start),
			promDown),
		said(s, msg.New("diag.prom.no_target", s.CollectorJob, n.exporterTarget, n.promFile),
			promAnswers, promNoJobTarget),
		said(s, msg.New("diag.prom.target_down_collector", t.Job, t.URL, t.Health, lastErr, n.start),
			promAnswers, promJobTargetDown, collectorSeen, collectorDown),
		said(s, msg.New("diag.prom.target_down", t.Job, t.URL, t.Health, lastErr, n.promFile, n.exporterTarget, n.exporterListen),
			promAnswers, promJobTargetDown),
	)
}

// fallback is a check's last word when no stage is found broken: about
// time, which no snapshot can contradict, so it claims nothing.
func fallback(m msg.Message) explainer {
	return func(Snapshot) diagnosis { return diagnosis{msg: m} }
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
