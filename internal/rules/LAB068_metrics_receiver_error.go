package rules

import (
	"strings"
	"time"

	"github.com/labctl/labctl/internal/model"
)

var _ = register(&Rule{
	ID: "LAB068", Slug: "metrics-receiver-error",
	After:    []string{"LAB018"},
	Fallback: true,
	Title:    "A metrics receiver of the Collector logs errors: it reads nothing",
	Blocks:   []string{BlocksPG, BlocksPGRows},
	// verify reads the Collector's log with it; after the PostgreSQL
	// family (LAB063-067, LAB018), whose words are more precise.
	Log: func(r *Rule, l *model.Lab, logs Logs) []Finding {
		svc := l.Service(model.RoleCollector)
		if svc == nil || l.Collector == nil {
			return nil
		}
		var ready time.Time
		if pg := l.Service(model.RolePostgres); pg != nil {
			ready = postgresReady(logs(pg.Name))
		}
		return receiverErrors(l, svc.Name, strings.Join(logs(svc.Name), "\n"), ready)
	},
	Page: `A receiver that scrapes (postgresql) logs each failed collection at level error, with
otelcol.component.id naming it and the driver's own words in the "error" field, repeated once
per query ("pq: ...; pq: ..."). labctl quotes that error at the receiver's line, whatever it
says: the receiver's words are the diagnosis. Common ones:
  pq: SSL is not enabled on the server   the receiver speaks TLS by default; the postgres image
                                         has no TLS: tls: {insecure: true} under the receiver
  password authentication failed         user or password (LAB04x rules say more)
  dial tcp: lookup HOST ... no such host  the endpoint names no service of the project
  connect: connection refused            nothing listens at the endpoint's port`,
})
