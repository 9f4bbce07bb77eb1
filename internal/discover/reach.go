package discover

import (
	"strconv"
	"strings"
	"time"

	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
)

// reach says how this machine reaches a container's port: a published host
// port first, then (local Linux engine) the container's own address, else
// not at all, with the line that would publish it.
func (d *discoverer) reach(c *container, port int) model.Endpoint {
	ep := model.Endpoint{Service: c.Service, Port: port, InNetwork: model.HostPort(c.Service, port)}
	if b, ok := pickBinding(c.Published[port]); ok {
		host := b.HostIP
		if model.IsAnyAddress(host) || model.IsLoopback(host) {
			host = d.o.Host
		}
		ep.Addr, ep.Via = model.HostPort(host, b.HostPort), model.ReachPublished
		return ep
	}
	if d.o.ContainerAddrs && c.Running && len(c.IPs) > 0 {
		ep.Addr, ep.Via = model.HostPort(c.IPs[0], port), model.ReachContainer
		return ep
	}
	p := strconv.Itoa(port)
	ep.Hint, ep.HintSaid = hint("reach.hint.publish", p, p, c.Service, d.composeFile)
	return ep
}

// hint is an endpoint's hint in English and as the catalog message it is
// said from in the course's language.
func hint(key string, args ...string) (string, model.Said) {
	s := model.Said{Key: key, Args: args}
	return msg.Strings(s.Key, s.Args).English(), s
}

// pickBinding prefers an IPv4 binding (Docker lists 0.0.0.0 and :: both).
func pickBinding(bs []binding) (binding, bool) {
	for _, b := range bs {
		if !strings.Contains(b.HostIP, ":") {
			return b, true
		}
	}
	if len(bs) > 0 {
		return bs[0], true
	}
	return binding{}, false
}

// backend reads the backend's tracing settings from its environment (its
// code is not seen: the protocol comes from the variables).
func (d *discoverer) backend() {
	s, c := d.container(model.RoleBackend)
	if c == nil {
		return
	}
	d.lab.Backend = model.ReadBackendEnv(c.Env, "", func(k string) model.Fact {
		f := model.Fact{File: d.composeFile, Key: "services." + s.Name + ".environment." + k}
		if files := d.lab.Files; files != nil {
			f = files.EnvFact(s.Name, k)
		}
		f.Container = c.Name
		return f
	})
	d.lab.Intervals.Export = 5 * time.Second // the Python SDK's default schedule delay
	if ms, err := strconv.Atoi(c.Env["OTEL_BSP_SCHEDULE_DELAY"]); err == nil && ms >= 0 {
		d.lab.Intervals.Export = time.Duration(ms) * time.Millisecond
	}
	d.lab.Backend.HealthPath = d.o.HealthPath
}

// backendPort is the port the backend listens on in its container.
func backendPort(c *container) int {
	if p := model.ArgValue(c.Args, "--port"); p != "" {
		if n, err := strconv.Atoi(p); err == nil {
			return n
		}
	}
	if len(c.Published) == 1 {
		for p := range c.Published {
			return p
		}
	}
	for _, p := range c.Exposed {
		if _, ok := c.Published[p]; ok {
			return p
		}
	}
	if len(c.Exposed) > 0 {
		return c.Exposed[0]
	}
	return model.PortBackend
}

// endpoints works out every endpoint the checks use.
func (d *discoverer) endpoints() {
	e := &d.lab.Endpoints
	if _, c := d.container(model.RoleBackend); c != nil {
		e.Backend = d.reach(c, backendPort(c))
		if e.Backend.Via != model.ReachPublished {
			if ep, ok := d.throughProxy(); ok {
				e.Backend = ep
			}
		}
	}
	if _, c := d.container(model.RoleJaeger); c != nil {
		e.JaegerUI = d.reach(c, model.PortJaegerUI)
		e.JaegerUI.Path = strings.TrimSuffix(firstNonEmpty(c.Env["QUERY_BASE_PATH"], model.ArgValue(c.Args, "--query.base-path")), "/")
		e.JaegerGRPC = d.reach(c, model.PortJaegerGRPC)
	}
	if _, c := d.container(model.RolePrometheus); c != nil {
		port := model.PortPrometheus
		if _, p := model.SplitEndpoint(model.ArgValue(c.Args, "--web.listen-address")); p != 0 {
			port = p
		}
		e.Prometheus = d.reach(c, port)
	}
	if _, c := d.container(model.RolePostgres); c != nil {
		e.Postgres = d.reach(c, model.PortPostgres)
	}
	if _, c := d.container(model.RoleCollector); c != nil && d.lab.Collector != nil {
		col := d.lab.Collector
		e.CollectorMetrics = d.listening(c, col.SelfMetrics, "/metrics",
			model.Said{Key: "reach.hint.self_metrics", Args: []string{col.SelfMetrics, model.AnyHost, col.File}})
		if ex := col.ExportersOfType("prometheus"); len(ex) > 0 && len(ex[0].Endpoints) > 0 {
			e.CollectorExporter = d.listening(c, ex[0].Endpoints[0], "/metrics",
				model.Said{Key: "reach.hint.exporter_loopback", Args: []string{ex[0].Endpoints[0], ex[0].ID, model.Listen(portOf(ex[0].Endpoints[0])), col.File}})
		}
	}
}

// listening is the endpoint of a server the container binds to listen
// (host:port as configured): a loopback bind is unreachable from outside
// the container whatever is published.
func (d *discoverer) listening(c *container, listen, path string, loopback model.Said) model.Endpoint {
	host, port := model.SplitEndpoint(listen)
	if port == 0 {
		return model.Endpoint{Service: c.Service}
	}
	if model.IsLoopback(host) {
		ep := model.Endpoint{Service: c.Service, Port: port, InNetwork: model.HostPort(c.Service, port)}
		ep.Hint, ep.HintSaid = hint(loopback.Key, loopback.Args...)
		return ep
	}
	ep := d.reach(c, port)
	ep.Path = path
	return ep
}

func portOf(ep string) int {
	_, p := model.SplitEndpoint(ep)
	return p
}

// throughProxy reaches the backend through a reverse proxy's published
// port under the backend's ROOT_PATH (Traefik serving /api).
func (d *discoverer) throughProxy() (model.Endpoint, bool) {
	_, p := d.container(model.RoleProxy)
	root := d.lab.Backend.RootPath
	if p == nil || root == "" {
		return model.Endpoint{}, false
	}
	for _, port := range []int{80, 8080, 443} {
		if _, ok := p.Published[port]; ok && port != 443 {
			ep := d.reach(p, port)
			ep.Path = root
			return ep, true
		}
	}
	return model.Endpoint{}, false
}

// pipeline derives the names the checks need from the configs: the
// topology, the exporter to Jaeger, the Prometheus job scraping the
// Collector, and the intervals that set verify's floor.
func (d *discoverer) pipeline() {
	l := d.lab
	l.Topology = model.TopologyCollector
	if host, _ := model.SplitEndpoint(l.Backend.OTLPEndpoint); host != "" {
		if s := l.Resolve(host); s != nil && s.Role == model.RoleJaeger {
			l.Topology = model.TopologyDirect
		}
	}
	if l.Service(model.RoleCollector) == nil {
		l.Topology = model.TopologyDirect
	}
	col := l.Collector
	if col != nil {
		l.Intervals.Batch = col.BatchTimeout
		l.Exporter = d.jaegerExporter()
		if pg := col.ReceiversOfType("postgresql"); len(pg) > 0 {
			l.MonitorUser = pg[0].Username
			l.Intervals.Collection = parseDuration(pg[0].Interval)
		}
	}
	if p := l.Prometheus; p != nil {
		if job, ok := d.collectorJob(); ok {
			l.CollectorJob = job.Name
			l.Intervals.Scrape = job.Interval
		}
	}
	hasPG := col != nil && len(col.ReceiversOfType("postgresql")) > 0
	switch {
	case hasPG || l.Service(model.RolePrometheus) != nil:
		l.MetricsRequired = true
	default:
		l.MetricsSkip = msg.MetricsNotSetUp.English()
	}
}

// jaegerExporter is the traces exporter that sends to the Jaeger service,
// else the only OTLP exporter of a traces pipeline.
func (d *discoverer) jaegerExporter() string {
	col := d.lab.Collector
	var otlp []string
	for _, p := range col.PipelinesOf("traces") {
		for _, id := range p.Exporters {
			x := col.Component("exporter", id)
			if x == nil {
				continue
			}
			for _, ep := range x.Endpoints {
				host, _ := model.SplitEndpoint(ep)
				if s := d.lab.Resolve(host); s != nil && s.Role == model.RoleJaeger {
					return id
				}
			}
			if strings.HasPrefix(x.Type, "otlp") {
				otlp = append(otlp, id)
			}
		}
	}
	if len(otlp) == 1 {
		return otlp[0]
	}
	return ""
}

// collectorJob finds the Prometheus job that scrapes the Collector's
// prometheus exporter (by service and port), else one that targets the
// Collector at all.
func (d *discoverer) collectorJob() (model.ScrapeJob, bool) {
	l := d.lab
	exPort := l.Endpoints.CollectorExporter.Port
	var loose *model.ScrapeJob
	for i, j := range l.Prometheus.Jobs {
		for _, t := range j.Targets {
			host, port := model.SplitEndpoint(t)
			s := l.Resolve(host)
			if s == nil || s.Role != model.RoleCollector {
				continue
			}
			if exPort != 0 && port == exPort {
				return j, true
			}
			if loose == nil {
				loose = &l.Prometheus.Jobs[i]
			}
		}
	}
	if loose != nil {
		return *loose, true
	}
	return model.ScrapeJob{}, false
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}

func parseDuration(s string) time.Duration {
	d, _ := time.ParseDuration(s)
	return d
}
