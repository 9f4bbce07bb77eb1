package rules

import (
	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
)

var _ = register(&Rule{
	ID: "LAB030", Slug: "jaeger-v1", Severity: Warning,
	Title: "Jaeger v1 is end of life (2025-12-31)",
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
