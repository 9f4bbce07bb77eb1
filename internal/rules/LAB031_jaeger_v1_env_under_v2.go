package rules

import (
	"slices"
	"sort"

	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
)

var _ = register(&Rule{
	ID: "LAB031", Slug: "jaeger-v1-env-under-v2", Severity: Warning,
	Title: "A Jaeger v1 environment variable on a Jaeger v2 image (ignored)",
	Page: `Jaeger v2 reads a Collector-style config file, not v1's environment variables: they are
silently ignored. COLLECTOR_OTLP_ENABLED is harmless (OTLP is always on); SPAN_STORAGE_TYPE
does not switch the storage. A variable the v2 config file itself reads (max_traces:
${env:MEMORY_MAX_TRACES}, as the OpenTelemetry Demo's) is read, not ignored: nothing is said.`,
	Needs: NeedFiles,
	Check: func(r *Rule, l *model.Lab) []Finding {
		s := l.Service(model.RoleJaeger)
		if s == nil || jaegerMajor(s.Image) != 2 {
			return nil
		}
		var keys []string
		for k := range s.Env {
			// A variable the config file reads (${env:X}) is not ignored.
			if _, ok := v1Env[k]; ok && !slices.Contains(s.ConfigEnv, k) {
				keys = append(keys, k)
			}
		}
		sort.Strings(keys)
		var out []Finding
		for _, k := range keys {
			f := r.says(l.Files.Compose, l.Files.EnvLine(s.Name, k), "services."+s.Name+".environment."+k,
				msg.New("rule.LAB031.cause", k, s.Image))
			f.Fix = msg.New("rule.LAB031.fix", v1Env[k])
			out = append(out, f)
		}
		return out
	},
})
