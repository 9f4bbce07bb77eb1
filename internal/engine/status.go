package engine

import (
	"context"
	"strings"

	"github.com/moby/moby/api/types/container"
)

// ServiceStatus is one service's container, state, readiness and URL.
type ServiceStatus struct {
	Service   string `json:"service"`
	Container string `json:"container,omitempty"`
	ID        string `json:"id,omitempty"`
	State     string `json:"state"`            // running, exited, created, ... or "missing"
	Health    string `json:"health,omitempty"` // healthy, starting, unhealthy; "" without healthcheck
	Ready     bool   `json:"ready"`
	Detail    string `json:"detail,omitempty"` // why it is not ready
	URL       string `json:"url,omitempty"`
}

// StateMissing is the State of a service that has no container.
const StateMissing = "missing"

// Status reports each service's container; with probe, it also runs each
// service's readiness probe once.
func (e *Engine) Status(ctx context.Context, project string, h Hints, services []string, probe bool) ([]ServiceStatus, error) {
	items, err := e.projectContainers(ctx, project)
	if err != nil {
		return nil, err
	}
	bySvc, _ := serviceContainers(items)
	probes := h.Probes
	out := make([]ServiceStatus, 0, len(services))
	for _, name := range services {
		s := ServiceStatus{Service: name, State: StateMissing, URL: h.URLs[name]}
		c, ok := bySvc[name]
		if !ok {
			s.Detail = "no container; run labctl up"
			out = append(out, s)
			continue
		}
		s.Container, s.ID, s.State = firstName(c), c.ID, string(c.State)
		s.Health = healthFromSummary(c)
		running := c.State == container.StateRunning
		switch {
		case !running:
			s.Detail = c.Status
		case !probe:
			s.Ready = true
		default:
			pr := probes[name]
			err := pr.checkHost(ctx)
			if err == nil && pr.Healthy && s.Health != string(container.Healthy) {
				err = errHealth(s.Health)
			}
			if err != nil {
				s.Detail = pr.Describe() + ": " + err.Error()
			} else {
				s.Ready = true
			}
		}
		out = append(out, s)
	}
	return out, nil
}

type errHealth string

func (e errHealth) Error() string {
	if e == "" {
		return "no health status"
	}
	return "health " + string(e)
}

// healthFromSummary reads the health status, which API 1.41 only gives in
// the status text ("Up 3 seconds (healthy)").
func healthFromSummary(c container.Summary) string {
	if c.Health != nil && c.Health.Status != "" && c.Health.Status != container.NoHealthcheck {
		return string(c.Health.Status)
	}
	for _, h := range []container.HealthStatus{container.Healthy, container.Unhealthy} {
		if strings.Contains(c.Status, "("+string(h)+")") {
			return string(h)
		}
	}
	if strings.Contains(c.Status, "(health: starting)") {
		return string(container.Starting)
	}
	return ""
}
