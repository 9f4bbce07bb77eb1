package render

import (
	"fmt"

	"github.com/labctl/labctl/internal/model"
)

// PrometheusConfig is the generated prometheus.yml.
type PrometheusConfig struct {
	Global        PromGlobal     `yaml:"global"`
	ScrapeConfigs []ScrapeConfig `yaml:"scrape_configs"`
}

// PromGlobal is prometheus.yml's global section.
type PromGlobal struct {
	ScrapeInterval     string `yaml:"scrape_interval"`
	EvaluationInterval string `yaml:"evaluation_interval"`
}

// ScrapeConfig is one scrape job.
type ScrapeConfig struct {
	JobName       string         `yaml:"job_name"`
	StaticConfigs []StaticConfig `yaml:"static_configs"`
}

// StaticConfig lists fixed targets.
type StaticConfig struct {
	Targets []string `yaml:"targets"`
}

// ScrapeInterval is how often Prometheus pulls from the Collector.
const ScrapeInterval = "5s"

// NewPrometheusConfig scrapes the Collector's prometheus exporter (the
// postgresql_* series) and the Collector's own metrics.
func NewPrometheusConfig() PrometheusConfig {
	return PrometheusConfig{
		Global: PromGlobal{ScrapeInterval: ScrapeInterval, EvaluationInterval: ScrapeInterval},
		ScrapeConfigs: []ScrapeConfig{
			{JobName: JobCollectorExporter, StaticConfigs: []StaticConfig{{Targets: []string{fmt.Sprintf("%s:%d", SvcCollector, model.PortCollectorExporter)}}}},
			{JobName: JobCollectorInternal, StaticConfigs: []StaticConfig{{Targets: []string{fmt.Sprintf("%s:%d", SvcCollector, model.PortCollectorMetrics)}}}},
		},
	}
}
