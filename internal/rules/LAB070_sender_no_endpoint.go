package rules

import (
	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
)

var _ = register(&Rule{
	ID: "LAB070", Slug: "sender-no-endpoint",
	After:  []string{"LAB077"},
	Title:  "The backend sets no OTLP endpoint: the SDK sends to localhost, its own container",
	Blocks: traceChecks,
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
