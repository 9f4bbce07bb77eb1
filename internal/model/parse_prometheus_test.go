package model

import (
	"strings"
	"testing"
	"time"
)

func TestParsePrometheus(t *testing.T) {
	tests := []struct {
		name, config string
		want         Prometheus
	}{
		{"labctl's generated config", readTestdata(t, "testdata/labctl-prometheus.yml"), Prometheus{
			File: "prometheus.yml", Interval: 5 * time.Second,
			Jobs: []ScrapeJob{
				{Name: "otel-collector", Targets: []string{"collector:8889"}, MetricsPath: "/metrics", Interval: 5 * time.Second,
					At: Fact{File: "prometheus.yml", Line: 7, Key: "scrape_configs[0].job_name"}},
				{Name: "otelcol-internal", Targets: []string{"collector:8888"}, MetricsPath: "/metrics", Interval: 5 * time.Second,
					At: Fact{File: "prometheus.yml", Line: 11, Key: "scrape_configs[1].job_name"}},
			},
		}},
		{"defaults and overrides", `scrape_configs:
  - job_name: prometheus
    static_configs:
      - targets: ["localhost:9090"]
  - metrics_path: /custom
    scrape_interval: 1h30m
    job_name: collector
    static_configs:
      - targets: [otel-collector:8889, otel-collector:8888]
        labels: {env: lab}
      - targets: [backup:8889]
  - job_name: discovered
    scrape_interval: 1d
    docker_sd_configs:
      - host: unix:///var/run/docker.sock
`, Prometheus{
			File: "prometheus.yml", Interval: time.Minute,
			Jobs: []ScrapeJob{
				{Name: "prometheus", Targets: []string{"localhost:9090"}, MetricsPath: "/metrics", Interval: time.Minute,
					At: Fact{File: "prometheus.yml", Line: 2, Key: "scrape_configs[0].job_name"}},
				{Name: "collector", Targets: []string{"otel-collector:8889", "otel-collector:8888", "backup:8889"}, MetricsPath: "/custom", Interval: 90 * time.Minute,
					At: Fact{File: "prometheus.yml", Line: 7, Key: "scrape_configs[1].job_name"}},
				{Name: "discovered", MetricsPath: "/metrics", Interval: 24 * time.Hour,
					At: Fact{File: "prometheus.yml", Line: 12, Key: "scrape_configs[2].job_name"}},
			},
		}},
		{"global only", "global:\n  scrape_interval: 15s\n", Prometheus{File: "prometheus.yml", Interval: 15 * time.Second}},
		{"empty", "", Prometheus{File: "prometheus.yml", Interval: time.Minute}},
		{"no expansion", "scrape_configs:\n  - job_name: ${JOB}\n    static_configs: [{targets: [\"$$x:1\"]}]\n", Prometheus{
			File: "prometheus.yml", Interval: time.Minute,
			Jobs: []ScrapeJob{{Name: "${JOB}", Targets: []string{"$$x:1"}, MetricsPath: "/metrics", Interval: time.Minute,
				At: Fact{File: "prometheus.yml", Line: 2, Key: "scrape_configs[0].job_name"}}},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := ParsePrometheus([]byte(tt.config), "prometheus.yml")
			if err != nil {
				t.Fatal(err)
			}
			// Each target is located on its own line.
			for i, j := range p.Jobs {
				if len(j.TargetsAt) != len(j.Targets) {
					t.Errorf("job %s: %d targets, %d places", j.Name, len(j.Targets), len(j.TargetsAt))
				}
				for _, at := range j.TargetsAt {
					if at.Line == 0 || at.File != "prometheus.yml" {
						t.Errorf("job %s: target at %v", j.Name, at)
					}
				}
				p.Jobs[i].TargetsAt = nil
			}
			eq(t, "Prometheus", *p, tt.want)
		})
	}
}

func TestParsePrometheusErrors(t *testing.T) {
	tests := []struct{ name, config, want string }{
		{"invalid YAML", "global:\n  scrape_interval: 5s\n scrape_configs:\n", "prometheus.yml:3: did not find expected key"},
		{"bad global interval", "global:\n  scrape_interval: 5 s\n", `prometheus.yml:2: global.scrape_interval: "5 s" is not a duration`},
		{"bad job interval", "scrape_configs:\n  - job_name: a\n    scrape_interval: often\n", `prometheus.yml:3: scrape_configs[0].scrape_interval: "often" is not a duration`},
		{"scrape_configs not a list", "scrape_configs:\n  job_name: a\n", "prometheus.yml:2: scrape_configs must be a list"},
		{"targets not a list", "scrape_configs:\n  - job_name: a\n    static_configs:\n      - targets: a:1\n", "prometheus.yml:4: scrape_configs[0].static_configs[0].targets must be a list"},
		{"duplicate job key", "scrape_configs:\n  - job_name: a\n    job_name: b\n", `prometheus.yml:3: mapping key "job_name" already defined at line 2`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParsePrometheus([]byte(tt.config), "prometheus.yml")
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) || strings.Contains(err.Error(), "\n") {
				t.Errorf("error = %v, want one line starting with %q", err, tt.want)
			}
		})
	}
}
