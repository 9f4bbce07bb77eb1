package labtest

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/labctl/labctl/internal/config"
	"github.com/labctl/labctl/internal/render"
	"github.com/labctl/labctl/internal/testbed"
)

// Variant breaks one stage of the Collector's config.
type Variant int

const (
	// Good is labctl's rendered config, on 127.0.0.1 ports.
	Good Variant = iota
	// WrongExporterEndpoint points otlp_grpc/jaeger at a port nothing listens on.
	WrongExporterEndpoint
	// WrongReceiverPassword gives the postgresql receiver a bad password.
	WrongReceiverPassword
	// ReceiverNoSuchRole logs the receiver in as a role PostgreSQL does not have.
	ReceiverNoSuchRole
	// ReceiverNoLogin logs it in as a role made with CREATE ROLE (no LOGIN),
	// granted pg_monitor.
	ReceiverNoLogin
	// ReceiverNoConnect has it read a database whose CONNECT is revoked from
	// PUBLIC, as a role with pg_monitor (which grants no CONNECT).
	ReceiverNoConnect
	// ReceiverWithoutPGMonitor logs it in as a plain LOGIN role: PostgreSQL 15
	// lets any role read what the receiver reads by default, so this passes.
	ReceiverWithoutPGMonitor
	// ReceiverRarely collects once an hour: once at the start, then not
	// again while verify runs.
	ReceiverRarely
	// NoPostgresInPipeline leaves the postgresql receiver out of the metrics
	// pipeline (which then takes OTLP metrics only).
	NoPostgresInPipeline
	// ReceiverOtherDatabase has the receiver read a database with no
	// table (lab_empty), not the backend's: its commits are served,
	// postgresql_rows is not.
	ReceiverOtherDatabase
)

// variantLogins are the receiver variants' roles, made once per lab
// (Lab.roles) with the database only lab_noconnect cannot connect to.
var variantLogins = map[Variant]struct{ user, password, db string }{
	ReceiverNoLogin:          {"lab_nologin", "pw-nologin", ""},
	ReceiverNoConnect:        {"lab_noconnect", "pw-noconnect", "lab_locked"},
	ReceiverWithoutPGMonitor: {"lab_plain", "pw-plain", ""},
}

// login is the role, password and databases a variant gives the receiver.
func (l *Lab) login(t *testing.T, v Variant) (user, password string, dbs []string) {
	t.Helper()
	user, password, dbs = l.Config.Postgres.MonitorUser, l.MonitorPassword, []string{l.PG.DB}
	switch v {
	case WrongReceiverPassword:
		password = "not-the-password"
	case ReceiverNoSuchRole:
		user = "nosuchrole"
	case ReceiverOtherDatabase:
		l.emptyDB.Do(func() { l.PG.Psql(t, "CREATE DATABASE lab_empty") })
		dbs = []string{"lab_empty"}
	}
	r, ok := variantLogins[v]
	if !ok {
		return user, password, dbs
	}
	l.roles.Do(func() {
		l.PG.Psql(t, "CREATE ROLE lab_nologin PASSWORD 'pw-nologin'; GRANT pg_monitor TO lab_nologin;"+
			"CREATE ROLE lab_noconnect LOGIN PASSWORD 'pw-noconnect'; GRANT pg_monitor TO lab_noconnect;"+
			"CREATE ROLE lab_plain LOGIN PASSWORD 'pw-plain';")
		l.PG.Psql(t, "CREATE DATABASE lab_locked")
		l.PG.Psql(t, "REVOKE CONNECT ON DATABASE lab_locked FROM PUBLIC")
	})
	if r.db != "" {
		dbs = []string{r.db}
	}
	return r.user, r.password, dbs
}

// StartCollector runs the Collector with labctl's rendered config moved to
// the lab's 127.0.0.1 ports (OTLP, exporter, own metrics, health), the
// postgresql receiver collecting every second, and the batch processor
// flushing every 200 ms. It stops when t ends.
func (l *Lab) StartCollector(t *testing.T, v Variant) *testbed.Collector {
	t.Helper()
	p := l.Config.Ports
	c := render.NewCollectorConfig(l.Config)
	local := func(port int) string { return fmt.Sprintf("127.0.0.1:%d", port) }

	set(t, c.Receivers, local(p.OTLPGRPC), "otlp", "protocols", "grpc", "endpoint")
	set(t, c.Receivers, local(p.OTLPHTTP), "otlp", "protocols", "http", "endpoint")
	set(t, c.Receivers, l.PG.Addr(), "postgresql", "endpoint")
	user, pw, dbs := l.login(t, v)
	if user != l.Config.Postgres.MonitorUser {
		// What verify knows of the lab says who the receiver logs in as.
		old := l.Config.Postgres.MonitorUser
		l.Config.Postgres.MonitorUser = user
		t.Cleanup(func() { l.Config.Postgres.MonitorUser = old })
	}
	set(t, c.Receivers, user, "postgresql", "username")
	set(t, c.Receivers, dbs, "postgresql", "databases")
	interval := "1s"
	if v == ReceiverRarely {
		interval = "1h"
	}
	set(t, c.Receivers, interval, "postgresql", "collection_interval")
	if v == NoPostgresInPipeline {
		m := c.Service.Pipelines["metrics"]
		m.Receivers = []string{"otlp"}
		c.Service.Pipelines["metrics"] = m
	}
	c.Processors["batch"] = map[string]any{"timeout": "200ms"}
	jaeger := l.Jaeger.OTLPGRPC
	if v == WrongExporterEndpoint {
		jaeger = local(testbed.FreePort(t))
	}
	set(t, c.Exporters, jaeger, render.JaegerExporter, "endpoint")
	set(t, c.Exporters, local(p.CollectorPrometheus), "prometheus", "endpoint")
	set(t, c.Extensions, local(p.CollectorHealth), "health_check", "endpoint")
	set(t, c.Service.Telemetry, []any{map[string]any{"pull": map[string]any{"exporter": map[string]any{
		"prometheus": map[string]any{"host": "127.0.0.1", "port": p.CollectorMetrics}}}}}, "metrics", "readers")

	out, err := yaml.Marshal(c)
	if err != nil {
		t.Fatalf("labtest: marshal the Collector config: %v", err)
	}
	return testbed.StartCollector(t, string(out), map[string]string{config.EnvMonitorPassword: pw})
}

// set puts value at path in a generated config, failing the test when the
// config no longer has that shape (internal/render changed).
func set(t *testing.T, m map[string]any, value any, path ...string) {
	t.Helper()
	for i, k := range path[:len(path)-1] {
		next, ok := m[k].(map[string]any)
		if !ok {
			t.Fatalf("labtest: the rendered Collector config has no mapping at %v", path[:i+1])
		}
		m = next
	}
	last := path[len(path)-1]
	if _, ok := m[last]; !ok {
		t.Fatalf("labtest: the rendered Collector config has no key %v", path)
	}
	m[last] = value
}

// StartPrometheus runs Prometheus with labctl's rendered prometheus.yml,
// scraping the Collector every second, and sets Config.Ports.Prometheus to
// the port the test bed chose. It stops when t ends.
func (l *Lab) StartPrometheus(t *testing.T) *testbed.Prometheus {
	t.Helper()
	return l.StartPrometheusWithout(t)
}

// StartPrometheusWithout is StartPrometheus with the named scrape jobs left
// out of the rendered prometheus.yml.
func (l *Lab) StartPrometheusWithout(t *testing.T, jobs ...string) *testbed.Prometheus {
	t.Helper()
	pc := render.NewPrometheusConfig()
	pc.ScrapeConfigs = slices.DeleteFunc(pc.ScrapeConfigs, func(sc render.ScrapeConfig) bool { return slices.Contains(jobs, sc.JobName) })
	pc.Global.ScrapeInterval, pc.Global.EvaluationInterval = "1s", "1s"
	p := l.Config.Ports
	for i := range pc.ScrapeConfigs {
		sc := &pc.ScrapeConfigs[i]
		switch sc.JobName {
		case render.JobCollectorExporter:
			sc.StaticConfigs = []render.StaticConfig{{Targets: []string{fmt.Sprintf("127.0.0.1:%d", p.CollectorPrometheus)}}}
		case render.JobCollectorInternal:
			sc.StaticConfigs = []render.StaticConfig{{Targets: []string{fmt.Sprintf("127.0.0.1:%d", p.CollectorMetrics)}}}
		default:
			t.Fatalf("labtest: unexpected job %q in the rendered prometheus.yml", sc.JobName)
		}
	}
	out, err := yaml.Marshal(pc)
	if err != nil {
		t.Fatalf("labtest: marshal prometheus.yml: %v", err)
	}
	prom := testbed.StartPrometheus(t, string(out))
	l.Config.Ports.Prometheus = port(t, prom.Addr)
	return prom
}

// WriteConfig writes dir/labctl.yaml with the lab's ports, for running the
// real labctl binary against it; it returns the file's path.
func (l *Lab) WriteConfig(t *testing.T, dir string) string {
	t.Helper()
	doc := map[string]any{
		"service_name": l.Config.ServiceName,
		"topology":     string(l.Config.Topology),
		"ports":        l.Config.Ports.ByKey(),
	}
	out, err := yaml.Marshal(doc)
	if err != nil {
		t.Fatalf("labtest: marshal labctl.yaml: %v", err)
	}
	path := filepath.Join(dir, config.DefaultConfigFile)
	if err := os.WriteFile(path, out, 0o644); err != nil {
		t.Fatalf("labtest: %v", err)
	}
	return path
}
