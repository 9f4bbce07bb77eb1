package rules

import (
	"strconv"

	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
)

var _ = register(&Rule{
	ID: "LAB041", Slug: "scrape-wrong-port",
	Title:  "Prometheus scrapes the Collector on a port where its metrics exporter is not",
	Blocks: metricChecks,
	Fix:    "scrape the port of the Collector's prometheus exporter (8889 in the course)",
	Page: `The postgresql_* series are on the Collector's prometheus exporter (exporters.prometheus.
endpoint, 8889 in the course). 8888 is the Collector's own telemetry, on localhost by default
since v0.104: unreachable from Prometheus, and without postgresql_* anyway.`,
	After: []string{"LAB076"},
	Check: func(r *Rule, l *model.Lab) []Finding {
		if l.Prometheus == nil {
			return nil
		}
		want, exp := promExporterPort(l)
		coll := l.Service(model.RoleCollector)
		if want == 0 || coll == nil {
			return nil
		}
		// A job that scrapes the exporter gets the postgresql_*: another
		// may scrape the Collector's own telemetry, on purpose.
		for _, j := range l.Prometheus.Jobs {
			for _, t := range j.Targets {
				if host, port := model.SplitEndpoint(t); serviceOf(l, host) == coll && port == want {
					return nil
				}
			}
		}
		var out []Finding
		for _, j := range l.Prometheus.Jobs {
			for i, t := range j.Targets {
				host, port := model.SplitEndpoint(t)
				if serviceOf(l, host) != coll || port == want {
					continue
				}
				what := msg.New("rule.LAB041.nothing")
				if port == model.PortCollectorMetrics {
					what = msg.New("rule.LAB041.telemetry")
				}
				f := r.says(l.Prometheus.File, j.TargetsAt[i].Line, "scrape_configs."+j.Name+".targets",
					msg.New("rule.LAB041.cause", j.Name, t, strconv.Itoa(port), what, exp.ID, strconv.Itoa(want), l.Collector.File, strconv.Itoa(exp.Keys["endpoint"].Line)))
				f.Fix = msg.New("rule.fix.target", model.HostPort(host, want))
				out = append(out, f)
			}
		}
		return out
	},
})
