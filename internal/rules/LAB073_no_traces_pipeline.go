package rules

import (
	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
)

var _ = register(&Rule{
	ID: "LAB073", Slug: "no-traces-pipeline",
	After:  []string{"LAB072"},
	Title:  "The Collector has no traces pipeline",
	Blocks: traceChecks,
	Page: `A receiver or an exporter that no pipeline names is not started: without
service.pipelines.traces the Collector accepts no span at all, and reports no error.`,
	Needs: NeedExpectations,
	Check: func(r *Rule, l *model.Lab) []Finding {
		_, c, traces := tracesOf(l)
		if c == nil || len(traces) > 0 {
			return nil
		}
		return []Finding{r.at(model.Fact{File: c.File, Key: "service.pipelines"}, msg.New("rule.LAB073.cause"), msg.New("rule.LAB073.fix"))}
	},
})
