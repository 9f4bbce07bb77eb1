package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// studentCopy copies test/student/project (without the backend's code,
// which lint reads only for the exporter class) and applies replacements.
func studentCopy(t *testing.T, edits map[string][2]string) string {
	t.Helper()
	src := filepath.Join("..", "..", "test", "student", "project")
	dst := t.TempDir()
	for _, f := range []string{"compose.yml", "otel-collector-config.yaml", "prometheus.yml", ".env"} {
		data, err := os.ReadFile(filepath.Join(src, f))
		if err != nil {
			if f == ".env" {
				continue
			}
			t.Fatal(err)
		}
		s := string(data)
		if e, ok := edits[f]; ok {
			if !strings.Contains(s, e[0]) {
				t.Fatalf("%s has no %q", f, e[0])
			}
			s = strings.Replace(s, e[0], e[1], 1)
		}
		if err := os.WriteFile(filepath.Join(dst, f), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.MkdirAll(filepath.Join(dst, "backend"), 0o755); err != nil {
		t.Fatal(err)
	}
	return dst
}

func TestLintCLI(t *testing.T) {
	broken := map[string][2]string{"otel-collector-config.yaml": {"exporters: [otlp/jaeger]", "exporters: [otlp/jager]"}}
	env := []string{"GITHUB_ACTIONS=", "DOCKER_HOST=unix:///nonexistent.sock"}

	t.Run("clean project exits 0", func(t *testing.T) {
		dir := studentCopy(t, nil)
		start := time.Now()
		res := runInProcess(t, dir, env, "lint")
		if res.Code != 0 {
			t.Fatalf("exit %d\n%s%s", res.Code, res.Stdout, res.Stderr)
		}
		if d := time.Since(start); d > time.Second {
			t.Errorf("lint took %s without Docker, want under a second", d)
		}
		if !strings.Contains(res.Stderr, "Docker does not answer") {
			t.Errorf("lint does not say the validators did not run: %q", res.Stderr)
		}
	})

	t.Run("an error exits 1 and names file, line, cause, fix", func(t *testing.T) {
		dir := studentCopy(t, broken)
		res := runInProcess(t, dir, env, "lint", "--codequality", "cq.json", "--sarif", "out.sarif")
		if res.Code != 1 {
			t.Fatalf("exit %d, want 1\n%s%s", res.Code, res.Stdout, res.Stderr)
		}
		want := `otel-collector-config.yaml:39: error LAB004: service::pipelines::traces: references exporter "otlp/jager" which is not configured; did you mean "otlp/jaeger"?; fix: write otlp/jaeger (defined at line 25)`
		if !strings.Contains(res.Stdout, want) {
			t.Errorf("stdout lacks\n%s\ngot\n%s", want, res.Stdout)
		}
		if strings.Contains(res.Stdout, "::error") {
			t.Errorf("workflow commands outside GitHub Actions:\n%s", res.Stdout)
		}
		for _, f := range []string{"cq.json", "out.sarif"} {
			data, err := os.ReadFile(filepath.Join(dir, f))
			if err != nil || !json.Valid(data) {
				t.Errorf("%s: %v (valid JSON: %v)", f, err, json.Valid(data))
			}
		}
	})

	t.Run("under GitHub Actions", func(t *testing.T) {
		dir := studentCopy(t, broken)
		res := runInProcess(t, dir, []string{"GITHUB_ACTIONS=true", "DOCKER_HOST=unix:///nonexistent.sock"}, "lint", "--path-prefix", "projet")
		if !strings.Contains(res.Stdout, "::error file=projet/otel-collector-config.yaml,line=39,endLine=39,title=LAB004::") {
			t.Errorf("no workflow command on the line:\n%s", res.Stdout)
		}
		if !strings.Contains(res.Stdout, "::warning file=projet/compose.yml,line=43,endLine=43,title=LAB030::") {
			t.Errorf("the Jaeger v1 warning is not a ::warning:\n%s", res.Stdout)
		}
	})

	t.Run("warnings do not fail", func(t *testing.T) {
		dir := studentCopy(t, map[string][2]string{"compose.yml": {"jaegertracing/all-in-one:1.52", "jaegertracing/all-in-one:1.60"}})
		if res := runInProcess(t, dir, env, "lint", "--no-docker"); res.Code != 0 || !strings.Contains(res.Stdout, "warning LAB030") {
			t.Errorf("exit %d\n%s", res.Code, res.Stdout)
		}
	})
}

func TestExplainCLI(t *testing.T) {
	res := runInProcess(t, t.TempDir(), nil, "explain")
	if res.Code != 0 || !strings.Contains(res.Stdout, "LAB020  collector-config-not-read") {
		t.Fatalf("exit %d\n%s", res.Code, res.Stdout)
	}
	// The pipeline walk's sentences are rules explain lists and explains.
	if !strings.Contains(res.Stdout, "LAB104  walk-collector-accepted-none") || !strings.Contains(res.Stdout, "LAB135  walk-rows-no-table") {
		t.Errorf("explain does not list the walk's rules:\n%s", res.Stdout)
	}
	res = runInProcess(t, t.TempDir(), nil, "explain", "LAB135")
	if res.Code != 0 || !strings.Contains(res.Stdout, "found by: labctl verify, walking the pipeline") || !strings.Contains(res.Stdout, "receivers.postgresql.databases") {
		t.Errorf("exit %d\n%s", res.Code, res.Stdout)
	}
	res = runInProcess(t, t.TempDir(), nil, "explain", "sender-protocol-mismatch")
	if res.Code != 0 || !strings.HasPrefix(res.Stdout, "LAB012 (sender-protocol-mismatch): ") || !strings.Contains(res.Stdout, "Failed parsing HTTP/2") {
		t.Errorf("exit %d\n%s", res.Code, res.Stdout)
	}
	res = runInProcess(t, t.TempDir(), nil, "explain", "LAB999")
	if res.Code != 2 || !strings.Contains(res.Stderr, `no rule "LAB999"; labctl explain lists them`) {
		t.Errorf("exit %d\n%s", res.Code, res.Stderr)
	}
}
