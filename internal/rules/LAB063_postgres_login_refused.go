package rules

import (
	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
)

var _ = register(&Rule{
	ID: "LAB063", Slug: "postgres-login-refused",
	Title:  "PostgreSQL refuses the postgresql receiver's password (or has no such role)",
	Blocks: pgChecks,
	Page: `The receiver logs, at every collection_interval:
  Errors encountered while fetching commits and rollbacks ... "error": "pq: password authentication failed for user \"otel\""
PostgreSQL says the same for a wrong password and for a role that does not exist, so that a
client learns nothing: check both. The password is often an ${env:POSTGRES_PASSWORD} that the
Collector's service does not set.`,
	Log: pgLog(func(_ *model.Lab, rc *model.Component, line string) (msg.Message, msg.Message) {
		u := userIn(line, rc)
		return msg.New("rule.LAB063.cause", rc.ID, u, u), msg.New("rule.LAB063.fix", "${env:POSTGRES_PASSWORD}")
	}),
})
