package report

import (
	"fmt"
	"strings"

	"github.com/labctl/labctl/internal/lab"
)

// diagram collects Mermaid nodes and edges in insertion order, so the
// output is the same for the same input.
type diagram struct {
	nodes []string
	seen  map[string]bool
	edges []string
}

func (d *diagram) node(id, shape string) string {
	if !d.seen[id] {
		d.seen[id] = true
		d.nodes = append(d.nodes, "    "+id+shape)
	}
	return id
}

// push draws a solid arrow from the sender; pull a dotted arrow from the fetcher.
func (d *diagram) push(from, to, label string) {
	d.edges = append(d.edges, fmt.Sprintf("    %s -->|%q| %s", from, label, to))
}

func (d *diagram) pull(from, to, label string) {
	d.edges = append(d.edges, fmt.Sprintf("    %s -.->|%q| %s", from, label, to))
}

// mermaid draws the pipeline labctl generated: the topology decides where
// the backend sends its spans; the Collector config adds what it scrapes,
// where it exports and who scrapes it.
func mermaid(in Input, t labels) string {
	d := &diagram{seen: map[string]bool{}}
	box := func(label string) string { return `["` + mermaidText(label) + `"]` }
	backend := d.node("backend", box(t.Backend+"<br/>"+in.Lab.ServiceName))
	jaegerLabel := "Jaeger v2"
	if in.Lab.Jaeger == lab.JaegerV1 {
		jaegerLabel = "Jaeger v1 all-in-one"
	}
	jaeger := func() string { return d.node("jaeger", box(jaegerLabel)) }
	collector := func() string { return d.node("collector", box(t.Collector)) }

	if in.Lab.Topology == lab.TopologyDirect {
		d.push(backend, jaeger(), t.EdgePush)
	} else {
		d.push(backend, collector(), t.EdgePush)
	}
	c := in.Collector
	if c == nil {
		if in.Lab.Topology != lab.TopologyDirect {
			d.push(collector(), jaeger(), t.EdgePush)
		}
		return render(d, t)
	}
	every := func(label, interval string) string {
		if interval == "" {
			return label
		}
		return label + " " + fmt.Sprintf(t.Every, interval)
	}
	for _, r := range c.Receivers {
		switch {
		case r.Type == "otlp":
			// The backend's arrow above; nothing else pushes OTLP in the lab.
		case r.Type == "postgresql":
			d.pull(collector(), d.node("postgres", `[("`+t.PostgreSQL+`")]`), every(t.EdgePull, r.Interval))
		case r.Mode == ModePull:
			d.pull(collector(), d.node(nodeID(r.ID), box(r.ID)), every(t.EdgePull, r.Interval))
		case r.Mode == ModePushIn:
			d.push(d.node(nodeID(r.ID), box(r.ID)), collector(), "push")
		}
	}
	for _, e := range c.Exporters {
		switch {
		case idle(in, e):
			// Nothing reaches it in the direct topology: no arrow.
		case e.Mode == ModePushOut && isJaeger(e):
			d.push(collector(), jaeger(), t.EdgePush)
		case e.Mode == ModePushOut:
			d.push(collector(), d.node(nodeID(e.ID), box(firstNonEmpty(strings.Join(e.Endpoints, ", "), e.ID))), "push")
		case e.Mode == ModePulled:
			interval := ""
			if len(e.Endpoints) > 0 {
				_, interval, _ = in.Scrapes.For(portOf(e.Endpoints[0]))
			}
			d.pull(d.node("prometheus", box(t.Prometheus)), collector(), every(t.EdgeScrape, interval))
		}
	}
	return render(d, t)
}

func render(d *diagram, t labels) string {
	var b strings.Builder
	b.WriteString("```mermaid\nflowchart LR\n")
	for _, n := range d.nodes {
		b.WriteString(n + "\n")
	}
	for _, e := range d.edges {
		b.WriteString(e + "\n")
	}
	b.WriteString("```\n\n" + t.DiagramLegend)
	return b.String()
}

// nodeID makes a Mermaid-safe identifier from a component ID.
func nodeID(id string) string {
	var b strings.Builder
	b.WriteString("c_")
	for _, r := range id {
		if r < 128 && (r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			b.WriteRune(r)
		} else {
			b.WriteRune('_')
		}
	}
	return b.String()
}

// mermaidText escapes a label for a quoted Mermaid node.
func mermaidText(s string) string {
	return strings.NewReplacer(`"`, "#quot;", "`", "#96;").Replace(s)
}
