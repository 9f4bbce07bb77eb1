package checks

import (
	"sort"
	"strings"

	"github.com/labctl/labctl/internal/model"
)

// The Collector's own metric names (v0.145.0, pull reader on :8888).
const (
	mAccepted     = "otelcol_receiver_accepted_spans_total"
	mSent         = "otelcol_exporter_sent_spans_total"
	mSendFailed   = "otelcol_exporter_send_failed_spans_total"
	mQueueSize    = "otelcol_exporter_queue_size"
	mScrapeErrors = "otelcol_scraper_errored_metric_points_total"
)

// DefaultExporter is the name labctl gives the Collector's exporter to
// Jaeger, for a lab that names none (model.LabctlExporter).
const DefaultExporter = model.LabctlExporter

// counters is one reading of the Collector's span counters.
type counters struct {
	exporter               string
	accepted, sent, failed float64
	sentFound              bool
	exporters              []string
	queue, scrapeErrors    float64
}

// readCounters reads the span counters from a scrape of the Collector's own
// metrics. Spans accepted by any OTLP receiver count. When no exporter is
// named exporter but exactly one exporter name mentions jaeger, that one is
// used (a hand-written config may call it otlp/jaeger).
func readCounters(m Metrics, exporter string) counters {
	c := counters{exporter: exporter}
	for _, s := range m[mAccepted] {
		if r := s.Labels["receiver"]; r == "otlp" || strings.HasPrefix(r, "otlp/") {
			c.accepted += s.Value
		}
	}
	names := map[string]bool{}
	for _, n := range append(m.LabelValues(mSent, "exporter"), m.LabelValues(mSendFailed, "exporter")...) {
		names[n] = true
	}
	for n := range names {
		c.exporters = append(c.exporters, n)
	}
	sort.Strings(c.exporters)
	if !names[exporter] {
		var jaegers []string
		for _, n := range c.exporters {
			if strings.Contains(n, "jaeger") {
				jaegers = append(jaegers, n)
			}
		}
		if len(jaegers) == 1 {
			c.exporter = jaegers[0]
		}
	}
	only := map[string]string{"exporter": c.exporter}
	c.sent, c.sentFound = m.Sum(mSent, only)
	c.failed, _ = m.Sum(mSendFailed, only)
	c.queue, _ = m.Sum(mQueueSize, map[string]string{"exporter": c.exporter, "data_type": "traces"})
	if q, ok := m.Sum(mQueueSize, only); ok && c.queue == 0 {
		c.queue = q // older Collectors have no data_type label
	}
	c.scrapeErrors, _ = m.Sum(mScrapeErrors, map[string]string{"receiver": "postgresql"})
	return c
}

// since is what moved from base to c; a counter that went down means the
// Collector restarted, and then all of it is new.
func since(now, base float64) float64 {
	if now < base {
		return now
	}
	return now - base
}
