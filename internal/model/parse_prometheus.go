package model

import (
	"fmt"
	"strconv"
	"time"

	prom "github.com/prometheus/common/model"
	"gopkg.in/yaml.v3"
)

// Prometheus's defaults (prometheus.yml).
const (
	DefaultScrapeInterval = time.Minute
	DefaultMetricsPath    = "/metrics"
)

// ParsePrometheus reads a Prometheus configuration (prometheus.yml). file
// is the name a person knows it by, used in facts and errors.
//
// Each scrape_configs entry is a job, with all its static targets (none
// for a job that discovers them), its metrics_path (default /metrics) and
// its scrape_interval (else global.scrape_interval, else 1m). Prometheus
// does not expand environment variables here, and neither does this.
// Invalid YAML, a section of the wrong shape or an interval that is not a
// Prometheus duration is an error, as "FILE:LINE: message" on one line.
func ParsePrometheus(data []byte, file string) (*Prometheus, error) {
	root, err := parseYAML(data, file)
	if err != nil {
		return nil, err
	}
	if err := prepare(root, file, nil, false); err != nil {
		return nil, err
	}
	p := &Prometheus{File: file, Interval: DefaultScrapeInterval}
	global, err := mapping(file, "global", lookupValue(root, "global"))
	if err != nil {
		return nil, err
	}
	if d, ok, err := promDuration(file, "global.scrape_interval", global); err != nil {
		return nil, err
	} else if ok {
		p.Interval = d
	}
	jobs := lookupValue(root, "scrape_configs")
	if isNull(jobs) {
		return p, nil
	}
	if jobs.Kind != yaml.SequenceNode {
		return nil, fmt.Errorf("%s:%d: scrape_configs must be a list", file, jobs.Line)
	}
	for i, item := range jobs.Content {
		key := "scrape_configs[" + strconv.Itoa(i) + "]"
		m, err := mapping(file, key, item)
		if err != nil {
			return nil, err
		}
		if m == nil {
			continue
		}
		j := ScrapeJob{MetricsPath: DefaultMetricsPath, Interval: p.Interval}
		k, v := lookup(m, "job_name")
		if k != nil {
			j.Name = scalar(v)
			j.At = Fact{File: file, Line: k.Line, Key: key + ".job_name"}
		} else {
			j.At = Fact{File: file, Line: resolve(item).Line, Key: key}
		}
		if mp := scalar(lookupValue(m, "metrics_path")); mp != "" {
			j.MetricsPath = mp
		}
		if d, ok, err := promDuration(file, key+".scrape_interval", m); err != nil {
			return nil, err
		} else if ok {
			j.Interval = d
		}
		if j.Targets, j.TargetsAt, err = staticTargets(file, key, lookupValue(m, "static_configs")); err != nil {
			return nil, err
		}
		p.Jobs = append(p.Jobs, j)
	}
	return p, nil
}

// promDuration reads m's scrape_interval as a Prometheus duration
// (1m, 15s, 1h30m, 1d).
func promDuration(file, key string, m *yaml.Node) (time.Duration, bool, error) {
	k, v := lookup(m, "scrape_interval")
	s := scalar(v)
	if s == "" {
		return 0, false, nil
	}
	d, err := prom.ParseDuration(s)
	if err != nil {
		return 0, false, fmt.Errorf("%s:%d: %s: %q is not a duration (15s, 1m)", file, k.Line, key, s)
	}
	return time.Duration(d), true, nil
}

func staticTargets(file, key string, list *yaml.Node) ([]string, []Fact, error) {
	if isNull(list) {
		return nil, nil, nil
	}
	if list.Kind != yaml.SequenceNode {
		return nil, nil, fmt.Errorf("%s:%d: %s.static_configs must be a list", file, list.Line, key)
	}
	var out []string
	var at []Fact
	for i, sc := range list.Content {
		targets := lookupValue(resolve(sc), "targets")
		if isNull(targets) {
			continue
		}
		if targets.Kind != yaml.SequenceNode {
			return nil, nil, fmt.Errorf("%s:%d: %s.static_configs[%d].targets must be a list", file, targets.Line, key, i)
		}
		for j, t := range targets.Content {
			if s := scalar(t); s != "" {
				out = append(out, s)
				at = append(at, Fact{File: file, Line: resolve(t).Line, Key: fmt.Sprintf("%s.static_configs[%d].targets[%d]", key, i, j)})
			}
		}
	}
	return out, at, nil
}
