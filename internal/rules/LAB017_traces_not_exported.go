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
	Page: `The Collector only sends what a pipeline's exporters send: a traces pipeline with only
debug prints spans in the Collector's log and Jaeger stays empty. The Collector reports no
error.

Routes, not names: an exporter reaches Jaeger when its endpoint names Jaeger's service, when
a loadbalancing exporter's resolver (static hostnames, the dns hostname) does, or when it is
a connector whose pipelines export there. An exporter of a type the Collector refuses
(jaeger, removed at v0.85.0) that points at Jaeger is its own rule's cause (LAB001, LAB002),
not this one's. An error when the config defines an exporter to Jaeger that no traces
pipeline uses (the fix names it); a warning when it defines none (a smoke test printing to
debug is a choice, not a mistake lint can tell), and nothing when a service sends its spans
to Jaeger directly.`,
	After: []string{"LAB005"},
	Check: func(r *Rule, l *model.Lab) []Finding {
		jaeger := roleName(l, model.RoleJaeger)
		if l.Collector == nil || jaeger == "" {
			return nil
		}
		pipes := l.Collector.PipelinesOf("traces")
		if len(pipes) == 0 || sendsToJaegerDirectly(l) {
			return nil
		}
		for _, pl := range pipes {
			for _, id := range pl.Exporters {
				// An exporter the file does not define is LAB004's cause:
				// one cause, one finding.
				if reachesJaeger(l, id, map[string]bool{}) || !defined(l.Collector, id) {
					return nil
				}
			}
		}
		// The only OTLP exporter of a traces pipeline, to anything else,
		// is meant for Jaeger: its endpoint's rules (LAB006, LAB007,
		// LAB019) say what is wrong.
		inTraces := 0
		for _, t := range otlpTargets(l) {
			if slices.ContainsFunc(pipes, func(pl model.Pipeline) bool { return contains(pl.Exporters, t.ID) }) {
				inTraces++
			}
		}
		if inTraces == 1 {
			return nil
		}
		pl := pipes[0]
		at := pl.ListAt("exporters")
		f := r.says(l.Collector.File, at.Line, at.Key, msg.New("rule.LAB017.cause", pl.Name, strings.Join(pl.Exporters, ", "), jaeger))
		f.Fix = msg.Message{}
		if id := unusedExporterToJaeger(l, pipes); id != "" {
			f.Fix = msg.New("rule.LAB017.fix", id, pl.Name)
		} else {
			// No exporter of the config leads to Jaeger: whether spans
			// were meant to go there is the project's choice.
			f.Severity = Warning
			f.Fix = msg.New("rule.LAB017.fix_define", jaeger, pl.Name)
		}
		return []Finding{f}
	},
})

// reachesJaeger says an exporter of a pipeline leads to the Jaeger service:
// its endpoint or one of its routes (a loadbalancing resolver's hosts)
// names it, or it is a connector one of whose pipelines exports there.
func reachesJaeger(l *model.Lab, id string, seen map[string]bool) bool {
	if seen[id] {
		return false
	}
	seen[id] = true
	if slices.Contains(l.Collector.Defined, "connectors/"+id) {
		for _, pl := range l.Collector.Pipelines {
			if !contains(pl.Receivers, id) {
				continue
			}
			for _, next := range pl.Exporters {
				if reachesJaeger(l, next, seen) {
					return true
				}
			}
		}
		return false
	}
	c := l.Collector.Component("exporter", id)
	if c == nil {
		return false
	}
	return slices.ContainsFunc(append(append([]string{}, c.Endpoints...), c.Routes...), func(ep string) bool {
		sv := serviceOf(l, model.ParseAddress(ep).Host)
		return sv != nil && sv.Role == model.RoleJaeger
	})
}

// unusedExporterToJaeger is an exporter the config defines that leads to
// Jaeger (or is named for it) and that no traces pipeline lists: the fix
// never asks for what the pipeline already has.
func unusedExporterToJaeger(l *model.Lab, pipes []model.Pipeline) string {
	used := func(id string) bool {
		return slices.ContainsFunc(pipes, func(pl model.Pipeline) bool { return contains(pl.Exporters, id) })
	}
	var named string
	for _, d := range l.Collector.Defined {
		id, ok := strings.CutPrefix(d, "exporters/")
		if !ok || used(id) {
			continue
		}
		if definedReachesJaeger(l, id) {
			return id
		}
		if named == "" && strings.Contains(id, "jaeger") {
			named = id
		}
	}
	return named
}

// definedReachesJaeger is reachesJaeger for an exporter no pipeline uses
// (the model parses the used ones): its endpoint as the file writes it.
func definedReachesJaeger(l *model.Lab, id string) bool {
	if l.Collector.Component("exporter", id) != nil {
		return reachesJaeger(l, id, map[string]bool{})
	}
	if l.Files == nil || l.Files.Collector.Doc == nil {
		return false
	}
	ep := model.ScalarAt(l.Files.Collector.Doc, "exporters", id, "endpoint")
	sv := serviceOf(l, model.ParseAddress(ep).Host)
	return sv != nil && sv.Role == model.RoleJaeger
}

// sendsToJaegerDirectly: a service exports its spans to Jaeger itself.
func sendsToJaegerDirectly(l *model.Lab) bool {
	for _, s := range l.Services {
		if s.OTLP == nil {
			continue
		}
		if sv := serviceOf(l, s.OTLP.Endpoint.Host); sv != nil && sv.Role == model.RoleJaeger {
			return true
		}
	}
	return false
}

// defined says the config defines an exporter or connector of that ID.
func defined(c *model.Collector, id string) bool {
	return slices.Contains(c.Defined, "exporters/"+id) || slices.Contains(c.Defined, "connectors/"+id)
}
