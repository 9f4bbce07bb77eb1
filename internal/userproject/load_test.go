package userproject

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/labctl/labctl/internal/model"
)

// course is the course's project after the earlier labs plus the traces lab.
const course = `
services:
  reverse-proxy:
    image: traefik:v3.1
    ports: ["80:80"]
  frontend:
    build: ./frontend
  backend:
    build: ./backend
    container_name: dop-backend
    environment:
      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD}
      OTEL_EXPORTER_OTLP_ENDPOINT: http://otel-collector:4317
    depends_on:
      database: {condition: service_healthy}
  database:
    image: ${POSTGRES_IMAGE:-postgres:17}
    volumes: [db:/var/lib/postgresql/data]
  jaeger:
    image: jaegertracing/all-in-one:1.52
    ports: ["16686:16686"]
  otel-collector:
    image: otel/opentelemetry-collector-contrib:0.145.0
    volumes: [./otel-collector-config.yaml:/etc/otelcol-contrib/config.yaml]
  prometheus:
    image: prom/prometheus:v3.7.3
    ports: ["9090:9090"]
  adminer:
    image: adminer
    ports: ["8080:8080"]
    depends_on: [database]
  docs:
    image: nginx
    volumes: [docs:/usr/share/nginx/html]
volumes:
  db:
  docs:
`

func writeProject(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for name, data := range map[string]string{"compose.yml": course, ".env": "POSTGRES_PASSWORD=s3cret-from-dotenv\n",
		"otel-collector-config.yaml": "receivers: {}\n"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, d := range []string{"frontend", "backend"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestLoad(t *testing.T) {
	dir := writeProject(t)
	tests := []struct {
		name        string
		opts        Options
		wantKept    []string
		wantSkipped []string
		wantNotes   []string
		wantPorts   map[string]string // service -> first port as host_ip:published
	}{
		{"only what the checks read, ports as written", Options{Dir: dir, Name: "dop"},
			[]string{"backend", "database", "jaeger", "otel-collector", "prometheus", "reverse-proxy"},
			[]string{"adminer", "docs", "frontend"},
			[]string{"not started (no check reads them): adminer, docs, frontend", "services.backend.container_name is not honoured"},
			map[string]string{"jaeger": ":16686", "prometheus": ":9090"}},
		{"isolated for grading", Options{Dir: dir, Name: "labctl-grade-alice", Isolate: true},
			[]string{"backend", "database", "jaeger", "otel-collector", "prometheus", "reverse-proxy"},
			[]string{"adminer", "docs", "frontend"},
			[]string{"published ports moved to free ports on 127.0.0.1"},
			map[string]string{"jaeger": "127.0.0.1:", "reverse-proxy": "127.0.0.1:"}},
		{"--all keeps every service", Options{Dir: dir, All: true},
			[]string{"adminer", "backend", "database", "docs", "frontend", "jaeger", "otel-collector", "prometheus", "reverse-proxy"},
			nil, nil, map[string]string{"adminer": ":8080"}},
		{"labctl.yaml names the backend", Options{Dir: dir, Roles: map[string]model.Role{"adminer": model.RoleBackend}},
			[]string{"adminer", "database", "jaeger", "otel-collector", "prometheus", "reverse-proxy"},
			[]string{"backend", "docs", "frontend"}, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Load(context.Background(), tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			if got := p.Compose.ServiceNames(); !slices.Equal(got, tt.wantKept) {
				t.Errorf("services = %v, want %v", got, tt.wantKept)
			}
			if !slices.Equal(p.Skipped, tt.wantSkipped) {
				t.Errorf("skipped = %v, want %v", p.Skipped, tt.wantSkipped)
			}
			notes := strings.Join(p.Notes, "\n")
			for _, n := range tt.wantNotes {
				if !strings.Contains(notes, n) {
					t.Errorf("notes lack %q:\n%s", n, notes)
				}
			}
			for svc, want := range tt.wantPorts {
				pc := p.Compose.Services[svc].Ports[0]
				if got := pc.HostIP + ":" + pc.Published; got != want {
					t.Errorf("%s port = %q, want %q", svc, got, want)
				}
			}
			if tt.opts.Name != "" && p.Compose.Name != tt.opts.Name {
				t.Errorf("name = %q, want %q", p.Compose.Name, tt.opts.Name)
			}
		})
	}
}

func TestLoadResolvesAsCompose(t *testing.T) {
	dir := writeProject(t)
	p, err := Load(context.Background(), Options{Dir: dir, Name: "dop", Env: map[string]string{"POSTGRES_IMAGE": "labctl-bed/postgres:15"}})
	if err != nil {
		t.Fatal(err)
	}
	if got := p.Compose.Services["database"].Image; got != "labctl-bed/postgres:15" {
		t.Errorf("database image = %q; Env must override the Compose default", got)
	}
	if v := p.Compose.Services["backend"].Environment["POSTGRES_PASSWORD"]; v == nil || *v != "s3cret-from-dotenv" {
		t.Errorf("POSTGRES_PASSWORD = %v; .env must be read", v)
	}
	if src := p.Compose.Services["otel-collector"].Volumes[0].Source; src != filepath.Join(dir, "otel-collector-config.yaml") {
		t.Errorf("bind source = %q, want an absolute path in the project", src)
	}
	if _, ok := p.Compose.Volumes["docs"]; ok {
		t.Errorf("volume docs kept; only the kept services' volumes are created")
	}
	if got := p.Roles["otel-collector"]; got != model.RoleCollector {
		t.Errorf("role of otel-collector = %q", got)
	}
}

func TestLoadErrors(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name, compose string
		files         []string
		want          string
	}{
		{"no compose file", "", nil, "no Compose file in"},
		{"missing -f", "", []string{"nosuch.yml"}, "compose file nosuch.yml"},
		{"no backend", "services:\n  web: {image: nginx}\n", nil, "no service is recognisably the backend"},
		{"bad YAML", "services: [\n", nil, "read compose.yml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := filepath.Join(dir, strings.ReplaceAll(tt.name, " ", "-"))
			if err := os.MkdirAll(d, 0o755); err != nil {
				t.Fatal(err)
			}
			if tt.compose != "" {
				if err := os.WriteFile(filepath.Join(d, "compose.yml"), []byte(tt.compose), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			_, err := Load(context.Background(), Options{Dir: d, Files: tt.files})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to contain %q", err, tt.want)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error spans lines: %q", err)
			}
		})
	}
}
