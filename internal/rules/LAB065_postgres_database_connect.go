package rules

import (
	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
)

var _ = register(&Rule{
	ID: "LAB065", Slug: "postgres-database-connect",
	Title:  "The postgresql receiver's role may not connect to a database it lists",
	Blocks: pgChecks,
	Page: `REVOKE CONNECT ON DATABASE ... FROM PUBLIC keeps every role without an explicit GRANT
out; the receiver logs pq: permission denied for database NAME at each scrape.`,
	Log: pgLog(func(_ *model.Lab, rc *model.Component, line string) (msg.Message, msg.Message) {
		db := nameAfter(line, "permission denied for database ")
		return msg.New("rule.LAB065.cause", rc.Username, db), msg.New("rule.LAB065.fix", db, rc.Username, rc.ID)
	}),
})
