package checks

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/labctl/labctl/internal/expect"
	"github.com/labctl/labctl/internal/jaeger"
	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
	"github.com/labctl/labctl/internal/rules"
)

// Options say what to verify and where.
type Options struct {
	// Lab is the description of the lab to check, the command line's
	// overrides applied (model.Lab.With). Required.
	Lab     *model.Lab
	Timeout time.Duration
	Backoff Backoff
	// Logs, when set, returns the last lines a service wrote: diagnoses
	// quote them as evidence.
	Logs func(ctx context.Context, service string) []string
	// EngineDown, when set, says that the Docker engine did not answer
	// either ("the Docker engine at unix:///… (DOCKER_HOST)"): with nothing
	// answering, starting Docker comes before labctl up.
	EngineDown string
	// Progress, when set, is told what happens, for people (stderr), in
	// English; Say, when set, is told instead, as catalog messages (the
	// terminal's language).
	Progress func(format string, args ...any)
	Say      func(msg.Message)
	// OnOutcome, when set, is called as each check finishes.
	OnOutcome func(Outcome)
	// Expect are the user's expectations, run as checks after verify's own
	// (expect_checks.go).
	Expect []expect.Expectation
	// Known are the causes known before the checks start (the file
	// rules' errors, CausesOf): the checks they block end a grace past
	// their floor, not at Timeout (causes.go).
	Known []Cause
	// Watch, when set, is asked every WatchEvery while the checks wait for
	// the causes seen since (what the logs prove), with that tick's reading
	// of the logs (read once, shared with the lab model's log rules);
	// WatchEvery 0 means DefaultWatchEvery.
	Watch      func(ctx context.Context, logs rules.Logs) []Cause
	WatchEvery time.Duration
	// Grace is how long a check a known cause blocks still looks past its
	// floor; 0 means DefaultGrace.
	Grace time.Duration
}

// ErrUnreachable means that no part of the lab answered: it is not running.
var ErrUnreachable = errors.New("the lab is not running")

// Verify sends the traffic, runs the checks under one deadline and
// diagnoses the failures. An error means verify could not run (nothing
// answers, or ctx was cancelled), not that a check failed: see Result.Passed.
func Verify(ctx context.Context, o Options) (*Result, error) {
	o, err := o.withDefaults()
	if err != nil {
		return nil, err
	}
	l := o.Lab
	res := &Result{StartedAt: time.Now().UTC(), Service: l.ServiceName, Topology: string(l.Topology), Source: l.Source}
	deadline := res.StartedAt.Add(o.Timeout)
	ctx, cancel := context.WithDeadline(ctx, deadline)
	defer cancel()

	if err := preflight(ctx, l, o.EngineDown); err != nil {
		return nil, err
	}
	e, err := newEnv(l, o)
	if err != nil {
		return nil, err
	}
	defer e.close()

	e.takeBaseline(ctx)
	if err := e.waitBackend(ctx); err != nil {
		o.say(msg.New("term.verify.no_backend", msg.Quote(err.Error())))
	}
	o.say(msg.New("term.verify.sending", len(l.Traffic), l.Endpoints.Backend.URL()))
	e.traffic = SendTraffic(ctx, e.http, l.Endpoints.Backend.URL(), l.Traffic)
	res.TrafficFrom, res.TrafficTo = e.traffic.From.UTC(), e.traffic.To.UTC()
	o.say(msg.New("term.verify.until", deadline.Local().Format("15:04:05"), msg.Duration(o.Timeout)))

	list := e.checks()
	// What the lab's model shows for sure is known from the start too,
	// after the file rules' causes (Known), which say it at its line.
	known := append(append([]Cause{}, o.Known...), CausesOf(rules.OfLab(e.lab))...)
	causes, stopWatch := watchCauses(ctx, e.watch(o.Watch), o.WatchEvery)
	res.Checks = Run{Backoff: o.Backoff, Known: known, Causes: causes, Grace: o.Grace, Done: func(c Outcome) {
		if c.EndedEarly {
			o.say(msg.New("term.verify.ended_early_line", c.ID, c.Rule, c.Rule))
		}
		if o.OnOutcome != nil {
			o.OnOutcome(c)
		}
	}}.Checks(ctx, list)
	blameFailures(res.Checks, list, append(append([]Cause{}, known...), stopWatch()...))
	if err := context.Cause(ctx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return nil, fmt.Errorf("verify interrupted: %w", err)
	}
	res.Passed = true
	var failed bool
	for i, c := range res.Checks {
		failed = failed || c.Status == Fail
		if c.Status == Fail && c.Level == Required {
			res.Passed = false
		}
		// Skipping what cannot be reached keeps a working stack green, but
		// with neither the backend nor Jaeger nothing about traces is
		// proven: that is no pass.
		if list[i].unreachable && (c.ID == IDBackendTraffic || c.ID == IDJaegerService) {
			res.Passed = false
			res.Unverified = append(res.Unverified, c.Evidence)
		}
	}
	if failed {
		o.say(msg.New("term.verify.diagnosing"))
		dctx := context.WithoutCancel(ctx)
		snap := e.gather(dctx)
		caused := causedFailures(res.Checks)
		forgetCauses(res.Checks, caused)
		diagnose(res.Checks, list, snap, e.causes(dctx))
		keepCauses(res.Checks, caused)
	}
	res.FinishedAt = time.Now().UTC()
	return res, nil
}

// say tells Say, else Progress in English, what happens.
func (o Options) say(m msg.Message) {
	if o.Say != nil {
		o.Say(m)
		return
	}
	o.Progress("%s", m.English())
}

func (o Options) withDefaults() (Options, error) {
	if o.Lab == nil {
		return o, errors.New("verify: no lab to check") // the caller opens one
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
	if o.Logs == nil {
		o.Logs = func(context.Context, string) []string { return nil }
	}
	if o.WatchEvery <= 0 {
		o.WatchEvery = DefaultWatchEvery
	}
	return o, nil
}

// preflight fails with ErrUnreachable when no endpoint accepts a connection.
func preflight(ctx context.Context, l *model.Lab, engineDown string) error {
	e := l.Endpoints
	eps := []struct {
		what string
		ep   model.Endpoint
	}{
		{"backend", e.Backend}, {"jaeger query", e.JaegerGRPC}, {"jaeger", e.JaegerUI},
		{"prometheus", e.Prometheus}, {"collector", e.CollectorMetrics},
	}
	answered := make([]bool, len(eps))
	var wg sync.WaitGroup
	for i, x := range eps {
		if !x.ep.Reachable() {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, cancel := context.WithTimeout(ctx, 2*time.Second)
			defer cancel()
			var d net.Dialer
			if conn, err := d.DialContext(c, "tcp", x.ep.Addr); err == nil {
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
	for i, x := range eps {
		if answered[i] {
			return nil
		}
		if x.ep.Reachable() {
			where = append(where, fmt.Sprintf("%s (%s)", x.ep.Addr, x.what))
		}
	}
	fix := "run labctl up"
	if l.Origin == model.OriginDiscovered {
		fix = "start it with `docker compose up -d`"
	}
	if engineDown != "" {
		fix = fmt.Sprintf("%s does not answer either: start Docker (Docker Desktop, or dockerd), then %s", engineDown, fix)
	}
	if len(where) == 0 {
		return fmt.Errorf("%w: no endpoint of %s is reachable from this machine; publish the backend's, Jaeger's and Prometheus's ports", ErrUnreachable, l.Source)
	}
	return fmt.Errorf("%w: nothing answers at %s; %s", ErrUnreachable, strings.Join(where, ", "), fix)
}

// env is what the probes share during one run.
type env struct {
	lab  *model.Lab
	opts Options
	// URLs from the lab's endpoints; "" when unreachable.
	service, jaegerAddr, promURL, collectorURL, exportURL string
	collectorJob, exporter, monitorUser                   string
	topology                                              model.Topology
	expectDB                                              bool
	http                                                  *http.Client
	jaeger                                                jaeger.Client
	prom                                                  Prometheus
	close                                                 func()
	traffic                                               Traffic
	baseline                                              counters
	commits                                               commitsTracker
	spans                                                 spanClock
}

func newEnv(l *model.Lab, o Options) (*env, error) {
	e := &env{
		lab: l, opts: o,
		service: l.ServiceName, promURL: l.Endpoints.Prometheus.URL(),
		collectorURL: l.Endpoints.CollectorMetrics.URL(), exportURL: l.Endpoints.CollectorExporter.URL(),
		collectorJob: l.CollectorJob, exporter: l.Exporter, monitorUser: l.MonitorUser,
		topology: l.Topology, expectDB: l.ExpectDB,
		http:  &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{Proxy: nil}},
		close: func() {},
	}
	if e.exporter == "" {
		e.exporter = DefaultExporter
	}
	// labctl's own lab is read over gRPC (api_v2, jaeger-idl); any other
	// Jaeger over HTTP on its UI port, the port a person opens, with gRPC as
	// the fallback where only that is reachable (jaeger.For).
	if j, err := jaeger.For(l, e.http); err == nil {
		e.jaeger, e.jaegerAddr, e.close = j, j.Addr, j.Close
	} else {
		e.jaeger, e.jaegerAddr = unreachableJaeger{hint: jaeger.UnreachableHint(l)}, ""
	}
	if e.promURL != "" {
		p, err := NewPrometheus(e.promURL)
		if err != nil {
			e.close()
			return nil, err
		}
		e.prom = p
	} else {
		e.prom = unreachableProm{hint: orDefault(l.Endpoints.Prometheus.Hint, "no Prometheus in "+l.Source)}
	}
	return e, nil
}

// takeBaseline reads the counters the checks compare against, before the traffic.
func (e *env) takeBaseline(ctx context.Context) {
	c, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	if e.collectorURL != "" {
		if m, err := Scrape(c, e.http, e.collectorURL); err == nil {
			e.baseline = readCounters(m, e.exporter)
		}
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
	list := []Check{
		e.trafficCheck(),
		e.serviceCheck(),
		e.serverSpanCheck(),
		e.dbSpanCheck(),
		e.collectorCheck(),
		e.promScrapeCheck(),
		e.commitsCheck(),
		e.rowsCheck(),
	}
	list = append(list, e.expectChecks()...)
	e.setFloors(list)
	skip := func(reason msg.Message, ids ...string) {
		for i := range list {
			for _, id := range ids {
				if list[i].ID == id && list[i].SkipReason == "" {
					list[i].SkipReason, list[i].Skip = reason.English(), reason
					list[i].unreachable = reason.Key == "check.unreachable"
				}
			}
		}
	}
	// hint is the lab's own line that makes a part reachable, else the flag.
	// Never fail a working stack for what labctl cannot reach: skip, and
	// say the one line that makes the check possible.
	eps := e.lab.Endpoints
	if !eps.Backend.Reachable() && !e.down(model.RoleBackend) {
		skip(msg.New("check.unreachable", msg.New("check.part.backend"), hintOr(eps.Backend, "--backend")),
			IDBackendTraffic, IDJaegerService, IDServerSpan, IDDBSpan, IDCollector)
	}
	if e.jaegerAddr == "" && !e.down(model.RoleJaeger) {
		skip(msg.New("check.unreachable", msg.New("check.part.jaeger"), hintOr(eps.JaegerUI, "--jaeger")),
			IDJaegerService, IDServerSpan, IDDBSpan, IDCollector)
	}
	if e.lab.MetricsSkip != "" {
		why := msg.Quote(e.lab.MetricsSkip)
		if e.lab.MetricsSkip == msg.MetricsNotSetUp.English() {
			why = msg.MetricsNotSetUp
		}
		skip(why, IDPromScrape, IDPGCommits, IDPGRows)
	}
	if e.promURL == "" && !e.down(model.RolePrometheus) {
		skip(msg.New("check.unreachable", msg.New("check.part.prometheus"), hintOr(eps.Prometheus, "--prometheus")),
			IDPromScrape, IDPGCommits, IDPGRows)
	}
	e.skipExpectChecks(list)
	return list
}

// down says the lab has a service of role whose container is not running:
// its checks fail (LAB077, LAB072 say why) instead of skipping as a part
// labctl cannot reach (Docker shows no port for a stopped container).
func (e *env) down(r model.Role) bool {
	s := e.lab.Service(r)
	return s != nil && !s.Running && s.State != ""
}

// setFloors gives each check the least time its data needs (a known
// cause ends it no sooner), and the checks whose data it reads.
func (e *env) setFloors(list []Check) {
	spans, metrics := e.lab.Intervals.SpansFloor(), e.lab.Intervals.MetricsFloor()
	for i := range list {
		c := &list[i]
		switch {
		case c.ID == IDBackendTraffic:
		case c.ID == IDPromScrape || c.ID == IDPGCommits || c.ID == IDPGRows:
			c.Floor = metrics
		case strings.HasPrefix(c.ID, expect.CheckPrefix) && e.isMetricExpect(c.ID):
			// A PromQL expectation reads what Prometheus scrapes.
			c.Floor, c.Needs = metrics, []string{IDPromScrape}
		case strings.HasPrefix(c.ID, expect.CheckPrefix):
			// A span expectation reads the service's traces.
			c.Floor, c.Needs = spans, []string{IDJaegerService}
		default:
			c.Floor = spans
		}
	}
	for i := range list {
		if list[i].ID == IDDBSpan {
			// The database span hangs under the server span.
			list[i].Needs = []string{IDServerSpan}
		}
	}
}

// unreachableJaeger and unreachableProm stand for a part labctl cannot
// reach from this machine: every look fails with the line that fixes it.
type unreachableJaeger struct{ hint string }

func (u unreachableJaeger) Services(context.Context) ([]string, error) {
	return nil, Permanent(msg.Errorf("check.not_reachable", msg.New("check.part.jaeger"), msg.Quote(u.hint)))
}

func (u unreachableJaeger) FindTraces(context.Context, string, time.Time, time.Time) ([]jaeger.Trace, error) {
	return nil, Permanent(msg.Errorf("check.not_reachable", msg.New("check.part.jaeger"), msg.Quote(u.hint)))
}

type unreachableProm struct{ hint string }

func (u unreachableProm) Query(context.Context, string) ([]Sample, error) {
	return nil, Permanent(msg.Errorf("check.not_reachable", msg.New("check.part.prometheus"), msg.Quote(u.hint)))
}

func (u unreachableProm) Targets(context.Context) ([]Target, error) {
	return nil, Permanent(msg.Errorf("check.not_reachable", msg.New("check.part.prometheus"), msg.Quote(u.hint)))
}
