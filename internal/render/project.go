package render

import (
	"fmt"
	"path/filepath"
	"strconv"
	"time"

	"github.com/compose-spec/compose-go/v2/types"

	"github.com/labctl/labctl/internal/config"
	"github.com/labctl/labctl/internal/model"
)

// NewProject builds the lab's Compose project from the lab model. dir is the
// lab directory (where compose.yaml is written); paths in the project are
// relative to it so the file stays portable and readable.
func NewProject(cfg *config.Config, dir string) (*types.Project, error) {
	backend, err := backendService(cfg, dir)
	if err != nil {
		return nil, err
	}
	p := &types.Project{
		Name: cfg.Project,
		Services: types.Services{
			SvcBackend:    backend,
			SvcCollector:  collectorService(cfg),
			SvcJaeger:     jaegerService(cfg),
			SvcPostgres:   postgresService(cfg),
			SvcPrometheus: prometheusService(cfg),
		},
		Volumes: types.Volumes{VolumePostgres: types.VolumeConfig{}},
	}
	return p, nil
}

func backendService(cfg *config.Config, dir string) (types.ServiceConfig, error) {
	s := types.ServiceConfig{Name: SvcBackend}
	b := cfg.Backend
	switch {
	case b.Image != "":
		s.Image = b.Image
	case b.Path != "":
		rel, err := filepath.Rel(absOrSelf(dir), b.Path)
		if err != nil {
			rel = b.Path
		}
		s.Build = &types.BuildConfig{Context: filepath.ToSlash(rel)}
	default:
		s.Build = &types.BuildConfig{
			Context: "./" + DirBackend,
			Args:    types.MappingWithEquals{"PYTHON_IMAGE": strPtr(cfg.Images.Python)},
		}
	}
	s.EnvFiles = []types.EnvFile{{Path: "./" + FileSecrets, Required: true}}
	s.Environment = backendEnvironment(cfg)
	s.Ports = []types.ServicePortConfig{publish(cfg.PublishAddress, cfg.Ports.Backend, b.Port)}
	s.DependsOn = types.DependsOnConfig{
		SvcPostgres:      {Condition: types.ServiceConditionHealthy, Required: true},
		traceTarget(cfg): {Condition: types.ServiceConditionStarted, Required: true},
	}
	// Every Python image has python; the probe needs nothing else.
	s.HealthCheck = healthcheck("CMD", "python", "-c",
		fmt.Sprintf("import urllib.request; urllib.request.urlopen('http://localhost:%d%s', timeout=2)", b.Port, b.HealthPath))
	return s, nil
}

// traceTarget is the service the backend sends spans to.
func traceTarget(cfg *config.Config) string {
	if cfg.Topology == model.TopologyDirect {
		return SvcJaeger
	}
	return SvcCollector
}

func collectorService(cfg *config.Config) types.ServiceConfig {
	s := types.ServiceConfig{Name: SvcCollector}
	s.Image = cfg.Images.Collector
	s.Command = types.ShellCommand{"--config=" + collectorConfigPath}
	// The Collector reads POSTGRES_MONITOR_PASSWORD from here (${env:...} in otelcol.yaml).
	s.EnvFiles = []types.EnvFile{{Path: "./" + FileSecrets, Required: true}}
	s.Volumes = []types.ServiceVolumeConfig{bindRO("./"+FileCollector, collectorConfigPath)}
	s.Ports = []types.ServicePortConfig{
		publish(cfg.PublishAddress, cfg.Ports.CollectorHealth, model.PortCollectorHealth),
		publish(cfg.PublishAddress, cfg.Ports.CollectorMetrics, model.PortCollectorMetrics),
		publish(cfg.PublishAddress, cfg.Ports.CollectorPrometheus, model.PortCollectorExporter),
	}
	if cfg.Topology == model.TopologyCollector {
		s.Ports = append([]types.ServicePortConfig{
			publish(cfg.PublishAddress, cfg.Ports.OTLPGRPC, model.PortOTLPGRPC),
			publish(cfg.PublishAddress, cfg.Ports.OTLPHTTP, model.PortOTLPHTTP),
		}, s.Ports...)
	}
	// Gate on a healthy PostgreSQL so the first scrape succeeds.
	s.DependsOn = types.DependsOnConfig{
		SvcJaeger:   {Condition: types.ServiceConditionStarted, Required: true},
		SvcPostgres: {Condition: types.ServiceConditionHealthy, Required: true},
	}
	return s
}

func jaegerService(cfg *config.Config) types.ServiceConfig {
	s := types.ServiceConfig{Name: SvcJaeger}
	s.Image = cfg.Images.Jaeger
	if cfg.Jaeger == model.JaegerV1 {
		s.Environment = types.MappingWithEquals{"COLLECTOR_OTLP_ENABLED": strPtr("true")}
	} else {
		// Jaeger v2 binds localhost unless told otherwise.
		s.Environment = types.MappingWithEquals{"JAEGER_LISTEN_HOST": strPtr(model.AnyHost)}
	}
	s.Ports = []types.ServicePortConfig{
		publish(cfg.PublishAddress, cfg.Ports.JaegerUI, model.PortJaegerUI),
		publish(cfg.PublishAddress, cfg.Ports.JaegerGRPC, model.PortJaegerGRPC),
	}
	if cfg.Topology == model.TopologyDirect {
		s.Ports = append(s.Ports, publish(cfg.PublishAddress, cfg.Ports.OTLPGRPC, model.PortOTLPGRPC), publish(cfg.PublishAddress, cfg.Ports.OTLPHTTP, model.PortOTLPHTTP))
	}
	return s
}

func postgresService(cfg *config.Config) types.ServiceConfig {
	s := types.ServiceConfig{Name: SvcPostgres}
	s.Image = cfg.Images.Postgres
	s.EnvFiles = []types.EnvFile{{Path: "./" + FileSecrets, Required: true}}
	s.Environment = types.MappingWithEquals{
		"POSTGRES_USER":         strPtr(cfg.Postgres.User),
		"POSTGRES_DB":           strPtr(cfg.Postgres.DB),
		"POSTGRES_MONITOR_USER": strPtr(cfg.Postgres.MonitorUser),
	}
	s.Volumes = []types.ServiceVolumeConfig{
		{Type: types.VolumeTypeVolume, Source: VolumePostgres, Target: postgresDataPath},
		bindRO("./"+DirInitDB, initDBPath),
	}
	s.Ports = []types.ServicePortConfig{publish(cfg.PublishAddress, cfg.Ports.Postgres, model.PortPostgres)}
	// Over TCP: during first-start init the official image runs a temporary
	// server on the Unix socket only, which must not count as ready.
	s.HealthCheck = healthcheck("CMD", "pg_isready", "-h", model.LoopbackHost, "-U", cfg.Postgres.User, "-d", cfg.Postgres.DB)
	return s
}

func prometheusService(cfg *config.Config) types.ServiceConfig {
	s := types.ServiceConfig{Name: SvcPrometheus}
	s.Image = cfg.Images.Prometheus
	s.Command = types.ShellCommand{"--config.file=" + prometheusConfigPath, "--storage.tsdb.path=/prometheus"}
	s.Volumes = []types.ServiceVolumeConfig{bindRO("./"+FilePrometheus, prometheusConfigPath)}
	s.Ports = []types.ServicePortConfig{publish(cfg.PublishAddress, cfg.Ports.Prometheus, model.PortPrometheus)}
	s.DependsOn = types.DependsOnConfig{SvcCollector: {Condition: types.ServiceConditionStarted, Required: true}}
	// prom/prometheus is busybox-based: wget is there.
	s.HealthCheck = healthcheck("CMD", "wget", "-q", "-O", "/dev/null", fmt.Sprintf("http://localhost:%d/-/ready", model.PortPrometheus))
	return s
}

// publish maps a container port to a host port on addr (127.0.0.1 unless
// labctl.yaml or LABCTL_PUBLISH_ADDRESS says otherwise).
func publish(addr string, host, container int) types.ServicePortConfig {
	return types.ServicePortConfig{
		HostIP:    addr,
		Target:    uint32(container),
		Published: strconv.Itoa(host),
		Protocol:  "tcp",
		Mode:      "ingress",
	}
}

func bindRO(source, target string) types.ServiceVolumeConfig {
	return types.ServiceVolumeConfig{Type: types.VolumeTypeBind, Source: source, Target: target, ReadOnly: true}
}

// healthcheck probes every second so that `up` (and compose's --wait) notice
// readiness quickly; retries bound a start of about a minute.
func healthcheck(test ...string) *types.HealthCheckConfig {
	interval := types.Duration(time.Second)
	timeout := types.Duration(3 * time.Second)
	start := types.Duration(30 * time.Second)
	retries := uint64(60)
	return &types.HealthCheckConfig{
		Test: test, Interval: &interval, Timeout: &timeout, StartPeriod: &start, Retries: &retries,
	}
}

func strPtr(s string) *string { return &s }

func absOrSelf(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return p
}

// backendEnvironment is the backend's environment in labctl's lab: the
// database, its ROOT_PATH, and its OpenTelemetry settings (which
// Describe reads back as discovery reads a container's).
func backendEnvironment(cfg *config.Config) types.MappingWithEquals {
	b := cfg.Backend
	return types.MappingWithEquals{
		"POSTGRES_USER":               strPtr(cfg.Postgres.User),
		"POSTGRES_DB":                 strPtr(cfg.Postgres.DB),
		"POSTGRES_HOST":               strPtr(SvcPostgres),
		"POSTGRES_PORT":               strPtr(strconv.Itoa(model.PortPostgres)),
		"ROOT_PATH":                   strPtr(b.RootPath),
		"OTEL_RESOURCE_ATTRIBUTES":    strPtr("service.name=" + cfg.ServiceName),
		"OTEL_EXPORTER_OTLP_ENDPOINT": strPtr(fmt.Sprintf("http://%s:%d", traceTarget(cfg), model.PortOTLPGRPC)),
		// The SDK's BatchSpanProcessor waits 5 s by default before exporting;
		// half a second lets the student (and verify) see spans at once.
		"OTEL_BSP_SCHEDULE_DELAY": strPtr(strconv.Itoa(int(backendExportDelay.Milliseconds()))),
	}
}
