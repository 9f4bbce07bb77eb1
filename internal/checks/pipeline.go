package checks

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
)

func (e *env) collectorCheck() Check {
	c := Check{
		ID: IDCollector, Title: msg.New("check.collector_pipeline"), Level: Required,
		Probe: func(ctx context.Context) (msg.Message, map[string]string, error) {
			if e.collectorURL == "" {
				return e.inferCollector(ctx)
			}
			st := e.collectorState(ctx)
			if st.Err != "" {
				return msg.Message{}, nil, errors.New(st.Err)
			}
			facts := map[string]string{"accepted": num(st.Accepted), "sent": num(st.Sent), "failed": num(st.Failed), "queue": num(st.Queue), "exporter": st.Exporter}
			ev := msg.New("check.collector_pipeline.counts", num(st.Accepted), num(st.Sent), st.Exporter, num(st.Failed))
			switch {
			case st.Failed > 0:
				return msg.Message{}, facts, Permanent(ev.Err())
			case st.Accepted == 0 || st.Sent == 0:
				return msg.Message{}, facts, ev.Err()
			}
			return ev, facts, nil
		},
		Diagnose: explainer(collectorDiagnosis).message,
	}
	if e.topology != model.TopologyCollector {
		c.Skip = msg.New("check.collector_pipeline.direct", string(e.topology))
		c.SkipReason = c.Skip.English()
	}
	return c
}

// inferCollector proves the Collector path without the Collector's own
// metrics: the backend exports to the Collector service, a traces pipeline
// there exports to the Jaeger service, and the traffic's spans arrived in
// Jaeger. The evidence says it was inferred, and from what.
func (e *env) inferCollector(ctx context.Context) (msg.Message, map[string]string, error) {
	chain, err := collectorChain(e.lab)
	if err != nil {
		return msg.Message{}, map[string]string{"inferred": "true"}, Permanent(err)
	}
	traces, err := e.jaeger.FindTraces(ctx, e.service, e.windowFrom(), e.windowTo())
	if err != nil {
		return msg.Message{}, nil, err
	}
	t, _, ok := firstServerSpan(traces)
	if !ok {
		return msg.Message{}, map[string]string{"inferred": "true"}, msg.Errorf("check.collector_pipeline.no_trace_yet", chain)
	}
	hint := msg.New("check.not_published")
	if h := hintSaid(e.lab.Endpoints.CollectorMetrics); !h.IsZero() {
		hint = h
	}
	ev := msg.New("check.collector_pipeline.inferred", chain, t.ID, hint)
	return ev, map[string]string{"inferred": "true", "trace_id": t.ID, "exporter": e.lab.Exporter}, nil
}

// collectorChain checks, from the lab's description, that spans can only
// reach Jaeger through the Collector.
func collectorChain(l *model.Lab) (msg.Message, error) {
	col := l.Service(model.RoleCollector)
	if col == nil || l.Collector == nil {
		return msg.Message{}, msg.Errorf("check.collector_pipeline.no_collector")
	}
	host, port := model.SplitEndpoint(l.Backend.OTLPEndpoint)
	if s := l.Resolve(host); s == nil || s.Name != col.Name {
		return msg.Message{}, msg.Errorf("check.collector_pipeline.not_to_collector", l.Backend.OTLPEndpoint, fmt.Sprint(l.Backend.EndpointFrom), col.Name)
	}
	x := l.Collector.Component("exporter", l.Exporter)
	if x == nil {
		return msg.Message{}, msg.Errorf("check.collector_pipeline.no_jaeger_pipeline", l.Collector.File)
	}
	to := ""
	for _, ep := range x.Endpoints {
		if h, _ := model.SplitEndpoint(ep); l.Resolve(h) != nil && l.Resolve(h).Role == model.RoleJaeger {
			to = ep
		}
	}
	if to == "" {
		return msg.Message{}, msg.Errorf("check.collector_pipeline.exporter_not_jaeger", x.ID, l.Collector.File)
	}
	return msg.New("check.collector_pipeline.chain", fmt.Sprintf("%s:%d", host, port), l.Backend.EndpointFrom.Key, l.Collector.File, x.ID, to), nil
}

func (e *env) promScrapeCheck() Check {
	return Check{
		ID: IDPromScrape, Title: msg.New("check.prometheus_scrape"), Level: Required,
		Probe: func(ctx context.Context) (msg.Message, map[string]string, error) {
			if e.collectorJob == "" {
				return msg.Message{}, nil, Permanent(msg.Errorf("check.prometheus_scrape.no_job"))
			}
			v, err := e.prom.Query(ctx, fmt.Sprintf(`up{job=%q}`, e.collectorJob))
			if err != nil {
				return msg.Message{}, nil, err
			}
			if len(v) == 0 {
				return msg.Message{}, nil, msg.Errorf("check.prometheus_scrape.no_target", e.collectorJob)
			}
			for _, s := range v {
				if s.Value != 1 {
					return msg.Message{}, nil, fmt.Errorf("up{job=%q,instance=%q} = %g", e.collectorJob, s.Labels["instance"], s.Value)
				}
			}
			return msg.New("check.prometheus_scrape.pass", e.collectorJob, len(v)),
				map[string]string{"job": e.collectorJob, "instance": v[0].Labels["instance"], "value": "1"}, nil
		},
		Diagnose: explainer(promScrapeDiagnosis).message,
	}
}

// commitsTracker remembers postgresql_commits_total over the run; it is
// read by the diagnosis after the check ended. Source says where the values
// come from, so that a run never compares numbers from two places.
type commitsTracker struct {
	mu sync.Mutex
	st CommitsState
}

func (c *commitsTracker) observe(source string, v float64) CommitsState {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.st.Seen || c.st.Source != source {
		c.st = CommitsState{Seen: true, Source: source, First: v}
	}
	c.st.Latest = v
	return c.st
}

// errStaleRows: postgresql_rows is there, but nothing shows it is from this run.
var errStaleRows = msg.Errorf("check.postgresql_rows.stale")

// risen says the receiver collected during the run.
func (s CommitsState) risen() bool { return s.Seen && s.Latest > s.First }

func (c *commitsTracker) get() CommitsState {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.st
}

// Where the commits counter is read. The Collector's prometheus exporter
// shows each collection at once; Prometheus only after its next scrape, so
// the exporter makes the rise visible up to a scrape interval sooner.
const (
	commitsFromExporter   = "exporter"
	commitsFromPrometheus = "prometheus"
)

// readCommits reads postgresql_commits_total, from the exporter when it
// answers, else from Prometheus.
func (e *env) readCommits(ctx context.Context) (source string, v float64, found bool) {
	if e.exportURL != "" {
		if m, err := Scrape(ctx, e.http, e.exportURL); err == nil {
			if v, ok := m.Sum("postgresql_commits_total", nil); ok {
				return commitsFromExporter, v, true
			}
		}
	}
	v, ok, err := e.promSum(ctx, "postgresql_commits_total")
	return commitsFromPrometheus, v, ok && err == nil
}

func (e *env) commitsCheck() Check {
	return Check{
		ID: IDPGCommits, Title: msg.New("check.postgresql_commits"), Level: Required,
		Probe: func(ctx context.Context) (msg.Message, map[string]string, error) {
			// Present at the end of the pipeline, in Prometheus...
			_, found, err := e.promSum(ctx, "postgresql_commits_total")
			if err != nil {
				return msg.Message{}, nil, err
			}
			if !found {
				return msg.Message{}, nil, e.absent(msg.Errorf("check.prometheus.no_metric", "postgresql_commits_total"))
			}
			// ...and collected again since the traffic, with a higher value.
			source, v, ok := e.readCommits(ctx)
			if !ok {
				return msg.Message{}, nil, msg.Errorf("check.postgresql_commits.unreadable")
			}
			st := e.commits.observe(source, v)
			facts := map[string]string{"first": num(st.First), "value": num(st.Latest), "source": st.Source}
			if st.Latest <= st.First {
				return msg.Message{}, facts, msg.Errorf("check.postgresql_commits.not_risen", num(v))
			}
			return msg.New("check.postgresql_commits.pass", num(st.First), num(st.Latest)), facts, nil
		},
		Diagnose: explainer(commitsDiagnosis).message,
	}
}

func (e *env) rowsCheck() Check {
	return Check{
		ID: IDPGRows, Title: msg.New("check.postgresql_rows"), Level: Required,
		Probe: func(ctx context.Context) (msg.Message, map[string]string, error) {
			v, err := e.prom.Query(ctx, "postgresql_rows")
			if err != nil {
				return msg.Message{}, nil, err
			}
			if len(v) == 0 {
				return msg.Message{}, nil, e.absent(msg.Errorf("check.prometheus.no_metric", "postgresql_rows"))
			}
			// The Collector's prometheus exporter keeps showing a series for
			// minutes after the receiver stopped collecting (a login just
			// lost): rows count only once the receiver is seen collecting
			// during this run, i.e. postgresql_commits_total has risen.
			if !e.commits.get().risen() {
				return msg.Message{}, nil, errStaleRows
			}
			sum := 0.0
			for _, s := range v {
				sum += s.Value
			}
			return msg.New("check.postgresql_rows.pass", len(v), num(sum)),
				map[string]string{"series": fmt.Sprint(len(v)), "value": num(sum)}, nil
		},
		Diagnose: explainer(rowsDiagnosis).message,
	}
}

// absentSlack is how long past the metrics floor a postgresql_* series may
// still be missing altogether: a working receiver has been collecting since
// the Collector started, so by then the series would be there.
const absentSlack = 15 * time.Second

// absent marks err permanent once the series should have been there.
func (e *env) absent(err error) error {
	if time.Since(e.traffic.To) > e.lab.Intervals.MetricsFloor()+absentSlack {
		return Permanent(err)
	}
	return err
}

// promSum queries sum(name); found is false when the series does not exist.
func (e *env) promSum(ctx context.Context, name string) (float64, bool, error) {
	v, err := e.prom.Query(ctx, "sum("+name+")")
	if err != nil || len(v) == 0 {
		return 0, false, err
	}
	return v[0].Value, true, nil
}

// hintSaid is the line that makes an endpoint reachable, in the catalog's
// words when discovery gave them (model.Endpoint.HintSaid), else quoted as
// it is; zero when there is none.
func hintSaid(ep model.Endpoint) msg.Message {
	switch {
	case ep.HintSaid.Key != "":
		return msg.Strings(ep.HintSaid.Key, ep.HintSaid.Args)
	case ep.Hint != "":
		return msg.Quote(ep.Hint)
	}
	return msg.Message{}
}

// hintOr is the line that makes an endpoint reachable, else the flag that
// gives it.
func hintOr(ep model.Endpoint, flag string) msg.Message {
	if h := hintSaid(ep); !h.IsZero() {
		return h
	}
	return msg.New("check.pass_flag", flag)
}
