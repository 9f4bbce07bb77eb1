package collectorknow

import (
	"sync"
	"testing"
)

func mustAt(t *testing.T, s string) Release {
	t.Helper()
	v, err := Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	r, ok := At(v)
	if !ok {
		t.Fatalf("the table does not know %s", s)
	}
	return r
}

// Facts read from upstream, not from the table: each names where it was
// read. A generator that reads the manifests or the factories wrong fails
// here.
func TestRemovalsReadFromUpstream(t *testing.T) {
	for _, c := range []struct {
		section, name, since, renamed, ref string
	}{
		// releases repo manifests: lokiexporter in otelcol-contrib up to
		// v0.130.0, gone at v0.131.0; the proxy serves lokiexporter@v0.130.0,
		// not @v0.131.0 (FACTS.md).
		{"exporters", "loki", "0.131.0", "", "otelcol-contrib manifest v0.130.0 vs v0.131.0"},
		// collector-contrib#26685: "unknown type: jaeger" from v0.85.0.
		{"exporters", "jaeger", "0.85.0", "", "collector-contrib#26685"},
		// collector CHANGELOG v0.111.0 (#11337): logging exporter removed.
		{"exporters", "logging", "0.111.0", "", "collector#11337"},
		// the contrib distribution dropped ballastextension at v0.108.0
		// (the module itself was removed in v0.109.0, CHANGELOG #10671).
		{"extensions", "memory_ballast", "0.108.0", "", "otelcol-contrib manifest v0.107.0 vs v0.108.0"},
	} {
		ch, ok := Removed(c.section, c.name)
		if !ok {
			t.Errorf("%s %s: not known as removed (%s)", c.section, c.name, c.ref)
			continue
		}
		if ch.Since.String() != "v"+c.since || ch.RenamedTo != c.renamed {
			t.Errorf("%s %s: removed at %s renamed to %q, upstream (%s): %s %q", c.section, c.name, ch.Since, ch.RenamedTo, c.ref, c.since, c.renamed)
		}
	}
	if r := mustAt(t, "0.130.0"); !has(r, "exporters", "loki") {
		t.Error("0.130.0 has no loki exporter: its manifest builds it")
	}
}

func has(r Release, section, name string) bool {
	_, _, ok := r.Has(section, name)
	return ok
}

func TestAliasesReadFromUpstream(t *testing.T) {
	for _, c := range []struct {
		section, alias, typ, since, ref string
	}{
		// collector CHANGELOG v0.144.0: "Rename otlp exporter to otlp_grpc
		// exporter and add deprecated alias otlp" (#14403).
		{"exporters", "otlp", "otlp_grpc", "0.144.0", "collector#14403"},
		// hostmetricsreceiver@v0.151.0 internal/metadata/generated_status.go:
		// Type host_metrics, DeprecatedType hostmetrics, passed by its factory.
		{"receivers", "hostmetrics", "host_metrics", "0.151.0", "hostmetricsreceiver v0.151.0 factory"},
		// spanmetricsconnector@v0.151.0: span_metrics, alias spanmetrics.
		{"connectors", "spanmetrics", "span_metrics", "0.151.0", "spanmetricsconnector v0.151.0 factory"},
	} {
		typ, since, ok := AliasSince(c.section, c.alias)
		if !ok || typ != c.typ || since.String() != "v"+c.since {
			t.Errorf("%s %s: alias of %q since %s (found %v), upstream (%s): %s since %s", c.section, c.alias, typ, since, ok, c.ref, c.typ, c.since)
		}
	}
	r := mustAt(t, "0.145.0")
	if typ, ok := r.AliasOf("exporters", "otlp"); !ok || typ != "otlp_grpc" {
		t.Errorf("0.145.0: otlp is an alias of %q, want otlp_grpc", typ)
	}
	if _, ok := Removed("exporters", "otlp"); ok {
		t.Error("otlp is still accepted (an alias) at the newest release")
	}
	old := mustAt(t, "0.143.0")
	if typ, alias, ok := old.Has("exporters", "otlp"); !ok || alias || typ != "otlp" {
		t.Errorf("0.143.0: otlp is the exporter's own type, got %q alias=%v ok=%v", typ, alias, ok)
	}
}

func TestNewerAndOlderReleases(t *testing.T) {
	n := Newest()
	r, ok := At(Version{0, n.Minor + 5, 0})
	if !ok || !r.Newer || r.Version != n {
		t.Errorf("a release newer than the table: want the newest (%s) with Newer, got %+v %v", n, r, ok)
	}
	if _, ok := At(Version{0, Oldest().Minor - 1, 0}); ok {
		t.Error("a release older than the table must be unknown")
	}
	if r, ok := At(Version{0, 145, 2}); !ok || r.Version != (Version{0, 145, 0}) {
		t.Errorf("a patch release answers as its .0, got %+v", r)
	}
}

// BenchmarkLoad is the cost lint pays once per run to read the table.
func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		load = sync.OnceValues(loadTable)
		if _, err := load(); err != nil {
			b.Fatal(err)
		}
	}
}
