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
	Page: `The exporter retries for minutes with "Exporting failed. Will retry the request after
interval." and a "name resolver error" / "no such host" in the Collector's log. An exporter
that no traces pipeline uses (only metrics, logs or profiles) loses that data, not the
spans: a warning that blocks no check. An exporter that no pipeline uses is not said.`,
	After: []string{"LAB006"},
	Check: func(r *Rule, l *model.Lab) []Finding {
		var out []Finding
		for _, t := range otlpTargets(l) {
			e, host := t.Component, t.host
			if !unknownHost(l, host) || len(e.Pipelines) == 0 {
				continue
			}
			f := r.says(l.Collector.File, e.Keys["endpoint"].Line, "exporters."+e.ID+".endpoint",
				msg.New("rule.LAB007.cause", e.ID, e.Endpoints[0], host))
			traces := inTraces(&e)
			if !traces {
				// Its signals are not the lab's spans: they alone are lost,
				// and Jaeger is no fix for them.
				f.Severity, f.Blocks = Warning, nil
				f.Message = msg.New("rule.LAB007.not_traces", f.Message, strings.Join(e.Pipelines, ", "))
				f.Fix = msg.New("rule.LAB007.fix_other", e.ID)
			}
			near := DidYouMean(host, hostNames(l))
			if near != "" {
				f.didYouMean(near)
			} else if traces {
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

// inTraces says whether a traces pipeline uses the component.
func inTraces(c *model.Component) bool {
	for _, p := range c.Pipelines {
		if signal, _, _ := strings.Cut(p, "/"); signal == "traces" {
			return true
		}
	}
	return false
}
