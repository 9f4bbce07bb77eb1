package model

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/labctl/labctl/internal/testbed"
)

// mergeCases are layered configs with what the Collector makes of them:
// `want` was written from confmap's code (Resolver.Resolve, Conf.Merge,
// koanf maps.Merge, mergeAppend) and TestMergeAgainstTheCollector checks
// each against otelcol print-config on the test bed.
var mergeCases = []struct {
	name  string
	files map[string]string
	uris  []string
	env   map[string]string
	gates string
	want  string
}{
	{name: "maps deep-merged, lists and scalars replaced",
		files: map[string]string{
			"a.yaml": "receivers:\n  otlp:\n    protocols:\n      grpc:\n        endpoint: 0.0.0.0:4317\n      http:\n        endpoint: 0.0.0.0:4318\nexporters:\n  debug:\n    verbosity: basic\n  otlp_grpc/jaeger:\n    endpoint: jaeger:4317\nservice:\n  pipelines:\n    traces:\n      receivers: [otlp]\n      exporters: [otlp_grpc/jaeger]\n",
			"b.yaml": "exporters:\n  debug:\n    verbosity: detailed\nservice:\n  pipelines:\n    traces:\n      exporters: [debug]\n",
		},
		uris: []string{"a.yaml", "file:b.yaml"},
		want: "receivers:\n  otlp:\n    protocols:\n      grpc:\n        endpoint: 0.0.0.0:4317\n      http:\n        endpoint: 0.0.0.0:4318\nexporters:\n  debug:\n    verbosity: detailed\n  otlp_grpc/jaeger:\n    endpoint: jaeger:4317\nservice:\n  pipelines:\n    traces:\n      receivers: [otlp]\n      exporters: [debug]\n"},
	{name: "paths with ::, --set, an env: and a yaml: layer, an empty overlay",
		files: map[string]string{
			"a.yaml":     "receivers:\n  otlp:\n    protocols:\n      grpc:\nprocessors:\n  batch:\n    timeout: 1s\nexporters:\n  debug:\nservice:\n  pipelines:\n    traces:\n      receivers: [otlp]\n      processors: [batch]\n      exporters: [debug]\n",
			"empty.yaml": "# nothing yet\n",
		},
		uris: []string{"a.yaml", "empty.yaml", "env:EXTRA", "yaml:processors::batch::send_batch_size: 100", "yaml:exporters::debug::verbosity: detailed"},
		// Not "batch::timeout" under processors beside a.yaml's batch: two
		// keys for one path, which the Collector merges in map order (a CI
		// run printed 1s, others 5s).
		env:  map[string]string{"EXTRA": "processors:\n  batch:\n    timeout: 5s\n"},
		want: "receivers:\n  otlp:\n    protocols:\n      grpc:\nprocessors:\n  batch:\n    timeout: 5s\n    send_batch_size: 100\nexporters:\n  debug:\n    verbosity: detailed\nservice:\n  pipelines:\n    traces:\n      receivers: [otlp]\n      processors: [batch]\n      exporters: [debug]\n"},
	{name: "merge-append gate: component lists joined",
		files: map[string]string{
			"a.yaml": "receivers:\n  otlp:\n    protocols:\n      grpc:\nexporters:\n  debug:\n  otlp_grpc/b:\n    endpoint: b:4317\nextensions:\n  health_check:\nservice:\n  extensions: [health_check]\n  pipelines:\n    traces:\n      receivers: [otlp]\n      exporters: [debug]\n",
			"b.yaml": "service:\n  pipelines:\n    traces:\n      exporters: [otlp_grpc/b, debug]\n",
		},
		uris:  []string{"a.yaml", "b.yaml"},
		gates: "confmap.enableMergeAppendOption",
		want:  "receivers:\n  otlp:\n    protocols:\n      grpc:\nexporters:\n  debug:\n  otlp_grpc/b:\n    endpoint: b:4317\nextensions:\n  health_check:\nservice:\n  extensions: [health_check]\n  pipelines:\n    traces:\n      receivers: [otlp]\n      exporters: [debug, otlp_grpc/b]\n"},
	{name: "${file:} references, whole and inside a string",
		files: map[string]string{
			"a.yaml":   "receivers:\n  otlp:\n    protocols:\n      grpc:\nexporters:\n  otlp_grpc/a:\n    endpoint: ${file:host.txt}:4317\n    tls: ${file:tls.yaml}\nservice:\n  pipelines:\n    traces:\n      receivers: [otlp]\n      exporters: [otlp_grpc/a]\n",
			"tls.yaml": "insecure: true\n",
			"host.txt": "jaeger\n",
		},
		uris: []string{"a.yaml"},
		want: "receivers:\n  otlp:\n    protocols:\n      grpc:\nexporters:\n  otlp_grpc/a:\n    endpoint: \"jaeger\\n:4317\"\n    tls:\n      insecure: true\nservice:\n  pipelines:\n    traces:\n      receivers: [otlp]\n      exporters: [otlp_grpc/a]\n"},
	{name: "anchors and merge keys",
		files: map[string]string{
			"a.yaml": "receivers:\n  otlp:\n    protocols:\n      grpc:\nexporters:\n  otlp_grpc/a:\n    endpoint: a:4317\n    tls: &tls\n      insecure: true\n  otlp_grpc/c:\n    endpoint: a:4317\n    tls: *tls\n  otlp_grpc/b:\n    <<: {endpoint: b:4317, compression: none}\n    endpoint: c:4317\nservice:\n  pipelines:\n    traces:\n      receivers: [otlp]\n      exporters: [otlp_grpc/a, otlp_grpc/b, otlp_grpc/c]\n",
		},
		uris: []string{"a.yaml"},
		want: "receivers:\n  otlp:\n    protocols:\n      grpc:\nexporters:\n  otlp_grpc/a:\n    endpoint: a:4317\n    tls:\n      insecure: true\n  otlp_grpc/c:\n    endpoint: a:4317\n    tls:\n      insecure: true\n  otlp_grpc/b:\n    endpoint: c:4317\n    compression: none\nservice:\n  pipelines:\n    traces:\n      receivers: [otlp]\n      exporters: [otlp_grpc/a, otlp_grpc/b, otlp_grpc/c]\n"},
}

func readFrom(dir string) func(string) (string, []byte, error) {
	return func(p string) (string, []byte, error) {
		data, err := os.ReadFile(filepath.Join(dir, p))
		return p, data, err
	}
}

func mergeCase(t *testing.T, dir string, i int) map[string]any {
	t.Helper()
	c := mergeCases[i]
	layers, unread := CollectorLayers(c.uris, c.env, readFrom(dir))
	if len(unread) > 0 {
		t.Fatalf("unread: %v", unread)
	}
	m, err := MergeCollectorLayers(layers, c.gates != "")
	if err != nil {
		t.Fatal(err)
	}
	if unread := m.ResolveFileRefs(func(p string) ([]byte, error) { return os.ReadFile(filepath.Join(dir, p)) }); len(unread) > 0 {
		t.Fatalf("unread: %v", unread)
	}
	data, err := m.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := yaml.Unmarshal(data, &got); err != nil {
		t.Fatal(err)
	}
	return got
}

func writeCase(t *testing.T, i int) string {
	dir := t.TempDir()
	for name, text := range mergeCases[i].files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestMergeCollectorLayers(t *testing.T) {
	for i, c := range mergeCases {
		t.Run(c.name, func(t *testing.T) {
			got := mergeCase(t, writeCase(t, i), i)
			var want map[string]any
			if err := yaml.Unmarshal([]byte(c.want), &want); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				g, _ := yaml.Marshal(got)
				t.Errorf("got:\n%s\nwant:\n%s", g, c.want)
			}
		})
	}
}

// Each merged node tells its layer's file: a finding on the overlay's key
// names the overlay at its own line.
func TestMergedNodesKeepTheirFile(t *testing.T) {
	dir := writeCase(t, 0)
	layers, _ := CollectorLayers(mergeCases[0].uris, nil, readFrom(dir))
	m, err := MergeCollectorLayers(layers, false)
	if err != nil {
		t.Fatal(err)
	}
	k, _ := lookup(lookupValue(lookupValue(m.Root, "exporters"), "debug"), "verbosity")
	if k == nil || m.FileOf(k) != "b.yaml" || k.Line != 3 {
		t.Errorf("exporters.debug.verbosity: want b.yaml:3, got %q:%d", m.FileOf(k), k.Line)
	}
	k, _ = lookup(lookupValue(m.Root, "receivers"), "otlp")
	if k == nil || m.FileOf(k) != "a.yaml" || k.Line != 2 {
		t.Errorf("receivers.otlp: want a.yaml:2, got %q:%d", m.FileOf(k), k.Line)
	}
}

func TestCollectorLayersUnread(t *testing.T) {
	_, unread := CollectorLayers([]string{"https://example.org/c.yaml", "env:NOPE", "missing.yaml"}, nil,
		func(string) (string, []byte, error) { return "", nil, errors.New("not mounted") })
	if len(unread) != 3 {
		t.Errorf("want 3 unread layers, got %v", unread)
	}
}

// TestMergeAgainstTheCollector: the real Collector's own merge (otelcol
// print-config, the bed's 0.145.0) of every case equals ours.
func TestMergeAgainstTheCollector(t *testing.T) {
	otelcol := testbed.Bin(t, "otelcol")
	for i, c := range mergeCases {
		t.Run(c.name, func(t *testing.T) {
			dir := writeCase(t, i)
			gates := "otelcol.printInitialConfig"
			if c.gates != "" {
				gates += "," + c.gates
			}
			args := []string{"print-config", "--feature-gates=" + gates, "--mode", "unredacted", "--format", "yaml"}
			for _, u := range c.uris {
				args = append(args, "--config", u)
			}
			cmd := exec.Command(otelcol, args...)
			cmd.Dir = dir
			cmd.Env = os.Environ()
			for k, v := range c.env {
				cmd.Env = append(cmd.Env, k+"="+v)
			}
			out, err := cmd.Output()
			if err != nil {
				t.Fatalf("otelcol print-config: %v: %s", err, out)
			}
			var real map[string]any
			if err := yaml.Unmarshal(out, &real); err != nil {
				t.Fatal(err)
			}
			got := mergeCase(t, dir, i)
			if !reflect.DeepEqual(normalizeNulls(got), normalizeNulls(real)) {
				g, _ := yaml.Marshal(got)
				t.Errorf("ours:\n%s\notelcol print-config:\n%s", g, strings.TrimSpace(string(out)))
			}
		})
	}
}

// normalizeNulls drops null values and empty maps: print-config leaves
// out what it has no value for (an empty "grpc:"), as the decoders
// treat both alike.
func normalizeNulls(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, e := range x {
			if e == nil {
				continue
			}
			n := normalizeNulls(e)
			if m, ok := n.(map[string]any); ok && len(m) == 0 {
				continue
			}
			out[k] = n
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = normalizeNulls(e)
		}
		return out
	}
	return v
}
