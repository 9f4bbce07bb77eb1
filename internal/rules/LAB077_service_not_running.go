package rules

import (
	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
)

var _ = register(&Rule{
	ID: "LAB077", Slug: "service-not-running",
	Title:  "A service on the data's path is not running",
	Blocks: allChecks,
	Page: `A container that exited (a config it refuses, a command-line flag it does not know, a port
already taken) is not a part labctl cannot reach: it is a part that is down, and the checks
that need it fail. Docker shows no published port for a stopped container, so without this
rule verify would skip those checks as "not reachable" and pass. Its own log says why; labctl
quotes the line that says it (the first error, read whole with its continuation lines).
The Collector has its own rule, LAB072.`,
	Needs: NeedContainers,
	Check: func(r *Rule, l *model.Lab) []Finding {
		var out []Finding
		for _, s := range l.Services {
			blocks, ok := stoppedBlocks[s.Role]
			if !ok || s.Running || s.State == "" {
				continue
			}
			f := r.at(model.Fact{}, msg.New("rule.LAB077.cause", s.Name, s.State), msg.New("rule.LAB077.fix"))
			f.Blocks = blocks
			f.evidence = &logWords{service: s.Name, cause: true}
			out = append(out, f)
		}
		return out
	},
})

// BlocksTraffic is verify's first check: the backend answers.
const BlocksTraffic = "backend_traffic"

// stoppedBlocks are the checks a part of the lab that is not running makes
// fail (the Collector has its own rule, LAB072).
var stoppedBlocks = map[model.Role][]string{
	model.RoleBackend:    append([]string{BlocksTraffic}, traceChecks...),
	model.RoleJaeger:     traceChecks,
	model.RolePrometheus: metricChecks,
	model.RolePostgres:   {BlocksPG, BlocksPGRows},
}
