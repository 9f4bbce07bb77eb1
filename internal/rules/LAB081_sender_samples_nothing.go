package rules

import (
	"strconv"
	"strings"

	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
)

var _ = register(&Rule{
	ID: "LAB081", Slug: "sender-samples-nothing",
	After:  []string{"LAB070"},
	Title:  "The backend's sampler drops every span it starts",
	Blocks: traceChecks,
	Page: `OTEL_TRACES_SAMPLER chooses which traces the SDK records (the OpenTelemetry
specification's SDK environment variables; the Python SDK reads it in
opentelemetry.sdk.trace.sampling._get_from_env_or_default, lower-cased). always_off records
nothing; parentbased_always_off records a span only when its parent was sampled, and verify's
requests carry no parent; traceidratio and parentbased_traceidratio with
OTEL_TRACES_SAMPLER_ARG=0 keep a share of 0 (an argument that is no number counts as 1.0 in
the Python SDK). The backend then exports nothing and logs no error: without this rule
verify waits for its whole --timeout.`,
	Check: func(r *Rule, l *model.Lab) []Finding {
		be := l.Service(model.RoleBackend)
		if be == nil {
			return nil
		}
		sampler := strings.ToLower(strings.TrimSpace(be.Env["OTEL_TRACES_SAMPLER"]))
		arg := strings.TrimSpace(be.Env["OTEL_TRACES_SAMPLER_ARG"])
		var cause msg.Message
		switch sampler {
		case "always_off", "parentbased_always_off":
			cause = msg.New("rule.LAB081.off", sampler)
		case "traceidratio", "parentbased_traceidratio":
			if rate, err := strconv.ParseFloat(arg, 64); err != nil || rate != 0 {
				return nil
			}
			cause = msg.New("rule.LAB081.ratio", sampler, arg)
		default:
			return nil
		}
		f := r.at(envFact(l, be, "OTEL_TRACES_SAMPLER"), cause, msg.New("rule.LAB081.fix"))
		return []Finding{f}
	},
})

// envFact locates a service's environment variable: its line in the
// Compose file when the lab has its files, else the container it was read
// from.
func envFact(l *model.Lab, s *model.Service, key string) model.Fact {
	if l.Files != nil {
		return l.Files.EnvFact(s.Name, key)
	}
	return model.Fact{Key: "services." + s.Name + ".environment." + key, Container: s.Container}
}
