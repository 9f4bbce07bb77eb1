package rules

import (
	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
)

var _ = register(&Rule{
	ID: "LAB071", Slug: "service-name-mismatch",
	After:  []string{"LAB011", "LAB070", "LAB081"},
	Title:  "The backend reports another service.name than the one the lab looks for",
	Blocks: traceChecks,
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
