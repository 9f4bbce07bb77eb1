package rules

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/labctl/labctl/internal/collectorknow"
	"github.com/labctl/labctl/internal/discover"
	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/userproject"
)

const studentCollectorFile = "otel-collector-config.yaml"

// studentProject copies test/student/project with the Collector config
// edited (old -> new, each once) and the Collector's image set.
func studentProject(t *testing.T, image string, edits ...string) *model.Lab {
	t.Helper()
	src := filepath.Join("..", "..", "test", "student", "project")
	dir := t.TempDir()
	for _, name := range []string{"compose.yml", studentCollectorFile, "prometheus.yml"} {
		data, err := os.ReadFile(filepath.Join(src, name))
		if err != nil {
			t.Fatal(err)
		}
		s := string(data)
		if name == studentCollectorFile {
			for i := 0; i+1 < len(edits); i += 2 {
				if !strings.Contains(s, edits[i]) {
					t.Fatalf("%s: no %q to edit", name, edits[i])
				}
				s = strings.Replace(s, edits[i], edits[i+1], 1)
			}
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.MkdirAll(filepath.Join(dir, "backend"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("OTELCOL_IMAGE", image)
	t.Setenv("POSTGRES_PASSWORD", "lab")
	up, err := userproject.Load(context.Background(), userproject.Options{Dir: dir, All: true})
	if err != nil {
		t.Fatal(err)
	}
	p := discover.FromCompose(dir, up.Compose, discover.ServiceRoles(up.Compose, nil))
	if p.Files.Collector.Doc == nil || collectorImage(p) != image {
		t.Fatalf("the Collector's config or image (%q) is not read", collectorImage(p))
	}
	return p
}

// lineWith is the 1-based line of the config's first line that is s, else
// the first that contains s.
func lineWith(t *testing.T, p *model.Lab, s string) int {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(p.Files.Dir, p.Files.Collector.File))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	for i, l := range lines {
		if l == s {
			return i + 1
		}
	}
	for i, l := range lines {
		if strings.Contains(l, s) {
			return i + 1
		}
	}
	t.Fatalf("no line with %q", s)
	return 0
}

func findingsOf(p *model.Lab, rule string) []Finding {
	r, _ := Lookup(rule)
	return r.Check(r, p)
}

const contrib145 = "otel/opentelemetry-collector-contrib:0.145.0"

// TestCollectorUnknownKey: misspellings users make (upstream reports and
// the course's own), each named at its line with the component's nearest
// key at the same level, from the component's config struct.
func TestCollectorUnknownKey(t *testing.T) {
	tests := []struct {
		name      string
		edits     []string
		at        string // text on the finding's line
		key, near string
		also      string // in the message or the fix
	}{
		{"postgresql databse", []string{"    databases:", "    databse:"}, "databse:", "receivers.postgresql.databse", "databases", ""},
		{"postgresql collection_intervall", []string{"collection_interval:", "collection_intervall:"}, "collection_intervall:", "receivers.postgresql.collection_intervall", "collection_interval", ""},
		{"otlp exporter endpont", []string{"    endpoint: jaeger:4317", "    endpont: jaeger:4317"}, "endpont:", "exporters.otlp/jaeger.endpont", "endpoint", ""},
		{"otlp exporter tls.insecur", []string{"    endpoint: jaeger:4317\n    tls:\n      insecure: true", "    endpoint: jaeger:4317\n    tls:\n      insecur: true"}, "insecur:", "exporters.otlp/jaeger.tls.insecur", "insecure", ""},
		{"prometheus exporter namespce", []string{"endpoint: 0.0.0.0:8889", "endpoint: 0.0.0.0:8889\n    namespce: lab"}, "namespce:", "exporters.prometheus.namespce", "namespace", ""},
		{"otlp receiver grpc endpont", []string{"endpoint: 0.0.0.0:4317", "endpont: 0.0.0.0:4317"}, "endpont:", "receivers.otlp.protocols.grpc.endpont", "endpoint", ""},
		{"otlp receiver protocol misspelt", []string{"      grpc:", "      gprc:"}, "gprc:", "receivers.otlp.protocols.gprc", "grpc", ""},
		{"postgresql metric setting", []string{"collection_interval: 10s", "collection_interval: 10s\n    metrics:\n      postgresql.backends:\n        enabeld: false"}, "enabeld:", "receivers.postgresql.metrics.postgresql.backends.enabeld", "enabled", ""},
		{"batch processor", []string{"  batch:", "  batch:\n    send_batch_sise: 100"}, "send_batch_sise:", "processors.batch.send_batch_sise", "send_batch_size", ""},
		{"unknown key, nothing near", []string{"    transport: tcp", "    transport: tcp\n    colour: blue"}, "colour:", "receivers.postgresql.colour", "", "correct the key's spelling"},
		// open-telemetry/opentelemetry-collector-contrib#5377: insecure beside tls, not under it.
		{"otlp exporter insecure one level up", []string{"    endpoint: jaeger:4317\n    tls:\n      insecure: true", "    endpoint: jaeger:4317\n    insecure: true"}, "    insecure: true", "exporters.otlp/jaeger.insecure", "", "move insecure under tls:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := studentProject(t, contrib145, tt.edits...)
			fs := findingsOf(p, "LAB023")
			if len(fs) != 1 {
				t.Fatalf("want one LAB023 finding, got %d: %v", len(fs), fs)
			}
			f := fs[0]
			if f.File != studentCollectorFile || f.Line != lineWith(t, p, tt.at) || f.Key != tt.key {
				t.Errorf("got %s key %s; want %s:%d key %s", f.Where(), f.Key, studentCollectorFile, lineWith(t, p, tt.at), tt.key)
			}
			if tt.near != "" && (!strings.Contains(f.Message.English(), `did you mean "`+tt.near+`"?`) || !strings.HasPrefix(f.Fix.English(), "write "+tt.near+" ")) {
				t.Errorf("no suggestion of %q: %s", tt.near, f.Text())
			}
			if tt.near == "" && strings.Contains(f.Message.English(), "did you mean") {
				t.Errorf("a suggestion where none is near: %s", f.Text())
			}
			if !strings.Contains(f.Message.English()+" "+f.Fix.English(), tt.also) {
				t.Errorf("no %q in %s", tt.also, f.Text())
			}
			t.Log(f.Text())
		})
	}
}

// TestCollectorUnknownKeySilent: valid keys (maps, lists, optional
// sections, squashed structs, the deprecated otlp alias) give no finding,
// and neither does a Collector the table is not about or a component the
// table does not know: no finding rather than a wrong one.
func TestCollectorUnknownKeySilent(t *testing.T) {
	tests := []struct {
		name, image string
		edits       []string
	}{
		{"course project", contrib145, nil},
		{"valid keys at every depth", contrib145, []string{
			"    endpoint: jaeger:4317\n    tls:\n      insecure: true",
			"    endpoint: jaeger:4317\n    compression: gzip\n    timeout: 5s\n    headers:\n      X-Tenant: course\n    sending_queue:\n      enabled: true\n      queue_size: 100\n      batch:\n        flush_timeout: 1s\n    retry_on_failure:\n      max_elapsed_time: 1m\n    tls:\n      insecure: true\n      ca_file: /ca.pem",
			"collection_interval: 10s",
			"collection_interval: 10s\n    initial_delay: 1s\n    metrics:\n      postgresql.backends:\n        enabled: false\n    resource_attributes:\n      postgresql.database.name:\n        enabled: true",
			"      http:\n        endpoint: 0.0.0.0:4318",
			"      http:\n        endpoint: 0.0.0.0:4318\n        cors:\n          allowed_origins: [\"http://*\"]\n        traces_url_path: /v1/traces",
			"    endpoint: 0.0.0.0:8889",
			"    endpoint: 0.0.0.0:8889\n    namespace: lab\n    const_labels:\n      course: otel\n    resource_to_telemetry_conversion:\n      enabled: true",
		}},
		{"otlp_grpc type and health_check", contrib145, []string{
			"  otlp/jaeger:", "  otlp_grpc/jaeger:",
			"[otlp/jaeger]", "[otlp_grpc/jaeger]",
			"processors:\n  batch:", "extensions:\n  health_check:\n    endpoint: 0.0.0.0:13133\n    path: /health\nprocessors:\n  batch:\n    timeout: 1s\n    send_batch_size: 512",
		}},
		{"a release before the keys", "otel/opentelemetry-collector-contrib:0.99.0", []string{"    databases:", "    databse:"}},
		{"a digest", "otel/opentelemetry-collector-contrib@sha256:0123", []string{"    databases:", "    databse:"}},
		{"a custom build", "example.org/my-otelcol:0.145.0", []string{"    databases:", "    databse:"}},
		{"latest", "otel/opentelemetry-collector-contrib:latest", []string{"    databases:", "    databse:"}},
		{"no tag", "otel/opentelemetry-collector-contrib", []string{"    databases:", "    databse:"}},
		{"component not in the table", contrib145, []string{
			"processors:\n  batch:", "processors:\n  tail_sampling:\n    decision_wait_typo: 10s\n  batch:"}},
		{"confmap nested path and merge key", contrib145, []string{"    databases:", "    tls::insecure: true\n    databases:"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := studentProject(t, tt.image, tt.edits...)
			if fs := findingsOf(p, "LAB023"); len(fs) > 0 {
				t.Errorf("want no LAB023 finding, got %v", fs)
			}
		})
	}
}

// TestCollectorVerdictKeys: what otelcol 0.145.0 validate printed for
// these misspellings (measured with the bed's binary), mapped with the
// component's keys to the line and the key it probably meant.
func TestCollectorVerdictKeys(t *testing.T) {
	tests := []struct {
		name          string
		edits         []string
		out           string
		at, key, near string
	}{
		{"postgresql databse", []string{"    databases:", "    databse:"},
			"'receivers' error reading configuration for \"postgresql\": decoding failed due to the following error(s):\n\n'postgresqlreceiver.Config' has invalid keys: databse",
			"databse:", "receivers.postgresql.databse", "databases"},
		{"otlp exporter tls.insecur", []string{"    endpoint: jaeger:4317\n    tls:\n      insecure: true", "    endpoint: jaeger:4317\n    tls:\n      insecur: true"},
			"'exporters' error reading configuration for \"otlp/jaeger\": decoding failed due to the following error(s):\n\n'tls' has invalid keys: insecur",
			"insecur:", "exporters.otlp/jaeger.tls.insecur", "insecure"},
		{"prometheus namespce", []string{"endpoint: 0.0.0.0:8889", "endpoint: 0.0.0.0:8889\n    namespce: lab"},
			"'exporters' error reading configuration for \"prometheus\": decoding failed due to the following error(s):\n\n'prometheusexporter.Config' has invalid keys: namespce",
			"namespce:", "exporters.prometheus.namespce", "namespace"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := studentProject(t, contrib145, tt.edits...)
			f, ok := CollectorFinding(p, tt.out, "otelcol validate (test)")
			if !ok {
				t.Fatal("the verdict is not read")
			}
			if f.Line != lineWith(t, p, tt.at) || f.Key != tt.key || !strings.Contains(f.Message.English(), `did you mean "`+tt.near+`"?`) {
				t.Errorf("got %s", f.Text())
			}
			if !strings.HasSuffix(f.Quote, "has invalid keys: "+strings.TrimSuffix(tt.at, ":")) {
				t.Errorf("the validator's line is not quoted: %q", f.Quote)
			}
		})
	}
}

// bedKeys is the generated knowledge's key trees, at the release the test
// bed builds, of the bed's components (test/bed/otelcol-builder.yaml),
// by section and type.
func bedKeys(t *testing.T) map[string]map[string]keyNode {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "test", "bed", "otelcol-builder.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^\s+version:\s*(\S+)`).FindSubmatch(data)
	if m == nil {
		t.Fatal("the bed's manifest has no version")
	}
	v, err := collectorknow.Parse(string(m[1]))
	if err != nil {
		t.Fatal(err)
	}
	r, ok := collectorknow.At(v)
	if !ok || r.Newer {
		t.Fatalf("the knowledge does not have the bed's release %s: regenerate it (tools/collectorknow/regen)", v)
	}
	out := map[string]map[string]keyNode{}
	section := ""
	for _, line := range strings.Split(string(data), "\n") {
		if s, ok := strings.CutSuffix(line, ":"); ok && !strings.HasPrefix(line, " ") {
			section = s
			continue
		}
		g := regexp.MustCompile(`- gomod:\s*(\S+)`).FindStringSubmatch(line)
		if g == nil {
			continue
		}
		found := false
		for _, typ := range r.Types(section) {
			if c, _ := r.Comp(section, typ); c.Module == g[1] {
				keys, ok := r.Keys(section, typ)
				if !ok {
					t.Errorf("%s %s: no keys in the knowledge", section, typ)
				}
				if out[section] == nil {
					out[section] = map[string]keyNode{}
				}
				out[section][typ], found = keys, true
			}
		}
		if !found {
			t.Errorf("%s: not a %s type of the knowledge at %s", g[1], section, v)
		}
	}
	return out
}

// TestCollectorKeysTable: the knowledge has the bed's release and its
// components' keys, and lint reads them for the bed's image.
func TestCollectorKeysTable(t *testing.T) {
	if n := len(bedKeys(t)); n == 0 {
		t.Fatal("no component of the bed in the knowledge")
	}
	for _, c := range []struct{ section, typ, key string }{
		{"receivers", "postgresql", "databases"}, {"receivers", "otlp", "protocols"}, {"exporters", "otlp_grpc", "tls"},
		{"exporters", "otlp", "endpoint"}, {"exporters", "prometheus", "namespace"}, {"processors", "batch", "timeout"},
		{"extensions", "health_check", "endpoint"},
	} {
		keys, ok := componentKeys(contrib145, c.section, c.typ)
		if _, has := keys[c.key]; !ok || !has {
			t.Errorf("%s %s: no key %s in %v", c.section, c.typ, c.key, keyNames(keys))
		}
	}
}

func TestDidYouMean(t *testing.T) {
	tests := []struct {
		name  string
		cands []string
		want  string
	}{
		{"databse", []string{"databases", "endpoint", "transport"}, "databases"},
		{"gprc", []string{"grpc", "http"}, "grpc"}, // two letters swapped: one slip
		{"otpl", []string{"otlp", "otlphttp", "debug"}, "otlp"},
		{"insecur", []string{"insecure", "insecure_skip_verify"}, "insecure"},
		{"colour", []string{"endpoint", "transport"}, ""},
		{"endpoint", []string{"endpoint"}, ""}, // valid: nothing to suggest
	}
	for _, tt := range tests {
		if got := DidYouMean(tt.name, tt.cands); got != tt.want {
			t.Errorf("DidYouMean(%q, %q) = %q, want %q", tt.name, tt.cands, got, tt.want)
		}
	}
}
