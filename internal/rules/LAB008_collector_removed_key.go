package rules

import (
	"strings"

	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
)

var _ = register(&Rule{
	ID: "LAB008", Slug: "collector-removed-key",
	Title:  "The Collector config sets a key that upstream removed",
	Blocks: allChecks,
	Page: `service.telemetry.metrics.address (the Collector's own metrics on :8888) is rejected
by recent Collectors (measured: 0.145.0 refuses the config); the replacement is a pull
reader: service.telemetry.metrics.readers: [{pull: {exporter: {prometheus: {host: 0.0.0.0,
port: 8888}}}}].`,
	Needs: NeedFiles,
	Check: func(r *Rule, l *model.Lab) []Finding {
		var out []Finding
		for _, c := range Changes {
			if c.Section != "key" || !c.applies(collectorImage(l)) {
				continue
			}
			path := strings.Split(c.Name, ".")
			n := l.Files.Collector.Doc
			for _, k := range path {
				n = valueOf(n, k)
			}
			if n == nil {
				continue
			}
			f := r.says(l.Files.Collector.File, lineOf(l.Files.Collector.Doc, path...), c.Name,
				newerNote(collectorImage(l), msg.New("rule.LAB008.cause", c.Name, c.Ref)))
			f.Fix = msg.New("rule.fix.use", c.Use)
			out = append(out, f)
		}
		return out
	},
})
