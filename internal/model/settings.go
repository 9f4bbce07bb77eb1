package model

import "strings"

// Topology says where the backend sends its spans.
type Topology string

const (
	// TopologyCollector: backend → Collector → Jaeger (the lab's final state).
	TopologyCollector Topology = "collector"
	// TopologyDirect: backend → Jaeger (the lab's first step).
	TopologyDirect Topology = "direct"
)

// JaegerFlavour is the Jaeger distribution a lab runs.
type JaegerFlavour string

const (
	// JaegerV2 is jaegertracing/jaeger (built on the Collector).
	JaegerV2 JaegerFlavour = "v2"
	// JaegerV1 is jaegertracing/all-in-one with COLLECTOR_OTLP_ENABLED=true, as the lab text does.
	JaegerV1 JaegerFlavour = "v1"
)

// Request is one request verify sends to the backend.
type Request struct {
	Method string `yaml:"method"`
	Path   string `yaml:"path"`
	// Body is sent as JSON when set.
	Body string `yaml:"body"`
}

// FlavourOfImage is the Jaeger distribution an image reference is
// (jaegertracing/all-in-one: v1, jaegertracing/jaeger: v2), "" when it is
// neither.
func FlavourOfImage(ref string) JaegerFlavour {
	r := strings.ToLower(ref)
	if i := strings.Index(r, "@"); i >= 0 {
		r = r[:i]
	}
	if i := strings.LastIndex(r, ":"); i > strings.LastIndex(r, "/") {
		r = r[:i]
	}
	switch {
	case strings.HasSuffix(r, "all-in-one"):
		return JaegerV1
	case strings.HasSuffix(r, "jaegertracing/jaeger"):
		return JaegerV2
	}
	return ""
}
