package rules

import (
	"strconv"
	"strings"

	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
)

// The Collector's causes on the traces' path, as verify's lab model shows
// them: the container's state, the traces pipeline, the otlp receiver and
// the exporter to Jaeger. The proof is in the Collector's log.

// collectorOf is the lab's Collector when the spans go through it.
func collectorOf(l *model.Lab) (*model.Service, *model.Collector) {
	col, c := l.Service(model.RoleCollector), l.Collector
	if col == nil || c == nil || l.Topology != model.TopologyCollector {
		return nil, nil
	}
	return col, c
}

// tracesOf is the Collector's traces pipelines when the spans go through it.
func tracesOf(l *model.Lab) (*model.Service, *model.Collector, []model.Pipeline) {
	col, c := collectorOf(l)
	if c == nil {
		return nil, nil, nil
	}
	return col, c, c.PipelinesOf("traces")
}

var _ = register(&Rule{
	ID: "LAB072", Slug: "collector-not-running",
	Title:  "The Collector's container is not running",
	Blocks: allChecks,
	Fix:    "fix what its log says, then `docker compose up -d`",
	Page: `A Collector that exited (a config it refuses, a port already taken, a crash) takes every
span and every metric with it; the other containers log that its name does not resolve (an
exited container has no DNS name). Its own log says why, on its last error lines; labctl
quotes the newest.`,
	Lab: func(r *Rule, l *model.Lab) []Finding {
		// Said even when its config could not be read (not in its
		// container: the very reason it may have exited); its log says why.
		col, c := l.Service(model.RoleCollector), l.Collector
		if col == nil || l.Topology != model.TopologyCollector || col.Running || col.State == "" {
			return nil
		}
		var where model.Fact
		if c != nil {
			where.File = c.File
		}
		f := r.at(where, msg.New("rule.LAB072.cause", col.Name, col.State), msg.New("rule.LAB072.fix"))
		f.evidence = &logWords{service: col.Name, cause: true}
		return []Finding{f}
	},
})

var _ = register(&Rule{
	ID: "LAB073", Slug: "no-traces-pipeline",
	Title:  "The Collector has no traces pipeline",
	Blocks: traceChecks,
	Fix:    "add service.pipelines.traces with receivers [otlp] and an exporter to Jaeger",
	Page: `A receiver or an exporter that no pipeline names is not started: without
service.pipelines.traces the Collector accepts no span at all, and reports no error.`,
	Lab: func(r *Rule, l *model.Lab) []Finding {
		_, c, traces := tracesOf(l)
		if c == nil || len(traces) > 0 {
			return nil
		}
		return []Finding{r.at(model.Fact{File: c.File, Key: "service.pipelines"}, msg.New("rule.LAB073.cause"), msg.New("rule.LAB073.fix"))}
	},
})

// labReceiverLocalhost is LAB005 in verify's model. The course's backend
// exports over gRPC: an HTTP receiver on localhost blocks nothing there.
func labReceiverLocalhost(r *Rule, l *model.Lab) []Finding {
	_, c, traces := tracesOf(l)
	if len(traces) == 0 {
		return nil
	}
	var out []Finding
	for _, rc := range c.ReceiversOfType("otlp") {
		const proto = "grpc"
		listen, ok := rc.Listen[proto]
		if !ok {
			continue
		}
		host, port := model.SplitEndpoint(listen)
		if !model.IsLoopback(host) {
			continue
		}
		where, m := rc.Keys["protocols."+proto+".endpoint"], msg.New("rule.LAB005.lab", rc.ID, listen)
		if rc.ListenDefault[proto] {
			where, m = rc.Keys["protocols."+proto], msg.New("rule.LAB005.lab_default", rc.ID, proto, listen)
		}
		out = append(out, r.at(where, m, msg.New("rule.LAB005.lab_fix", rc.ID, proto, strconv.Itoa(port))))
	}
	return out
}

// jaegerExporterOf is the exporter the lab sends to Jaeger through, when
// the traces pipeline has it.
func jaegerExporterOf(l *model.Lab) (*model.Service, *model.Component) {
	col, c, traces := tracesOf(l)
	if len(traces) == 0 || l.Exporter == "" {
		return nil, nil
	}
	return col, c.Component("exporter", l.Exporter)
}

// labTracesNotExported is LAB017 in verify's model.
func labTracesNotExported(r *Rule, l *model.Lab) []Finding {
	_, c, traces := tracesOf(l)
	if len(traces) == 0 || l.Exporter != "" && c.Component("exporter", l.Exporter) != nil {
		return nil
	}
	p := traces[0]
	return []Finding{r.at(model.Fact{File: c.File, Line: p.At.Line, Key: p.At.Key + ".exporters"},
		msg.New("rule.LAB017.lab", p.Name, listOrNone(p.Exporters)), msg.New("rule.LAB017.lab_fix", l.OTLP.Jaeger.InNetwork))}
}

// exporterFindings runs one check on each endpoint of the exporter to
// Jaeger; bad says the endpoint has the rule's cause.
func exporterFindings(r *Rule, l *model.Lab, bad func(ep, host string, s *model.Service, x *model.Component) bool,
	key string, words func(x *model.Component) []string, cause func(x *model.Component, ep, host string) msg.Message, fix msg.Message) []Finding {
	col, x := jaegerExporterOf(l)
	if x == nil {
		return nil
	}
	var out []Finding
	for _, ep := range x.Endpoints {
		host, _ := model.SplitEndpoint(ep)
		if !bad(ep, host, l.Resolve(host), x) {
			continue
		}
		f := r.at(keyOr(x, key), cause(x, ep, host), fix)
		f.evidence = &logWords{service: col.Name, words: words(x)}
		out = append(out, f)
	}
	return out
}

func exportFailedWords(x *model.Component) []string { return []string{"Exporting failed", x.ID} }

// labExporterLocalhost is LAB006 in verify's model.
func labExporterLocalhost(r *Rule, l *model.Lab) []Finding {
	return exporterFindings(r, l,
		func(_, host string, _ *model.Service, _ *model.Component) bool { return model.IsLoopback(host) },
		"endpoint", exportFailedWords,
		func(x *model.Component, ep, _ string) msg.Message { return msg.New("rule.LAB006.lab", x.ID, ep) },
		msg.New("rule.set_endpoint", l.OTLP.Jaeger.InNetwork))
}

// labExporterUnknownHost is LAB007 in verify's model.
func labExporterUnknownHost(r *Rule, l *model.Lab) []Finding {
	if l.Origin != model.OriginDiscovered {
		return nil
	}
	return exporterFindings(r, l,
		func(_, host string, s *model.Service, _ *model.Component) bool {
			return s == nil && !model.IsLoopback(host)
		},
		"endpoint", exportFailedWords,
		func(x *model.Component, ep, host string) msg.Message {
			return msg.New("rule.LAB007.lab", x.ID, ep, host)
		},
		msg.New("rule.set_endpoint", l.OTLP.Jaeger.InNetwork))
}

// labExporterTLS is LAB009 in verify's model: the otlp (gRPC) exporter
// speaks TLS unless told not to, Jaeger's OTLP port is plain text.
func labExporterTLS(r *Rule, l *model.Lab) []Finding {
	_, x := jaegerExporterOf(l)
	if x == nil {
		return nil
	}
	return exporterFindings(r, l,
		func(ep, host string, s *model.Service, x *model.Component) bool {
			return !model.IsLoopback(host) && s != nil && s.Role == model.RoleJaeger && grpcOTLP(x) && !x.Insecure && !strings.HasPrefix(ep, "https://")
		},
		"tls", func(*model.Component) []string { return []string{"handshake"} },
		func(x *model.Component, ep, _ string) msg.Message { return msg.New("rule.LAB009.lab", x.ID, ep) },
		msg.New("rule.LAB009.lab_fix", x.ID))
}

// grpcOTLP says the exporter is the OTLP gRPC one (TLS on by default).
func grpcOTLP(x *model.Component) bool { return x.Type == "otlp" || x.Type == "otlp_grpc" }
