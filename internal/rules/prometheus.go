package rules

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
)

// promExporterPort is the port of the Collector's prometheus exporter.
func promExporterPort(l *model.Lab) (int, *model.Component) {
	if l.Collector == nil {
		return 0, nil
	}
	for _, e := range l.Collector.ExportersOfType("prometheus") {
		if len(e.Endpoints) > 0 {
			_, port := model.SplitEndpoint(e.Endpoints[0])
			return port, &e
		}
	}
	return 0, nil
}

var _ = register(&Rule{
	ID: "LAB040", Slug: "scrape-unknown-host",
	Title:  "Prometheus scrapes a host that is no service of the project",
	Blocks: metricChecks,
	Fix:    "use the Collector's Compose service name in the target",
	Page:   `Prometheus's targets page shows the job down with "no such host".`,
	Check: func(r *Rule, l *model.Lab) []Finding {
		if l.Prometheus == nil {
			return nil
		}
		var out []Finding
		for _, j := range l.Prometheus.Jobs {
			for i, t := range j.Targets {
				host, _ := model.SplitEndpoint(t)
				if host == "" || model.IsLoopback(host) || strings.Contains(host, ".") || serviceOf(l, host) != nil {
					continue
				}
				line := lineOf(l.Files.Prometheus.Doc, "scrape_configs")
				if j.At.Line > 0 {
					line = j.At.Line
				}
				if l := targetLine(l, t); l > 0 {
					line = l
				}
				f := r.says(l.Files.Prometheus.File, line, fmt.Sprintf("scrape_configs.%s.targets[%d]", j.Name, i),
					msg.New("rule.LAB040.cause", j.Name, t, host))
				near := DidYouMean(host, hostNames(l))
				if near != "" {
					f.didYouMean(near)
				} else {
					near = roleName(l, model.RoleCollector)
				}
				if near != "" {
					f.Fix = msg.New("rule.fix.target", strings.Replace(t, host, near, 1))
				}
				out = append(out, f)
			}
		}
		return out
	},
})

// targetLine finds the line of a target in the Prometheus file.
func targetLine(l *model.Lab, target string) int {
	line := 0
	walk(l.Files.Prometheus.Doc, func(v string, l int) {
		if line == 0 && v == target {
			line = l
		}
	})
	return line
}

var _ = register(&Rule{
	ID: "LAB041", Slug: "scrape-wrong-port",
	Title:  "Prometheus scrapes the Collector on a port where its metrics exporter is not",
	Blocks: metricChecks,
	Lab:    labScrapeWrongPort,
	Fix:    "scrape the port of the Collector's prometheus exporter (8889 in the course)",
	Page: `The postgresql_* series are on the Collector's prometheus exporter (exporters.prometheus.
endpoint, 8889 in the course). 8888 is the Collector's own telemetry, on localhost by default
since v0.104: unreachable from Prometheus, and without postgresql_* anyway.`,
	Check: func(r *Rule, l *model.Lab) []Finding {
		if l.Prometheus == nil {
			return nil
		}
		want, exp := promExporterPort(l)
		coll := l.Service(model.RoleCollector)
		if want == 0 || coll == nil {
			return nil
		}
		var out []Finding
		for _, j := range l.Prometheus.Jobs {
			for _, t := range j.Targets {
				host, port := model.SplitEndpoint(t)
				if serviceOf(l, host) != coll || port == want {
					continue
				}
				what := msg.New("rule.LAB041.nothing")
				if port == 8888 {
					what = msg.New("rule.LAB041.telemetry")
				}
				f := r.says(l.Files.Prometheus.File, targetLine(l, t), "scrape_configs."+j.Name+".targets",
					msg.New("rule.LAB041.cause", j.Name, t, strconv.Itoa(port), what, exp.ID, strconv.Itoa(want), l.Files.Collector.File, strconv.Itoa(exp.Keys["endpoint"].Line)))
				f.Fix = msg.New("rule.fix.target", model.HostPort(host, want))
				out = append(out, f)
			}
		}
		return out
	},
})

var _ = register(&Rule{
	ID: "LAB042", Slug: "metrics-exporter-loopback",
	Title:  "The Collector's prometheus exporter listens on localhost: Prometheus cannot scrape it",
	Blocks: metricChecks,
	Lab:    labExporterLoopback,
	Fix:    "endpoint: 0.0.0.0:8889",
	Page: `The prometheus exporter serves the Collector's metrics over HTTP for Prometheus to pull.
On localhost (127.0.0.1:8889) only the Collector's own container can reach it: Prometheus's
targets page shows the job down with "connection refused".`,
	Check: func(r *Rule, l *model.Lab) []Finding {
		port, exp := promExporterPort(l)
		if exp == nil {
			return nil
		}
		host, _ := model.SplitEndpoint(exp.Endpoints[0])
		if !model.IsLoopback(host) {
			return nil
		}
		f := r.says(l.Files.Collector.File, exp.Keys["endpoint"].Line, "exporters."+exp.ID+".endpoint",
			msg.New("rule.LAB042.cause", exp.ID, exp.Endpoints[0]))
		f.Fix = msg.New("rule.fix.endpoint", "0.0.0.0:"+strconv.Itoa(port))
		return []Finding{f}
	},
})
