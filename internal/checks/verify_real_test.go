package checks_test

// Integration tests of verify against real processes: PostgreSQL, Jaeger v2,
// the OpenTelemetry Collector, Prometheus and the template backend under
// uvicorn (see labtest). No component is mocked. The lab passes, then each
// broken variant fails with the expected check and diagnosis.

import (
	"context"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/labctl/labctl/internal/expect"
	"github.com/labctl/labctl/internal/msg"
	"github.com/labctl/labctl/internal/msg/msgtest"
	"github.com/labctl/labctl/internal/testutil"

	"github.com/labctl/labctl/internal/checks"
	"github.com/labctl/labctl/internal/checks/labtest"
	"github.com/labctl/labctl/internal/config"
	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/render"
	"github.com/labctl/labctl/internal/testbed"
)

// run is one verify run of labctl's own lab: its labctl.yaml and the
// command line's overrides, turned into the Lab verify checks as labctl
// opens it.
type run struct {
	Config  *config.Config
	Timeout time.Duration
	Logs    func(ctx context.Context, service string) []string
	Expect  []expect.Expectation
	// Edit changes the lab's description after the overrides (an endpoint
	// made unreachable, as a project that does not publish it).
	Edit func(*model.Lab)
	model.Overrides
}

func (r run) options(t *testing.T) checks.Options {
	t.Helper()
	l, err := render.Describe(r.Config)
	if err != nil {
		t.Fatal(err)
	}
	lab := l.With(r.Overrides)
	if r.Edit != nil {
		r.Edit(lab)
	}
	return checks.Options{Lab: lab, Timeout: r.Timeout, Logs: r.Logs, Expect: r.Expect, Progress: t.Logf}
}

func verify(t *testing.T, o run) *checks.Result {
	t.Helper()
	res, err := checks.Verify(context.Background(), o.options(t))
	if err != nil {
		t.Fatalf("Verify: %v", err)
	}
	var b strings.Builder
	_ = checks.WriteText(&b, res)
	t.Logf("verify:\n%s", b.String())
	return res
}

// wantFail asserts that check id failed with a diagnosis containing every want.
func wantFail(t *testing.T, r *checks.Result, id string, want ...string) {
	t.Helper()
	c := testutil.Found(t, r.Outcome(id), id)
	if c.Status != checks.Fail {
		t.Errorf("%s: %s (%s), want fail", id, c.Status, c.Evidence)
		return
	}
	for _, w := range want {
		if !strings.Contains(c.Diagnosis, w) {
			t.Errorf("%s: diagnosis lacks %q:\n  %s", id, w, c.Diagnosis)
		}
	}
}

func wantPass(t *testing.T, r *checks.Result, ids ...string) {
	t.Helper()
	for _, id := range ids {
		if c := testutil.Found(t, r.Outcome(id), id); c.Status != checks.Pass {
			t.Errorf("%s: %s (%s), want pass; diagnosis: %s", id, c.Status, c.Evidence, c.Diagnosis)
		}
	}
}

func TestVerifyRealLab(t *testing.T) {
	testbed.SkipShort(t, "starts PostgreSQL, Jaeger, the Collector, Prometheus and the backend")
	l := labtest.Start(t)
	opts := func(timeout time.Duration) run {
		return run{Config: l.Config, Timeout: timeout}
	}

	t.Run("passes", func(t *testing.T) {
		l.StartCollector(t, labtest.Good)
		l.StartPrometheus(t)
		r := verify(t, opts(60*time.Second))
		for _, c := range r.Checks {
			if c.Status != checks.Pass {
				t.Errorf("%s: %s: %s; diagnosis: %s", c.ID, c.Status, c.Evidence, c.Diagnosis)
			}
		}
		if !r.Passed || len(r.Checks) != 8 {
			t.Fatalf("passed=%v with %d checks", r.Passed, len(r.Checks))
		}
		// Each title and evidence is a catalog message whose English is
		// the text verify.json and the CLI show, and which reads in French.
		fr := msg.For(msg.French)
		for _, c := range r.Checks {
			if c.NameMsg == nil || c.EvidenceMsg == nil || c.NameMsg.English() != c.Name || c.EvidenceMsg.English() != c.Evidence {
				t.Errorf("%s: name %q / %v, evidence %q / %v", c.ID, c.Name, c.NameMsg, c.Evidence, c.EvidenceMsg)
				continue
			}
			line := fr.Text(c.Title()) + " : " + fr.Text(c.EvidenceText())
			if w := msgtest.EnglishWords(line); len(w) > 0 {
				t.Errorf("%s in French: %s; English: %v", c.ID, line, w)
			}
			t.Logf("%s: %s", c.ID, line)
		}
		if tid := testutil.Found(t, r.Outcome(checks.IDServerSpan), checks.IDServerSpan).Facts["trace_id"]; len(tid) < 16 {
			t.Errorf("http_server_span gives no trace ID: %q", tid)
		}
		if d := r.FinishedAt.Sub(r.StartedAt); d > 30*time.Second {
			t.Errorf("a healthy lab took %s to verify", d)
		}

		// The backend reports backend-service; verify looks for another name.
		t.Run("wrong service name", func(t *testing.T) {
			o := opts(5 * time.Second)
			o.Service = "shop-backend"
			r := verify(t, o)
			if r.Passed {
				t.Error("passed with a service Jaeger does not know")
			}
			wantFail(t, r, checks.IDJaegerService, `Jaeger has spans from "backend-service" but none from "shop-backend"`,
				"service_name", "OTEL_RESOURCE_ATTRIBUTES=service.name=shop-backend")
			if d := testutil.Found(t, r.Outcome(checks.IDJaegerService), checks.IDJaegerService).Diagnosis; strings.Contains(d, `"jaeger"`) {
				t.Errorf("diagnosis lists Jaeger's own service: %s", d)
			}
			wantPass(t, r, checks.IDCollector, checks.IDPromScrape, checks.IDPGRows)
		})
	})

	t.Run("Prometheus down", func(t *testing.T) {
		l.StartCollector(t, labtest.Good)
		o := opts(6 * time.Second)
		o.PrometheusURL = "http://127.0.0.1:" + strconv.Itoa(testbed.FreePort(t))
		r := verify(t, o)
		wantFail(t, r, checks.IDPromScrape, "Prometheus does not answer at "+o.PrometheusURL)
		wantFail(t, r, checks.IDPGCommits, "Prometheus does not answer", "the Collector does serve")
		wantPass(t, r, checks.IDBackendTraffic, checks.IDServerSpan, checks.IDDBSpan, checks.IDCollector)
	})

	t.Run("receiver cannot log into PostgreSQL", func(t *testing.T) {
		l.StartCollector(t, labtest.WrongReceiverPassword)
		l.StartPrometheus(t)
		r := verify(t, opts(12*time.Second)) // a new Prometheus scrapes after ~5 s
		// No log to read (Logs unset): the walk names every measured cause.
		for _, id := range []string{checks.IDPGCommits, checks.IDPGRows} {
			wantFail(t, r, id, "postgresql receiver cannot read PostgreSQL", `PostgreSQL refuses its login as "otel"`,
				"password authentication failed", "is not permitted to log in", "permission denied for database", "labctl logs collector")
		}
		wantPass(t, r, checks.IDServerSpan, checks.IDCollector, checks.IDPromScrape)
	})

	// Each cause of a receiver that cannot read PostgreSQL, on the real
	// PostgreSQL 15 with the Collector's real log: the diagnosis tells them
	// apart and gives each its own fix.
	receiverCauses := []struct {
		name    string
		variant labtest.Variant
		failing []string
		want    []string
	}{
		{"bad password", labtest.WrongReceiverPassword, []string{checks.IDPGCommits, checks.IDPGRows},
			[]string{"receivers.postgresql.password", `refuses the password of user "otel", or has no role "otel"`, "password authentication failed for user"}},
		{"no such role", labtest.ReceiverNoSuchRole, []string{checks.IDPGCommits, checks.IDPGRows},
			[]string{`refuses the password of user "nosuchrole", or has no role "nosuchrole"`, "or create that role"}},
		{"role without LOGIN", labtest.ReceiverNoLogin, []string{checks.IDPGCommits, checks.IDPGRows},
			[]string{"receivers.postgresql.username", `logs in as "lab_nologin", a role without LOGIN`, "ALTER ROLE lab_nologin LOGIN", `is not permitted to log in`}},
		{"no CONNECT on the database", labtest.ReceiverNoConnect, []string{checks.IDPGCommits, checks.IDPGRows},
			[]string{"receivers.postgresql.databases", `user "lab_noconnect" may not connect to database "lab_locked"`, "GRANT CONNECT ON DATABASE lab_locked TO lab_noconnect", "permission denied for database"}},
	}
	for _, c := range receiverCauses {
		t.Run("receiver: "+c.name, func(t *testing.T) {
			col := l.StartCollector(t, c.variant)
			l.StartPrometheus(t)
			o := opts(12 * time.Second)
			o.Logs = func(_ context.Context, service string) []string {
				if service != render.SvcCollector {
					return nil
				}
				return strings.Split(col.Log(), "\n")
			}
			r := verify(t, o)
			wantFail(t, r, c.failing[0], c.want...)
			for _, id := range c.failing[1:] {
				if o := testutil.Found(t, r.Outcome(id), id); o.Status != checks.Fail || o.BlockedBy != c.failing[0] {
					t.Errorf("%s: %s, blocked by %q; want fail, blocked by %s", id, o.Status, o.BlockedBy, c.failing[0])
				}
			}
			if d := testutil.Found(t, r.Outcome(c.failing[0]), c.failing[0]).Diagnosis; c.variant != labtest.ReceiverNoConnect && strings.Contains(d, "pg_monitor") {
				t.Errorf("the diagnosis blames pg_monitor, which is not the cause: %s", d)
			}
			wantPass(t, r, checks.IDServerSpan, checks.IDCollector, checks.IDPromScrape)
		})
	}

	// The receiver's README asks for a role with pg_monitor; on PostgreSQL 15
	// a plain LOGIN role reads every default statistic as well. This pins the
	// measurement the diagnoses above rely on: missing pg_monitor is no cause.
	t.Run("receiver: role without pg_monitor passes", func(t *testing.T) {
		l.StartCollector(t, labtest.ReceiverWithoutPGMonitor)
		l.StartPrometheus(t)
		r := verify(t, opts(20*time.Second))
		wantPass(t, r, checks.IDPGCommits, checks.IDPGRows)
	})

	t.Run("Collector exports to a wrong endpoint", func(t *testing.T) {
		l.StartCollector(t, labtest.WrongExporterEndpoint)
		l.StartPrometheus(t)
		r := verify(t, opts(12*time.Second)) // a new Prometheus scrapes after ~5 s
		for _, id := range []string{checks.IDCollector, checks.IDServerSpan, checks.IDDBSpan} {
			wantFail(t, r, id, "the Collector receives spans but cannot export them to Jaeger", "exporters.otlp_grpc/jaeger.endpoint")
		}
		wantPass(t, r, checks.IDBackendTraffic, checks.IDPromScrape, checks.IDPGRows)
	})

	t.Run("Collector stopped", func(t *testing.T) {
		l.StartPrometheus(t) // no Collector
		r := verify(t, opts(6*time.Second))
		for _, id := range []string{checks.IDCollector, checks.IDServerSpan, checks.IDPGCommits, checks.IDPGRows} {
			wantFail(t, r, id, "the Collector does not answer at", "labctl up")
		}
		wantFail(t, r, checks.IDPromScrape, "Prometheus cannot scrape job otel-collector", "connection refused", "the Collector is not running")
		wantPass(t, r, checks.IDBackendTraffic)
	})

	t.Run("backend down", func(t *testing.T) {
		o := opts(3 * time.Second)
		o.BackendURL = "http://127.0.0.1:" + strconv.Itoa(testbed.FreePort(t))
		r := verify(t, o) // Jaeger still answers, so verify runs
		wantFail(t, r, checks.IDBackendTraffic, "the backend does not answer at "+o.BackendURL)
		wantFail(t, r, checks.IDServerSpan, "the backend does not answer")
	})

	// The backend cannot reach its database (a wrong POSTGRES_PASSWORD): it
	// answers, with 503s (the template backend: "database not ready").
	t.Run("backend answers 503", func(t *testing.T) {
		l.StartCollector(t, labtest.Good)
		l.StartPrometheus(t)
		o := opts(6 * time.Second)
		o.BackendURL = l.StartBackend(t, map[string]string{"POSTGRES_PASSWORD": "not-the-password"})
		r := verify(t, o)
		wantFail(t, r, checks.IDBackendTraffic, "POST /products/ → 503", "database not ready", "labctl logs backend", "POSTGRES_")
	})

	t.Run("Jaeger query down", func(t *testing.T) {
		l.StartCollector(t, labtest.Good)
		l.StartPrometheus(t)
		o := opts(5 * time.Second)
		o.JaegerAddr = "127.0.0.1:" + strconv.Itoa(testbed.FreePort(t))
		r := verify(t, o)
		for _, id := range []string{checks.IDJaegerService, checks.IDServerSpan} {
			wantFail(t, r, id, "Jaeger's query service does not answer at "+o.JaegerAddr, "--jaeger")
		}
		wantPass(t, r, checks.IDBackendTraffic, checks.IDCollector)
	})

	t.Run("Prometheus has no Collector job", func(t *testing.T) {
		l.StartCollector(t, labtest.Good)
		l.StartPrometheusWithout(t, render.JobCollectorExporter)
		r := verify(t, opts(6*time.Second))
		wantFail(t, r, checks.IDPromScrape, `Prometheus has no target in job "otel-collector"`)
		wantPass(t, r, checks.IDServerSpan, checks.IDCollector)
	})

	t.Run("receiver collects too rarely", func(t *testing.T) {
		l.StartCollector(t, labtest.ReceiverRarely)
		l.StartPrometheus(t)
		r := verify(t, opts(12*time.Second))
		wantFail(t, r, checks.IDPGCommits, "postgresql_commits_total stayed at", "collection_interval")
		wantPass(t, r, checks.IDServerSpan, checks.IDCollector, checks.IDPromScrape)
	})

	t.Run("no postgresql receiver in the metrics pipeline", func(t *testing.T) {
		l.StartCollector(t, labtest.NoPostgresInPipeline)
		l.StartPrometheus(t)
		r := verify(t, opts(12*time.Second))
		for _, id := range []string{checks.IDPGCommits, checks.IDPGRows} {
			wantFail(t, r, id, "the Collector serves no postgresql_", "in a metrics pipeline")
		}
		wantPass(t, r, checks.IDServerSpan, checks.IDCollector, checks.IDPromScrape)
	})

	// The receiver works (its commits are served) but reads a database
	// with no table: postgresql_rows fails, and its diagnosis does not
	// tell to put the receiver in a pipeline (issue 26).
	t.Run("receiver reads a database with no table", func(t *testing.T) {
		l.StartCollector(t, labtest.ReceiverOtherDatabase)
		l.StartPrometheus(t)
		r := verify(t, opts(15*time.Second))
		wantPass(t, r, checks.IDServerSpan, checks.IDCollector, checks.IDPromScrape, checks.IDPGCommits)
		wantFail(t, r, checks.IDPGRows, "serves postgresql_commits_total, so its postgresql receiver reads PostgreSQL", "receivers.postgresql.databases")
		if d := testutil.Found(t, r.Outcome(checks.IDPGRows), checks.IDPGRows).Diagnosis; strings.Contains(d, "in a metrics pipeline") || strings.Contains(d, "can reach PostgreSQL") {
			t.Errorf("the diagnosis doubts a receiver the commits prove works: %s", d)
		}
	})

	// verify reads another Jaeger than the one the Collector exports to (an
	// empty one): the Collector's counters show the spans left.
	t.Run("Collector exports to another Jaeger", func(t *testing.T) {
		l.StartCollector(t, labtest.Good)
		l.StartPrometheus(t)
		o := opts(6 * time.Second)
		o.JaegerAddr = testbed.StartJaeger(t).QueryGRPC
		r := verify(t, o)
		wantFail(t, r, checks.IDJaegerService, "the Collector exported", "through otlp_grpc/jaeger but Jaeger at "+o.JaegerAddr+" has none", "exporters.otlp_grpc/jaeger.endpoint")
		wantPass(t, r, checks.IDBackendTraffic, checks.IDCollector)
	})

	// The same with the Collector's own metrics out of reach (a project that
	// does not publish its port 8888): labctl cannot tell where the spans
	// stop, and says so rather than "the Collector exported 0 spans".
	t.Run("Collector metrics not reachable, spans to another Jaeger", func(t *testing.T) {
		l.StartCollector(t, labtest.Good)
		l.StartPrometheus(t)
		o := opts(6 * time.Second)
		o.JaegerAddr = testbed.StartJaeger(t).QueryGRPC
		o.Edit = func(lab *model.Lab) {
			lab.Endpoints.CollectorMetrics.Addr, lab.Endpoints.CollectorMetrics.Hint = "", "publish the Collector's port 8888"
		}
		r := verify(t, o)
		for _, id := range []string{checks.IDJaegerService, checks.IDCollector} {
			wantFail(t, r, id, "Jaeger at "+o.JaegerAddr+" has received no spans from any service, and labctl cannot read the Collector's own metrics (not reachable from this machine: publish the Collector's port 8888)")
			if d := r.Outcome(id).Diagnosis; strings.Contains(d, "exported") {
				t.Errorf("%s: %s", id, d)
			}
		}
		wantPass(t, r, checks.IDBackendTraffic)
	})

	// The direct topology, while the backend still exports to the Collector's
	// port, where nothing runs: Jaeger (an empty one) never hears of it.
	t.Run("direct topology, backend exports elsewhere", func(t *testing.T) {
		cfg := *l.Config
		cfg.Topology = model.TopologyDirect
		o := run{Config: &cfg, Timeout: 5 * time.Second, Overrides: model.Overrides{JaegerAddr: testbed.StartJaeger(t).QueryGRPC}}
		r := verify(t, o)
		for _, id := range []string{checks.IDJaegerService, checks.IDServerSpan} {
			wantFail(t, r, id, "Jaeger has received no spans from any service: the backend sends no spans to Jaeger", "OTEL_EXPORTER_OTLP_ENDPOINT=http://")
		}
		wantPass(t, r, checks.IDBackendTraffic)
	})

	// A backend that makes spans but does not instrument FastAPI: spans of
	// the service reach Jaeger, none an HTTP server span. telemetrygen makes
	// them (a server span without http.*), into an empty Jaeger, while
	// verify runs; the lab's backend answers the traffic, its spans going to
	// the Collector's port, where nothing runs.
	t.Run("spans without FastAPI instrumentation", func(t *testing.T) {
		j := testbed.StartJaeger(t)
		gen := exec.Command(testbed.Bin(t, "telemetrygen"), "traces", "--otlp-endpoint", j.OTLPGRPC, "--otlp-insecure",
			"--duration", "4s", "--rate", "5", "--service", l.Config.ServiceName)
		var out strings.Builder
		gen.Stdout, gen.Stderr = &out, &out
		if err := gen.Start(); err != nil {
			t.Fatal(err)
		}
		cfg := *l.Config
		cfg.Topology = model.TopologyDirect
		r := verify(t, run{Config: &cfg, Timeout: 6 * time.Second, Overrides: model.Overrides{JaegerAddr: j.QueryGRPC}})
		if err := gen.Wait(); err != nil {
			t.Fatalf("telemetrygen: %v\n%s", err, out.String())
		}
		wantPass(t, r, checks.IDBackendTraffic, checks.IDJaegerService)
		wantFail(t, r, checks.IDServerSpan, "no HTTP server span", "FastAPIInstrumentor")
	})

	t.Run("nothing answers", func(t *testing.T) {
		free := func() string { return "127.0.0.1:" + strconv.Itoa(testbed.FreePort(t)) }
		o := run{Config: l.Config, Timeout: 5 * time.Second, Overrides: model.Overrides{JaegerAddr: free(),
			PrometheusURL: "http://" + free(), BackendURL: "http://" + free(), CollectorMetricsURL: "http://" + free() + "/metrics"}}
		_, err := checks.Verify(context.Background(), o.options(t))
		if err == nil || !strings.Contains(err.Error(), "nothing answers at") || !strings.HasSuffix(err.Error(), "run labctl up") {
			t.Fatalf("err = %v, want nothing answers ...; run labctl up", err)
		}
	})
}
