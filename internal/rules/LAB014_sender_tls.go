package rules

import (
	"fmt"

	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
)

var _ = register(&Rule{
	ID: "LAB014", Slug: "sender-tls",
	Title:  "The backend's gRPC exporter uses TLS against a plain-text receiver",
	Blocks: traceChecks,
	Page: `The Python gRPC exporter decides TLS from the endpoint: https:// or no scheme means TLS
unless OTEL_EXPORTER_OTLP_INSECURE=true; http:// means plain text. The Collector's receiver
in the lab has no TLS: the handshake fails and the SDK logs StatusCode.UNAVAILABLE.`,
	Needs: NeedFiles,
	Check: func(r *Rule, l *model.Lab) []Finding {
		s := senderOf(l)
		if s == nil || !s.grpc() || s.Insecure || l.Collector == nil || serviceOf(l, s.Host) != l.Service(model.RoleCollector) {
			return nil
		}
		why := msg.New("rule.LAB014.no_scheme")
		if s.Scheme == "https" {
			why = msg.New("rule.LAB014.https")
		}
		f := r.says(l.Files.Compose, l.Files.EnvLine(s.Service.Name, s.Var), "services."+s.Service.Name+".environment."+s.Var,
			msg.New("rule.LAB014.cause", s.Var, s.Raw, why))
		f.Fix = msg.New("rule.fix.set", s.Var, fmt.Sprintf("http://%s:%d", s.Host, s.Port))
		return []Finding{f}
	},
})
