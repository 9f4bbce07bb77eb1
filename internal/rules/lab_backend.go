package rules

import (
	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
)

// The backend's causes, as verify's lab model shows them: where the SDK
// sends its spans, and under which service name. The proof, when there is
// one, is the SDK's export error in the backend's log.

var exportWords = []string{"export"}

var _ = register(&Rule{
	ID: "LAB070", Slug: "sender-no-endpoint",
	Title:  "The backend sets no OTLP endpoint: the SDK sends to localhost, its own container",
	Blocks: traceChecks,
	Fix:    "set OTEL_EXPORTER_OTLP_ENDPOINT to the Collector's service: http://otel-collector:4317",
	Page: `Without OTEL_EXPORTER_OTLP_ENDPOINT (or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) the SDK sends
to localhost:4317. In a container that is the backend itself: nothing listens there, and the
SDK logs "Failed to export traces to localhost:4317, error code: StatusCode.UNAVAILABLE".
Only a discovered project is checked: labctl's own lab writes the variable.`,
	Needs: NeedExpectations,
	Check: func(r *Rule, l *model.Lab) []Finding {
		be, b := l.Service(model.RoleBackend), l.Backend
		if be == nil || b.OTLPEndpoint != "" || l.Origin != model.OriginDiscovered {
			return nil
		}
		f := r.at(b.EndpointFrom, msg.New("rule.LAB070.cause", model.SDKDefaultEndpoint),
			msg.New("rule.LAB070.fix", l.OTLP.Backend.InNetwork))
		f.evidence = &logWords{service: be.Name, words: exportWords}
		return []Finding{f}
	},
})

var _ = register(&Rule{
	ID: "LAB071", Slug: "service-name-mismatch",
	Title:  "The backend reports another service.name than the one the lab looks for",
	Blocks: traceChecks,
	Fix:    "set service.name (OTEL_SERVICE_NAME or OTEL_RESOURCE_ATTRIBUTES) to the lab's, or check the backend's with --service",
	Page: `Jaeger files spans under the service.name of their resource. The SDK takes it from
OTEL_SERVICE_NAME, else from service.name in OTEL_RESOURCE_ATTRIBUTES, else it reports
unknown_service:python. verify looks for the lab's name (service_name in labctl.yaml):
spans under another name are there, but not where it looks. The Collector check fails too:
without the Collector's own metrics, it is inferred from the service's traces in Jaeger.`,
	Needs: NeedExpectations,
	Check: func(r *Rule, l *model.Lab) []Finding {
		b := l.Backend
		if l.Service(model.RoleBackend) == nil || l.Origin != model.OriginDiscovered || b.ServiceName == "" || l.ServiceName == "" || b.ServiceName == l.ServiceName {
			return nil
		}
		return []Finding{r.at(b.ServiceNameFrom, msg.New("rule.LAB071.cause", b.ServiceName, l.ServiceName),
			msg.New("rule.LAB071.fix", l.ServiceName, b.ServiceName))}
	},
})
