package checks

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strings"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

// Metrics is one scrape of a Prometheus text endpoint: samples by metric name.
type Metrics map[string][]Sample

// Scrape reads a metrics endpoint (the Collector's own :8888 or its
// prometheus exporter :8889) directly, so that verify can look at the
// Collector even when Prometheus is down.
func Scrape(ctx context.Context, client *http.Client, url string) (Metrics, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, fmt.Errorf("scrape %s: %w", url, err)
	}
	req.Header.Set("Accept", "text/plain;version=0.0.4")
	resp, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("scrape %s: %w", url, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("scrape %s: HTTP %s", url, resp.Status)
	}
	return ParseMetrics(resp.Body)
}

// ParseMetrics parses the Prometheus text exposition format.
func ParseMetrics(r io.Reader) (Metrics, error) {
	p := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := p.TextToMetricFamilies(r)
	if err != nil {
		return nil, fmt.Errorf("parse metrics: %w", err)
	}
	out := Metrics{}
	for name, f := range fams {
		for _, m := range f.GetMetric() {
			labels := map[string]string{}
			for _, l := range m.GetLabel() {
				labels[l.GetName()] = l.GetValue()
			}
			out[name] = append(out[name], Sample{Labels: labels, Value: value(f.GetType(), m)})
		}
	}
	return out, nil
}

func value(t dto.MetricType, m *dto.Metric) float64 {
	switch t {
	case dto.MetricType_COUNTER:
		return m.GetCounter().GetValue()
	case dto.MetricType_GAUGE:
		return m.GetGauge().GetValue()
	case dto.MetricType_SUMMARY:
		return m.GetSummary().GetSampleSum()
	case dto.MetricType_HISTOGRAM:
		return m.GetHistogram().GetSampleSum()
	default:
		return m.GetUntyped().GetValue()
	}
}

// Sum adds the samples of name whose labels include match; found says
// whether any series matched (the Collector exposes a series only once it
// has seen data).
func (m Metrics) Sum(name string, match map[string]string) (sum float64, found bool) {
	for _, s := range m[name] {
		if hasLabels(s.Labels, match) {
			sum += s.Value
			found = true
		}
	}
	return sum, found
}

// CountPrefix counts the series whose metric name starts with prefix.
func (m Metrics) CountPrefix(prefix string) int {
	n := 0
	for name, ss := range m {
		if strings.HasPrefix(name, prefix) {
			n += len(ss)
		}
	}
	return n
}

// NamesWithPrefix lists the metric names that start with prefix, sorted.
func (m Metrics) NamesWithPrefix(prefix string) []string {
	var out []string
	for name, ss := range m {
		if strings.HasPrefix(name, prefix) && len(ss) > 0 {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}

// LabelValues lists the distinct values of label across the samples of name.
func (m Metrics) LabelValues(name, label string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range m[name] {
		if v, ok := s.Labels[label]; ok && !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}

func hasLabels(labels, match map[string]string) bool {
	for k, v := range match {
		if labels[k] != v {
			return false
		}
	}
	return true
}
