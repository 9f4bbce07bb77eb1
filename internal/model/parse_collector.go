package model

import (
	"fmt"
	"net"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// The Collector's defaults that matter to the checks (v0.145.0).
const (
	// DefaultOTLPGRPC and DefaultOTLPHTTP are where an otlp receiver's
	// protocol listens without endpoint: on localhost since v0.104, which
	// inside a container receives nothing from the other containers.
	DefaultOTLPGRPC = "localhost:4317"
	DefaultOTLPHTTP = "localhost:4318"
	// DefaultSelfMetrics is where the Collector exposes its own metrics
	// without service.telemetry.metrics.readers.
	DefaultSelfMetrics = "localhost:8888"
	// DefaultBatchTimeout is the batch processor's default timeout.
	DefaultBatchTimeout = 200 * time.Millisecond
)

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

// sections are the top-level mappings whose entries are components, with
// the kind of a component that a pipeline uses from each.
var sections = []struct{ key, kind string }{
	{"receivers", "receiver"},
	{"processors", "processor"},
	{"exporters", "exporter"},
	{"connectors", "connector"},
}

// ParseCollector reads an OpenTelemetry Collector configuration. file is
// the name a person knows it by, used in facts and errors; env resolves
// ${env:NAME} references in values (the Collector's environment; nil:
// every variable unset).
//
// Only invalid YAML or a configuration of the wrong shape (a section or
// service.pipelines that is not a mapping, a pipeline's list that is not a
// list, a batch timeout that is not a duration) is an error, as
// "FILE:LINE: message" on one line. A pipeline naming an undefined
// component is not: the component is listed with an empty At, for the
// diagnoses to point at.
//
// No credential is kept: passwords are never read, and endpoints lose
// their user:password part and their query.
func ParseCollector(data []byte, file string, env map[string]string) (*Collector, error) {
	root, err := parseYAML(data, file)
	if err != nil {
		return nil, err
	}
	return parseCollectorRoot(root, file, env)
}

// parseCollectorRoot is ParseCollector on a parsed document's root.
func parseCollectorRoot(root *yaml.Node, file string, env map[string]string) (*Collector, error) {
	if err := prepare(root, file, env, true); err != nil {
		return nil, err
	}
	c := &Collector{File: file}
	p := &collectorParser{file: file, c: c, defs: map[string]*yaml.Node{}, keys: map[string]*yaml.Node{}}
	if err := p.definitions(root); err != nil {
		return nil, err
	}
	service, err := mapping(file, "service", lookupValue(root, "service"))
	if err != nil {
		return nil, err
	}
	if c.Pipelines, err = p.pipelines(service); err != nil {
		return nil, err
	}
	sort.SliceStable(c.Pipelines, func(i, j int) bool {
		return signalRank(c.Pipelines[i].Name) < signalRank(c.Pipelines[j].Name)
	})
	seen := map[string]int{}
	for _, pl := range c.Pipelines {
		for _, id := range pl.Receivers {
			c.Receivers = p.use(c.Receivers, seen, "receiver", id, pl.Name)
		}
		for _, id := range pl.Exporters {
			c.Exporters = p.use(c.Exporters, seen, "exporter", id, pl.Name)
		}
	}
	if c.BatchTimeout, err = p.batchTimeout(); err != nil {
		return nil, err
	}
	c.SelfMetrics, c.SelfMetricsDefault = selfMetrics(service)
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

type collectorParser struct {
	file string
	c    *Collector
	// defs are the components' bodies by "receivers/otlp"; keys their
	// key nodes.
	defs, keys map[string]*yaml.Node
}

// definitions fills Defined, section by section in file order.
func (p *collectorParser) definitions(root *yaml.Node) error {
	for _, s := range sections {
		m, err := mapping(p.file, s.key, lookupValue(root, s.key))
		if err != nil {
			return err
		}
		eachPair(m, func(k, v *yaml.Node) {
			id := s.key + "/" + k.Value
			if _, dup := p.defs[id]; dup {
				return
			}
			p.c.Defined = append(p.c.Defined, id)
			p.defs[id], p.keys[id] = v, k
		})
	}
	return nil
}

// pipelines reads service.pipelines in file order.
func (p *collectorParser) pipelines(service *yaml.Node) ([]Pipeline, error) {
	m, err := mapping(p.file, "service.pipelines", lookupValue(service, "pipelines"))
	if err != nil || m == nil {
		return nil, err
	}
	var out []Pipeline
	var ferr error
	eachPair(m, func(k, v *yaml.Node) {
		if ferr != nil {
			return
		}
		key := "service.pipelines." + k.Value
		body, err := mapping(p.file, key, v)
		if err != nil {
			ferr = err
			return
		}
		pl := Pipeline{Name: k.Value, At: Fact{File: p.file, Line: k.Line, Key: key}, Lists: map[string]Fact{}}
		for _, l := range []struct {
			name string
			dst  *[]string
		}{{"receivers", &pl.Receivers}, {"processors", &pl.Processors}, {"exporters", &pl.Exporters}} {
			if *l.dst, err = idList(p.file, key+"."+l.name, lookupValue(body, l.name)); err != nil {
				ferr = err
				return
			}
			if lk, _ := lookup(body, l.name); lk != nil {
				pl.Lists[l.name] = Fact{File: p.file, Line: lk.Line, Key: key + "." + l.name}
			}
		}
		out = append(out, pl)
	})
	return out, ferr
}

// use adds a pipeline's use of a receiver or exporter.
func (p *collectorParser) use(list []Component, seen map[string]int, kind, id, pipeline string) []Component {
	key := kind + " " + id
	if i, ok := seen[key]; ok {
		if !slices.Contains(list[i].Pipelines, pipeline) {
			list[i].Pipelines = append(list[i].Pipelines, pipeline)
		}
		return list
	}
	seen[key] = len(list)
	section := kind + "s"
	body, defined := p.defs[section+"/"+id]
	if !defined {
		// A connector joins pipelines: an exporter of one, a receiver of
		// another.
		if body, defined = p.defs["connectors/"+id]; defined {
			section = "connectors"
		}
	}
	comp := classify(kind, id, resolve(body))
	if defined {
		k := p.keys[section+"/"+id]
		prefix := section + "." + id
		comp.At = Fact{File: p.file, Line: k.Line, Key: prefix}
		comp.Keys = map[string]Fact{}
		collectKeys(body, "", func(path string, line int) {
			comp.Keys[path] = Fact{File: p.file, Line: line, Key: prefix + "." + path}
		})
	}
	comp.Pipelines = []string{pipeline}
	return append(list, comp)
}

// batchTimeout is the timeout of the first batch processor a traces
// pipeline uses.
func (p *collectorParser) batchTimeout() (time.Duration, error) {
	for _, pl := range p.c.PipelinesOf("traces") {
		for _, id := range pl.Processors {
			if typ, _, _ := strings.Cut(id, "/"); typ != "batch" {
				continue
			}
			k, v := lookup(resolve(p.defs["processors/"+id]), "timeout")
			s := scalar(v)
			if s == "" {
				return DefaultBatchTimeout, nil
			}
			d, err := time.ParseDuration(s)
			if err != nil {
				return 0, fmt.Errorf("%s:%d: processors.%s.timeout: %q is not a duration (200ms, 5s)", p.file, k.Line, id, s)
			}
			return d, nil
		}
	}
	return 0, nil
}

// selfMetrics reads where the Collector exposes its own metrics: a pull
// prometheus reader of service.telemetry.metrics, the old
// metrics.address, else the default. With level none, or with readers but
// no pull one, there is no such endpoint.
func selfMetrics(service *yaml.Node) (string, bool) {
	metrics := resolve(lookupValue(resolve(lookupValue(service, "telemetry")), "metrics"))
	if strings.EqualFold(scalar(lookupValue(metrics, "level")), "none") {
		return "", false
	}
	if readers := resolve(lookupValue(metrics, "readers")); readers != nil && readers.Kind == yaml.SequenceNode && len(readers.Content) > 0 {
		for _, r := range readers.Content {
			prom := dig(r, "pull", "exporter", "prometheus")
			if prom == nil {
				continue
			}
			if port := scalar(lookupValue(prom, "port")); port != "" {
				return net.JoinHostPort(scalar(lookupValue(prom, "host")), port), false
			}
		}
		return "", false
	}
	if addr := scalar(lookupValue(metrics, "address")); addr != "" {
		return addr, false
	}
	return DefaultSelfMetrics, true
}

// classify decides push or pull by the component's type and reads the
// settings the checks quote (interval, endpoints, tls, user). Nothing
// else, and never a password.
func classify(kind, id string, m *yaml.Node) Component {
	typ, _, _ := strings.Cut(id, "/")
	c := Component{Kind: kind, ID: id, Type: typ, Mode: ModeUnknown}
	if kind == "receiver" {
		switch {
		case pushReceivers[typ]:
			c.Mode = ModePushIn
		case pullReceivers[typ] || lookupValue(m, "collection_interval") != nil:
			c.Mode = ModePull
		}
		switch typ {
		case "otlp":
			c.Listen, c.ListenDefault = otlpListen(m)
			for _, p := range otlpProtocols {
				if ep, ok := c.Listen[p.key]; ok {
					c.Endpoints = append(c.Endpoints, p.label+" "+ep)
				}
			}
		case "prometheus":
			c.Interval = firstNonEmpty(
				firstScrapeInterval(dig(m, "config", "scrape_configs")),
				scalar(dig(m, "config", "global", "scrape_interval")))
			if c.Interval == "" {
				c.Interval, c.IntervalDefault = "1m", true
			}
		default:
			c.Interval = scalar(lookupValue(m, "collection_interval"))
			if c.Interval == "" && c.Mode == ModePull {
				c.Interval, c.IntervalDefault = defaultInterval(typ), true
			}
		}
		c.Username = scalar(lookupValue(m, "username"))
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
	if k, tls := lookup(m, "tls"); k != nil {
		c.TLSSet = true
		c.Insecure, _ = strconv.ParseBool(scalar(lookupValue(resolve(tls), "insecure")))
	}
	if c.Endpoints == nil {
		keys := []string{"endpoint"}
		if kind == "exporter" {
			keys = append(keys, "traces_endpoint", "metrics_endpoint", "logs_endpoint")
		}
		for _, k := range keys {
			if ep := cleanEndpoint(scalar(lookupValue(m, k))); ep != "" {
				c.Endpoints = []string{ep}
				break
			}
		}
	}
	c.Routes = exporterRoutes(kind, typ, m)
	return c
}

var otlpProtocols = []struct{ key, label, def string }{
	{"grpc", "gRPC", DefaultOTLPGRPC},
	{"http", "HTTP", DefaultOTLPHTTP},
}

// otlpListen reads where each protocol of an otlp receiver listens; a
// protocol present without endpoint listens on the Collector's default.
func otlpListen(m *yaml.Node) (map[string]string, map[string]bool) {
	protos := resolve(lookupValue(m, "protocols"))
	listen, def := map[string]string{}, map[string]bool{}
	for _, p := range otlpProtocols {
		k, v := lookup(protos, p.key)
		if k == nil {
			continue
		}
		if _, ep := lookup(resolve(v), "endpoint"); !isNull(ep) {
			listen[p.key] = cleanEndpoint(scalar(ep))
		} else {
			listen[p.key], def[p.key] = p.def, true
		}
	}
	if len(listen) == 0 {
		return nil, nil
	}
	return listen, def
}

// defaultInterval is the documented collection_interval default.
func defaultInterval(typ string) string {
	if typ == "postgresql" || typ == "mysql" || typ == "redis" {
		return "10s"
	}
	return "1m"
}

func firstScrapeInterval(list *yaml.Node) string {
	if list = resolve(list); list == nil || list.Kind != yaml.SequenceNode {
		return ""
	}
	for _, item := range list.Content {
		if s := scalar(lookupValue(resolve(item), "scrape_interval")); s != "" {
			return s
		}
	}
	return ""
}

// cleanEndpoint drops any user:password part of an endpoint, and its
// query (where DSNs put passwords).
func cleanEndpoint(ep string) string {
	ep = strings.TrimSpace(ep)
	if ep == "" {
		return ""
	}
	scheme, rest, hasScheme := strings.Cut(ep, "://")
	if !hasScheme {
		scheme, rest = "", ep
	}
	if i := strings.IndexAny(rest, "?#"); i >= 0 {
		rest = rest[:i]
	}
	if i := strings.LastIndex(rest, "@"); i >= 0 {
		rest = rest[i+1:]
	}
	if hasScheme {
		return scheme + "://" + rest
	}
	return rest
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

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}
