package report

import (
	"fmt"
	"slices"
	"strings"

	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
)

// pullPush answers the lab's question from the lab's Collector
// configuration: each receiver and exporter used by a pipeline, classified
// by its type, then a verdict per pipeline.
func pullPush(in Input, t *msg.Printer) string {
	var b strings.Builder
	l := in.Lab
	cfgPath := strings.TrimSuffix(in.Dir, "/") + "/otelcol.yaml"
	direct := l.Topology == model.TopologyDirect
	if direct {
		b.WriteString(t.Sprintf("report.PPDirect", backendName(l)) + "\n\n")
	}
	c := l.Collector
	switch {
	case c == nil && discovered(l):
		b.WriteString(t.Sprintf("report.PPNoCollector", l.Source))
		return b.String()
	case c == nil:
		b.WriteString(t.Sprintf("report.PPMissing", cfgPath))
		return b.String()
	case len(c.Pipelines) == 0:
		b.WriteString(t.Sprintf("report.PPNone"))
		return b.String()
	case discovered(l):
		b.WriteString(t.Sprintf("report.PPIntroFound", serviceName(l, model.RoleCollector), c.File, l.Source, l.Topology) + "\n\n")
	default:
		b.WriteString(t.Sprintf("report.PPIntro", cfgPath, l.Topology) + "\n\n")
	}
	for _, comp := range c.Ordered() {
		text := ""
		if comp.Kind == "receiver" {
			text = receiverText(in, t, comp, direct)
		} else {
			text = exporterText(in, t, comp)
		}
		b.WriteString(bullet(t, comp, text))
	}
	// Only a telemetry endpoint the file sets: the default one listens on
	// the container's localhost, where no other container scrapes it.
	if c.SelfMetrics != "" && !c.SelfMetricsDefault {
		text := t.Sprintf("report.PPSelfNoScrape", c.SelfMetrics)
		if job, ok := scrapedBy(l, c.SelfMetrics); ok {
			text = t.Sprintf("report.PPSelf", c.SelfMetrics, duration(job.Interval), job.Name)
		}
		b.WriteString("- " + t.Sprintf("report.PPPulled") + " — " + text + "\n")
	}
	b.WriteString("\n" + t.Sprintf("report.PPSummary") + "\n\n")
	for _, p := range c.Pipelines {
		b.WriteString("- " + verdict(t, c, p, direct) + "\n")
	}
	return strings.TrimSuffix(b.String(), "\n")
}

func bullet(t *msg.Printer, c model.Component, text string) string {
	mode := map[model.Mode]string{
		model.ModePushIn: t.Sprintf("report.PPPush"), model.ModePushOut: t.Sprintf("report.PPPush"), model.ModePull: t.Sprintf("report.PPPull"),
		model.ModePulled: t.Sprintf("report.PPPulled"), model.ModeLocal: t.Sprintf("report.PPLocal"), model.ModeUnknown: t.Sprintf("report.PPUnknown"),
	}[c.Mode]
	where := ""
	if len(c.Endpoints) > 0 {
		quoted := make([]string, len(c.Endpoints))
		for i, e := range c.Endpoints {
			if label, addr, ok := strings.Cut(e, " "); ok {
				quoted[i] = label + " `" + addr + "`"
			} else {
				quoted[i] = "`" + e + "`"
			}
		}
		if c.Mode == model.ModePushIn || c.Mode == model.ModePulled {
			where = " (" + strings.Join(quoted, ", ") + ")"
		} else {
			where = " → " + strings.Join(quoted, ", ")
		}
	}
	pipes := t.Sprintf("report.Pipeline")
	if len(c.Pipelines) > 1 {
		pipes = t.Sprintf("report.Pipelines")
	}
	names := make([]string, len(c.Pipelines))
	for i, p := range c.Pipelines {
		names[i] = "`" + p + "`"
	}
	return fmt.Sprintf("- %s — %s `%s`%s, %s %s%s%s\n", mode, c.Kind, c.ID, where, pipes, strings.Join(names, ", "), t.Sprintf("report.Sep"), text)
}

func receiverText(in Input, t *msg.Printer, r model.Component, direct bool) string {
	def := ""
	if r.IntervalDefault {
		def = t.Sprintf("report.PPDefault")
	}
	switch {
	case r.Type == "otlp" && direct:
		return t.Sprintf("report.PPRecvOTLPDirect")
	case r.Type == "otlp":
		return t.Sprintf("report.PPRecvOTLP", backendName(in.Lab))
	case r.Mode == model.ModePushIn:
		return t.Sprintf("report.PPRecvPush")
	case r.Type == "postgresql":
		return t.Sprintf("report.PPRecvPostgres", r.Interval, def)
	case r.Type == "prometheus":
		return t.Sprintf("report.PPRecvPrometheus", r.Interval, def)
	case r.Mode == model.ModePull && r.Interval != "":
		return t.Sprintf("report.PPRecvPull", r.Interval, def)
	}
	return t.Sprintf("report.PPRecvUnknown")
}

func exporterText(in Input, t *msg.Printer, e model.Component) string {
	if idle(in, e) {
		return t.Sprintf("report.PPExpIdle")
	}
	switch e.Mode {
	case model.ModePushOut:
		batch := ""
		if usesBatch(in.Lab.Collector, e) {
			batch = t.Sprintf("report.PPBatch")
		}
		if sendsToJaeger(in.Lab, e) {
			return t.Sprintf("report.PPExpOTLPJaeger", batch)
		}
		return t.Sprintf("report.PPExpPush", firstNonEmpty(strings.Join(e.Endpoints, ", "), e.ID), batch)
	case model.ModePulled:
		if len(e.Endpoints) > 0 {
			if job, ok := scrapedBy(in.Lab, e.Endpoints[0]); ok {
				return t.Sprintf("report.PPExpProm", duration(job.Interval), job.Name, in.Lab.Prometheus.File)
			}
		}
		return t.Sprintf("report.PPExpPromNoScrape")
	case model.ModeLocal:
		return t.Sprintf("report.PPExpLocal")
	}
	return t.Sprintf("report.PPExpUnknown")
}

func usesBatch(c *model.Collector, e model.Component) bool {
	for _, p := range c.Pipelines {
		for _, pe := range p.Exporters {
			if pe != e.ID {
				continue
			}
			for _, proc := range p.Processors {
				if typ, _, _ := strings.Cut(proc, "/"); typ == "batch" {
					return true
				}
			}
		}
	}
	return false
}

// verdict sums up one pipeline: how data comes in, how it goes out.
func verdict(t *msg.Printer, c *model.Collector, p model.Pipeline, direct bool) string {
	mode := func(list []model.Component, ids []string) []string {
		var out []string
		seen := map[string]bool{}
		for _, id := range ids {
			for _, comp := range list {
				if comp.ID != id {
					continue
				}
				w := map[model.Mode]string{model.ModePushIn: "push", model.ModePushOut: "push", model.ModePull: "pull", model.ModePulled: "pull", model.ModeLocal: "local"}[comp.Mode]
				if w == "" {
					w = "?"
				}
				if !seen[w] {
					seen[w] = true
					out = append(out, w)
				}
			}
		}
		return out
	}
	ins, outs := mode(c.Receivers, p.Receivers), mode(c.Exporters, p.Exporters)
	if direct && len(ins) == 1 && ins[0] == "push" && onlyOTLP(p.Receivers) {
		return t.Sprintf("report.PPUnused", p.Name)
	}
	kinds := map[string]bool{}
	for _, m := range append(append([]string{}, ins...), outs...) {
		if m != "local" {
			kinds[m] = true
		}
	}
	v := t.Sprintf("report.PPMixed")
	switch {
	case len(kinds) == 1 && kinds["push"]:
		v = t.Sprintf("report.PPAllPush")
	case len(kinds) == 1 && kinds["pull"]:
		v = t.Sprintf("report.PPAllPull")
	}
	return t.Sprintf("report.PPPipeline", p.Name, listOr(ins), listOr(outs), v)
}

// idle reports whether nothing reaches an exporter: in the direct topology,
// every pipeline feeding it only has OTLP receivers, and the backend sends
// to Jaeger instead.
func idle(in Input, e model.Component) bool {
	c := in.Lab.Collector
	if in.Lab.Topology != model.TopologyDirect || c == nil {
		return false
	}
	for _, p := range c.Pipelines {
		if slices.Contains(p.Exporters, e.ID) && !onlyOTLP(p.Receivers) {
			return false
		}
	}
	return true
}

func onlyOTLP(ids []string) bool {
	for _, id := range ids {
		if typ, _, _ := strings.Cut(id, "/"); typ != "otlp" {
			return false
		}
	}
	return len(ids) > 0
}

func listOr(s []string) string {
	if len(s) == 0 {
		return "–"
	}
	return strings.Join(s, " + ")
}
