package rules

import (
	"fmt"
	"strings"

	"github.com/labctl/labctl/internal/model"
)

// exporterHost reads an exporter's endpoint: scheme, host and port.
func exporterHost(ep string) (scheme, host string, port int) {
	scheme, rest, ok := strings.Cut(ep, "://")
	if !ok {
		scheme, rest = "", ep
	}
	rest, _, _ = strings.Cut(rest, "/")
	host, port = model.SplitEndpoint(rest)
	return scheme, host, port
}

func isOTLPExporter(typ string) bool {
	return typ == "otlp" || typ == "otlp_grpc" || typ == "otlphttp" || typ == "otlp_http"
}

var _ = register(&Rule{
	ID: "LAB006", Slug: "exporter-localhost",
	Title:  "The Collector's exporter sends to localhost: to the Collector itself",
	Blocks: traceChecks,
	Fix:    "send to Jaeger's service name: endpoint: jaeger:4317",
	Page: `Inside the Collector's container, localhost:4317 is the Collector's own OTLP receiver:
the spans loop back into it and never reach Jaeger.`,
	Check: func(r *Rule, p *Project) []Finding {
		if p.Collector == nil {
			return nil
		}
		var out []Finding
		for _, e := range p.Collector.Exporters {
			if !isOTLPExporter(e.Type) || len(e.Endpoints) == 0 {
				continue
			}
			_, host, _ := exporterHost(e.Endpoints[0])
			if !isLoopback(host) {
				continue
			}
			f := r.finding(p.CollectorFile, e.Keys["endpoint"].Line, "exporters."+e.ID+".endpoint",
				fmt.Sprintf("exporters.%s sends to %s: inside the Collector's container that is the Collector itself", e.ID, e.Endpoints[0]))
			if j := p.Roles[model.RoleJaeger]; j != "" {
				f.Fix = "endpoint: " + strings.Replace(e.Endpoints[0], host, j, 1)
			}
			out = append(out, f)
		}
		return out
	},
})

var _ = register(&Rule{
	ID: "LAB007", Slug: "exporter-unknown-host",
	Title:  "The Collector's exporter names a host that is no service of the project",
	Blocks: traceChecks,
	Fix:    "use Jaeger's Compose service name",
	Page: `The exporter retries for minutes with "Exporting failed. Will retry the request after
interval." and a "name resolver error" / "no such host" in the Collector's log.`,
	Check: func(r *Rule, p *Project) []Finding {
		if p.Collector == nil {
			return nil
		}
		var out []Finding
		for _, e := range p.Collector.Exporters {
			if !isOTLPExporter(e.Type) || len(e.Endpoints) == 0 {
				continue
			}
			_, host, _ := exporterHost(e.Endpoints[0])
			if host == "" || isLoopback(host) || strings.Contains(host, ".") || serviceOf(p, host) != nil || strings.Contains(host, ":") {
				continue
			}
			f := r.finding(p.CollectorFile, e.Keys["endpoint"].Line, "exporters."+e.ID+".endpoint",
				fmt.Sprintf("exporters.%s sends to %s: no service is named %q", e.ID, e.Endpoints[0], host))
			near := DidYouMean(host, hostNames(p))
			if near != "" {
				f.Message += fmt.Sprintf("; did you mean %q?", near)
			} else {
				near = p.Roles[model.RoleJaeger]
			}
			if near != "" {
				f.Fix = "endpoint: " + strings.Replace(e.Endpoints[0], host, near, 1)
			}
			out = append(out, f)
		}
		return out
	},
})

var _ = register(&Rule{
	ID: "LAB009", Slug: "exporter-tls",
	Title:  "The Collector's gRPC exporter uses TLS against plain-text Jaeger",
	Blocks: traceChecks,
	Fix:    "add tls: {insecure: true} under the exporter",
	Page: `The otlp (otlp_grpc) exporter uses TLS unless tls.insecure is true or the endpoint starts
with http://. Jaeger's OTLP receiver in a lab has no TLS: the Collector retries with
"authentication handshake failed: tls: first record does not look like a TLS handshake".`,
	Check: func(r *Rule, p *Project) []Finding {
		if p.Collector == nil {
			return nil
		}
		var out []Finding
		for _, e := range p.Collector.Exporters {
			if (e.Type != "otlp" && e.Type != "otlp_grpc") || len(e.Endpoints) == 0 || e.Insecure {
				continue
			}
			scheme, host, _ := exporterHost(e.Endpoints[0])
			if scheme == "http" || serviceOf(p, host) == nil {
				continue
			}
			f := r.finding(p.CollectorFile, e.At.Line, "exporters."+e.ID+".tls.insecure",
				fmt.Sprintf("exporters.%s sends gRPC to %s with TLS (no tls.insecure: true), and %s speaks plain text", e.ID, e.Endpoints[0], host))
			out = append(out, f)
		}
		return out
	},
})
