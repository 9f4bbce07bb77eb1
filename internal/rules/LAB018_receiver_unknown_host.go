package rules

import (
	"strings"

	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
)

var _ = register(&Rule{
	ID: "LAB018", Slug: "receiver-unknown-host",
	Title:  "A Collector receiver that scrapes names a host that is no service of the project",
	Blocks: pgChecks,
	Page: `A pull receiver (postgresql) connects to its endpoint every collection_interval; a name
that is no service fails with "lookup db ... no such host" in the Collector's log. On
localhost it reads the Collector's own container, where no PostgreSQL runs.`,
	After: []string{"LAB074", "LAB067"},
	Log:   logPostgresNoHost,
	Check: func(r *Rule, l *model.Lab) []Finding {
		if l.Collector == nil {
			return nil
		}
		var out []Finding
		for _, c := range l.Collector.Receivers {
			if c.Mode != model.ModePull || len(c.Endpoints) == 0 {
				continue
			}
			ep := c.Endpoints[0]
			host := model.ParseAddress(ep).Host
			// A prometheus receiver may scrape the Collector's own
			// telemetry on localhost; a postgresql one finds no database.
			loopback := model.IsLoopback(host) && c.Type == "postgresql"
			if !loopback && !unknownHost(l, host) {
				continue
			}
			f := r.says(l.Collector.File, c.Keys["endpoint"].Line, "receivers."+c.ID+".endpoint", msg.New("rule.LAB018.cause", c.ID, ep, host))
			near := ""
			if loopback {
				f.Message = msg.New("rule.LAB018.lab", c.ID, ep)
			} else if near = DidYouMean(host, hostNames(l)); near != "" {
				f.didYouMean(near)
			}
			if near == "" && c.Type == "postgresql" {
				near = roleName(l, model.RolePostgres)
			}
			if near != "" {
				f.Fix = msg.New("rule.fix.endpoint", strings.Replace(ep, host, near, 1))
			}
			out = append(out, f)
		}
		return out
	},
})
