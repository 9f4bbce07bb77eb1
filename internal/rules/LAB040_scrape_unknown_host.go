package rules

import (
	"fmt"
	"strings"

	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
)

var _ = register(&Rule{
	ID: "LAB040", Slug: "scrape-unknown-host",
	Title:  "Prometheus scrapes a host that is no service of the project",
	Blocks: metricChecks,
	Page:   `Prometheus's targets page shows the job down with "no such host".`,
	Needs:  NeedFiles,
	Check: func(r *Rule, l *model.Lab) []Finding {
		if l.Prometheus == nil {
			return nil
		}
		var out []Finding
		for _, j := range l.Prometheus.Jobs {
			for i, t := range j.Targets {
				host, _ := model.SplitEndpoint(t)
				if host == "" || model.IsLoopback(host) || strings.Contains(host, ".") || serviceOf(l, host) != nil {
					continue
				}
				line := lineOf(l.Files.Prometheus.Doc, "scrape_configs")
				if j.At.Line > 0 {
					line = j.At.Line
				}
				if l := targetLine(l, t); l > 0 {
					line = l
				}
				f := r.says(l.Files.Prometheus.File, line, fmt.Sprintf("scrape_configs.%s.targets[%d]", j.Name, i),
					msg.New("rule.LAB040.cause", j.Name, t, host))
				near := DidYouMean(host, hostNames(l))
				if near != "" {
					f.didYouMean(near)
				} else {
					near = roleName(l, model.RoleCollector)
				}
				if near != "" {
					f.Fix = msg.New("rule.fix.target", strings.Replace(t, host, near, 1))
				}
				out = append(out, f)
			}
		}
		return out
	},
})
