package testbed_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/labctl/labctl/internal/collectorknow"
	"github.com/labctl/labctl/internal/testbed"
)

// The course's configs and what students commonly add: the bed's Collector
// must accept every config the contrib image accepts for want of a
// component (a student's lab must not fail in the tests for the bed's
// sake). Run through `otelcol validate` of the bed's own binary; the
// configs labctl renders are validated in internal/render.
func TestBedOtelcolAcceptsCommonComponents(t *testing.T) {
	otelcol := testbed.Bin(t, "otelcol")
	root := filepath.Join("..", "..")
	configs := []string{
		filepath.Join("testdata", "otelcol", "course.yaml"),
		filepath.Join("testdata", "otelcol", "common-components.yaml"),
		filepath.Join(root, "test", "student", "project", "otel-collector-config.yaml"),
	}
	for _, path := range configs {
		t.Run(filepath.Base(filepath.Dir(path))+"/"+filepath.Base(path), func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			cmd := exec.CommandContext(ctx, otelcol, "validate", "--config", path)
			cmd.Env = append(os.Environ(), "POSTGRES_PASSWORD=lab", "POSTGRES_MONITOR_PASSWORD=lab")
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Errorf("otelcol validate refuses it: %v\n%s", err, out)
			}
		})
	}
}

// Every component the bed's manifest builds is used in
// common-components.yaml, and that config names no component the manifest
// leaves out: the manifest and the test move together.
func TestBedManifestMatchesTheCommonComponents(t *testing.T) {
	manifest, err := testbed.ReadCollectorManifest()
	if err != nil {
		t.Fatal(err)
	}
	v, err := collectorknow.Parse(manifest.Version)
	if err != nil {
		t.Fatal(err)
	}
	rel, ok := collectorknow.At(v)
	if !ok {
		t.Fatalf("the knowledge has no release %s", v)
	}
	built := map[string]bool{} // section/type
	for section, modules := range manifest.Modules {
		for _, mod := range modules {
			found := false
			for _, typ := range rel.Types(section) {
				if c, _ := rel.Comp(section, typ); c.Module == mod {
					built[section+"/"+typ], found = true, true
				}
			}
			if !found {
				t.Errorf("%s: no %s type at %s in the knowledge", mod, section, v)
			}
		}
	}
	data, err := os.ReadFile(filepath.Join("testdata", "otelcol", "common-components.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var cfg map[string]map[string]any
	if err := yaml.Unmarshal(data, &cfg); err != nil {
		t.Fatal(err)
	}
	used := map[string]bool{}
	for _, section := range []string{"receivers", "processors", "exporters", "connectors", "extensions"} {
		for id := range cfg[section] {
			name, _, _ := strings.Cut(id, "/")
			typ, _, ok := rel.Has(section, name)
			if !ok || !built[section+"/"+typ] {
				t.Errorf("%s %s: not built by the manifest", section, id)
			}
			used[section+"/"+typ] = true
		}
	}
	for c := range built {
		if !used[c] {
			t.Errorf("%s: built by the manifest, used in no config of this test", c)
		}
	}
}
