package render_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/labctl/labctl/internal/render"
	"github.com/labctl/labctl/internal/testbed"
)

// The real Collector (built from the same release labctl pins) must accept
// every otelcol.yaml labctl renders, and reject a broken one with a message
// that names the problem.
func TestCollectorValidatesRenderedConfig(t *testing.T) {
	otelcol := testbed.Bin(t, "otelcol")
	// The container gets secrets.env through env_file; validate the same way.
	validate := func(dir string) error {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, otelcol, "validate", "--config", filepath.Join(dir, render.FileCollector))
		secrets, err := os.ReadFile(filepath.Join(dir, render.FileSecrets))
		if err != nil {
			return err
		}
		cmd.Env = os.Environ()
		for _, line := range strings.Split(string(secrets), "\n") {
			if line != "" && !strings.HasPrefix(line, "#") {
				cmd.Env = append(cmd.Env, line)
			}
		}
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("%w: %s", err, out)
		}
		return nil
	}
	for _, v := range variants {
		t.Run(v.name, func(t *testing.T) {
			dir := t.TempDir()
			if _, err := render.Render(labConfig(t, v.yaml), dir); err != nil {
				t.Fatal(err)
			}
			if err := validate(dir); err != nil {
				t.Fatalf("otelcol validate rejected the rendered config: %v", err)
			}
		})
	}
	t.Run("broken variant is rejected", func(t *testing.T) {
		dir := t.TempDir()
		if _, err := render.Render(labConfig(t, ""), dir); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, render.FileCollector)
		data, _ := os.ReadFile(path)
		// The pipeline names an exporter that is not defined.
		broken := strings.Replace(string(data), "- otlp_grpc/jaeger", "- otlp_grpc/nowhere", 1)
		if broken == string(data) {
			t.Fatal("could not break the config: exporter reference not found")
		}
		if err := os.WriteFile(path, []byte(broken), 0o644); err != nil {
			t.Fatal(err)
		}
		err := validate(dir)
		if err == nil || !strings.Contains(err.Error(), "otlp_grpc/nowhere") {
			t.Fatalf("validate error = %v, want one naming otlp_grpc/nowhere", err)
		}
	})
}

func TestPromtoolAcceptsRenderedConfig(t *testing.T) {
	promtool := testbed.Promtool(t)
	dir := t.TempDir()
	if _, err := render.Render(labConfig(t, ""), dir); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(promtool, "check", "config", filepath.Join(dir, render.FilePrometheus)).CombinedOutput()
	if err != nil {
		t.Fatalf("promtool check config: %v\n%s", err, out)
	}
}

// docker compose itself (v2, built by the test bed) must accept every
// compose.yaml labctl renders: `config --quiet` parses, interpolates and
// validates it against the Compose specification without an engine.
func TestDockerComposeAcceptsRenderedFile(t *testing.T) {
	compose := testbed.Bin(t, "docker-compose")
	for _, v := range variants {
		t.Run(v.name, func(t *testing.T) {
			dir := t.TempDir()
			if _, err := render.Render(labConfig(t, v.yaml), dir); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(compose, "-f", filepath.Join(dir, render.FileCompose), "config", "--quiet")
			cmd.Env = append(os.Environ(), "DOCKER_HOST=unix:///nonexistent.sock") // no engine needed
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("docker compose config rejected the rendered file: %v\n%s", err, out)
			}
		})
	}
}
