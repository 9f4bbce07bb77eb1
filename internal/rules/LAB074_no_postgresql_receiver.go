package rules

import (
	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
)

var _ = register(&Rule{
	ID: "LAB074", Slug: "no-postgresql-receiver",
	After:  []string{"LAB009"},
	Title:  "The Collector has no postgresql receiver in a pipeline",
	Blocks: pgChecks,
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
