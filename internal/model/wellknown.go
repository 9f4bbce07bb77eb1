package model

import "strconv"

// The lab's well-known facts, in one table: the ports its components
// listen on inside their containers, the service names the course's
// Compose project uses, and what Docker Compose's labels mean. Producers
// (render, discover) and the defaults of labctl.yaml read them here;
// consumers read the Lab, never this table's numbers in their own strings.

// Container-side ports, fixed by the official images and by the configs
// labctl renders.
const (
	PortOTLPGRPC          = 4317  // OTLP over gRPC (the Collector's receiver, Jaeger's)
	PortOTLPHTTP          = 4318  // OTLP over HTTP
	PortJaegerUI          = 16686 // Jaeger's UI and HTTP query API
	PortJaegerGRPC        = 16685 // Jaeger's gRPC query API (api_v2)
	PortCollectorHealth   = 13133 // the Collector's health_check extension
	PortCollectorMetrics  = 8888  // the Collector's own telemetry
	PortCollectorExporter = 8889  // the Collector's prometheus exporter, as the course sets it
	PortPrometheus        = 9090
	PortPostgres          = 5432
	PortBackend           = 8000 // the course backend's uvicorn
	PortDemoProxy         = 8080 // the OpenTelemetry demo's frontend-proxy
)

// PortName says which well-known port p is, for a person ("" for none).
func PortName(p int) string {
	switch p {
	case PortOTLPGRPC:
		return "OTLP gRPC"
	case PortOTLPHTTP:
		return "OTLP HTTP"
	case PortJaegerUI:
		return "Jaeger UI"
	case PortJaegerGRPC:
		return "Jaeger gRPC query"
	case PortCollectorHealth:
		return "Collector health"
	case PortCollectorMetrics:
		return "Collector metrics"
	case PortCollectorExporter:
		return "Collector prometheus exporter"
	case PortPrometheus:
		return "Prometheus"
	case PortPostgres:
		return "PostgreSQL"
	}
	return ""
}

// SDKDefaultEndpoint is where an OpenTelemetry SDK sends OTLP without
// OTEL_EXPORTER_OTLP_ENDPOINT: inside a container, that container itself.
const SDKDefaultEndpoint = "localhost:4317"

// The course's service names: what a fix names a service the project
// does not have yet ("set endpoint: database:5432").
const (
	CourseCollector = "otel-collector"
	CourseJaeger    = "jaeger"
	CourseDatabase  = "database"
)

// Listen is the address a Collector component listens on for every
// container of the network: 0.0.0.0:port.
func Listen(port int) string { return AnyHost + ":" + strconv.Itoa(port) }

// LabctlExporter is the name labctl's own lab gives the Collector's
// exporter to Jaeger. At Collector 0.145.0 the OTLP gRPC exporter's type is
// otlp_grpc (the course's `otlp` is a deprecated alias); the name part,
// jaeger, is the lab's.
const LabctlExporter = "otlp_grpc/jaeger"

// LabctlCollectionInterval is how often the postgresql receiver of
// labctl's own lab pulls statistics: short, so that verify sees
// postgresql_commits_total rise within a couple of seconds of its traffic.
// A handful of statistics queries every 2 s is nothing for a lab database.
// Diagnoses quote it as the value to lower a slower interval to.
const LabctlCollectionInterval = "2s"

// Labels Docker Compose v2 puts on what it creates. labctl sets the same
// on what it starts, so that `docker compose -p NAME ps|logs|down` works on
// a stack labctl started and labctl finds (and only ever touches) its own
// objects; discovery reads the ones `docker compose` wrote.
const (
	LabelProject         = "com.docker.compose.project"
	LabelService         = "com.docker.compose.service"
	LabelConfigHash      = "com.docker.compose.config-hash"
	LabelContainerNumber = "com.docker.compose.container-number"
	LabelOneoff          = "com.docker.compose.oneoff"
	LabelWorkingDir      = "com.docker.compose.project.working_dir"
	LabelConfigFiles     = "com.docker.compose.project.config_files"
	LabelVersion         = "com.docker.compose.version"
	LabelDependsOn       = "com.docker.compose.depends_on"
	LabelImage           = "com.docker.compose.image"
	LabelNetwork         = "com.docker.compose.network"
	LabelVolume          = "com.docker.compose.volume"
)
