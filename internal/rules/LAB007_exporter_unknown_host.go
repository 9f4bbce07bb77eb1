package rules

import (
	"strings"

	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
)

var _ = register(&Rule{
	ID: "LAB007", Slug: "exporter-unknown-host",
	Title:  "The Collector's exporter names a host that is no service of the project",
	Blocks: traceChecks,
	Fix:    "use Jaeger's Compose service name",
	Page: `The exporter retries for minutes with "Exporting failed. Will retry the request after
interval." and a "name resolver error" / "no such host" in the Collector's log.`,
	After: []string{"LAB006"},
	Check: func(r *Rule, l *model.Lab) []Finding {
		var out []Finding
		for _, t := range otlpTargets(l) {
			e, host := t.Component, t.host
			if !unknownHost(l, host) {
				continue
			}
			f := r.says(l.Collector.File, e.Keys["endpoint"].Line, "exporters."+e.ID+".endpoint",
				msg.New("rule.LAB007.cause", e.ID, e.Endpoints[0], host))
			near := DidYouMean(host, hostNames(l))
			if near != "" {
				f.didYouMean(near)
			} else {
				near = roleName(l, model.RoleJaeger)
			}
			if near != "" {
				f.Fix = msg.New("rule.fix.endpoint", strings.Replace(e.Endpoints[0], host, near, 1))
			}
			f.proveIn(l, model.RoleCollector, "Exporting failed", e.ID)
			out = append(out, f)
		}
		return out
	},
})
