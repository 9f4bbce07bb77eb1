package rules

import (
	"strings"

	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
)

var _ = register(&Rule{
	ID: "LAB001", Slug: "collector-removed-component",
	Title:  "The Collector config uses a component that upstream removed or renamed",
	Blocks: allChecks,
	Page: `Collector releases remove components: the jaeger exporter at v0.85.0 (Jaeger takes OTLP
itself: use the otlp exporter to jaeger:4317), the logging exporter at v0.111.0 (debug),
the memory_ballast extension at v0.109.0. A removed type makes the Collector refuse its
whole config and exit, e.g.:
  'exporters' unknown type: "jaeger" for id: "jaeger" (valid values: [...])
Deprecated aliases still work and only warn: at v0.145.0 the otlp exporter's type is
otlp_grpc ("otlp" alias is deprecated).`,
	Needs: NeedFiles,
	Check: func(r *Rule, l *model.Lab) []Finding {
		var out []Finding
		image := collectorImage(l)
		for _, section := range componentSections {
			for _, id := range definedIDs(l.Files.Collector.Doc, section) {
				typ, _, _ := strings.Cut(id, "/")
				c, ok := ChangeFor(section, typ)
				if !ok || !c.applies(image) {
					continue
				}
				line := lineOf(l.Files.Collector.Doc, section, id)
				if c.Removed {
					f := r.says(l.Files.Collector.File, line, section+"."+id,
						msg.New("rule.LAB001.cause", singular(section), typ, c.Since))
					if c.Says != "" {
						f.Message = msg.New("rule.LAB001.it_says", f.Message, msg.Quote(c.Says)) // the Collector's own words
					}
					f.Message = newerNote(image, f.Message)
					f.Fix = msg.New("rule.fix.use", c.Use)
					out = append(out, f)
				} else {
					out = append(out, Finding{Rule: "LAB003", Severity: Note, File: l.Files.Collector.File, Line: line, Key: section + "." + id,
						Message: msg.New("rule.LAB003.cause", singular(section), typ, c.Since), Fix: msg.New("rule.fix.use", c.Use)})
				}
			}
		}
		return out
	},
})
