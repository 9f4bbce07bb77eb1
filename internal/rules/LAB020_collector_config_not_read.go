package rules

import (
	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
)

var _ = register(&Rule{
	ID: "LAB020", Slug: "collector-config-not-read",
	Title:  "The Collector does not read the config file the project mounts",
	Blocks: allChecks,
	Page: `The Collector reads one path: its --config argument, or its image's default
(/etc/otelcol-contrib/config.yaml for otel/opentelemetry-collector-contrib,
/etc/otelcol/config.yaml for otel/opentelemetry-collector). A file mounted anywhere else is
never read: the process runs on the image's built-in config, which has no pipeline to Jaeger.
A Compose "command:" replaces the image's arguments: without --config in it the Collector has
no config at all. Nothing in the Collector's log names the file you meant.`,
	Needs: NeedFiles,
	Check: func(r *Rule, l *model.Lab) []Finding {
		s := l.Service(model.RoleCollector)
		if s == nil {
			return nil
		}
		a := model.ParseCollectorArgs(s.Entrypoint, s.Command)
		if a.HasConfig() && len(model.CollectorFiles(s)) == 0 {
			return nil // its config comes from env: or yaml: layers, not from a file
		}
		// What it reads is known from its --config (also inside sh -c) or
		// from an official image's default.
		known := a.HasConfig() || model.CollectorImageKnown(s.Image)
		return configNotRead(l, s, r, msg.New("rule.who.collector"), model.CollectorReads(s), "--config", known)
	},
})
