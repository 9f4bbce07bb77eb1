package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRenderBadInput(t *testing.T) {
	tests := []struct {
		name   string
		config string // labctl.yaml body; "" means no file
		args   []string
		want   string // substring of the one-line error
	}{
		{"unknown key with line", "project: lab\nimagez:\n  jaeger: x\n", nil, `labctl.yaml:2: unknown key "imagez"`},
		{"unknown nested key", "images:\n  jaeger: x\n  grafana: y\n", nil, `labctl.yaml:3: unknown key "images.grafana"; valid keys under images:`},
		{"bad yaml", "project: [unclosed\n", nil, "fix the YAML syntax"},
		{"wrong type", "ports:\n  backend: eighty\n", nil, `labctl.yaml:2: "eighty" is a str, but this key takes a number`},
		{"unknown topology", "topology: sidecar\n", nil, `unknown topology "sidecar"; use "collector"`},
		{"unknown flavour", "jaeger: v3\n", nil, `unknown jaeger flavour "v3"; use "v2"`},
		{"port out of range", "ports:\n  prometheus: 70000\n", nil, "ports.prometheus 70000 is out of range"},
		{"port used twice", "ports:\n  prometheus: 8000\n", nil, "ports.backend and ports.prometheus both use 8000"},
		{"backend path missing", "backend:\n  path: ./nope\n", nil, "does not exist or is not a directory"},
		{"backend without Dockerfile", "backend:\n  path: ./empty\n", nil, "has no Dockerfile"},
		{"path and image", "backend:\n  path: ./empty\n  image: x:1\n", nil, "backend.path and backend.image are both set"},
		{"bad project", "project: My Lab\n", nil, `project "My Lab" is not a valid name`},
		{"missing --config", "", []string{"--config", "other.yaml"}, "config other.yaml does not exist"},
		{"unknown flag", "", []string{"--dirr", "x"}, "unknown flag: --dirr"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.Mkdir(filepath.Join(dir, "empty"), 0o755); err != nil {
				t.Fatal(err)
			}
			if tt.config != "" {
				if err := os.WriteFile(filepath.Join(dir, "labctl.yaml"), []byte(tt.config), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			res := runInProcess(t, dir, nil, append([]string{"render"}, tt.args...)...)
			if res.Code != 2 {
				t.Errorf("exit code = %d, want 2 (stderr: %s)", res.Code, res.Stderr)
			}
			lines := strings.Split(strings.TrimSpace(res.Stderr), "\n")
			if len(lines) != 1 || !strings.Contains(lines[0], tt.want) {
				t.Errorf("stderr = %q, want one line containing %q", res.Stderr, tt.want)
			}
			if _, err := os.Stat(filepath.Join(dir, ".labctl")); !os.IsNotExist(err) {
				t.Errorf("bad input wrote .labctl/ (err=%v); nothing may be written", err)
			}
		})
	}
}

func TestRenderWritesFiles(t *testing.T) {
	dir := t.TempDir()
	res := runInProcess(t, dir, nil, "render", "--dir", "out")
	if res.Code != 0 {
		t.Fatalf("exit %d: %s", res.Code, res.Stderr)
	}
	for _, f := range []string{"compose.yaml", "otelcol.yaml", "prometheus.yml", "secrets.env", "initdb/10-labctl-monitor.sh", "backend/Dockerfile"} {
		if _, err := os.Stat(filepath.Join(dir, "out", f)); err != nil {
			t.Errorf("missing %s: %v", f, err)
		}
	}
	secrets, _ := os.ReadFile(filepath.Join(dir, "out", "secrets.env"))
	for _, line := range strings.Split(string(secrets), "\n") {
		if _, pw, ok := strings.Cut(line, "="); ok && strings.Contains(res.Stdout+res.Stderr, pw) {
			t.Error("render printed a secret")
		}
	}
}

func TestVersionAndHelp(t *testing.T) {
	dir := t.TempDir()
	// "dev", or the module version Go stamped from the checkout.
	if res := runInProcess(t, dir, nil, "version"); res.Code != 0 || !(strings.HasPrefix(res.Stdout, "labctl dev") || strings.HasPrefix(res.Stdout, "labctl v")) {
		t.Errorf("version: code %d, stdout %q", res.Code, res.Stdout)
	}
	res := runInProcess(t, dir, nil, "--help")
	if res.Code != 0 || !strings.Contains(res.Stdout, "Examples:") || !strings.Contains(res.Stdout, "completion") {
		t.Errorf("--help lacks examples or completion: %s", res.Stdout)
	}
}

func TestInit(t *testing.T) {
	dir := t.TempDir()
	if res := runInProcess(t, dir, nil, "init", "--ci", "gitlab"); res.Code != 0 {
		t.Fatalf("init: %d %s", res.Code, res.Stderr)
	}
	for _, f := range []string{"labctl.yaml", ".gitlab-ci.yml"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Error(err)
		}
	}
	// The starter is a valid config: render accepts it.
	if res := runInProcess(t, dir, nil, "render"); res.Code != 0 {
		t.Errorf("render with the starter labctl.yaml: %d %s", res.Code, res.Stderr)
	}
	before, _ := os.ReadFile(filepath.Join(dir, "labctl.yaml"))
	res := runInProcess(t, dir, nil, "init")
	if res.Code != 2 || !strings.Contains(res.Stderr, "labctl.yaml already exists") {
		t.Errorf("second init: %d %q", res.Code, res.Stderr)
	}
	if after, _ := os.ReadFile(filepath.Join(dir, "labctl.yaml")); string(after) != string(before) {
		t.Error("init overwrote labctl.yaml")
	}
	if res := runInProcess(t, dir, nil, "init", "--ci", "jenkins", "--force"); res.Code != 2 || !strings.Contains(res.Stderr, `unknown CI "jenkins"`) {
		t.Errorf("bad --ci: %d %q", res.Code, res.Stderr)
	}
}

// Without --lang, a new report is in French, the course's language.
func TestReportDefaultsToFrench(t *testing.T) {
	dir := t.TempDir()
	if res := runInProcess(t, dir, nil, "report"); res.Code != 0 {
		t.Fatalf("report: %d %s", res.Code, res.Stderr)
	}
	got, err := os.ReadFile(filepath.Join(dir, "report.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(got), "| Tâche") {
		t.Errorf("default report is not in French:\n%s", got)
	}
}
