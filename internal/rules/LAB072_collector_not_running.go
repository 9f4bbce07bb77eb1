package rules

import (
	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
)

var _ = register(&Rule{
	ID: "LAB072", Slug: "collector-not-running",
	After:  []string{"LAB071"},
	Title:  "The Collector's container is not running",
	Blocks: allChecks,
	Page: `A Collector that exited (a config it refuses, a port already taken, a crash) takes every
span and every metric with it; the other containers log that its name does not resolve (an
exited container has no DNS name). Its own log says why, on its last error lines; labctl
quotes the newest.`,
	Needs: NeedContainers,
	Check: func(r *Rule, l *model.Lab) []Finding {
		// Said even when its config could not be read (not in its
		// container: the very reason it may have exited); its log says why.
		col, c := l.Service(model.RoleCollector), l.Collector
		if col == nil || l.Topology != model.TopologyCollector || col.Running || col.State == "" {
			return nil
		}
		var where model.Fact
		if c != nil {
			where.File = c.File
		}
		f := r.at(where, msg.New("rule.LAB072.cause", col.Name, col.State), msg.New("rule.LAB072.fix"))
		f.evidence = &logWords{service: col.Name, cause: true}
		return []Finding{f}
	},
})
