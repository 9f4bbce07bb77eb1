package checks

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/labctl/labctl/internal/lab"
)

// Options say what to verify and where. Empty endpoints come from the
// lab.Config ports on Config.Host (127.0.0.1 by default).
type Options struct {
	Config *lab.Config
	// Service overrides Config.ServiceName.
	Service string
	// JaegerAddr is the gRPC query address host:port.
	JaegerAddr    string
	PrometheusURL string
	BackendURL    string
	// CollectorMetricsURL is the Collector's own metrics (…:8888/metrics).
	CollectorMetricsURL string
	// CollectorExportURL is the Collector's prometheus exporter (…:8889/metrics).
	CollectorExportURL string
	// CollectorJob is the Prometheus job scraping the exporter (otel-collector).
	CollectorJob string
	// Exporter is the Collector's exporter to Jaeger (otlp_grpc/jaeger).
	Exporter string
	Timeout  time.Duration
	Backoff  Backoff
	// Progress, when set, is told what happens, for people (stderr).
	Progress func(format string, args ...any)
	// OnOutcome, when set, is called as each check finishes.
	OnOutcome func(Outcome)
}

// ErrUnreachable means that no part of the lab answered: it is not running.
var ErrUnreachable = errors.New("the lab is not running")

// Verify sends the traffic, runs the checks under one deadline and
// diagnoses the failures. An error means verify could not run (nothing
// answers, or ctx was cancelled), not that a check failed: see Result.Passed.
func Verify(ctx context.Context, o Options) (*Result, error) {
	o = o.withDefaults()
	res := &Result{StartedAt: time.Now().UTC(), Service: o.Service, Topology: string(o.Config.Topology)}
	deadline := res.StartedAt.Add(o.Timeout)
	ctx, cancel := context.WithDeadline(ctx, deadline)
	defer cancel()

	if err := preflight(ctx, o); err != nil {
		return nil, err
	}
	e, err := newEnv(o)
	if err != nil {
		return nil, err
	}
	defer e.close()

	e.takeBaseline(ctx)
	o.Progress("sending %d requests to %s", len(o.Config.Traffic), o.BackendURL)
	e.traffic = SendTraffic(ctx, e.http, o.BackendURL, o.Config.Traffic)
	res.TrafficFrom, res.TrafficTo = e.traffic.From.UTC(), e.traffic.To.UTC()
	o.Progress("checking until %s (%s)", deadline.Local().Format("15:04:05"), o.Timeout)

	res.Checks = RunChecks(ctx, e.checks(), o.Backoff, o.OnOutcome)
	if err := context.Cause(ctx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return nil, fmt.Errorf("verify interrupted: %w", err)
	}
	res.Passed = true
	var failed bool
	for _, c := range res.Checks {
		failed = failed || c.Status == Fail
		if c.Status == Fail && c.Level == Required {
			res.Passed = false
		}
	}
	if failed {
		o.Progress("diagnosing")
		snap := e.gather(context.WithoutCancel(ctx))
		list := e.checks()
		for i := range res.Checks {
			if res.Checks[i].Status == Fail && list[i].Diagnose != nil {
				res.Checks[i].Diagnosis = list[i].Diagnose(snap)
			}
		}
	}
	res.FinishedAt = time.Now().UTC()
	return res, nil
}

func (o Options) withDefaults() Options {
	p := o.Config.Ports
	// Published ports are reached on Config.Host (127.0.0.1, or the engine's
	// host in CI with a remote engine).
	host := o.Config.Host
	if host == "" {
		host = "127.0.0.1"
	}
	local := func(port int) string { return net.JoinHostPort(host, strconv.Itoa(port)) }
	if o.Service == "" {
		o.Service = o.Config.ServiceName
	}
	if o.JaegerAddr == "" {
		o.JaegerAddr = local(p.JaegerGRPC)
	}
	if o.PrometheusURL == "" {
		o.PrometheusURL = "http://" + local(p.Prometheus)
	}
	if o.BackendURL == "" {
		o.BackendURL = "http://" + local(p.Backend)
	}
	if o.CollectorMetricsURL == "" {
		o.CollectorMetricsURL = "http://" + local(p.CollectorMetrics) + "/metrics"
	}
	if o.CollectorExportURL == "" {
		o.CollectorExportURL = "http://" + local(p.CollectorPrometheus) + "/metrics"
	}
	if o.CollectorJob == "" {
		o.CollectorJob = "otel-collector"
	}
	if o.Exporter == "" {
		o.Exporter = DefaultExporter
	}
	if o.Timeout <= 0 {
		o.Timeout = 90 * time.Second
	}
	if o.Backoff == (Backoff{}) {
		o.Backoff = DefaultBackoff
	}
	if o.Progress == nil {
		o.Progress = func(string, ...any) {}
	}
	return o
}

// preflight fails with ErrUnreachable when no endpoint accepts a connection.
func preflight(ctx context.Context, o Options) error {
	eps := []struct{ what, addr string }{
		{"backend", hostPort(o.BackendURL)},
		{"jaeger query", o.JaegerAddr},
		{"prometheus", hostPort(o.PrometheusURL)},
		{"collector", hostPort(o.CollectorMetricsURL)},
	}
	answered := make([]bool, len(eps))
	var wg sync.WaitGroup
	for i, ep := range eps {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, cancel := context.WithTimeout(ctx, 2*time.Second)
			defer cancel()
			var d net.Dialer
			if conn, err := d.DialContext(c, "tcp", ep.addr); err == nil {
				conn.Close()
				answered[i] = true
			}
		}()
	}
	wg.Wait()
	if err := context.Cause(ctx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("verify interrupted: %w", err)
	}
	var where []string
	for i, ep := range eps {
		if answered[i] {
			return nil
		}
		where = append(where, fmt.Sprintf("%s (%s)", ep.addr, ep.what))
	}
	return fmt.Errorf("%w: nothing answers at %s; run labctl up", ErrUnreachable, strings.Join(where, ", "))
}

func hostPort(raw string) string {
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

// env is what the probes share during one run.
type env struct {
	service, jaegerAddr, promURL, collectorURL, exportURL string
	collectorJob, exporter, monitorUser                   string
	topology                                              lab.Topology
	expectDB                                              bool
	http                                                  *http.Client
	jaeger                                                Jaeger
	prom                                                  Prometheus
	close                                                 func()
	traffic                                               Traffic
	baseline                                              counters
	commits                                               commitsTracker
}

func newEnv(o Options) (*env, error) {
	j, err := DialJaeger(o.JaegerAddr)
	if err != nil {
		return nil, err
	}
	p, err := NewPrometheus(o.PrometheusURL)
	if err != nil {
		j.Close()
		return nil, err
	}
	return &env{
		service: o.Service, jaegerAddr: o.JaegerAddr, promURL: o.PrometheusURL,
		collectorURL: o.CollectorMetricsURL, exportURL: o.CollectorExportURL,
		collectorJob: o.CollectorJob, exporter: o.Exporter, monitorUser: o.Config.Postgres.MonitorUser,
		topology: o.Config.Topology, expectDB: o.Config.ExpectDBSpans(),
		http:   &http.Client{Timeout: 10 * time.Second},
		jaeger: j, prom: p, close: func() { j.Close() },
	}, nil
}

// takeBaseline reads the counters the checks compare against, before the traffic.
func (e *env) takeBaseline(ctx context.Context) {
	c, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	if m, err := Scrape(c, e.http, e.collectorURL); err == nil {
		e.baseline = readCounters(m, e.exporter)
	}
	if source, v, found := e.readCommits(c); found {
		e.commits.observe(source, v)
	}
}

// The traffic window, with a second of slack for clocks and span start times.
func (e *env) windowFrom() time.Time { return e.traffic.From.Add(-time.Second) }
func (e *env) windowTo() time.Time   { return e.traffic.To.Add(time.Second) }

// checks lists the checks in the order they are reported.
func (e *env) checks() []Check {
	return []Check{
		e.trafficCheck(),
		e.serviceCheck(),
		e.serverSpanCheck(),
		e.dbSpanCheck(),
		e.collectorCheck(),
		e.promScrapeCheck(),
		e.commitsCheck(),
		e.rowsCheck(),
	}
}
