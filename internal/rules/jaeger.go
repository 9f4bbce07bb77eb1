package rules

import (
	"strings"
)

// jaegerMajor says which Jaeger an image is: 1 (all-in-one, v1 tags), 2
// (jaegertracing/jaeger, v2 tags), 0 unknown.
func jaegerMajor(image string) int {
	if strings.Contains(image, "all-in-one") {
		return 1
	}
	v, ok := ImageVersion(image)
	switch {
	case strings.Contains(image, "jaegertracing/jaeger:") || strings.HasSuffix(image, "jaegertracing/jaeger"):
		return 2
	case ok && v.Major == 1:
		return 1
	case ok && v.Major == 2:
		return 2
	}
	return 0
}

// v1Env are Jaeger v1 variables that v2 ignores, with what replaces them.
var v1Env = map[string]string{
	"COLLECTOR_OTLP_ENABLED":     "nothing: OTLP (4317, 4318) is always on in v2",
	"SPAN_STORAGE_TYPE":          "the storage extension in the v2 config file (memory by default)",
	"COLLECTOR_ZIPKIN_HOST_PORT": "a zipkin receiver in the v2 config file",
	"QUERY_BASE_PATH":            "extensions.jaeger_query.base_path in the v2 config file",
	"MEMORY_MAX_TRACES":          "the memory storage's max_traces in the v2 config file",
}
