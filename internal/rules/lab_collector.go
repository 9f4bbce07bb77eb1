package rules

import (
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
	Needs: NeedContainers,
	Check: func(r *Rule, l *model.Lab) []Finding {
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
	Needs: NeedExpectations,
	Check: func(r *Rule, l *model.Lab) []Finding {
		_, c, traces := tracesOf(l)
		if c == nil || len(traces) > 0 {
			return nil
		}
		return []Finding{r.at(model.Fact{File: c.File, Key: "service.pipelines"}, msg.New("rule.LAB073.cause"), msg.New("rule.LAB073.fix"))}
	},
})

// grpcOTLP says the exporter is the OTLP gRPC one (TLS on by default).
func grpcOTLP(x *model.Component) bool { return x.Type == "otlp" || x.Type == "otlp_grpc" }
