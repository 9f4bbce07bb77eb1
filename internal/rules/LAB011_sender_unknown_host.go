package rules

import (
	"strings"

	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
)

var _ = register(&Rule{
	ID: "LAB011", Slug: "sender-unknown-host",
	Title:  "The backend's OTLP endpoint names a host that is no service of the project",
	Blocks: traceChecks,
	Page: `Compose resolves service names (and network aliases) inside the project's network; any
other name fails to resolve. The Python SDK logs StatusCode.UNAVAILABLE with "DNS resolution
failed for collector:4317".`,
	After: []string{"LAB010"},
	Check: func(r *Rule, l *model.Lab) []Finding {
		s := senderOf(l)
		if s == nil || !unknownHost(l, s.Host) {
			return nil
		}
		f := r.says(s.At.File, s.At.Line, s.At.Key, msg.New("rule.services_are",
			msg.New("rule.LAB011.cause", s.Var, s.Raw, s.Host), strings.Join(l.ServiceNames(), ", ")))
		near := DidYouMean(s.Host, hostNames(l))
		if near == "" {
			near = roleName(l, model.RoleCollector)
		} else {
			f.didYouMean(near)
		}
		if near != "" {
			f.Fix = msg.New("rule.fix.set", s.Var, strings.Replace(s.Raw, s.Host, near, 1))
		}
		f.proveIn(l, model.RoleBackend, exportWords...)
		return []Finding{f}
	},
})
