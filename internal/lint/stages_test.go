package lint

import (
	"context"
	"strings"
	"testing"
)

// TestCollectorBypass: a backend still exporting to Jaeger while the
// project has a Collector with a traces pipeline (the lab's first stage
// left in place) is a warning at the variable's line, with the Collector's
// name as the fix; the course's project and a project without a Collector
// get none.
func TestCollectorBypass(t *testing.T) {
	toJaeger := edit{File: "compose.yml", Old: "OTEL_EXPORTER_OTLP_ENDPOINT: http://otel-collector:4317", New: "OTEL_EXPORTER_OTLP_ENDPOINT: http://jaeger:4317"}
	tests := []struct {
		name  string
		edits []edit
		want  bool
	}{
		{"through the Collector", nil, false},
		{"straight to Jaeger", []edit{toJaeger}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Run(context.Background(), Options{Dir: project(t, tt.edits)})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range res.Findings {
				if f.Rule != "LAB029" {
					continue
				}
				got = append(got, f.Text())
				if f.Severity != "warning" || f.File != "compose.yml" || f.Line != 23 || !strings.Contains(f.Fix.English(), "http://otel-collector:4317") {
					t.Errorf("got %s", f.Text())
				}
			}
			if (len(got) > 0) != tt.want {
				t.Errorf("want LAB029: %v; got %q", tt.want, got)
			}
		})
	}
}
