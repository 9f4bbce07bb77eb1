package rules

import (
	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
)

var _ = register(&Rule{
	ID: "LAB075", Slug: "no-prometheus-exporter",
	After:  []string{"LAB018"},
	Title:  "The Collector has no prometheus exporter in a pipeline: Prometheus has nothing to scrape",
	Blocks: metricChecks,
	Page: `The Collector serves its metrics to Prometheus through the prometheus exporter, an HTTP
endpoint that Prometheus scrapes (pull). Without one in a metrics pipeline, the Collector's
metrics go nowhere Prometheus can read them.`,
	Needs: NeedExpectations,
	Check: func(r *Rule, l *model.Lab) []Finding {
		c := metricsOf(l)
		if c == nil || len(c.ExportersOfType("prometheus")) > 0 {
			return nil
		}
		return []Finding{r.at(model.Fact{File: c.File, Key: "exporters"}, msg.New("rule.LAB075.cause"), msg.New("rule.LAB075.fix", l.Fix.ExporterListen))}
	},
})
