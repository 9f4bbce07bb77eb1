package render

import (
	"fmt"
	"strings"
	"time"

	"github.com/labctl/labctl/internal/config"
	"github.com/labctl/labctl/internal/engine"
	"github.com/labctl/labctl/internal/model"
)

// Describe is the description of labctl's own lab: the services it
// renders, how each is reached (the ports of labctl.yaml on cfg.Host, the
// service names inside the network), and its pipelines, parsed from the
// very configs Render writes.
func Describe(cfg *config.Config) (*model.Lab, error) {
	host := cfg.Host
	if host == "" {
		host = model.LoopbackHost
	}
	ep := func(svc string, inPort, hostPort int, path string) model.Endpoint {
		return model.Endpoint{Service: svc, Port: inPort, Addr: model.HostPort(host, hostPort), Path: path,
			Via: model.ReachPublished, InNetwork: model.HostPort(svc, inPort)}
	}
	p := cfg.Ports
	l := &model.Lab{
		Origin:      model.OriginRendered,
		Source:      sourceName(cfg),
		Project:     cfg.Project,
		Topology:    cfg.Topology,
		ServiceName: cfg.ServiceName,
		Endpoints: model.Endpoints{
			Backend:           ep(SvcBackend, cfg.Backend.Port, p.Backend, ""),
			JaegerUI:          ep(SvcJaeger, model.PortJaegerUI, p.JaegerUI, ""),
			JaegerGRPC:        ep(SvcJaeger, model.PortJaegerGRPC, p.JaegerGRPC, ""),
			Prometheus:        ep(SvcPrometheus, model.PortPrometheus, p.Prometheus, ""),
			CollectorMetrics:  ep(SvcCollector, model.PortCollectorMetrics, p.CollectorMetrics, "/metrics"),
			CollectorExporter: ep(SvcCollector, model.PortCollectorExporter, p.CollectorPrometheus, "/metrics"),
			CollectorHealth:   ep(SvcCollector, model.PortCollectorHealth, p.CollectorHealth, "/"),
			Postgres:          ep(SvcPostgres, model.PortPostgres, p.Postgres, ""),
		},
		Backend:         backendOf(cfg),
		CollectorJob:    JobCollectorExporter,
		MonitorUser:     cfg.Postgres.MonitorUser,
		ExpectDB:        cfg.ExpectDBSpans(),
		MetricsRequired: true,
		Traffic:         cfg.Traffic,
	}
	for _, name := range LabServices {
		role := model.Role(name)
		if name == SvcPostgres {
			role = model.RolePostgres
		}
		l.Services = append(l.Services, model.Service{Name: name, Role: role, RoleFrom: model.RoleReason{By: model.RoleByConfig},
			Container: engine.ContainerName(cfg.Project, name), Aliases: []string{name}})
	}
	colYAML, err := marshalYAML(NewCollectorConfig(cfg))
	if err != nil {
		return nil, err
	}
	if l.Collector, err = model.ParseCollector(colYAML, FileCollector, nil); err != nil {
		return nil, fmt.Errorf("describe the lab: %w", err)
	}
	promYAML, err := marshalYAML(NewPrometheusConfig())
	if err != nil {
		return nil, err
	}
	if l.Prometheus, err = model.ParsePrometheus(promYAML, FilePrometheus); err != nil {
		return nil, fmt.Errorf("describe the lab: %w", err)
	}
	l.Exporter = JaegerExporter
	l.Jaeger = cfg.Jaeger
	l.Intervals = model.Intervals{Export: backendExportDelay, Batch: l.Collector.BatchTimeout, Collection: mustDuration(PostgresCollectionInterval), Scrape: mustDuration(ScrapeInterval)}
	finish(l, cfg)
	return l, nil
}

// finish completes the description (model.Lab.Complete) and adds what only
// the renderer knows: the Collector's OTLP ports are published too (the
// direct topology's backend still runs beside a Collector).
func finish(l *model.Lab, cfg *config.Config) {
	l.Complete()
	host := cfg.Host
	if host == "" {
		host = model.LoopbackHost
	}
	l.OTLP.Collector.Addr, l.OTLP.Collector.Via = model.HostPort(host, cfg.Ports.OTLPGRPC), model.ReachPublished
	l.OTLP.CollectorHTTP = model.Endpoint{Service: SvcCollector, Port: model.PortOTLPHTTP, Protocol: "http",
		Addr: model.HostPort(host, cfg.Ports.OTLPHTTP), Via: model.ReachPublished, InNetwork: model.HostPort(SvcCollector, model.PortOTLPHTTP)}
	if l.Topology == model.TopologyCollector {
		l.OTLP.Backend = l.OTLP.Collector
	}
}

// backendExportDelay is the backend's OTEL_BSP_SCHEDULE_DELAY (project.go).
const backendExportDelay = 500 * time.Millisecond

// backendOf reads the backend's environment as rendered, as discovery
// reads a container's (model.ReadBackendEnv).
func backendOf(cfg *config.Config) model.Backend {
	env := map[string]string{}
	for k, v := range backendEnvironment(cfg) {
		if v != nil {
			env[k] = *v
		}
	}
	b := model.ReadBackendEnv(env, "", func(k string) model.Fact {
		return model.Fact{File: FileCompose, Key: "services." + SvcBackend + ".environment." + k}
	})
	b.RootPath, b.HealthPath = cfg.Backend.RootPath, healthPath(cfg)
	return b
}

func healthPath(cfg *config.Config) string {
	h := cfg.Backend.HealthPath
	if !strings.HasPrefix(h, "/") {
		h = "/" + h
	}
	return h
}

func mustDuration(s string) time.Duration {
	d, err := time.ParseDuration(s)
	if err != nil {
		panic("stack: bad built-in duration " + s) // a constant of this package
	}
	return d
}
