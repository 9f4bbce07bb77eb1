package report

import (
	"fmt"
	"slices"
	"strings"

	"github.com/labctl/labctl/internal/lab"
)

// pullPush answers the lab's question from the Collector config labctl
// generated: each receiver and exporter used by a pipeline, classified by
// its type, then a verdict per pipeline.
func pullPush(in Input, t labels) string {
	var b strings.Builder
	cfgPath := strings.TrimSuffix(in.Dir, "/") + "/otelcol.yaml"
	direct := in.Lab.Topology == lab.TopologyDirect
	if direct {
		b.WriteString(fmt.Sprintf(t.PPDirect, in.Lab.ServiceName) + "\n\n")
	}
	c := in.Collector
	if c == nil {
		b.WriteString(fmt.Sprintf(t.PPMissing, cfgPath))
		return b.String()
	}
	if len(c.Pipelines) == 0 {
		b.WriteString(t.PPNone)
		return b.String()
	}
	b.WriteString(fmt.Sprintf(t.PPIntro, cfgPath, in.Lab.Topology) + "\n\n")
	for _, comp := range c.Ordered() {
		text := ""
		if comp.Kind == "receiver" {
			text = receiverText(in, t, comp, direct)
		} else {
			text = exporterText(in, t, comp)
		}
		b.WriteString(bullet(t, comp, text))
	}
	if c.SelfMetrics != "" {
		text := fmt.Sprintf(t.PPSelfNoScrape, c.SelfMetrics)
		if job, every, ok := in.Scrapes.For(portOf(c.SelfMetrics)); ok {
			text = fmt.Sprintf(t.PPSelf, c.SelfMetrics, every, job)
		}
		b.WriteString("- " + t.PPPulled + " — " + text + "\n")
	}
	b.WriteString("\n" + t.PPSummary + "\n\n")
	for _, p := range c.Pipelines {
		b.WriteString("- " + verdict(t, c, p, direct) + "\n")
	}
	return strings.TrimSuffix(b.String(), "\n")
}

func bullet(t labels, c Component, text string) string {
	mode := map[Mode]string{
		ModePushIn: t.PPPush, ModePushOut: t.PPPush, ModePull: t.PPPull,
		ModePulled: t.PPPulled, ModeLocal: t.PPLocal, ModeUnknown: t.PPUnknown,
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
		if c.Mode == ModePushIn || c.Mode == ModePulled {
			where = " (" + strings.Join(quoted, ", ") + ")"
		} else {
			where = " → " + strings.Join(quoted, ", ")
		}
	}
	pipes := t.Pipeline
	if len(c.Pipelines) > 1 {
		pipes = t.Pipelines
	}
	names := make([]string, len(c.Pipelines))
	for i, p := range c.Pipelines {
		names[i] = "`" + p + "`"
	}
	return fmt.Sprintf("- %s — %s `%s`%s, %s %s%s%s\n", mode, c.Kind, c.ID, where, pipes, strings.Join(names, ", "), t.Sep, text)
}

func receiverText(in Input, t labels, r Component, direct bool) string {
	def := ""
	if r.IntervalDefault {
		def = t.PPDefault
	}
	switch {
	case r.Type == "otlp" && direct:
		return t.PPRecvOTLPDirect
	case r.Type == "otlp":
		return fmt.Sprintf(t.PPRecvOTLP, in.Lab.ServiceName)
	case r.Mode == ModePushIn:
		return t.PPRecvPush
	case r.Type == "postgresql":
		return fmt.Sprintf(t.PPRecvPostgres, r.Interval, def)
	case r.Type == "prometheus":
		return fmt.Sprintf(t.PPRecvPrometheus, r.Interval, def)
	case r.Mode == ModePull && r.Interval != "":
		return fmt.Sprintf(t.PPRecvPull, r.Interval, def)
	}
	return t.PPRecvUnknown
}

func exporterText(in Input, t labels, e Component) string {
	if idle(in, e) {
		return t.PPExpIdle
	}
	switch e.Mode {
	case ModePushOut:
		batch := ""
		if usesBatch(in.Collector, e) {
			batch = t.PPBatch
		}
		if isJaeger(e) {
			return fmt.Sprintf(t.PPExpOTLPJaeger, batch)
		}
		return fmt.Sprintf(t.PPExpPush, firstNonEmpty(strings.Join(e.Endpoints, ", "), e.ID), batch)
	case ModePulled:
		if len(e.Endpoints) > 0 {
			if job, every, ok := in.Scrapes.For(portOf(e.Endpoints[0])); ok {
				return fmt.Sprintf(t.PPExpProm, every, job)
			}
		}
		return t.PPExpPromNoScrape
	case ModeLocal:
		return t.PPExpLocal
	}
	return t.PPExpUnknown
}

func isJaeger(e Component) bool {
	s := strings.ToLower(e.ID + " " + strings.Join(e.Endpoints, " "))
	return strings.Contains(s, "jaeger")
}

func usesBatch(c *Collector, e Component) bool {
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
func verdict(t labels, c *Collector, p Pipeline, direct bool) string {
	mode := func(list []Component, ids []string) []string {
		var out []string
		seen := map[string]bool{}
		for _, id := range ids {
			for _, comp := range list {
				if comp.ID != id {
					continue
				}
				w := map[Mode]string{ModePushIn: "push", ModePushOut: "push", ModePull: "pull", ModePulled: "pull", ModeLocal: "local"}[comp.Mode]
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
		return fmt.Sprintf(t.PPUnused, p.Name)
	}
	kinds := map[string]bool{}
	for _, m := range append(append([]string{}, ins...), outs...) {
		if m != "local" {
			kinds[m] = true
		}
	}
	v := t.PPMixed
	switch {
	case len(kinds) == 1 && kinds["push"]:
		v = t.PPAllPush
	case len(kinds) == 1 && kinds["pull"]:
		v = t.PPAllPull
	}
	return fmt.Sprintf(t.PPPipeline, p.Name, listOr(ins), listOr(outs), v)
}

// idle reports whether nothing reaches an exporter: in the direct topology,
// every pipeline feeding it only has OTLP receivers, and the backend sends
// to Jaeger instead.
func idle(in Input, e Component) bool {
	if in.Lab.Topology != lab.TopologyDirect || in.Collector == nil {
		return false
	}
	for _, p := range in.Collector.Pipelines {
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
