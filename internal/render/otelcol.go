package render

import (
	"fmt"

	"github.com/labctl/labctl/internal/config"
	"github.com/labctl/labctl/internal/model"
)

// JaegerExporter is the Collector's exporter to Jaeger (model.LabctlExporter).
const JaegerExporter = model.LabctlExporter

// CollectorConfig is the generated Collector configuration. Fields are
// ordered as a person reads a Collector config: receivers, processors,
// exporters, extensions, service.
type CollectorConfig struct {
	Receivers  map[string]any      `yaml:"receivers"`
	Processors map[string]any      `yaml:"processors"`
	Exporters  map[string]any      `yaml:"exporters"`
	Extensions map[string]any      `yaml:"extensions"`
	Service    CollectorServiceDef `yaml:"service"`
}

// CollectorServiceDef is the Collector's `service` section.
type CollectorServiceDef struct {
	Extensions []string            `yaml:"extensions"`
	Telemetry  map[string]any      `yaml:"telemetry"`
	Pipelines  map[string]Pipeline `yaml:"pipelines"`
}

// Pipeline is one Collector pipeline.
type Pipeline struct {
	Receivers  []string `yaml:"receivers"`
	Processors []string `yaml:"processors"`
	Exporters  []string `yaml:"exporters"`
}

// PostgresCollectionInterval is how often the postgresql receiver pulls
// statistics (model.LabctlCollectionInterval says why).
const PostgresCollectionInterval = model.LabctlCollectionInterval

// NewCollectorConfig builds the lab's Collector config from the lab model.
func NewCollectorConfig(cfg *config.Config) CollectorConfig {
	return CollectorConfig{
		Receivers: map[string]any{
			// Push: applications send spans to the Collector.
			"otlp": map[string]any{
				"protocols": map[string]any{
					"grpc": map[string]any{"endpoint": model.Listen(model.PortOTLPGRPC)},
					"http": map[string]any{"endpoint": model.Listen(model.PortOTLPHTTP)},
				},
			},
			// Pull: the Collector queries PostgreSQL's statistics views.
			"postgresql": map[string]any{
				"endpoint":            fmt.Sprintf("%s:%d", SvcPostgres, model.PortPostgres),
				"transport":           "tcp",
				"username":            cfg.Postgres.MonitorUser,
				"password":            "${env:" + config.EnvMonitorPassword + "}",
				"databases":           []string{cfg.Postgres.DB},
				"collection_interval": PostgresCollectionInterval,
				"tls":                 map[string]any{"insecure": true},
			},
		},
		Processors: map[string]any{"batch": map[string]any{}},
		Exporters: map[string]any{
			// Push: spans go on to Jaeger's OTLP endpoint.
			JaegerExporter: map[string]any{
				"endpoint": fmt.Sprintf("%s:%d", SvcJaeger, model.PortOTLPGRPC),
				"tls":      map[string]any{"insecure": true},
			},
			// Pulled: Prometheus scrapes this endpoint.
			"prometheus": map[string]any{"endpoint": model.Listen(model.PortCollectorExporter)},
		},
		Extensions: map[string]any{
			"health_check": map[string]any{"endpoint": model.Listen(model.PortCollectorHealth)},
		},
		Service: CollectorServiceDef{
			Extensions: []string{"health_check"},
			// The Collector's own metrics (accepted/sent spans), read by verify.
			Telemetry: map[string]any{
				"metrics": map[string]any{
					"readers": []any{map[string]any{"pull": map[string]any{"exporter": map[string]any{
						"prometheus": map[string]any{"host": model.AnyHost, "port": model.PortCollectorMetrics},
					}}}},
				},
			},
			Pipelines: map[string]Pipeline{
				"traces":  {Receivers: []string{"otlp"}, Processors: []string{"batch"}, Exporters: []string{JaegerExporter}},
				"metrics": {Receivers: []string{"postgresql"}, Processors: []string{"batch"}, Exporters: []string{"prometheus"}},
			},
		},
	}
}
