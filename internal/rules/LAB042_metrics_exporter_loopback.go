package rules

import (
	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
)

var _ = register(&Rule{
	ID: "LAB042", Slug: "metrics-exporter-loopback",
	Title:  "The Collector's prometheus exporter listens on localhost: Prometheus cannot scrape it",
	Blocks: metricChecks,
	Page: `The prometheus exporter serves the Collector's metrics over HTTP for Prometheus to pull.
On localhost (127.0.0.1:8889) only the Collector's own container can reach it: Prometheus's
targets page shows the job down with "connection refused".`,
	After: []string{"LAB075"},
	Check: func(r *Rule, l *model.Lab) []Finding {
		port, exp := promExporterPort(l)
		if exp == nil {
			return nil
		}
		if host, _ := model.SplitEndpoint(exp.Endpoints[0]); !model.IsLoopback(host) {
			return nil
		}
		f := r.says(l.Collector.File, exp.Keys["endpoint"].Line, "exporters."+exp.ID+".endpoint",
			msg.New("rule.LAB042.cause", exp.ID, exp.Endpoints[0]))
		f.Fix = msg.New("rule.fix.endpoint", model.Listen(port))
		return []Finding{f}
	},
})
