package model

import (
	"net"
	"net/url"
	"strings"
)

// Overrides are the command line's corrections to a lab's description:
// another service.name, and endpoints given as flags (--jaeger, --backend,
// --prometheus, --collector-metrics). "" leaves a fact as it is.
type Overrides struct {
	Service string
	// JaegerAddr is Jaeger's gRPC query address host:port; JaegerURL its
	// HTTP one (the UI's base URL). Either one replaces both of the lab's
	// Jaeger endpoints.
	JaegerAddr, JaegerURL string
	PrometheusURL         string
	BackendURL            string
	// CollectorMetricsURL is the Collector's own metrics (…/metrics).
	CollectorMetricsURL string
	// CollectorExportURL is the Collector's prometheus exporter (…/metrics).
	CollectorExportURL string
}

// With returns a copy of l with the overrides applied; l is left alone.
func (l *Lab) With(o Overrides) *Lab {
	c := *l
	e := &c.Endpoints
	if o.Service != "" {
		c.ServiceName = o.Service
	}
	override := func(ep *Endpoint, raw, defPath string) {
		if raw == "" {
			return
		}
		ep.Addr, ep.Via, ep.Hint, ep.HintSaid, ep.Path = flagHostPort(raw), ReachFlag, "", Said{}, defPath
		if u, err := url.Parse(raw); err == nil && u.Host != "" {
			ep.Path = strings.TrimSuffix(u.Path, "/")
		}
	}
	if o.JaegerAddr != "" {
		e.JaegerGRPC = Endpoint{Service: e.JaegerGRPC.Service, Addr: o.JaegerAddr, Via: ReachFlag}
		if o.JaegerURL == "" {
			e.JaegerUI = Endpoint{Service: e.JaegerUI.Service}
		}
	}
	if o.JaegerURL != "" {
		override(&e.JaegerUI, o.JaegerURL, "")
		if o.JaegerAddr == "" {
			e.JaegerGRPC = Endpoint{Service: e.JaegerGRPC.Service}
		}
	}
	override(&e.Prometheus, o.PrometheusURL, "")
	override(&e.Backend, o.BackendURL, "")
	override(&e.CollectorMetrics, o.CollectorMetricsURL, "/metrics")
	override(&e.CollectorExporter, o.CollectorExportURL, "/metrics")
	return &c
}

// flagHostPort is the host:port a URL given as a flag names (its scheme's
// port when it has none); anything else is taken as host:port already.
func flagHostPort(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return raw
	}
	if u.Port() == "" {
		if u.Scheme == "https" {
			return net.JoinHostPort(u.Hostname(), "443")
		}
		return net.JoinHostPort(u.Hostname(), "80")
	}
	return u.Host
}
