package render

import (
	"fmt"
	"sort"

	"github.com/labctl/labctl/internal/config"
	"github.com/labctl/labctl/internal/engine"
	"github.com/labctl/labctl/internal/model"
)

// LabServices are the services of the lab, in display order.
var LabServices = []string{SvcJaeger, SvcCollector, SvcPostgres, SvcPrometheus, SvcBackend}

// EngineHints are what the engine is told about labctl's lab beside its
// Compose project: the readiness probes, the URLs status shows, the
// labctl.yaml keys that set each image and host port (for errors that say
// what to change) and the files never sent in a build context (the lab
// directory and its secrets.env).
func EngineHints(cfg *config.Config) engine.Hints {
	h := engine.Hints{
		Probes:    Probes(cfg),
		URLs:      map[string]string{},
		ImageKeys: map[string]string{},
		PortKeys:  portKeys(cfg),
		Private:   labctlOwn,
	}
	l, err := Describe(cfg)
	for _, svc := range LabServices {
		if err == nil {
			h.URLs[svc] = serviceURL(cfg, l, svc)
		}
		h.ImageKeys[svc] = imageKey(cfg, svc)
	}
	return h
}

// imageKey is the labctl.yaml key that sets a service's image.
func imageKey(cfg *config.Config, service string) string {
	switch service {
	case SvcJaeger, SvcCollector, SvcPostgres, SvcPrometheus:
		return "images." + service
	case SvcBackend:
		if cfg != nil && cfg.Backend.Image != "" {
			return "backend.image"
		}
		return "images.python"
	}
	return "the image of " + service
}

// portKeys maps each host port to the labctl.yaml key that sets it (the
// first key in order when two share a port).
func portKeys(cfg *config.Config) map[int]string {
	byKey := cfg.Ports.ByKey()
	keys := make([]string, 0, len(byKey))
	for k := range byKey {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := map[int]string{}
	for _, k := range keys {
		if _, seen := out[byKey[k]]; !seen {
			out[byKey[k]] = "ports." + k
		}
	}
	return out
}

// Probes are the readiness probes of the lab's services, all from the host
// on the endpoints of the lab's description (cfg.Host and the ports of
// labctl.yaml).
func Probes(cfg *config.Config) map[string]engine.Probe {
	l, err := Describe(cfg)
	if err != nil {
		return map[string]engine.Probe{}
	}
	e := l.Endpoints
	return map[string]engine.Probe{
		SvcJaeger:     {Service: SvcJaeger, HTTP: e.JaegerUI.URL() + "/api/services"},
		SvcCollector:  {Service: SvcCollector, HTTP: e.CollectorHealth.URL() + "/"},
		SvcPrometheus: {Service: SvcPrometheus, HTTP: e.Prometheus.URL() + "/-/ready"},
		SvcPostgres:   {Service: SvcPostgres, TCP: e.Postgres.Addr, Healthy: true},
		SvcBackend:    {Service: SvcBackend, HTTP: e.Backend.URL() + l.Backend.HealthPath},
	}
}

// serviceURL is where a person reaches a service from the host, as the
// lab's description l has it; never with a password.
func serviceURL(cfg *config.Config, l *model.Lab, service string) string {
	e := l.Endpoints
	switch service {
	case SvcJaeger:
		return e.JaegerUI.URL() + " (Jaeger UI)"
	case SvcPrometheus:
		return e.Prometheus.URL() + " (Prometheus)"
	case SvcBackend:
		return e.Backend.URL() + " (backend)"
	case SvcPostgres:
		return fmt.Sprintf("postgres://%s@%s/%s (password in secrets.env)", cfg.Postgres.User, e.Postgres.Addr, cfg.Postgres.DB)
	case SvcCollector:
		if cfg.Topology == model.TopologyCollector {
			return l.OTLP.Collector.URL() + " (OTLP gRPC), " + l.OTLP.CollectorHTTP.URL() + " (OTLP HTTP)"
		}
		return "http://" + e.CollectorHealth.Addr + " (health)"
	}
	return ""
}
