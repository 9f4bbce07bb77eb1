package model

import "time"

// Mode is how data crosses a Collector component.
type Mode string

const (
	// ModePushIn: a receiver that listens; applications push to it.
	ModePushIn Mode = "push-in"
	// ModePull: a receiver that fetches (scrapes) on a schedule.
	ModePull Mode = "pull"
	// ModePushOut: an exporter that sends data on.
	ModePushOut Mode = "push-out"
	// ModePulled: an exporter that only exposes data; someone scrapes it.
	ModePulled Mode = "pulled"
	// ModeLocal: an exporter that writes locally (the Collector's log).
	ModeLocal Mode = "local"
	// ModeUnknown: a type labctl does not classify.
	ModeUnknown Mode = "unknown"
)

// Component is one receiver or exporter used by a pipeline.
type Component struct {
	Kind string // "receiver" or "exporter"
	ID   string // as written: "otlp/jaeger"
	Type string // the part before '/': "otlp"
	Mode Mode
	// Interval is the collection or scrape interval when the type has one;
	// IntervalDefault says it is the receiver's default, not in the file.
	Interval        string
	IntervalDefault bool
	// Endpoints are where it listens or sends, credentials removed, ${env:…}
	// resolved. For an otlp receiver: one per protocol (grpc first).
	Endpoints []string
	// Routes are the host:port an exporter hands its data to besides its
	// endpoint: a loadbalancing exporter's resolver (static hostnames,
	// the dns hostname with its port). See routes.go.
	Routes []string
	// Listen are the receiver's listening endpoints by protocol
	// ("grpc" → "0.0.0.0:4317"); a protocol without endpoint gets the
	// Collector's default (localhost:4317 at 0.145.0) with ListenDefault.
	Listen        map[string]string
	ListenDefault map[string]bool
	// Insecure is tls.insecure (exporters); TLSSet says a tls section exists.
	Insecure, TLSSet bool
	// Username is the postgresql receiver's user (never the password).
	Username string
	// At locates the component's definition in the file.
	At Fact
	// Keys locates settings under the component by dotted path relative to
	// it ("endpoint", "tls.insecure", "protocols.grpc.endpoint").
	Keys      map[string]Fact
	Pipelines []string
}

// Pipeline is one service pipeline, with component IDs in file order.
type Pipeline struct {
	Name                             string
	Receivers, Processors, Exporters []string
	At                               Fact
	// Lists locates its "receivers", "processors" and "exporters" keys.
	Lists map[string]Fact
}

// ListAt locates the pipeline's list of a kind ("exporters"), else the
// pipeline itself (with the list's key, where it would be written).
func (p Pipeline) ListAt(kind string) Fact {
	if f, ok := p.Lists[kind]; ok {
		return f
	}
	f := p.At
	f.Key += "." + kind
	return f
}

// Signal is the pipeline's signal: "traces" for "traces/jaeger".
func (p Pipeline) Signal() string {
	for i := 0; i < len(p.Name); i++ {
		if p.Name[i] == '/' {
			return p.Name[:i]
		}
	}
	return p.Name
}

// Collector is what labctl knows of a Collector configuration: the
// pipelines and the receivers and exporters they use, classified push or
// pull. No credential is kept.
type Collector struct {
	// File is the config's name as a person knows it (a path in the
	// project, or the path inside the container).
	File      string
	Pipelines []Pipeline
	Receivers []Component
	Exporters []Component
	// Defined lists every receiver, processor and exporter ID defined in the
	// file, used or not ("receivers/otlp", "exporters/debug").
	Defined []string
	// SelfMetrics is the endpoint where the Collector exposes its own
	// metrics for scraping (service.telemetry pull reader), if any;
	// SelfMetricsDefault says it is the default (localhost:8888).
	SelfMetrics        string
	SelfMetricsDefault bool
	// BatchTimeout is the batch processor's timeout (default 200ms) when a
	// traces pipeline uses one.
	BatchTimeout time.Duration
}

// Component returns the receiver or exporter with that kind and ID.
func (c *Collector) Component(kind, id string) *Component {
	list := c.Receivers
	if kind == "exporter" {
		list = c.Exporters
	}
	for i := range list {
		if list[i].ID == id {
			return &list[i]
		}
	}
	return nil
}

// PipelinesOf lists the pipelines of a signal ("traces", "metrics").
func (c *Collector) PipelinesOf(signal string) []Pipeline {
	var out []Pipeline
	for _, p := range c.Pipelines {
		if p.Signal() == signal {
			out = append(out, p)
		}
	}
	return out
}

// ReceiversOfType lists the used receivers of a type ("postgresql").
func (c *Collector) ReceiversOfType(typ string) []Component {
	var out []Component
	for _, r := range c.Receivers {
		if r.Type == typ {
			out = append(out, r)
		}
	}
	return out
}

// ExportersOfType lists the used exporters of a type ("prometheus").
func (c *Collector) ExportersOfType(typ string) []Component {
	var out []Component
	for _, e := range c.Exporters {
		if e.Type == typ {
			out = append(out, e)
		}
	}
	return out
}

// ReadIn records that the configuration was read in a container: every
// fact it holds says so.
func (c *Collector) ReadIn(container string) {
	in := func(f *Fact) { f.Container = container }
	for i := range c.Pipelines {
		in(&c.Pipelines[i].At)
		for k, f := range c.Pipelines[i].Lists {
			in(&f)
			c.Pipelines[i].Lists[k] = f
		}
	}
	for _, list := range [][]Component{c.Receivers, c.Exporters} {
		for i := range list {
			in(&list[i].At)
			for k, f := range list[i].Keys {
				in(&f)
				list[i].Keys[k] = f
			}
		}
	}
}

// ReadIn records that the configuration was read in a container.
func (p *Prometheus) ReadIn(container string) {
	for i := range p.Jobs {
		p.Jobs[i].At.Container = container
		for j := range p.Jobs[i].TargetsAt {
			p.Jobs[i].TargetsAt[j].Container = container
		}
	}
}

// Prometheus is what labctl knows of a Prometheus configuration.
type Prometheus struct {
	File string
	Jobs []ScrapeJob
	// Interval is global.scrape_interval (default 1m).
	Interval time.Duration
}

// ScrapeJob is one scrape config with static targets.
type ScrapeJob struct {
	Name    string
	Targets []string
	// TargetsAt locate each target (same order as Targets).
	TargetsAt   []Fact
	MetricsPath string
	Interval    time.Duration
	At          Fact
}
