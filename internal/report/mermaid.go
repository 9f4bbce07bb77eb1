package report

import (
	"strings"

	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
)

// diagram collects Mermaid nodes and edges in insertion order, so the
// output is the same for the same input.
type diagram struct {
	in    Input
	t     *msg.Printer
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

// named is a node's label: what it is, then where it is in the lab (its
// service name) when the description says.
func named(title, name string) string {
	if name == "" {
		return title
	}
	return title + "<br/>" + name
}

// The nodes keep the same Mermaid IDs whatever the services are called;
// their labels carry the lab's own names.

func (d *diagram) backend() string {
	return d.node("backend", box(named(d.t.Sprintf("report.Backend"), backendName(d.in.Lab))))
}

func (d *diagram) collector() string {
	return d.node("collector", box(named(d.t.Sprintf("report.Collector"), serviceName(d.in.Lab, model.RoleCollector))))
}

func (d *diagram) jaeger() string {
	return d.node("jaeger", box(named(jaegerTitle(d.in), serviceName(d.in.Lab, model.RoleJaeger))))
}

func (d *diagram) prometheus() string {
	return d.node("prometheus", box(named(d.t.Sprintf("report.Prometheus"), serviceName(d.in.Lab, model.RolePrometheus))))
}

// push draws a solid arrow from the sender; pull a dotted arrow from the
// fetcher. An arrow that crosses a Collector component names it.
func (d *diagram) push(from, to, label, component string) {
	d.edges = append(d.edges, "    "+from+` -->|"`+mermaidText(via(label, component))+`"| `+to)
}

func (d *diagram) pull(from, to, label, interval, component string) {
	if interval != "" {
		label += " " + d.t.Sprintf("report.Every", interval)
	}
	d.edges = append(d.edges, "    "+from+` -.->|"`+mermaidText(via(label, component))+`"| `+to)
}

func via(label, component string) string {
	if component == "" {
		return label
	}
	return label + " (" + component + ")"
}

// mermaid draws the lab's pipeline: the topology decides where the backend
// sends its spans; the Collector's configuration adds what it scrapes,
// where it exports and who scrapes it.
func mermaid(in Input, t *msg.Printer) string {
	d := &diagram{in: in, t: t, seen: map[string]bool{}}
	c := in.Lab.Collector
	direct := in.Lab.Topology == model.TopologyDirect
	if direct {
		d.push(d.backend(), d.jaeger(), t.Sprintf("report.EdgePush"), "")
	} else {
		d.push(d.backend(), d.collector(), t.Sprintf("report.EdgePush"), otlpReceiver(c))
	}
	if c == nil {
		if !direct {
			d.push(d.collector(), d.jaeger(), t.Sprintf("report.EdgePush"), "")
		}
		return d.render()
	}
	for _, comp := range c.Ordered() {
		if comp.Kind == "receiver" {
			d.receiver(comp)
		} else {
			d.exporter(comp)
		}
	}
	return d.render()
}

// otlpReceiver is the receiver the backend pushes its spans to: the first
// otlp receiver of a traces pipeline.
func otlpReceiver(c *model.Collector) string {
	if c == nil {
		return ""
	}
	for _, p := range c.PipelinesOf("traces") {
		for _, id := range p.Receivers {
			if r := c.Component("receiver", id); r != nil && r.Type == "otlp" {
				return id
			}
		}
	}
	return ""
}

func (d *diagram) receiver(r model.Component) {
	switch {
	case r.Type == "otlp":
		// Drawn from the topology: the backend is what pushes OTLP in the lab.
	case r.Type == "postgresql":
		from := d.collector()
		pg := d.node("postgres", `[("`+mermaidText(named(d.t.Sprintf("report.PostgreSQL"), where(d.in.Lab, r)))+`")]`)
		d.pull(from, pg, d.t.Sprintf("report.EdgePull"), r.Interval, r.ID)
	case r.Mode == model.ModePull:
		d.pull(d.collector(), d.node(nodeID(r.ID), box(r.ID)), d.t.Sprintf("report.EdgePull"), r.Interval, r.ID)
	case r.Mode == model.ModePushIn:
		d.push(d.node(nodeID(r.ID), box(r.ID)), d.collector(), "push", r.ID)
	}
}

func (d *diagram) exporter(e model.Component) {
	switch {
	case idle(d.in, e):
		// Nothing reaches it in the direct topology: no arrow.
	case e.Mode == model.ModePushOut && sendsToJaeger(d.in.Lab, e):
		d.push(d.collector(), d.jaeger(), d.t.Sprintf("report.EdgePush"), e.ID)
	case e.Mode == model.ModePushOut:
		d.push(d.collector(), d.node(nodeID(e.ID), box(firstNonEmpty(where(d.in.Lab, e), e.ID))), "push", e.ID)
	case e.Mode == model.ModePulled:
		interval := ""
		if len(e.Endpoints) > 0 {
			if job, ok := scrapedBy(d.in.Lab, e.Endpoints[0]); ok {
				interval = duration(job.Interval)
			}
		}
		d.pull(d.prometheus(), d.collector(), d.t.Sprintf("report.EdgeScrape"), interval, e.ID)
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
	b.WriteString("```\n\n" + d.t.Sprintf("report.DiagramLegend"))
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

// mermaidText escapes a label for a quoted Mermaid node or edge.
func mermaidText(s string) string {
	return strings.NewReplacer(`"`, "#quot;", "`", "#96;").Replace(s)
}
