package render

// Service names in the generated Compose project. They are also the DNS names
// containers use to reach each other on the project network.
const (
	SvcBackend    = "backend"
	SvcCollector  = "collector"
	SvcJaeger     = "jaeger"
	SvcPostgres   = "postgres"
	SvcPrometheus = "prometheus"
)

// Prometheus job names; verify looks targets up by these.
const (
	JobCollectorExporter = "otel-collector"
	JobCollectorInternal = "otelcol-internal"
)

// Generated file names inside the lab directory.
const (
	FileCompose    = "compose.yaml"
	FileCollector  = "otelcol.yaml"
	FilePrometheus = "prometheus.yml"
	FileSecrets    = "secrets.env"
	DirInitDB      = "initdb"
	FileInitDB     = "10-labctl-monitor.sh"
	DirBackend     = "backend"
	// VolumePostgres is the named volume holding PostgreSQL's data.
	VolumePostgres = "pgdata"
)

// Mount points inside the containers.
const (
	collectorConfigPath  = "/etc/otelcol-contrib/config.yaml"
	prometheusConfigPath = "/etc/prometheus/prometheus.yml"
	postgresDataPath     = "/var/lib/postgresql/data"
	initDBPath           = "/docker-entrypoint-initdb.d"
)
