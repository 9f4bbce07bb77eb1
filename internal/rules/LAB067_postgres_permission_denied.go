package rules

import (
	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
)

var _ = register(&Rule{
	ID: "LAB067", Slug: "postgres-permission-denied",
	Title:  "The postgresql receiver's role may not read a statistic it asks for",
	Blocks: pgChecks,
	Page: `Not measured with the course's settings: PostgreSQL 15 lets any role read the statistics
the receiver asks for by default. Optional metrics (pg_ls_waldir, ...) need pg_monitor.`,
	Log: pgLog(func(_ *model.Lab, rc *model.Component, _ string) (msg.Message, msg.Message) {
		return msg.New("rule.LAB067.cause", rc.Username), msg.New("rule.LAB067.fix", rc.Username)
	}),
})
