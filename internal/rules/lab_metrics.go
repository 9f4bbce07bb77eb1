package rules

import (
	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
)

// The metrics' causes, as verify's lab model shows them: the postgresql
// receiver, the prometheus exporter, and Prometheus's job that scrapes it.
// Only a lab that asks for the metrics (the bonus) is checked.

// metricsOf is the lab's Collector when the lab asks for its metrics.
func metricsOf(l *model.Lab) *model.Collector {
	if l.Collector == nil || !l.MetricsRequired {
		return nil
	}
	return l.Collector
}

var _ = register(&Rule{
	ID: "LAB074", Slug: "no-postgresql-receiver",
	Title:  "The Collector has no postgresql receiver in a pipeline",
	Blocks: pgChecks,
	Fix:    "add a postgresql receiver (endpoint: the database's service and port) to a metrics pipeline that exports to prometheus",
	Page: `The postgresql_* series come from the Collector's postgresql receiver (contrib), which
reads PostgreSQL's statistics every collection_interval. A receiver that no metrics pipeline
names is not started; without one, Prometheus has no postgresql_* at all.`,
	Needs: NeedExpectations,
	Check: func(r *Rule, l *model.Lab) []Finding {
		c := metricsOf(l)
		if c == nil || len(c.ReceiversOfType("postgresql")) > 0 {
			return nil
		}
		return []Finding{r.at(model.Fact{File: c.File, Key: "receivers"}, msg.New("rule.LAB074.cause"), msg.New("rule.LAB074.fix", l.Fix.Postgres))}
	},
})

var _ = register(&Rule{
	ID: "LAB075", Slug: "no-prometheus-exporter",
	Title:  "The Collector has no prometheus exporter in a pipeline: Prometheus has nothing to scrape",
	Blocks: metricChecks,
	Fix:    "add exporters.prometheus (endpoint: 0.0.0.0:8889) to the metrics pipeline",
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

var _ = register(&Rule{
	ID: "LAB076", Slug: "no-collector-scrape-job",
	Title:  "No Prometheus job scrapes the Collector's prometheus exporter",
	Blocks: metricChecks,
	Fix:    "add a scrape config whose target is the Collector's service and its prometheus exporter's port",
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
