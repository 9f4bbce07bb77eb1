package render_test

import (
	"testing"

	"github.com/labctl/labctl/internal/render"
)

// The engine's messages name labctl.yaml keys it learns from these hints.
func TestEngineHints(t *testing.T) {
	cfg := labConfig(t, "")
	h := render.EngineHints(cfg)
	if got := h.PortKeys[cfg.Ports.Prometheus]; got != "ports.prometheus" {
		t.Errorf("port %d: key %q", cfg.Ports.Prometheus, got)
	}
	if got := h.PortKeys[cfg.Ports.JaegerUI]; got != "ports.jaeger_ui" {
		t.Errorf("port %d: key %q", cfg.Ports.JaegerUI, got)
	}
	if got := h.ImageKeys[render.SvcCollector]; got != "images.collector" {
		t.Errorf("collector image key %q", got)
	}
	if got := h.ImageKeys[render.SvcBackend]; got != "images.python" {
		t.Errorf("template backend image key %q", got)
	}
	if got := render.EngineHints(labConfig(t, "backend:\n  image: mine:1\n")).ImageKeys[render.SvcBackend]; got != "backend.image" {
		t.Errorf("backend.image key %q", got)
	}
	for _, svc := range render.LabServices {
		if h.URLs[svc] == "" || h.Probes[svc].Describe() == "container running" {
			t.Errorf("%s: url %q probe %q", svc, h.URLs[svc], h.Probes[svc].Describe())
		}
	}
	if h.Private == nil {
		t.Error("no Private: the lab directory would be sent in build contexts")
	}
}
