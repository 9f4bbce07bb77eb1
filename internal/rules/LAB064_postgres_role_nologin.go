package rules

import (
	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
)

var _ = register(&Rule{
	ID: "LAB064", Slug: "postgres-role-nologin",
	Title:  "The postgresql receiver logs in as a role without LOGIN",
	Blocks: pgChecks,
	Page: `CREATE ROLE makes a role that cannot log in; CREATE USER is CREATE ROLE ... LOGIN.
PostgreSQL answers: pq: role "nolog" is not permitted to log in. An init script runs only on a
fresh data volume: after changing it, docker compose down -v.`,
	Log: pgLog(func(_ *model.Lab, rc *model.Component, line string) (msg.Message, msg.Message) {
		u := userIn(line, rc)
		return msg.New("rule.LAB064.cause", rc.ID, u), msg.New("rule.LAB064.fix", u)
	}),
})
