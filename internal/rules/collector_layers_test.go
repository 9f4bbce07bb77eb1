package rules

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/labctl/labctl/internal/discover"
	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/userproject"
)

// layeredProject is a Compose project whose Collector starts with the
// command given, the course's config as main.yaml and an overlay.
func layeredProject(t *testing.T, command, overlay string) *model.Lab {
	t.Helper()
	dir := t.TempDir()
	main, err := os.ReadFile(filepath.Join("..", "..", "test", "student", "project", studentCollectorFile))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"main.yaml":  string(main),
		"extra.yaml": overlay,
		"compose.yml": "services:\n  otel-collector:\n    image: " + contrib145 + "\n    command: " + command +
			"\n    environment:\n      POSTGRES_PASSWORD: lab\n    volumes:\n      - ./main.yaml:/etc/otel/main.yaml\n      - ./extra.yaml:/etc/otel/extra.yaml\n",
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	up, err := userproject.Load(context.Background(), userproject.Options{Dir: dir, All: true})
	if err != nil {
		t.Fatal(err)
	}
	return discover.FromCompose(dir, up.Compose, discover.ServiceRoles(up.Compose, nil))
}

func TestCollectorLayersRead(t *testing.T) {
	t.Run("an empty overlay: the main config is checked", func(t *testing.T) {
		p := layeredProject(t, `["--config=/etc/otel/main.yaml", "--config=/etc/otel/extra.yaml"]`, "# nothing\n")
		if p.Files.Collector.File != "main.yaml" || p.Collector == nil || len(p.Collector.Pipelines) == 0 {
			t.Fatalf("the main config is not read: file %q, err %v", p.Files.Collector.File, p.Files.Collector.Err)
		}
	})
	t.Run("an overlay's typo is found, with no line of the main file", func(t *testing.T) {
		p := layeredProject(t, `["--config=/etc/otel/main.yaml", "--config=/etc/otel/extra.yaml"]`,
			"processors:\n  batch:\n    timeout_typo: 1s\n")
		fs := findingsOf(p, "LAB023")
		if len(fs) != 1 || !strings.Contains(fs[0].Key, "timeout_typo") || fs[0].Line != 0 {
			t.Fatalf("want the overlay's timeout_typo without a line of main.yaml, got %v", fs)
		}
	})
	t.Run("sh -c: the config in the script is read", func(t *testing.T) {
		p := layeredProject(t, `["sh", "-c", "sleep 1 && exec /otelcol-contrib --config=/etc/otel/main.yaml"]`, "")
		if p.Files.Collector.File != "main.yaml" || p.Collector == nil {
			t.Fatalf("the script's --config is not read: file %q", p.Files.Collector.File)
		}
		if fs := findingsOf(p, "LAB020"); len(fs) > 0 {
			t.Errorf("want no LAB020, got %v", fs)
		}
	})
	t.Run("${file:} is read from its mount", func(t *testing.T) {
		p := layeredProject(t, `["--config=/etc/otel/main.yaml", "--config=/etc/otel/extra.yaml"]`,
			"exporters:\n  otlp/jaeger:\n    tls: ${file:/etc/otel/main.yaml}\n")
		if fs := findingsOf(p, "LAB023"); len(fs) == 0 {
			t.Fatalf("want the keys of the file read into tls refused, got none")
		}
	})
	t.Run("--set counts as a layer", func(t *testing.T) {
		p := layeredProject(t, `["--config=/etc/otel/main.yaml", "--set=processors.batch.timeout_typo=2s"]`, "")
		if fs := findingsOf(p, "LAB023"); len(fs) != 1 || !strings.Contains(fs[0].Key, "timeout_typo") {
			t.Fatalf("want the --set key, got %v", fs)
		}
	})
}
