package report

import (
	"fmt"
	"net"
	"net/url"
	"slices"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

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
	ID   string // as written: "otlp_grpc/jaeger"
	Type string // the part before '/': "otlp_grpc"
	Mode Mode
	// Interval is the collection or scrape interval when the type has one;
	// IntervalDefault says it is the receiver's default, not in the file.
	Interval        string
	IntervalDefault bool
	// Endpoints are where it listens or sends, credentials removed.
	Endpoints []string
	Pipelines []string
}

// Pipeline is one service pipeline, with component IDs in file order.
type Pipeline struct {
	Name                             string
	Receivers, Processors, Exporters []string
}

// Collector is what the report needs from otelcol.yaml: the pipelines and
// the receivers and exporters they use, classified push or pull. Nothing
// else (no credentials) is kept.
type Collector struct {
	Pipelines []Pipeline
	Receivers []Component
	Exporters []Component
	// SelfMetrics is the endpoint where the Collector exposes its own
	// metrics for scraping (service.telemetry pull reader), if any.
	SelfMetrics string
}

var (
	pushReceivers = set("otlp", "jaeger", "zipkin", "opencensus", "fluentforward", "syslog", "statsd")
	pullReceivers = set("postgresql", "prometheus", "prometheus_simple", "hostmetrics", "httpcheck", "mysql", "redis", "docker_stats")
	pushExporters = set("otlp", "otlp_grpc", "otlphttp", "otlp_http", "zipkin", "prometheusremotewrite", "jaeger")
	localExporter = set("debug", "logging", "file", "nop")
)

func set(items ...string) map[string]bool {
	m := make(map[string]bool, len(items))
	for _, s := range items {
		m[s] = true
	}
	return m
}

// ParseCollector reads an otelcol.yaml. name is the file named in errors.
func ParseCollector(data []byte, name string) (*Collector, error) {
	var raw struct {
		Receivers map[string]any `yaml:"receivers"`
		Exporters map[string]any `yaml:"exporters"`
		Service   struct {
			Pipelines yaml.Node `yaml:"pipelines"`
			Telemetry struct {
				Metrics struct {
					Readers []map[string]any `yaml:"readers"`
				} `yaml:"metrics"`
			} `yaml:"telemetry"`
		} `yaml:"service"`
	}
	if err := yaml.Unmarshal(data, &raw); err != nil {
		return nil, fmt.Errorf("%s: %s; run `labctl render` to regenerate it", name, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	pipes, err := parsePipelines(&raw.Service.Pipelines, name)
	if err != nil {
		return nil, err
	}
	sort.SliceStable(pipes, func(i, j int) bool { return signalRank(pipes[i].Name) < signalRank(pipes[j].Name) })
	c := &Collector{Pipelines: pipes}
	seen := map[string]int{}
	for _, p := range pipes {
		for _, id := range p.Receivers {
			c.Receivers = addUse(c.Receivers, seen, "receiver", id, p.Name, raw.Receivers[id])
		}
		for _, id := range p.Exporters {
			c.Exporters = addUse(c.Exporters, seen, "exporter", id, p.Name, raw.Exporters[id])
		}
	}
	for _, r := range raw.Service.Telemetry.Metrics.Readers {
		prom := dig(r, "pull", "exporter", "prometheus")
		if prom == nil {
			continue
		}
		host, port := str(dig(prom, "host")), str(dig(prom, "port"))
		if port != "" {
			c.SelfMetrics = net.JoinHostPort(host, port)
		}
	}
	return c, nil
}

// Ordered lists the receivers and exporters pipeline by pipeline (each
// pipeline's receivers, then its exporters), each component once.
func (c *Collector) Ordered() []Component {
	var out []Component
	shown := map[string]bool{}
	add := func(list []Component, ids []string) {
		for _, comp := range list {
			key := comp.Kind + " " + comp.ID
			if slices.Contains(ids, comp.ID) && !shown[key] {
				shown[key] = true
				out = append(out, comp)
			}
		}
	}
	for _, p := range c.Pipelines {
		add(c.Receivers, p.Receivers)
		add(c.Exporters, p.Exporters)
	}
	return out
}

// signalRank orders pipelines as the lab tells the story: traces first.
func signalRank(name string) int {
	typ, _, _ := strings.Cut(name, "/")
	switch typ {
	case "traces":
		return 0
	case "metrics":
		return 1
	case "logs":
		return 2
	}
	return 3
}

// parsePipelines keeps the file's order of pipelines.
func parsePipelines(n *yaml.Node, name string) ([]Pipeline, error) {
	if n.Kind == 0 || n.Tag == "!!null" {
		return nil, nil
	}
	if n.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s:%d: service.pipelines must be a mapping; run `labctl render` to regenerate it", name, n.Line)
	}
	var out []Pipeline
	for i := 0; i+1 < len(n.Content); i += 2 {
		var p struct {
			Receivers  []string `yaml:"receivers"`
			Processors []string `yaml:"processors"`
			Exporters  []string `yaml:"exporters"`
		}
		if err := n.Content[i+1].Decode(&p); err != nil {
			return nil, fmt.Errorf("%s:%d: pipeline %s: %s; run `labctl render` to regenerate it",
				name, n.Content[i].Line, n.Content[i].Value, strings.TrimPrefix(err.Error(), "yaml: "))
		}
		out = append(out, Pipeline{Name: n.Content[i].Value, Receivers: p.Receivers, Processors: p.Processors, Exporters: p.Exporters})
	}
	return out, nil
}

func addUse(list []Component, seen map[string]int, kind, id, pipeline string, cfg any) []Component {
	key := kind + " " + id
	if i, ok := seen[key]; ok {
		list[i].Pipelines = append(list[i].Pipelines, pipeline)
		return list
	}
	seen[key] = len(list)
	c := classify(kind, id, cfg)
	c.Pipelines = []string{pipeline}
	return append(list, c)
}

// classify decides push or pull by the component's type, and reads the
// few settings the answer quotes (interval, endpoints). Nothing else.
func classify(kind, id string, cfg any) Component {
	typ, _, _ := strings.Cut(id, "/")
	c := Component{Kind: kind, ID: id, Type: typ, Mode: ModeUnknown}
	m, _ := cfg.(map[string]any)
	if kind == "receiver" {
		switch {
		case pushReceivers[typ]:
			c.Mode = ModePushIn
		case pullReceivers[typ] || dig(m, "collection_interval") != nil:
			c.Mode = ModePull
		}
		switch typ {
		case "otlp":
			c.Endpoints = otlpEndpoints(m)
		case "prometheus":
			c.Interval = firstNonEmpty(
				str(dig(m, "config", "global", "scrape_interval")),
				firstScrapeInterval(dig(m, "config", "scrape_configs")))
			if c.Interval == "" {
				c.Interval, c.IntervalDefault = "1m", true
			}
		default:
			c.Interval = str(dig(m, "collection_interval"))
			if c.Interval == "" && c.Mode == ModePull {
				c.Interval, c.IntervalDefault = defaultInterval(typ), true
			}
		}
	} else {
		switch {
		case pushExporters[typ]:
			c.Mode = ModePushOut
		case typ == "prometheus":
			c.Mode = ModePulled
		case localExporter[typ]:
			c.Mode = ModeLocal
		}
	}
	if ep := cleanEndpoint(str(dig(m, "endpoint"))); ep != "" && c.Endpoints == nil {
		c.Endpoints = []string{ep}
	}
	return c
}

// defaultInterval is the documented collection_interval default.
func defaultInterval(typ string) string {
	if typ == "postgresql" || typ == "mysql" || typ == "redis" {
		return "10s"
	}
	return "1m"
}

func otlpEndpoints(m map[string]any) []string {
	var out []string
	protos, _ := dig(m, "protocols").(map[string]any)
	for _, p := range []struct{ key, label, port string }{{"grpc", "gRPC", "4317"}, {"http", "HTTP", "4318"}} {
		v, ok := protos[p.key]
		if !ok {
			continue
		}
		ep := cleanEndpoint(str(dig(v, "endpoint")))
		if ep == "" {
			ep = ":" + p.port
		}
		out = append(out, p.label+" "+ep)
	}
	return out
}

func firstScrapeInterval(v any) string {
	list, _ := v.([]any)
	for _, item := range list {
		if s := str(dig(item, "scrape_interval")); s != "" {
			return s
		}
	}
	return ""
}

// cleanEndpoint drops any user:password part of an endpoint.
func cleanEndpoint(ep string) string {
	ep = strings.TrimSpace(ep)
	if ep == "" {
		return ""
	}
	if strings.Contains(ep, "://") {
		if u, err := url.Parse(ep); err == nil {
			u.User = nil
			return u.String()
		}
	}
	if i := strings.LastIndex(ep, "@"); i >= 0 {
		return ep[i+1:]
	}
	return ep
}

// dig walks nested YAML mappings.
func dig(v any, keys ...string) any {
	for _, k := range keys {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

func str(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	default:
		return fmt.Sprint(x)
	}
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

// portOf is the port of "host:port" or ":port", or "".
func portOf(ep string) string {
	if i := strings.LastIndex(ep, ":"); i >= 0 {
		return ep[i+1:]
	}
	return ""
}
