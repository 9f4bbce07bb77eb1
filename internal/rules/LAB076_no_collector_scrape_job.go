package rules

import (
	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
)

var _ = register(&Rule{
	ID: "LAB076", Slug: "no-collector-scrape-job",
	After:  []string{"LAB042"},
	Title:  "No Prometheus job scrapes the Collector's prometheus exporter",
	Blocks: metricChecks,
	Page: `Prometheus pulls: the Collector's metrics reach it only if a job in prometheus.yml
(scrape_configs) names the Collector's service and the prometheus exporter's port as a target.`,
	Needs: NeedExpectations,
	Check: func(r *Rule, l *model.Lab) []Finding {
		c, p := metricsOf(l), l.Prometheus
		if c == nil || p == nil || len(c.ExportersOfType("prometheus")) == 0 || l.CollectorJob != "" {
			return nil
		}
		where := model.Fact{File: p.File, Key: "scrape_configs"}
		var seen []string
		for _, j := range p.Jobs {
			seen = append(seen, j.Targets...)
			if where.Line == 0 {
				where = j.At
			}
		}
		want := l.Endpoints.CollectorExporter.InNetwork
		if want == "" {
			want = l.Fix.ExporterTarget
		}
		return []Finding{r.at(where, msg.New("rule.LAB076.cause", listOrNone(seen)), msg.New("rule.LAB076.fix", want))}
	},
})
