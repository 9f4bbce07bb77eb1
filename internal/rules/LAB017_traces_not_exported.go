package rules

import (
	"slices"
	"strings"

	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
)

var _ = register(&Rule{
	ID: "LAB017", Slug: "traces-not-exported",
	Title:  "No traces pipeline exports to Jaeger",
	Blocks: traceChecks,
	Fix:    "add the exporter that sends to Jaeger (otlp/jaeger) to the traces pipeline's exporters",
	Page: `The Collector only sends what a pipeline's exporters send: a traces pipeline with only
debug prints spans in the Collector's log and Jaeger stays empty. The Collector reports no
error.`,
	After: []string{"LAB005"},
	Check: func(r *Rule, l *model.Lab) []Finding {
		jaeger := roleName(l, model.RoleJaeger)
		if l.Collector == nil || jaeger == "" {
			return nil
		}
		pipes := l.Collector.PipelinesOf("traces")
		if len(pipes) == 0 {
			return nil
		}
		// An OTLP exporter of a traces pipeline to Jaeger is the export;
		// the only one, to anything else, is meant for Jaeger: its
		// endpoint's rules (LAB006, LAB007, LAB019) say what is wrong.
		var inTraces []otlpTarget
		for _, t := range otlpTargets(l) {
			if !slices.ContainsFunc(pipes, func(pl model.Pipeline) bool { return contains(pl.Exporters, t.ID) }) {
				continue
			}
			if sv := serviceOf(l, t.host); sv != nil && sv.Role == model.RoleJaeger {
				return nil
			}
			inTraces = append(inTraces, t)
		}
		if len(inTraces) == 1 {
			return nil
		}
		var toJaeger []string
		for _, d := range l.Collector.Defined {
			if id, ok := strings.CutPrefix(d, "exporters/"); ok && (strings.Contains(id, "jaeger") || strings.HasPrefix(id, "otlp")) {
				toJaeger = append(toJaeger, id)
			}
		}
		pl := pipes[0]
		at := pl.ListAt("exporters")
		f := r.says(l.Collector.File, at.Line, at.Key, msg.New("rule.LAB017.cause", pl.Name, strings.Join(pl.Exporters, ", "), jaeger))
		if len(toJaeger) > 0 {
			f.Fix = msg.New("rule.LAB017.fix", toJaeger[0], pl.Name)
		}
		return []Finding{f}
	},
})
