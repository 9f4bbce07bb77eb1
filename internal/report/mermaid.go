package report

import (
	"fmt"
	"strings"

	"github.com/labctl/labctl/internal/lab"
)

// diagram collects Mermaid nodes and edges in insertion order, so the
// output is the same for the same input.
type diagram struct {
	in    Input
	t     labels
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

func box(label string) string { return `["` + mermaidText(label) + `"]` }

func (d *diagram) backend() string {
	return d.node("backend", box(d.t.Backend+"<br/>"+d.in.Lab.ServiceName))
}

func (d *diagram) collector() string { return d.node("collector", box(d.t.Collector)) }

func (d *diagram) jaeger() string {
	label := "Jaeger v2"
	if d.in.Lab.Jaeger == lab.JaegerV1 {
		label = "Jaeger v1 all-in-one"
	}
	return d.node("jaeger", box(label))
}

// push draws a solid arrow from the sender; pull a dotted arrow from the fetcher.
func (d *diagram) push(from, to, label string) {
	d.edges = append(d.edges, fmt.Sprintf("    %s -->|%q| %s", from, label, to))
}

func (d *diagram) pull(from, to, label, interval string) {
	if interval != "" {
		label += " " + fmt.Sprintf(d.t.Every, interval)
	}
	d.edges = append(d.edges, fmt.Sprintf("    %s -.->|%q| %s", from, label, to))
}

// mermaid draws the pipeline labctl generated: the topology decides where
// the backend sends its spans; the Collector config adds what it scrapes,
// where it exports and who scrapes it.
func mermaid(in Input, t labels) string {
	d := &diagram{in: in, t: t, seen: map[string]bool{}}
	direct := in.Lab.Topology == lab.TopologyDirect
	if direct {
		d.push(d.backend(), d.jaeger(), t.EdgePush)
	} else {
		d.push(d.backend(), d.collector(), t.EdgePush)
	}
	if in.Collector == nil {
		if !direct {
			d.push(d.collector(), d.jaeger(), t.EdgePush)
		}
		return d.render()
	}
	for _, c := range in.Collector.Ordered() {
		if c.Kind == "receiver" {
			d.receiver(c)
		} else {
			d.exporter(c)
		}
	}
	return d.render()
}

func (d *diagram) receiver(r Component) {
	switch {
	case r.Type == "otlp":
		// Drawn from the topology: the backend is what pushes OTLP in the lab.
	case r.Type == "postgresql":
		d.pull(d.collector(), d.node("postgres", `[("`+d.t.PostgreSQL+`")]`), d.t.EdgePull, r.Interval)
	case r.Mode == ModePull:
		d.pull(d.collector(), d.node(nodeID(r.ID), box(r.ID)), d.t.EdgePull, r.Interval)
	case r.Mode == ModePushIn:
		d.push(d.node(nodeID(r.ID), box(r.ID)), d.collector(), "push")
	}
}

func (d *diagram) exporter(e Component) {
	switch {
	case idle(d.in, e):
		// Nothing reaches it in the direct topology: no arrow.
	case e.Mode == ModePushOut && isJaeger(e):
		d.push(d.collector(), d.jaeger(), d.t.EdgePush)
	case e.Mode == ModePushOut:
		d.push(d.collector(), d.node(nodeID(e.ID), box(firstNonEmpty(strings.Join(e.Endpoints, ", "), e.ID))), "push")
	case e.Mode == ModePulled:
		interval := ""
		if len(e.Endpoints) > 0 {
			_, interval, _ = d.in.Scrapes.For(portOf(e.Endpoints[0]))
		}
		d.pull(d.node("prometheus", box(d.t.Prometheus)), d.collector(), d.t.EdgeScrape, interval)
	}
}

func (d *diagram) render() string {
	var b strings.Builder
	b.WriteString("```mermaid\nflowchart LR\n")
	for _, n := range d.nodes {
		b.WriteString(n + "\n")
	}
	for _, e := range d.edges {
		b.WriteString(e + "\n")
	}
	b.WriteString("```\n\n" + d.t.DiagramLegend)
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
