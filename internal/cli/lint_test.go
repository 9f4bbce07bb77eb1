package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// lint opens a project through internal/open, as every command does:
// labctl.yaml's services mapping names a role its image does not show
// (issue 26: lint used to ignore it). Run in process (runLint).
func TestLintHonoursServicesMapping(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(filepath.Join("..", "..", "test", "student", "project"))); err != nil {
		t.Fatal(err)
	}
	replace := func(file, old, new string) {
		t.Helper()
		path := filepath.Join(dir, file)
		data, err := os.ReadFile(path)
		if err != nil || !strings.Contains(string(data), old) {
			t.Fatalf("%s has no %q (%v)", file, old, err)
		}
		if err := os.WriteFile(path, []byte(strings.Replace(string(data), old, new, 1)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// A Collector image whose name says nothing of a Collector, and an
	// exporter to the Collector itself (LAB006, a rule of its config).
	replace("compose.yml", "image: ${OTELCOL_IMAGE:-otel/opentelemetry-collector-contrib:0.145.0}", "image: registry.example/tracer:1")
	replace("otel-collector-config.yaml", "endpoint: jaeger:4317", "endpoint: localhost:4317")
	lint := func() string {
		t.Helper()
		var out, errb bytes.Buffer
		err := runLint(context.Background(), Stdio{Out: &out, Err: &errb}, &lintOptions{dir: dir, noDocker: true})
		t.Logf("lint: %v\n%s%s", err, out.String(), errb.String())
		return out.String()
	}
	if got := lint(); strings.Contains(got, "LAB006") {
		t.Fatalf("without the mapping lint knew the Collector anyway: the test proves nothing")
	}
	if err := os.WriteFile(filepath.Join(dir, "labctl.yaml"), []byte("services:\n  otel-collector: collector\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := lint(); !strings.Contains(got, "otel-collector-config.yaml:26: error LAB006") {
		t.Errorf("lint ignores labctl.yaml's services mapping")
	}
}
