package rules

import (
	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
)

var _ = register(&Rule{
	ID: "LAB066", Slug: "postgres-role-missing",
	Title:  "The postgresql receiver logs in as a role PostgreSQL does not have",
	Blocks: pgChecks,
	Page: `Only where PostgreSQL trusts the client (POSTGRES_HOST_AUTH_METHOD=trust) does it say
pq: role "NAME" does not exist; with passwords, a missing role reads as a bad password (LAB063).`,
	Log: pgLog(func(_ *model.Lab, rc *model.Component, line string) (msg.Message, msg.Message) {
		return msg.New("rule.LAB066.cause", rc.ID, userIn(line, rc)), msg.New("rule.LAB066.fix")
	}),
})
