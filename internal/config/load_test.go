package config_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/labctl/labctl/internal/config"
	"github.com/labctl/labctl/internal/model"

	"github.com/labctl/labctl/internal/testbed"
)

func parse(t *testing.T, body string) (*config.Config, error) {
	t.Helper()
	return config.Parse([]byte(body), filepath.Join(t.TempDir(), "labctl.yaml"))
}

func TestParseOverrides(t *testing.T) {
	tests := []struct {
		name  string
		body  string
		check func(*config.Config) string
	}{
		{"empty file is all defaults", "", func(c *config.Config) string {
			if c.Project != "otel-lab" || c.ServiceName != "backend-service" || c.Topology != model.TopologyCollector || c.Jaeger != model.JaegerV2 {
				return "defaults not applied"
			}
			if c.Images.Jaeger != config.DefaultJaegerV2Image || c.Backend.HealthPath != "/health" || !c.ExpectDBSpans() {
				return "derived defaults wrong"
			}
			return ""
		}},
		{"v1 flavour picks all-in-one", "jaeger: v1\n", func(c *config.Config) string {
			if c.Images.Jaeger != config.DefaultJaegerV1Image {
				return "jaeger image " + c.Images.Jaeger
			}
			return ""
		}},
		{"explicit image wins over flavour", "jaeger: v1\nimages:\n  jaeger: mirror/aio:1\n", func(c *config.Config) string {
			if c.Images.Jaeger != "mirror/aio:1" {
				return "jaeger image " + c.Images.Jaeger
			}
			return ""
		}},
		{"ports merge with defaults", "ports:\n  postgres: 15432\n", func(c *config.Config) string {
			if c.Ports.Postgres != 15432 || c.Ports.Prometheus != 9090 {
				return "ports not merged"
			}
			return ""
		}},
		{"own image backend: course health path, bonus DB spans", "backend:\n  image: me/backend:1\n", func(c *config.Config) string {
			if c.Backend.HealthPath != "/" || c.ExpectDBSpans() {
				return "own backend defaults wrong"
			}
			return ""
		}},
		{"traffic methods normalised", "traffic:\n  - method: get\n    path: /\n", func(c *config.Config) string {
			if len(c.Traffic) != 1 || c.Traffic[0].Method != "GET" {
				return "traffic not normalised"
			}
			return ""
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := parse(t, tt.body)
			if err != nil {
				t.Fatal(err)
			}
			if msg := tt.check(cfg); msg != "" {
				t.Error(msg)
			}
		})
	}
}

func TestParseRejects(t *testing.T) {
	tests := []struct{ body, want string }{
		{"foo: 1\n", `labctl.yaml:1: unknown key "foo"`},
		{"traffic:\n  - method: GET\n    path: /\n    header: x\n", `labctl.yaml:4: unknown key "traffic[].header"`},
		{"images: nginx\n", `"images" must be a mapping`},
		{"traffic: []\n", "traffic is empty"},
		{"traffic:\n  - method: FETCH\n    path: /\n", `traffic[0].method "FETCH"`},
		{"postgres:\n  monitor_user: postgres\n", "must differ from postgres.user"},
		{"service_name: a b\n", "not usable as service.name"},
		{"ports:\n  backend: 0\n", "ports.backend 0 is out of range"},
	}
	for _, tt := range tests {
		_, err := parse(t, tt.body)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Parse(%q) error = %v, want %q", tt.body, err, tt.want)
		}
	}
}

func TestLoadWithoutFileUsesDefaults(t *testing.T) {
	t.Chdir(t.TempDir())
	cfg, err := config.Load("")
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Source != "defaults" {
		t.Errorf("source = %q", cfg.Source)
	}
}

func TestBackendPathIsRelativeToConfig(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "app"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "app", "Dockerfile"), []byte("FROM scratch\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Parse([]byte("backend:\n  path: app\n"), filepath.Join(dir, "labctl.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Backend.Path != filepath.Join(dir, "app") {
		t.Errorf("path = %q", cfg.Backend.Path)
	}
}

func TestSecretsGeneratedOnceWithMode0600(t *testing.T) {
	path := filepath.Join(t.TempDir(), "secrets.env")
	a, err := config.LoadOrCreateSecrets(path)
	if err != nil {
		t.Fatal(err)
	}
	b, err := config.LoadOrCreateSecrets(path)
	if err != nil {
		t.Fatal(err)
	}
	if a != b || len(a.PostgresPassword) != 32 || a.PostgresPassword == a.MonitorPassword {
		t.Errorf("secrets not stable/unique: %v %v", a == b, len(a.PostgresPassword))
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o600 {
		t.Errorf("mode %o", st.Mode().Perm())
	}
	if err := os.WriteFile(path, []byte("garbage line\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := config.LoadOrCreateSecrets(path); err == nil || !strings.Contains(err.Error(), "line 1 is not KEY=VALUE") {
		t.Errorf("corrupt secrets: %v", err)
	}
}

func TestEnvOverridesForRemoteEngines(t *testing.T) {
	t.Setenv(config.EnvPublishAddress, "0.0.0.0")
	t.Setenv(config.EnvHost, "docker")
	cfg, err := parse(t, "publish_address: 127.0.0.1\n")
	if err != nil {
		t.Fatal(err)
	}
	if cfg.PublishAddress != "0.0.0.0" || cfg.URL(9090) != "http://docker:9090" {
		t.Errorf("publish %q, url %q", cfg.PublishAddress, cfg.URL(9090))
	}
	t.Setenv(config.EnvPublishAddress, "everywhere")
	if _, err := parse(t, ""); err == nil || !strings.Contains(err.Error(), `LABCTL_PUBLISH_ADDRESS="everywhere" is not an IP address`) {
		t.Errorf("bad publish address: %v", err)
	}
}

func TestParseRejectsSmallerBadInputs(t *testing.T) {
	tests := []struct{ body, want string }{
		{"ports:\n  backend: 8001.9\n", "labctl.yaml:2: ports.backend 8001.9 is not a whole number; this key takes a number like 8001"},
		{"backend:\n  port: 80.0\n", "labctl.yaml:2: backend.port 80.0 is not a whole number"},
		{"project: a\n---\nproject: b\n", "labctl.yaml:2: a second YAML document starts here, and labctl reads only one"},
		{"project: a\n\n---\nimages:\n  postgres: x\n", "labctl.yaml:3: a second YAML document"},
		{"images:\n  postgres: Postgres:::17\n", `labctl.yaml: images.postgres "Postgres:::17" is not an image reference (image names are lowercase); set it to NAME:TAG such as postgres:17.7`},
		{"images:\n  postgres: postgres:::17\n", `images.postgres "postgres:::17" is not an image reference (it is not [REGISTRY/]NAME[:TAG][@DIGEST])`},
		{"images:\n  jaeger: jaegertracing/jaeger:2.13.0:x\n", `images.jaeger "jaegertracing/jaeger:2.13.0:x" is not an image reference`},
		{"images:\n  python: Python:3.12\n", "(image names are lowercase); set it to NAME:TAG such as python:"},
	}
	for _, tt := range tests {
		_, err := parse(t, tt.body)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Parse(%q) error = %v, want %q", tt.body, err, tt.want)
		}
	}
	// What the engine accepts is accepted: registries, ports, digests.
	for _, img := range []string{"localhost:5000/pg:17", "registry.example.com/a/b:1.2", "postgres@sha256:" + strings.Repeat("a", 64), "postgres"} {
		if _, err := parse(t, "images:\n  postgres: "+img+"\n"); err != nil {
			t.Errorf("image %q refused: %v", img, err)
		}
	}
	// A trailing --- holds nothing: fine.
	if _, err := parse(t, "project: a\n---\n"); err != nil {
		t.Errorf("trailing ---: %v", err)
	}
}

func TestLoadRefusesADanglingConfigLink(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	if err := os.Symlink("../elsewhere/labctl.yaml", "labctl.yaml"); err != nil {
		testbed.Lacks(t, "symbolic links: %v", err)
	}
	_, err := config.Load("")
	want := "labctl.yaml is a symbolic link to ../elsewhere/labctl.yaml, which does not exist; fix the link or remove it"
	if err == nil || err.Error() != want {
		t.Errorf("Load with a dangling labctl.yaml: %v, want %q", err, want)
	}
}

func TestBadEnvIsBlamedOnTheVariable(t *testing.T) {
	t.Setenv(config.EnvPublishAddress, "bogus")
	_, err := parse(t, "project: a\n")
	if err == nil || !strings.HasPrefix(err.Error(), `LABCTL_PUBLISH_ADDRESS="bogus" is not an IP address`) || strings.Contains(err.Error(), "labctl.yaml") {
		t.Errorf("bad LABCTL_PUBLISH_ADDRESS: %v", err)
	}
	t.Setenv(config.EnvPublishAddress, "")
	t.Setenv(config.EnvHost, "a b")
	if _, err := parse(t, ""); err == nil || !strings.HasPrefix(err.Error(), `LABCTL_HOST="a b" is not a host name`) {
		t.Errorf("bad LABCTL_HOST: %v", err)
	}
}
