package model

// OTLP is where spans go inside the lab's network.
type OTLP struct {
	// Backend is where the backend should send its spans: the Collector's
	// OTLP receiver in the collector topology, Jaeger's OTLP port in the
	// direct one.
	Backend Endpoint
	// Collector is the Collector's OTLP gRPC receiver, as the backend
	// reaches it (and, where published, this machine). CollectorHTTP is its
	// OTLP HTTP receiver where the producer knows it.
	Collector, CollectorHTTP Endpoint
	// Jaeger is Jaeger's OTLP gRPC port: where the Collector's exporter to
	// Jaeger should send.
	Jaeger Endpoint
}

// Addresses are the in-network addresses a fix writes: the lab's own
// services where it has them, the course's names where it does not yet.
type Addresses struct {
	// Postgres is where the postgresql receiver should read (service:port).
	Postgres string
	// ExporterTarget is the Collector's prometheus exporter as Prometheus
	// should scrape it (service:port).
	ExporterTarget string
	// ExporterListen is where the prometheus exporter should listen for the
	// other containers (0.0.0.0:port).
	ExporterListen string
}

// Complete fills the facts that follow from the rest of the description:
// the OTLP endpoints (the Collector's port from its own otlp receiver) and
// the addresses fixes write. The producers (render.Describe, discover) call
// it last, so that no consumer works them out again.
func (l *Lab) Complete() {
	collector, jaeger := CourseCollector, CourseJaeger
	col, jg := l.Service(RoleCollector), l.Service(RoleJaeger)
	if col != nil {
		collector = col.Name
	}
	if jg != nil {
		jaeger = jg.Name
	}
	grpc := func(svc string, port int) Endpoint {
		return Endpoint{Service: svc, Port: port, InNetwork: HostPort(svc, port), Protocol: "grpc"}
	}
	l.OTLP.Collector = grpc(collector, l.collectorOTLPPort())
	l.OTLP.Jaeger = grpc(jaeger, PortOTLPGRPC)
	switch {
	case l.Topology == TopologyCollector && col != nil:
		l.OTLP.Backend = l.OTLP.Collector
	case jg != nil:
		l.OTLP.Backend = l.OTLP.Jaeger
	default:
		l.OTLP.Backend = grpc(CourseCollector, PortOTLPGRPC)
	}

	l.Fix.Postgres = l.Endpoints.Postgres.InNetwork
	if l.Fix.Postgres == "" {
		name := CourseDatabase
		if pg := l.Service(RolePostgres); pg != nil {
			name = pg.Name
		}
		l.Fix.Postgres = HostPort(name, PortPostgres)
	}
	l.Fix.ExporterTarget = l.Endpoints.CollectorExporter.InNetwork
	if l.Fix.ExporterTarget == "" {
		l.Fix.ExporterTarget = HostPort(collector, PortCollectorExporter)
	}
	l.Fix.ExporterListen = Listen(PortCollectorExporter)
}

// collectorOTLPPort is the port the Collector's otlp receiver listens on
// for gRPC, the well-known one when its configuration does not say.
func (l *Lab) collectorOTLPPort() int {
	if c := l.Collector; c != nil {
		for _, r := range c.ReceiversOfType("otlp") {
			if _, p := SplitEndpoint(r.Listen["grpc"]); p != 0 {
				return p
			}
		}
	}
	return PortOTLPGRPC
}
