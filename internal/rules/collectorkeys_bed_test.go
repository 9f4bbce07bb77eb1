package rules

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/labctl/labctl/internal/testbed"
)

// TestCollectorKeysAgainstTheBed checks the generated knowledge's keys at
// the bed's release against the test bed's real Collector (0.145.0),
// without compiling the Collector's modules: at every level the table says
// is closed, an unknown key is refused ("has invalid keys"); every key the
// table has, set to null, is not. A table the generator got wrong, or a
// bed rebuilt with other components, fails here.
func TestCollectorKeysAgainstTheBed(t *testing.T) {
	otelcol := testbed.Bin(t, "otelcol")
	tab := bedKeys(t)
	data, err := os.ReadFile(filepath.Join("..", "..", "test", "student", "project", studentCollectorFile))
	if err != nil {
		t.Fatal(err)
	}
	// The component IDs of the course's config, and the two it lacks.
	ids := map[string]string{
		"receivers/otlp": "otlp", "receivers/postgresql": "postgresql", "processors/batch": "batch",
		"exporters/otlp_grpc": "otlp/jaeger", "exporters/debug": "debug", "exporters/prometheus": "prometheus",
		"extensions/health_check": "health_check",
	}
	type probe struct {
		name   string
		config []byte
		bogus  bool // an unknown key was added: it must be refused
	}
	var probes []probe
	for section, comps := range tab {
		for typ, keys := range comps {
			id, ok := ids[section+"/"+typ]
			if !ok {
				t.Errorf("%s %s: no component of the course's config to try it on", section, typ)
				continue
			}
			visit(keys, nil, func(path []string, closed bool) {
				cfg := courseConfig(t, data)
				comp := component(cfg, section, id)
				if closed {
					set(comp, append(path, "zzz_labctl"), 1)
				} else {
					set(comp, path, nil)
				}
				out, err := yaml.Marshal(cfg)
				if err != nil {
					t.Fatal(err)
				}
				probes = append(probes, probe{section + "." + id + "." + strings.Join(path, "."), out, closed})
			})
		}
	}
	dir := t.TempDir()
	var wg sync.WaitGroup
	work := make(chan int)
	for w := range 2 {
		wg.Go(func() {
			file := filepath.Join(dir, "w"+string(rune('0'+w))+".yaml")
			for i := range work {
				p := probes[i]
				if err := os.WriteFile(file, p.config, 0o644); err != nil {
					t.Error(err)
					continue
				}
				ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
				cmd := exec.CommandContext(ctx, otelcol, "validate", "--config", file)
				cmd.Env = append(os.Environ(), "POSTGRES_PASSWORD=lab")
				b, _ := cmd.CombinedOutput()
				cancel()
				refused := strings.Contains(string(b), "has invalid keys")
				switch {
				case p.bogus && !strings.Contains(string(b), "has invalid keys: zzz_labctl"):
					t.Errorf("%s: the table says this level takes no other key, otelcol does not refuse zzz_labctl as one: %s", p.name, lastLine(string(b)))
				case !p.bogus && refused:
					t.Errorf("%s: in the table, refused by otelcol: %s", p.name, lastLine(string(b)))
				}
			}
		})
	}
	for i := range probes {
		work <- i
	}
	close(work)
	wg.Wait()
	t.Logf("%d probes of otelcol validate", len(probes))
}

// visit calls f for each closed level of a component's keys (closed true)
// and each key with nothing checked below it (closed false).
func visit(n keyNode, path []string, f func(path []string, closed bool)) {
	if n == nil {
		if len(path) > 0 {
			f(path, false)
		}
		return
	}
	if _, ok := n["*"]; ok {
		f(path, false)
		return
	}
	if items, ok := n["[]"]; ok {
		visit(items, with(path, "[]"), f)
		return
	}
	f(path, true)
	for _, k := range keyNames(n) {
		visit(n[k], with(path, k), f)
	}
}

func courseConfig(t *testing.T, data []byte) map[string]any {
	t.Helper()
	var cfg map[string]any
	if err := yaml.Unmarshal(data, &cfg); err != nil {
		t.Fatal(err)
	}
	cfg["exporters"].(map[string]any)["debug"] = nil
	cfg["extensions"] = map[string]any{"health_check": nil}
	return cfg
}

func component(cfg map[string]any, section, id string) map[string]any {
	s := cfg[section].(map[string]any)
	c, ok := s[id].(map[string]any)
	if !ok {
		c = map[string]any{}
		s[id] = c
	}
	return c
}

// set puts v at path under m, making the levels ("[]": a list of one).
func set(m map[string]any, path []string, v any) {
	for i, k := range path {
		if k == "[]" {
			continue
		}
		if i == len(path)-1 {
			m[k] = v
			return
		}
		next := map[string]any{}
		if path[i+1] == "[]" {
			if i+2 == len(path) {
				m[k] = []any{v}
				return
			}
			m[k] = []any{next}
		} else if old, ok := m[k].(map[string]any); ok {
			next = old
		} else {
			m[k] = next
		}
		m = next
	}
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}
