package checks

import (
	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
)

// names are the lab's own names as diagnoses write them: in-network
// addresses, file names, the commands that start it and show its logs. They
// come from the lab's description, never from constants in a message.
type names struct {
	// start says how to start the lab; secrets where its passwords are.
	start, secrets                   msg.Message
	collectorOTLP, jaegerOTLP        string
	collectorFile, promFile          string
	exporterTarget, postgres         string
	exporterListen                   string
	collectorService, backendService string
	collectorLogs, backendLogs       string
	discovered                       bool
}

func (s Snapshot) names() names {
	l := s.Lab
	if l == nil {
		l = &model.Lab{} // a snapshot built by hand: the course's names
		l.Complete()
	}
	n := names{start: msg.New("diag.start.lab"), secrets: msg.Raw("secrets.env"),
		collectorFile: "otelcol.yaml", promFile: "prometheus.yml",
		collectorService: "collector", backendService: "backend"}
	if l.Origin == model.OriginDiscovered {
		n.discovered = true
		n.start = msg.New("diag.start.compose")
		n.secrets = msg.New("diag.secrets.compose")
	}
	if c := l.Collector; c != nil && c.File != "" {
		n.collectorFile = c.File
	}
	if p := l.Prometheus; p != nil && p.File != "" {
		n.promFile = p.File
	}
	if s := l.Service(model.RoleCollector); s != nil {
		n.collectorService = s.Name
	}
	if s := l.Service(model.RoleBackend); s != nil {
		n.backendService = s.Name
	}
	n.collectorLogs = "`labctl logs " + n.collectorService + "`"
	n.backendLogs = "`labctl logs " + n.backendService + "`"
	n.collectorOTLP = "http://" + l.OTLP.Collector.InNetwork
	n.jaegerOTLP = l.OTLP.Jaeger.InNetwork
	n.exporterTarget = l.Fix.ExporterTarget
	n.exporterListen = l.Fix.ExporterListen
	n.postgres = l.Fix.Postgres
	return n
}
