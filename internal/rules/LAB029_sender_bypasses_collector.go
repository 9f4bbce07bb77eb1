package rules

import (
	"strings"

	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
)

var _ = register(&Rule{
	ID: "LAB029", Slug: "sender-bypasses-collector",
	Title:    "The backend sends its spans straight to Jaeger, past the project's Collector",
	Severity: Warning,
	Blocks:   []string{BlocksCollect},
	Page: `The lab has two stages: the backend first exports to Jaeger directly, then through the
OpenTelemetry Collector. A project that has a Collector with a traces pipeline while the
backend still exports to Jaeger's own OTLP port works in Jaeger's UI, but its spans never pass
through the Collector: its otelcol_receiver_accepted_spans_total stays at 0 and verify's
collector_pipeline check fails. A warning, not an error: in the first stage it is the goal.`,
	Needs: NeedFiles,
	Check: func(r *Rule, l *model.Lab) []Finding {
		s := senderOf(l)
		col := l.Service(model.RoleCollector)
		if s == nil || col == nil || l.Collector == nil || len(l.Collector.PipelinesOf("traces")) == 0 {
			return nil
		}
		j := serviceOf(l, s.Host)
		if j == nil || j.Role != model.RoleJaeger {
			return nil
		}
		f := r.says(l.Files.Compose, l.Files.EnvLine(s.Service.Name, s.Var), "services."+s.Service.Name+".environment."+s.Var,
			msg.New("rule.LAB029.cause", s.Var, s.Raw, j.Name, col.Name, l.Files.Collector.File))
		f.Fix = msg.New("rule.LAB029.fix", s.Var, strings.Replace(s.Raw, s.Host, col.Name, 1))
		return []Finding{f}
	},
})
