package rules

import (
	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
)

// otlpTarget is an OTLP exporter of the Collector's config and where its
// (first) endpoint points.
type otlpTarget struct {
	model.Component
	scheme, host string
	port         int
}

// otlpTargets lists the OTLP exporters that have an endpoint, in order.
func otlpTargets(l *model.Lab) []otlpTarget {
	if l.Collector == nil {
		return nil
	}
	var out []otlpTarget
	for _, e := range l.Collector.Exporters {
		if !isOTLPExporter(e.Type) || len(e.Endpoints) == 0 {
			continue
		}
		a := model.ParseAddress(e.Endpoints[0])
		out = append(out, otlpTarget{e, a.Scheme, a.Host, a.Port})
	}
	return out
}

func isOTLPExporter(typ string) bool {
	return typ == "otlp" || typ == "otlp_grpc" || typ == "otlphttp" || typ == "otlp_http"
}

// jaegerPorts are what Jaeger listens on, by port.
var jaegerPorts = map[int]msg.Message{
	4317:  msg.New("rule.jaeger_port.otlp_grpc"),
	4318:  msg.New("rule.jaeger_port.otlp_http"),
	14250: msg.New("rule.jaeger_port.v1_grpc"),
	14268: msg.New("rule.jaeger_port.v1_thrift"),
	16686: msg.New("rule.jaeger_port.ui"),
	16685: msg.New("rule.jaeger_port.query"),
	9411:  msg.New("rule.jaeger_port.zipkin"),
}
