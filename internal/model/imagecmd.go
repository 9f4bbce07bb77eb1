package model

import "strings"

// Whether labctl knows the config path an image's own command passes: a
// config mounted elsewhere is "not read" only when the process really
// reads another path. The official images' CMD is read from their
// Dockerfiles (opentelemetry-collector-releases distributions/*/Dockerfile:
// --config /etc/<dist>/config.yaml; prometheus's Dockerfile:
// --config.file=/etc/prometheus/prometheus.yml); an image built on its own
// (grafana/otel-lgtm runs Prometheus with --config.file=./prometheus.yaml
// from its run-prometheus.sh; the ADOT Collector reads
// /etc/ecs/ecs-default-config.yaml) is not known, and nothing is said.

// CollectorImageKnown: the image is an official Collector distribution
// (or the test bed's), whose CMD CollectorReads knows.
func CollectorImageKnown(image string) bool {
	repo := imageRepo(image)
	if strings.Contains(repo, "labctl-bed/otelcol") {
		return true
	}
	name := repo[strings.LastIndex(repo, "/")+1:]
	owner := strings.TrimSuffix(repo, "/"+name)
	switch name {
	case "opentelemetry-collector", "opentelemetry-collector-contrib", "opentelemetry-collector-k8s":
	default:
		return false
	}
	return owner == "otel" || owner == "docker.io/otel" || owner == "ghcr.io/open-telemetry/opentelemetry-collector-releases"
}

// PrometheusImageKnown: the image is Prometheus's own (or the test bed's),
// whose CMD PrometheusReads knows.
func PrometheusImageKnown(image string) bool {
	repo := imageRepo(image)
	switch repo {
	case "prom/prometheus", "docker.io/prom/prometheus", "quay.io/prometheus/prometheus":
		return true
	}
	return strings.Contains(repo, "labctl-bed/prometheus")
}

// imageRepo is an image reference without its tag and digest, lower case.
func imageRepo(image string) string {
	ref := strings.ToLower(strings.TrimSpace(image))
	if i := strings.Index(ref, "@"); i >= 0 {
		ref = ref[:i]
	}
	if i := strings.LastIndex(ref, ":"); i > strings.LastIndex(ref, "/") {
		ref = ref[:i]
	}
	return ref
}
