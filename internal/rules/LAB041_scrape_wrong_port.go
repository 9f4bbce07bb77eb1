package rules

import (
	"strconv"

	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
)

var _ = register(&Rule{
	ID: "LAB041", Slug: "scrape-wrong-port",
	Title:  "Prometheus scrapes the Collector on a port where its metrics exporter is not",
	Blocks: metricChecks,
	Page: `The postgresql_* series are on the Collector's prometheus exporter (exporters.prometheus.
endpoint, 8889 in the course). 8888 is the Collector's own telemetry: on localhost by default
since v0.111.0 (service/telemetry, feature gate
telemetry.UseLocalHostAsDefaultMetricsAddress, beta from v0.111.0; ":8888" before), so
unreachable from Prometheus unless service.telemetry.metrics binds it elsewhere, and without
postgresql_* anyway. When another target already scrapes the exporter, a target on the
Collector's own telemetry left on localhost is only a target that stays down: a warning.`,
	After: []string{"LAB076"},
	Check: func(r *Rule, l *model.Lab) []Finding {
		if l.Prometheus == nil {
			return nil
		}
		want, exp := promExporterPort(l)
		coll := l.Service(model.RoleCollector)
		if want == 0 || coll == nil {
			return nil
		}
		scraped := exporterScraped(l, coll, want)
		var out []Finding
		for _, j := range l.Prometheus.Jobs {
			for i, t := range j.Targets {
				host, port := model.SplitEndpoint(t)
				if serviceOf(l, host) != coll || port == want {
					continue
				}
				own := port == selfMetricsPort(l.Collector)
				if own && selfMetricsReachable(l) {
					continue // its own telemetry, bound where Prometheus reaches it
				}
				if scraped && !own {
					continue // another port of the Collector's: nothing known of it
				}
				what := msg.New("rule.LAB041.nothing")
				if own {
					what = msg.New("rule.LAB041.telemetry")
				}
				f := r.says(l.Prometheus.File, j.TargetsAt[i].Line, "scrape_configs."+j.Name+".targets",
					msg.New("rule.LAB041.cause", j.Name, t, strconv.Itoa(port), what, exp.ID, strconv.Itoa(want), l.Collector.File, strconv.Itoa(exp.Keys["endpoint"].Line)))
				f.Fix = msg.New("rule.fix.target", model.HostPort(host, want))
				if scraped {
					// The exporter's series arrive through the other target:
					// this one only stays down.
					f.Severity, f.Blocks = Warning, nil
					f.Fix = msg.New("rule.LAB041.fix_own")
				}
				out = append(out, f)
			}
		}
		return out
	},
})

// exporterScraped says whether a target of Prometheus reaches the
// Collector's prometheus exporter.
func exporterScraped(l *model.Lab, coll *model.Service, port int) bool {
	for _, j := range l.Prometheus.Jobs {
		for _, t := range j.Targets {
			if host, p := model.SplitEndpoint(t); serviceOf(l, host) == coll && p == port {
				return true
			}
		}
	}
	return false
}

// selfMetricsPort is the port of the Collector's own telemetry (0: none).
func selfMetricsPort(c *model.Collector) int {
	if c.SelfMetrics == "" {
		return 0
	}
	_, port := model.SplitEndpoint(c.SelfMetrics)
	return port
}

// selfMetricsReachable says whether the Collector's own telemetry listens
// where another container reaches it: bound to a non-loopback host by the
// config, or left at the default of a release before v0.111.0 (":8888").
func selfMetricsReachable(l *model.Lab) bool {
	c := l.Collector
	if c.SelfMetricsDefault {
		v, known := ImageVersion(collectorImage(l))
		return known && v.Less(V(0, 111, 0))
	}
	host, _ := model.SplitEndpoint(c.SelfMetrics)
	return !model.IsLoopback(host)
}
