package rules

import (
	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
)

var _ = register(&Rule{
	ID: "LAB009", Slug: "exporter-tls",
	Title:  "The Collector's gRPC exporter uses TLS against plain-text Jaeger",
	Blocks: traceChecks,
	Page: `The otlp (otlp_grpc) exporter uses TLS unless tls.insecure is true or the endpoint starts
with http://. Jaeger's OTLP receiver in a lab has no TLS: the Collector retries with
"authentication handshake failed: tls: first record does not look like a TLS handshake".`,
	After: []string{"LAB007"},
	Check: func(r *Rule, l *model.Lab) []Finding {
		if l.Collector == nil {
			return nil
		}
		var out []Finding
		for _, e := range l.Collector.Exporters {
			if !grpcOTLP(&e) || len(e.Endpoints) == 0 || e.Insecure {
				continue
			}
			a := model.ParseAddress(e.Endpoints[0])
			if a.Scheme == "http" || serviceOf(l, a.Host) == nil {
				continue
			}
			f := r.says(l.Collector.File, e.At.Line, "exporters."+e.ID+".tls.insecure",
				msg.New("rule.LAB009.cause", e.ID, e.Endpoints[0], a.Host))
			f.Fix = msg.New("rule.LAB009.lab_fix", e.ID)
			f.proveIn(l, model.RoleCollector, "handshake")
			out = append(out, f)
		}
		return out
	},
})
