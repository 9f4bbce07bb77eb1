package render_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/compose-spec/compose-go/v2/types"

	"github.com/labctl/labctl/internal/config"
	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/render"
	"github.com/labctl/labctl/internal/testutil"
)

// labConfig parses a labctl.yaml body the way users write it.
func labConfig(t *testing.T, body string) *config.Config {
	t.Helper()
	dir := t.TempDir()
	cfg, err := config.Parse([]byte(body), filepath.Join(dir, "labctl.yaml"))
	if err != nil {
		t.Fatalf("parse config: %v", err)
	}
	return cfg
}

var variants = []struct {
	name string
	yaml string
}{
	{"collector-v2", ""},
	{"direct-v2", "topology: direct\n"},
	{"collector-v1", "jaeger: v1\n"},
	{"direct-v1", "topology: direct\njaeger: v1\n"},
}

func TestFilesGolden(t *testing.T) {
	for _, v := range variants {
		t.Run(v.name, func(t *testing.T) {
			files, err := render.Files(labConfig(t, v.yaml), t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]bool{}
			for _, f := range files {
				name := strings.ReplaceAll(f.Name, "/", "_")
				got[name] = true
				testutil.Golden(t, filepath.Join("testdata", "golden", v.name, name), f.Data)
			}
			// Every golden is still rendered: a file that disappears from
			// the output fails here instead of passing unnoticed.
			entries, err := os.ReadDir(filepath.Join("testdata", "golden", v.name))
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range entries {
				if !got[e.Name()] {
					t.Errorf("%s/%s has a golden file but is no longer rendered (remove the golden if intended)", v.name, e.Name())
				}
			}
			if len(entries) != len(files) && !testutil.Updating() {
				t.Errorf("%d golden files, %d rendered", len(entries), len(files))
			}
		})
	}
}

// The rendered compose.yaml must load with compose-go's loader, as docker
// compose loads it, and keep every published port on loopback.
func TestRenderedComposeLoads(t *testing.T) {
	for _, v := range variants {
		t.Run(v.name, func(t *testing.T) {
			dir := t.TempDir()
			cfg := labConfig(t, v.yaml)
			if _, err := render.Render(cfg, dir); err != nil {
				t.Fatal(err)
			}
			p, err := render.LoadProject(context.Background(), dir, cfg.Project)
			if err != nil {
				t.Fatal(err)
			}
			if got := len(p.Services); got != 5 {
				t.Fatalf("services = %d, want 5", got)
			}
			for name, s := range p.Services {
				for _, port := range s.Ports {
					if port.HostIP != "127.0.0.1" {
						t.Errorf("%s publishes %d on %q, want 127.0.0.1", name, port.Target, port.HostIP)
					}
				}
			}
			assertDependsOn(t, p, render.SvcBackend, render.SvcPostgres, types.ServiceConditionHealthy)
			assertDependsOn(t, p, render.SvcCollector, render.SvcPostgres, types.ServiceConditionHealthy)
			assertDependsOn(t, p, render.SvcPrometheus, render.SvcCollector, types.ServiceConditionStarted)
			wantTarget := "http://collector:4317"
			if cfg.Topology == model.TopologyDirect {
				wantTarget = "http://jaeger:4317"
			}
			env := p.Services[render.SvcBackend].Environment
			if got := env["OTEL_EXPORTER_OTLP_ENDPOINT"]; got == nil || *got != wantTarget {
				t.Errorf("backend OTEL_EXPORTER_OTLP_ENDPOINT = %v, want %s", got, wantTarget)
			}
			// env_file is resolved by the loader: the password reaches the container...
			if got := env[config.EnvPostgresPassword]; got == nil || len(*got) < 16 {
				t.Errorf("backend did not get %s from secrets.env", config.EnvPostgresPassword)
			}
			// ...but compose.yaml itself holds no password.
			compose, _ := os.ReadFile(filepath.Join(dir, render.FileCompose))
			secrets, err := config.LoadOrCreateSecrets(filepath.Join(dir, render.FileSecrets))
			if err != nil {
				t.Fatal(err)
			}
			if bytes.Contains(compose, []byte(secrets.PostgresPassword)) || bytes.Contains(compose, []byte(secrets.MonitorPassword)) {
				t.Error("compose.yaml contains a generated password")
			}
		})
	}
}

func assertDependsOn(t *testing.T, p *types.Project, svc, dep, cond string) {
	t.Helper()
	d, ok := p.Services[svc].DependsOn[dep]
	if !ok || d.Condition != cond {
		t.Errorf("%s depends_on %s = %+v, want condition %s", svc, dep, d, cond)
	}
}

func TestRenderSecretsKeptAndPrivate(t *testing.T) {
	dir := t.TempDir()
	cfg := labConfig(t, "")
	if _, err := render.Render(cfg, dir); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, render.FileSecrets)
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("secrets.env mode = %o, want 600", st.Mode().Perm())
	}
	first, _ := os.ReadFile(path)
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := render.Render(cfg, dir); err != nil {
		t.Fatal(err)
	}
	second, _ := os.ReadFile(path)
	if !bytes.Equal(first, second) {
		t.Error("a second render changed the passwords; the PostgreSQL volume was initialised with the first ones")
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o600 {
		t.Errorf("render did not restore mode 600 (got %o)", st.Mode().Perm())
	}
}

func TestRenderBackendSource(t *testing.T) {
	own := t.TempDir()
	if err := os.WriteFile(filepath.Join(own, "Dockerfile"), []byte("FROM scratch\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name         string
		yaml         string
		wantTemplate bool
		wantImage    string
		wantContext  string
	}{
		{"template", "", true, "", "./backend"},
		{"own path", "backend:\n  path: " + own + "\n", false, "", own},
		{"image", "backend:\n  image: registry.example/me/backend:1\n", false, "registry.example/me/backend:1", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			cfg := labConfig(t, tt.yaml)
			if _, err := render.Render(cfg, dir); err != nil {
				t.Fatal(err)
			}
			_, err := os.Stat(filepath.Join(dir, "backend", "Dockerfile"))
			if got := err == nil; got != tt.wantTemplate {
				t.Errorf("template copied = %v, want %v", got, tt.wantTemplate)
			}
			p, err := render.LoadProject(context.Background(), dir, cfg.Project)
			if err != nil {
				t.Fatal(err)
			}
			b := p.Services[render.SvcBackend]
			if b.Image != tt.wantImage && tt.wantImage != "" {
				t.Errorf("image = %q, want %q", b.Image, tt.wantImage)
			}
			gotCtx := ""
			if b.Build != nil {
				gotCtx = b.Build.Context
			}
			wantCtx := tt.wantContext
			if strings.HasPrefix(wantCtx, "./") {
				wantCtx = filepath.Join(dir, wantCtx)
			}
			if gotCtx != wantCtx {
				t.Errorf("build context = %q, want %q", gotCtx, wantCtx)
			}
		})
	}
}

// A student who edits the copied template must not lose the edit to the next
// render: render refuses, names the file and the fix, and writes nothing.
func TestRenderKeepsEditsToTheTemplateCopy(t *testing.T) {
	dir := t.TempDir()
	cfg := labConfig(t, "")
	if _, err := render.Render(cfg, dir); err != nil {
		t.Fatal(err)
	}
	// A rerun over an untouched copy is fine.
	if _, err := render.Render(cfg, dir); err != nil {
		t.Fatalf("second render over an untouched copy: %v", err)
	}
	main := filepath.Join(dir, "backend", "backend", "main.py")
	edited := []byte("# my own tracing code\n")
	if err := os.WriteFile(main, edited, 0o644); err != nil {
		t.Fatal(err)
	}
	compose := filepath.Join(dir, render.FileCompose)
	if err := os.Remove(compose); err != nil {
		t.Fatal(err)
	}
	_, err := render.Render(cfg, dir)
	if err == nil || !strings.Contains(err.Error(), "main.py was edited by hand") || !strings.Contains(err.Error(), "backend.path") {
		t.Fatalf("render over an edited copy: err = %v", err)
	}
	if got, _ := os.ReadFile(main); !bytes.Equal(got, edited) {
		t.Error("the student's edit was overwritten")
	}
	if _, err := os.Stat(compose); !os.IsNotExist(err) {
		t.Error("render wrote files although it refused")
	}
	// Deleting the edited file brings the template back.
	if err := os.Remove(main); err != nil {
		t.Fatal(err)
	}
	if _, err := render.Render(cfg, dir); err != nil {
		t.Fatalf("render after deleting the edited file: %v", err)
	}
}

func TestDescribeRenderedSaysRender(t *testing.T) {
	for name, body := range map[string]string{
		"otelcol.yaml":   "service:\n  pipelines: [a]\n",
		"prometheus.yml": "scrape_configs: 3\n",
	} {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := render.DescribeRendered(config.Default(), dir)
		if err == nil || !strings.Contains(err.Error(), filepath.ToSlash(filepath.Join(dir, name))+":") || !strings.HasSuffix(err.Error(), "; run `labctl render` to regenerate it") {
			t.Errorf("DescribeRendered with a broken %s: %v", name, err)
		}
	}
}
