package rules

import (
	"strconv"
	"strings"

	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
)

var _ = register(&Rule{
	ID: "LAB019", Slug: "exporter-protocol-mismatch",
	Title:  "The Collector's OTLP exporter speaks one protocol to Jaeger's port of the other",
	Blocks: traceChecks,
	Page: `Jaeger takes OTLP on two ports: gRPC on 4317 (the Collector's otlp exporter, otlp_grpc
since v0.145.0) and HTTP on 4318 (the otlphttp exporter, with http://). An exporter aimed at
the other port, or at the UI (16686), retries with "Exporting failed. Will retry the request
after interval." and Jaeger stays empty.`,
	Needs: NeedFiles,
	Check: func(r *Rule, l *model.Lab) []Finding {
		if l.Collector == nil {
			return nil
		}
		var out []Finding
		for _, t := range otlpTargets(l) {
			e, scheme, host, port := t.Component, t.scheme, t.host, t.port
			sv := serviceOf(l, host)
			if sv == nil || sv.Role != model.RoleJaeger {
				continue
			}
			grpc := e.Type == "otlp" || e.Type == "otlp_grpc"
			want, proto := 4318, "OTLP HTTP"
			if grpc {
				want, proto = 4317, "OTLP gRPC"
			}
			if port == 0 && !grpc && (scheme == "http" || scheme == "https") {
				port = 4318 // otlphttp's default port for a URL without one
			}
			if port == want {
				continue
			}
			what, known := jaegerPorts[port]
			if !known {
				what = msg.New("rule.jaeger_port.none")
			}
			f := r.says(l.Files.Collector.File, e.Keys["endpoint"].Line, "exporters."+e.ID+".endpoint",
				msg.New("rule.LAB019.cause", e.ID, proto, e.Endpoints[0], strconv.Itoa(port), what, proto, strconv.Itoa(want)))
			f.Fix = msg.New("rule.fix.endpoint", strings.Replace(e.Endpoints[0], ":"+strconv.Itoa(port), ":"+strconv.Itoa(want), 1))
			out = append(out, f)
		}
		return out
	},
})
