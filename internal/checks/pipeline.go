package checks

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/labctl/labctl/internal/model"
)

func (e *env) collectorCheck() Check {
	c := Check{
		ID: IDCollector, Name: "spans go through the Collector", Level: Required,
		Probe: func(ctx context.Context) (string, map[string]string, error) {
			if e.collectorURL == "" {
				return e.inferCollector(ctx)
			}
			st := e.collectorState(ctx)
			if st.Err != "" {
				return "", nil, errors.New(st.Err)
			}
			facts := map[string]string{"accepted": num(st.Accepted), "sent": num(st.Sent), "failed": num(st.Failed), "queue": num(st.Queue), "exporter": st.Exporter}
			ev := fmt.Sprintf("accepted %s, sent %s via %s, %s failed", num(st.Accepted), num(st.Sent), st.Exporter, num(st.Failed))
			switch {
			case st.Failed > 0:
				return "", facts, Permanent(errors.New(ev))
			case st.Accepted == 0 || st.Sent == 0:
				return "", facts, errors.New(ev)
			}
			return ev, facts, nil
		},
		Diagnose: func(s Snapshot) string {
			if d := walkBackend(s); d != "" {
				return d
			}
			return orDefault(walkCollector(s), "the spans took longer than the deadline to go through the Collector; retry with a longer --timeout")
		},
	}
	if e.topology != model.TopologyCollector {
		c.SkipReason = fmt.Sprintf("topology %s: the backend sends to Jaeger directly", e.topology)
	}
	return c
}

// inferCollector proves the Collector path without the Collector's own
// metrics: the backend exports to the Collector service, a traces pipeline
// there exports to the Jaeger service, and the traffic's spans arrived in
// Jaeger. The evidence says it was inferred, and from what.
func (e *env) inferCollector(ctx context.Context) (string, map[string]string, error) {
	chain, err := collectorChain(e.lab)
	if err != nil {
		return "", map[string]string{"inferred": "true"}, Permanent(err)
	}
	traces, err := e.jaeger.FindTraces(ctx, e.service, e.windowFrom(), e.windowTo())
	if err != nil {
		return "", nil, err
	}
	t, _, ok := firstServerSpan(traces)
	if !ok {
		return "", map[string]string{"inferred": "true"}, fmt.Errorf("%s, but no trace of the traffic is in Jaeger yet", chain)
	}
	hint := e.lab.Endpoints.CollectorMetrics.Hint
	ev := fmt.Sprintf("inferred: %s, and trace %s arrived in Jaeger (the Collector's own metrics are not reachable: %s)", chain, t.ID, orDefault(hint, "not published"))
	return ev, map[string]string{"inferred": "true", "trace_id": t.ID, "exporter": e.lab.Exporter}, nil
}

// collectorChain checks, from the lab's description, that spans can only
// reach Jaeger through the Collector.
func collectorChain(l *model.Lab) (string, error) {
	col := l.Service(model.RoleCollector)
	if col == nil || l.Collector == nil {
		return "", errors.New("the project has no Collector")
	}
	host, port := model.SplitEndpoint(l.Backend.OTLPEndpoint)
	if s := l.Resolve(host); s == nil || s.Name != col.Name {
		return "", fmt.Errorf("the backend exports to %q (%s), not to the Collector %s", l.Backend.OTLPEndpoint, l.Backend.EndpointFrom, col.Name)
	}
	x := l.Collector.Component("exporter", l.Exporter)
	if x == nil {
		return "", fmt.Errorf("no traces pipeline of %s exports to Jaeger", l.Collector.File)
	}
	to := ""
	for _, ep := range x.Endpoints {
		if h, _ := model.SplitEndpoint(ep); l.Resolve(h) != nil && l.Resolve(h).Role == model.RoleJaeger {
			to = ep
		}
	}
	if to == "" {
		return "", fmt.Errorf("exporter %s of %s does not send to the Jaeger service", x.ID, l.Collector.File)
	}
	return fmt.Sprintf("the backend exports to %s:%d (%s), and the traces pipeline of %s exports via %s to %s",
		host, port, l.Backend.EndpointFrom.Key, l.Collector.File, x.ID, to), nil
}

func (e *env) promScrapeCheck() Check {
	return Check{
		ID: IDPromScrape, Name: "Prometheus scrapes the Collector", Level: Required,
		Probe: func(ctx context.Context) (string, map[string]string, error) {
			if e.collectorJob == "" {
				return "", nil, Permanent(errors.New("no Prometheus job scrapes the Collector's prometheus exporter"))
			}
			v, err := e.prom.Query(ctx, fmt.Sprintf(`up{job=%q}`, e.collectorJob))
			if err != nil {
				return "", nil, err
			}
			if len(v) == 0 {
				return "", nil, fmt.Errorf("no target in job %s", e.collectorJob)
			}
			for _, s := range v {
				if s.Value != 1 {
					return "", nil, fmt.Errorf("up{job=%q,instance=%q} = %g", e.collectorJob, s.Labels["instance"], s.Value)
				}
			}
			return fmt.Sprintf("up{job=%q} = 1 (%d targets)", e.collectorJob, len(v)),
				map[string]string{"job": e.collectorJob, "instance": v[0].Labels["instance"], "value": "1"}, nil
		},
		Diagnose: func(s Snapshot) string {
			return orDefault(walkProm(s), "Prometheus had not scraped the Collector yet at the deadline; retry with a longer --timeout")
		},
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
var errStaleRows = errors.New("postgresql_rows is in Prometheus, but the postgresql receiver has not collected since verify started (postgresql_commits_total has not risen): the series may be left from before")

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
		ID: IDPGCommits, Name: "postgresql_commits_total rises after the traffic", Level: Required,
		Probe: func(ctx context.Context) (string, map[string]string, error) {
			// Present at the end of the pipeline, in Prometheus...
			_, found, err := e.promSum(ctx, "postgresql_commits_total")
			if err != nil {
				return "", nil, err
			}
			if !found {
				return "", nil, e.absent(errors.New("Prometheus has no postgresql_commits_total"))
			}
			// ...and collected again since the traffic, with a higher value.
			source, v, ok := e.readCommits(ctx)
			if !ok {
				return "", nil, errors.New("postgresql_commits_total could not be read")
			}
			st := e.commits.observe(source, v)
			facts := map[string]string{"first": num(st.First), "value": num(st.Latest), "source": st.Source}
			if st.Latest <= st.First {
				return "", facts, fmt.Errorf("postgresql_commits_total = %s, not risen yet", num(v))
			}
			return fmt.Sprintf("postgresql_commits_total %s → %s", num(st.First), num(st.Latest)), facts, nil
		},
		Diagnose: func(s Snapshot) string {
			if d := walkMetrics(s, "postgresql_commits_total"); d != "" {
				return d
			}
			if s.Commits.Seen {
				return fmt.Sprintf("postgresql_commits_total stayed at %s: the postgresql receiver did not collect again before the deadline; lower receivers.postgresql.collection_interval in %s (labctl uses %s) or retry with a longer --timeout", num(s.Commits.Latest), s.names().collectorFile, model.LabctlCollectionInterval)
			}
			return "Prometheus has postgresql_commits_total but it was not seen before the deadline; retry with a longer --timeout"
		},
	}
}

func (e *env) rowsCheck() Check {
	return Check{
		ID: IDPGRows, Name: "postgresql_rows is present", Level: Required,
		Probe: func(ctx context.Context) (string, map[string]string, error) {
			v, err := e.prom.Query(ctx, "postgresql_rows")
			if err != nil {
				return "", nil, err
			}
			if len(v) == 0 {
				return "", nil, e.absent(errors.New("Prometheus has no postgresql_rows"))
			}
			// The Collector's prometheus exporter keeps showing a series for
			// minutes after the receiver stopped collecting (a login just
			// lost): rows count only once the receiver is seen collecting
			// during this run, i.e. postgresql_commits_total has risen.
			if !e.commits.get().risen() {
				return "", nil, errStaleRows
			}
			sum := 0.0
			for _, s := range v {
				sum += s.Value
			}
			return fmt.Sprintf("postgresql_rows: %d series, %s rows", len(v), num(sum)),
				map[string]string{"series": fmt.Sprint(len(v)), "value": num(sum)}, nil
		},
		Diagnose: func(s Snapshot) string {
			// Commits seen means the series exist: then what is missing is a
			// collection during this run, which postgresql_commits explains.
			if s.Commits.Seen && !s.Commits.risen() {
				return errStaleRows.Error() + "; see postgresql_commits"
			}
			if d := walkMetrics(s, "postgresql_rows"); d != "" {
				return d
			}
			return "Prometheus had no postgresql_rows yet at the deadline; retry with a longer --timeout"
		},
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
