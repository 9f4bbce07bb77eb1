package rules

import (
	"strings"
	"testing"
)

// Removed components are named with the release that removed them, read
// from the generated knowledge, and only when the image's release is known.
func TestRemovedComponentByRelease(t *testing.T) {
	loki := []string{"  otlp/jaeger:", "  loki:\n    endpoint: http://loki:3100/loki/api/v1/push\n  otlp/jaeger:"}
	tests := []struct {
		image string
		want  string // "" for no LAB001
	}{
		{"otel/opentelemetry-collector-contrib:0.131.0", "v0.131.0"},
		{"otel/opentelemetry-collector-contrib:0.145.0", "v0.131.0"},
		{"otel/opentelemetry-collector-contrib:0.130.0", ""},
		{"otel/opentelemetry-collector-contrib:latest", "v0.131.0"}, // latest: what a pull gives
		{"otel/opentelemetry-collector-contrib@sha256:0123", ""},
		{"example.org/custom-otelcol:0.145.0", ""},
	}
	for _, tt := range tests {
		t.Run(tt.image, func(t *testing.T) {
			var fs []Finding // the course's otlp/jaeger is LAB003's (an alias since v0.144.0)
			for _, f := range findingsOf(studentProject(t, tt.image, loki...), "LAB001") {
				if f.Rule == "LAB001" {
					fs = append(fs, f)
				}
			}
			if tt.want == "" {
				if len(fs) > 0 {
					t.Errorf("want no LAB001, got %v", fs)
				}
				return
			}
			if len(fs) != 1 {
				t.Fatalf("want one LAB001, got %v", fs)
			}
			text := fs[0].Message.English() + " / " + fs[0].Fix.English()
			if !strings.Contains(text, `"loki"`) || !strings.Contains(text, tt.want) || !strings.Contains(text, "otlphttp") {
				t.Errorf("want loki removed at %s, use otlphttp: %s", tt.want, text)
			}
		})
	}
}

// snake_case names are what they are at the image's release: a type (or
// a deprecated alias) where the release has it, a typo where it does not.
func TestSnakeCaseNamesByRelease(t *testing.T) {
	hm := []string{"  postgresql:", "  host_metrics:\n    scrapers:\n      cpu:\n  hostmetrics/old:\n    scrapers:\n      cpu:\n  postgresql:"}
	for _, tt := range []struct {
		image          string
		lab002, lab003 int
	}{
		{"otel/opentelemetry-collector-contrib:0.160.0", 0, 1}, // host_metrics the type, hostmetrics its alias
		{"otel/opentelemetry-collector-contrib:0.150.0", 1, 0}, // host_metrics unknown there: near hostmetrics
		{"otel/opentelemetry-collector-contrib:latest", 0, 0},
	} {
		t.Run(tt.image, func(t *testing.T) {
			p := studentProject(t, tt.image, hm...)
			if got := findingsOf(p, "LAB002"); len(got) != tt.lab002 {
				t.Errorf("LAB002: want %d, got %v", tt.lab002, got)
			}
			var alias []Finding // LAB003 is found by LAB001's check
			for _, f := range findingsOf(p, "LAB001") {
				if f.Rule == "LAB003" && strings.HasPrefix(f.Key, "receivers.") {
					alias = append(alias, f)
				}
			}
			if got := alias; len(got) != tt.lab003 {
				t.Errorf("LAB003: want %d, got %v", tt.lab003, got)
			}
		})
	}
}

// Keys are checked at the image's release, for every component the
// knowledge reads (not only the bed's), and a release newer than the
// knowledge is checked as the newest known, saying so.
func TestUnknownKeyAtRelease(t *testing.T) {
	edit := []string{"processors:\n  batch:", "processors:\n  memory_limiter:\n    check_interval: 1s\n    limit_mb_typo: 100\n  batch:"}
	fs := findingsOf(studentProject(t, contrib145, edit...), "LAB023")
	if len(fs) != 1 || !strings.Contains(fs[0].Key, "limit_mb_typo") {
		t.Fatalf("want memory_limiter's limit_mb_typo, got %v", fs)
	}
	fs = findingsOf(studentProject(t, "otel/opentelemetry-collector-contrib:0.400.0", edit...), "LAB023")
	if len(fs) != 1 || !strings.Contains(fs[0].Message.English(), "labctl knows Collector releases up to") {
		t.Fatalf("want the finding with a note on the newer release, got %v", fs)
	}
}

// A removal holds for an upstream image pulled as latest (or without a
// tag), read as the newest release and said so; not for a digest or a
// custom build, whose release labctl cannot read.
func TestOldRemovalOnLatest(t *testing.T) {
	jaeger := []string{"  otlp/jaeger:", "  jaeger:\n    endpoint: jaeger:14250\n  otlp/jaeger:"}
	for image, want := range map[string]int{
		"otel/opentelemetry-collector-contrib:latest":      1,
		"otel/opentelemetry-collector-contrib":             1,
		"otel/opentelemetry-collector-contrib@sha256:0123": 0,
		"example.org/custom-otelcol:latest":                0,
		"otel/opentelemetry-collector-contrib:0.84.0":      0,
		"otel/opentelemetry-collector-contrib:0.145.0":     1,
	} {
		var fs []Finding
		for _, f := range findingsOf(studentProject(t, image, jaeger...), "LAB001") {
			if f.Rule == "LAB001" {
				fs = append(fs, f)
			}
		}
		if len(fs) != want {
			t.Errorf("%s: want %d LAB001 (jaeger removed at v0.85.0), got %v", image, want, fs)
		}
		if latest := !strings.ContainsAny(image[strings.LastIndex(image, "/"):], ":@") || strings.HasSuffix(image, ":latest"); latest && len(fs) == 1 &&
			!strings.Contains(fs[0].Message.English(), "read as the newest labctl knows") {
			t.Errorf("%s: want the note on how the tag was read: %s", image, fs[0].Message.English())
		}
	}
}
