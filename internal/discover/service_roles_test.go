package discover

import (
	"context"
	"maps"
	"os"
	"path/filepath"
	"testing"

	"github.com/compose-spec/compose-go/v2/loader"
	"github.com/compose-spec/compose-go/v2/types"

	"github.com/labctl/labctl/internal/model"
)

func TestServiceRoles(t *testing.T) {
	const compose = `
services:
  reverse-proxy:
    image: traefik:v3.1
  frontend:
    build: ./frontend
  backend:
    build: ./backend
    environment:
      OTEL_EXPORTER_OTLP_ENDPOINT: http://otel-collector:4317
  database:
    image: postgres:17
  jaeger:
    image: jaegertracing/all-in-one:1.52
  otel-collector:
    image: otel/opentelemetry-collector-contrib:0.145.0
  prometheus:
    image: prom/prometheus:v3.7.3
  cache:
    image: redis:7
    expose: ["6379"]
`
	dir := t.TempDir()
	file := filepath.Join(dir, "compose.yml")
	if err := os.WriteFile(file, []byte(compose), 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := loader.LoadWithContext(context.Background(), types.ConfigDetails{WorkingDir: dir,
		ConfigFiles: []types.ConfigFile{{Filename: file}}, Environment: types.Mapping{}},
		func(o *loader.Options) { o.SetProjectName("dop", true); o.SkipConsistencyCheck = true })
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		overrides map[string]model.Role
		want      map[string]model.Role
	}{
		{"course shape", nil, map[string]model.Role{
			"reverse-proxy": model.RoleProxy, "frontend": model.RoleOther, "backend": model.RoleBackend,
			"database": model.RolePostgres, "jaeger": model.RoleJaeger, "otel-collector": model.RoleCollector,
			"prometheus": model.RolePrometheus, "cache": model.RoleOther,
		}},
		{"labctl.yaml maps the frontend as the backend", map[string]model.Role{"frontend": model.RoleBackend}, map[string]model.Role{
			"reverse-proxy": model.RoleProxy, "frontend": model.RoleBackend, "backend": model.RoleOther,
			"database": model.RolePostgres, "jaeger": model.RoleJaeger, "otel-collector": model.RoleCollector,
			"prometheus": model.RolePrometheus, "cache": model.RoleOther,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ServiceRoles(p, tt.overrides); !maps.Equal(got, tt.want) {
				t.Errorf("ServiceRoles =\n%v\nwant\n%v", got, tt.want)
			}
		})
	}
}
