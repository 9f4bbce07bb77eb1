package config

import "github.com/labctl/labctl/internal/model"

// Default images: the official, multi-arch images, pinned to the releases the
// test bed builds from source (Jaeger 2.13.0 = Go module v1.76.0, Collector 0.145.0).
const (
	DefaultJaegerV2Image  = "jaegertracing/jaeger:2.13.0"
	DefaultJaegerV1Image  = "jaegertracing/all-in-one:1.76.0"
	DefaultCollectorImage = "otel/opentelemetry-collector-contrib:0.145.0"
	DefaultPostgresImage  = "postgres:17.7"
	DefaultPrometheus     = "prom/prometheus:v3.7.3"
	DefaultPythonImage    = "python:3.12.12-slim-bookworm"
)

// DefaultProject is the Compose project name when labctl.yaml sets none.
const DefaultProject = "otel-lab"

// DefaultServiceName is the lab's service.name.
const DefaultServiceName = "backend-service"

// Default returns the zero-configuration lab.
func Default() *Config {
	return &Config{
		Project:     DefaultProject,
		ServiceName: DefaultServiceName,
		Topology:    model.TopologyCollector,
		Jaeger:      model.JaegerV2,
		Images: Images{
			Collector:  DefaultCollectorImage,
			Postgres:   DefaultPostgresImage,
			Prometheus: DefaultPrometheus,
			Python:     DefaultPythonImage,
			// Jaeger is filled by finish, since it depends on the flavour.
		},
		// The host ports are the container ports (model's table) by default.
		Ports: Ports{
			Backend:             model.PortBackend,
			JaegerUI:            model.PortJaegerUI,
			JaegerGRPC:          model.PortJaegerGRPC,
			OTLPGRPC:            model.PortOTLPGRPC,
			OTLPHTTP:            model.PortOTLPHTTP,
			CollectorHealth:     model.PortCollectorHealth,
			CollectorMetrics:    model.PortCollectorMetrics,
			CollectorPrometheus: model.PortCollectorExporter,
			Prometheus:          model.PortPrometheus,
			Postgres:            model.PortPostgres,
		},
		Backend: Backend{
			Port: model.PortBackend,
			// HealthPath is filled by finish: the template has /health, the
			// course backend only has GET /.
		},
		Postgres: Postgres{
			User:        "postgres",
			DB:          "lab",
			MonitorUser: "otel",
		},
		Traffic:        DefaultTraffic(),
		PublishAddress: "127.0.0.1",
		Host:           "127.0.0.1",
		Source:         "defaults",
	}
}

// DefaultTraffic is the course backend's CRUD round trip; every request
// touches PostgreSQL. "{id}" is replaced by the id the POST returned.
func DefaultTraffic() []model.Request {
	return []model.Request{
		{Method: "POST", Path: "/products/", Body: `{"name":"labctl-probe","description":"created by labctl verify","price":1.5}`},
		{Method: "GET", Path: "/products/"},
		{Method: "GET", Path: "/products/{id}"},
		{Method: "DELETE", Path: "/products/{id}"},
	}
}
