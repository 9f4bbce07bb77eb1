package discover

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

const profiledCompose = `services:
  backend: {image: b, environment: {OTEL_EXPORTER_OTLP_ENDPOINT: "http://otel-collector:4317"}}
  jaeger: {image: "jaegertracing/all-in-one:1.76.0", profiles: [observability]}
  otel-collector: {image: "otel/opentelemetry-collector-contrib:0.145.0", profiles: [observability]}
  pgweb: {image: sosedoff/pgweb, profiles: [tools]}
`

// Profiles as docker compose takes them: --profile, else COMPOSE_PROFILES
// (here from .env); the services behind a profile not enabled and not
// running are what the note names.
func TestResolveProjectProfiles(t *testing.T) {
	t.Setenv("COMPOSE_PROFILES", "") // restored after the test
	os.Unsetenv("COMPOSE_PROFILES")  // unset: .env may set it
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "compose.yml"), []byte(profiledCompose), 0o644); err != nil {
		t.Fatal(err)
	}
	running := func(names ...string) func(string) bool {
		return func(s string) bool { return slices.Contains(names, s) }
	}
	p, err := ResolveProject(context.Background(), dir, nil, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Enabled) != 0 || !slices.Equal(p.Profiled["jaeger"], []string{"observability"}) || len(p.Services) != 4 {
		t.Fatalf("project %+v", p)
	}
	// pgweb plays no role verify checks: nothing to say of it.
	services, profiles := p.NotEnabled(running("backend"))
	if !slices.Equal(services, []string{"jaeger", "otel-collector"}) || !slices.Equal(profiles, []string{"observability"}) {
		t.Errorf("not enabled: %v %v", services, profiles)
	}
	// Started by hand with --profile: running, so nothing to say of them.
	if services, _ := p.NotEnabled(running("backend", "jaeger", "otel-collector")); len(services) != 0 {
		t.Errorf("running ones named: %v", services)
	}
	p, err = ResolveProject(context.Background(), dir, nil, "", "observability")
	if err != nil {
		t.Fatal(err)
	}
	if services, _ := p.NotEnabled(running("backend")); len(services) != 0 || !slices.Equal(p.Enabled, []string{"observability"}) {
		t.Errorf("--profile observability: %v, enabled %v", services, p.Enabled)
	}
	if err := os.WriteFile(filepath.Join(dir, ".env"), []byte("COMPOSE_PROFILES=observability,tools\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	p, err = ResolveProject(context.Background(), dir, nil, "")
	if err != nil {
		t.Fatal(err)
	}
	if services, _ := p.NotEnabled(running("backend")); len(services) != 0 || !slices.Equal(p.Enabled, []string{"observability", "tools"}) {
		t.Errorf("COMPOSE_PROFILES in .env: %v, enabled %v", services, p.Enabled)
	}
}
