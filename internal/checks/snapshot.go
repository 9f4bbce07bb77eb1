package checks

import (
	"context"
	"sort"
	"time"

	"github.com/labctl/labctl/internal/jaeger"
	"github.com/labctl/labctl/internal/model"
)

// Snapshot is what every stage of the pipeline looked like when the checks
// ended. Diagnosis reads only this, so it can be tested from plain values.
type Snapshot struct {
	// Lab is the description of the lab checked (nil in hand-built tests:
	// labctl's own lab is then assumed).
	Lab      *model.Lab
	Service  string
	Topology model.Topology
	Traffic  Traffic
	// MonitorUser is the role the postgresql receiver logs in as.
	MonitorUser string

	// Jaeger's query service.
	JaegerAddr string
	JaegerErr  string
	Services   []string
	// Traces of Service in the traffic window.
	Traces []jaeger.Trace

	Collector CollectorState

	// The Collector's prometheus exporter (:8889).
	ExportURL string
	ExportErr string
	// ExportPostgres counts the postgresql_* series the exporter serves;
	// ExportNames lists their metric names.
	ExportPostgres int
	ExportNames    []string

	// Prometheus.
	PromURL string
	PromErr string
	Targets []Target
	// CollectorJob is the Prometheus job that scrapes the Collector's exporter.
	CollectorJob string
	// PromNames lists the postgresql_* metric names Prometheus has now.
	PromNames []string
	// Commits tracks postgresql_commits_total in Prometheus over the run.
	Commits CommitsState
}

// CollectorState is the Collector's own telemetry (:8888). Counters are
// what moved during this run (since the baseline taken before the traffic).
type CollectorState struct {
	URL string
	Err string
	// Unreachable says the Collector's own metrics cannot be reached from
	// this machine (not published): Err then says nothing of its health.
	Unreachable bool
	// Exporter is the Jaeger exporter's name (otlp_grpc/jaeger).
	Exporter               string
	Accepted, Sent, Failed float64
	// SentFound says whether the exporter has a sent-spans series at all.
	SentFound bool
	// Exporters lists every exporter that has sent or failed spans.
	Exporters []string
	// Queue is the traces queue size now; ScrapeErrors is the postgresql
	// receiver's errored metric points since the Collector started.
	Queue, ScrapeErrors float64
}

// CommitsState is postgresql_commits_total as the commits check saw it.
type CommitsState struct {
	Seen bool
	// Source is where the values were read: the Collector's exporter or Prometheus.
	Source        string
	First, Latest float64
}

// gather looks at every stage once, each bounded by a short timeout.
func (e *env) gather(ctx context.Context) Snapshot {
	s := Snapshot{
		Lab:          e.lab,
		Service:      e.service,
		Topology:     e.topology,
		Traffic:      e.traffic,
		MonitorUser:  e.monitorUser,
		JaegerAddr:   e.jaegerAddr,
		ExportURL:    e.exportURL,
		PromURL:      e.promURL,
		CollectorJob: e.collectorJob,
		Commits:      e.commits.get(),
	}
	quick := func() (context.Context, context.CancelFunc) { return context.WithTimeout(ctx, 3*time.Second) }

	c, cancel := quick()
	s.Collector = e.collectorState(c)
	cancel()

	c, cancel = quick()
	if e.exportURL == "" {
		s.ExportErr = "not reachable: " + orDefault(e.lab.Endpoints.CollectorExporter.Hint, "no prometheus exporter")
	} else if m, err := Scrape(c, e.http, e.exportURL); err != nil {
		s.ExportErr = err.Error()
	} else {
		s.ExportPostgres = m.CountPrefix("postgresql_")
		s.ExportNames = m.NamesWithPrefix("postgresql_")
	}
	cancel()

	c, cancel = quick()
	if svcs, err := e.jaeger.Services(c); err != nil {
		s.JaegerErr = err.Error()
	} else {
		s.Services = svcs
		if tr, err := e.jaeger.FindTraces(c, e.service, e.windowFrom(), e.windowTo()); err == nil {
			s.Traces = tr
		}
	}
	cancel()

	c, cancel = quick()
	if t, err := e.prom.Targets(c); err != nil {
		s.PromErr = err.Error()
	} else {
		s.Targets = t
		if v, err := e.prom.Query(c, `count by (__name__) ({__name__=~"postgresql_.+"})`); err == nil {
			for _, smp := range v {
				s.PromNames = append(s.PromNames, smp.Labels["__name__"])
			}
			sort.Strings(s.PromNames)
		}
	}
	cancel()
	return s
}

// collectorState reads the Collector's own metrics relative to the baseline.
func (e *env) collectorState(ctx context.Context) CollectorState {
	st := CollectorState{URL: e.collectorURL, Exporter: e.exporter}
	if e.collectorURL == "" {
		st.Unreachable = true
		st.Err = "not reachable from this machine: " + orDefault(e.lab.Endpoints.CollectorMetrics.Hint, "no Collector")
		return st
	}
	m, err := Scrape(ctx, e.http, e.collectorURL)
	if err != nil {
		st.Err = err.Error()
		return st
	}
	now := readCounters(m, e.exporter)
	st.Exporter = now.exporter
	st.Accepted = since(now.accepted, e.baseline.accepted)
	st.Sent = since(now.sent, e.baseline.sent)
	st.Failed = since(now.failed, e.baseline.failed)
	st.SentFound = now.sentFound
	st.Exporters = now.exporters
	st.Queue = now.queue
	st.ScrapeErrors = now.scrapeErrors
	return st
}
