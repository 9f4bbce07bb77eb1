package model

import "testing"

// Only upstream's distributions (and the bed's build) have the components
// their tag's release lists.
func TestUpstreamCollector(t *testing.T) {
	for image, want := range map[string]bool{
		"otel/opentelemetry-collector-contrib:0.145.0":                                                    true,
		"otel/opentelemetry-collector-contrib":                                                            true,
		"docker.io/otel/opentelemetry-collector:latest":                                                   true,
		"otel/opentelemetry-collector-k8s@sha256:0123":                                                    true,
		"ghcr.io/open-telemetry/opentelemetry-collector-releases/opentelemetry-collector-contrib:0.140.0": true,
		"labctl-bed/otelcol:0.145.0":                                                                      true,
		"omnition/opentelemetry-collector-contrib:latest":                                                 false,
		"example.org/custom-otelcol:0.145.0":                                                              false,
		"otel/opentelemetry-collector-builder:0.145.0":                                                    false,
	} {
		if got := UpstreamCollector(image); got != want {
			t.Errorf("%s: %v, want %v", image, got, want)
		}
	}
}
