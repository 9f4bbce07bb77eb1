package rules

import (
	"sort"
	"strings"

	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
)

// jaegerMajor says which Jaeger an image is: 1 (all-in-one, v1 tags), 2
// (jaegertracing/jaeger, v2 tags), 0 unknown.
func jaegerMajor(image string) int {
	if strings.Contains(image, "all-in-one") {
		return 1
	}
	v, ok := ImageVersion(image)
	switch {
	case strings.Contains(image, "jaegertracing/jaeger:") || strings.HasSuffix(image, "jaegertracing/jaeger"):
		return 2
	case ok && v.Major == 1:
		return 1
	case ok && v.Major == 2:
		return 2
	}
	return 0
}

// v1Env are Jaeger v1 variables that v2 ignores, with what replaces them.
var v1Env = map[string]string{
	"COLLECTOR_OTLP_ENABLED":     "nothing: OTLP (4317, 4318) is always on in v2",
	"SPAN_STORAGE_TYPE":          "the storage extension in the v2 config file (memory by default)",
	"COLLECTOR_ZIPKIN_HOST_PORT": "a zipkin receiver in the v2 config file",
	"QUERY_BASE_PATH":            "extensions.jaeger_query.base_path in the v2 config file",
	"MEMORY_MAX_TRACES":          "the memory storage's max_traces in the v2 config file",
}

var _ = register(&Rule{
	ID: "LAB030", Slug: "jaeger-v1", Severity: Warning,
	Title: "Jaeger v1 is end of life (2025-12-31)",
	Fix:   "use jaegertracing/jaeger (v2, e.g. 2.13.0): it takes OTLP on 4317/4318 and serves the UI on 16686 as v1 did",
	Page: `Jaeger v1 had its last release in 2025 and reached end of life on 2025-12-31; its images
print an EOL banner. It still works for the lab: this is a warning, never a failure. Jaeger
v2 (jaegertracing/jaeger) is built on the Collector; with no config it runs all-in-one with
memory storage, and ignores v1 variables such as COLLECTOR_OTLP_ENABLED and SPAN_STORAGE_TYPE.`,
	Needs: NeedFiles,
	Check: func(r *Rule, l *model.Lab) []Finding {
		s := l.Service(model.RoleJaeger)
		if s == nil || jaegerMajor(s.Image) != 1 {
			return nil
		}
		return []Finding{r.says(l.Files.Compose, l.Files.Line("services", s.Name, "image"), "services."+s.Name+".image",
			msg.New("rule.LAB030.cause", s.Image))}
	},
})

var _ = register(&Rule{
	ID: "LAB031", Slug: "jaeger-v1-env-under-v2", Severity: Warning,
	Title: "A Jaeger v1 environment variable on a Jaeger v2 image (ignored)",
	Fix:   "remove it (or set its v2 equivalent in Jaeger's config file)",
	Page: `Jaeger v2 reads a Collector-style config file, not v1's environment variables: they are
silently ignored. COLLECTOR_OTLP_ENABLED is harmless (OTLP is always on); SPAN_STORAGE_TYPE
does not switch the storage.`,
	Needs: NeedFiles,
	Check: func(r *Rule, l *model.Lab) []Finding {
		s := l.Service(model.RoleJaeger)
		if s == nil || jaegerMajor(s.Image) != 2 {
			return nil
		}
		var keys []string
		for k := range s.Env {
			if _, ok := v1Env[k]; ok {
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
