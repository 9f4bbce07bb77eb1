package rules

import (
	"strings"

	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
)

var _ = register(&Rule{
	ID: "LAB010", Slug: "sender-localhost",
	Title:  "The backend sends its spans to localhost, which inside its container is itself",
	Blocks: traceChecks,
	Page: `In a container, localhost is that container. An endpoint copied from a run on the host
(poetry run uvicorn ...) reaches nothing. The Python SDK logs:
  Transient error StatusCode.UNAVAILABLE encountered while exporting traces to localhost:4317,
  ... Failed to connect to remote host: Connection refused`,
	After: []string{"LAB077"},
	Check: func(r *Rule, l *model.Lab) []Finding {
		s := senderOf(l)
		if s == nil || !model.IsLoopback(s.Host) {
			return nil
		}
		f := r.says(s.At.File, s.At.Line, s.At.Key, msg.New("rule.LAB010.cause", s.Var, s.Raw, s.Service.Name, s.Host))
		if c := roleName(l, model.RoleCollector); c != "" {
			f.Fix = msg.New("rule.fix.set", s.Var, strings.Replace(s.Raw, s.Host, c, 1))
		}
		f.proveIn(l, model.RoleBackend, exportWords...)
		return []Finding{f}
	},
})
