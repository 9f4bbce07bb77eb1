package rules

import (
	"strings"

	"github.com/labctl/labctl/internal/msg"
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
var v1Env = map[string]msg.Message{
	"COLLECTOR_OTLP_ENABLED":     msg.New("rule.LAB031.v2.otlp"),
	"SPAN_STORAGE_TYPE":          msg.New("rule.LAB031.v2.storage"),
	"COLLECTOR_ZIPKIN_HOST_PORT": msg.New("rule.LAB031.v2.zipkin"),
	"QUERY_BASE_PATH":            msg.New("rule.LAB031.v2.base_path"),
	"MEMORY_MAX_TRACES":          msg.New("rule.LAB031.v2.max_traces"),
}
