package rules

import (
	"strings"

	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
)

var _ = register(&Rule{
	ID: "LAB006", Slug: "exporter-localhost",
	Title:  "The Collector's exporter sends to localhost: to the Collector itself",
	Blocks: traceChecks,
	Page: `Inside the Collector's container, localhost:4317 is the Collector's own OTLP receiver:
the spans loop back into it and never reach Jaeger.`,
	After: []string{"LAB017"},
	Check: func(r *Rule, l *model.Lab) []Finding {
		var out []Finding
		for _, t := range otlpTargets(l) {
			e := t.Component
			if !model.IsLoopback(t.host) {
				continue
			}
			f := r.says(l.Collector.File, e.Keys["endpoint"].Line, "exporters."+e.ID+".endpoint",
				msg.New("rule.LAB006.cause", e.ID, e.Endpoints[0]))
			if j := roleName(l, model.RoleJaeger); j != "" {
				f.Fix = msg.New("rule.fix.endpoint", strings.Replace(e.Endpoints[0], t.host, j, 1))
			}
			f.proveIn(l, model.RoleCollector, "Exporting failed", e.ID)
			out = append(out, f)
		}
		return out
	},
})
