package rules

import (
	"strings"

	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
)

var _ = register(&Rule{
	ID: "LAB013", Slug: "sender-http-path",
	Title:  "An OTLP/HTTP traces endpoint without /v1/traces",
	Blocks: traceChecks,
	Page: `For OTLP/HTTP the SDK appends /v1/traces to OTEL_EXPORTER_OTLP_ENDPOINT, but uses
OTEL_EXPORTER_OTLP_TRACES_ENDPOINT as written. The Collector answers 404 on any other path.`,
	Needs: NeedFiles,
	Check: func(r *Rule, l *model.Lab) []Finding {
		s := senderOf(l)
		if s == nil || s.grpc() {
			return nil
		}
		key := "services." + s.Service.Name + ".environment." + s.Var
		line := l.Files.EnvLine(s.Service.Name, s.Var)
		switch {
		case s.Var == "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT" && !strings.HasSuffix(s.Path, "/v1/traces"):
			f := r.says(l.Files.Compose, line, key, msg.New("rule.LAB013.no_path", s.Var, s.Raw))
			f.Fix = msg.New("rule.fix.set", s.Var, strings.TrimSuffix(s.Raw, "/")+"/v1/traces")
			return []Finding{f}
		case s.Var == "OTEL_EXPORTER_OTLP_ENDPOINT" && strings.Contains(s.Path, "/v1/"):
			f := r.says(l.Files.Compose, line, key, msg.New("rule.LAB013.appended", s.Var, s.Raw, strings.TrimSuffix(s.Raw, "/")))
			f.Fix = msg.New("rule.fix.set", s.Var, strings.TrimSuffix(strings.TrimSuffix(s.Raw, "/"), s.Path))
			return []Finding{f}
		}
		return nil
	},
})
