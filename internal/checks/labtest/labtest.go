// Package labtest runs the lab as real processes for verify's integration
// tests: PostgreSQL, Jaeger v2, the OpenTelemetry Collector and Prometheus
// from the test bed (internal/testbed), and the template backend under
// uvicorn from the test bed's venv. The Collector and Prometheus configs are
// the ones labctl renders (internal/render), moved to 127.0.0.1 ports and
// given short intervals; variants break one stage each.
package labtest

import (
	"fmt"
	"net"
	"os"
	"strconv"
	"sync"
	"testing"

	"github.com/labctl/labctl/internal/config"
	"github.com/labctl/labctl/internal/testbed"
)

// Lab is PostgreSQL, Jaeger and the backend, running; the Collector and
// Prometheus are started per test with StartCollector and StartPrometheus.
type Lab struct {
	// Config is config.Default with its ports set to where things run.
	Config *config.Config
	PG     *testbed.Postgres
	Jaeger *testbed.Jaeger
	// MonitorPassword is the password of the pg_monitor role (Config.Postgres.MonitorUser).
	MonitorPassword string
	// BackendLog is the backend's output so far.
	BackendLog func() string

	roles   sync.Once // the receiver variants' roles (configs.go)
	emptyDB sync.Once // ReceiverOtherDatabase's database
}

// Start runs PostgreSQL (with the pg_monitor role), Jaeger and the backend.
// The backend sends its spans to the Collector's OTLP port
// (Config.Ports.OTLPGRPC) whether or not a Collector runs there.
func Start(t *testing.T) *Lab {
	t.Helper()
	testbed.Require(t)
	cfg := config.Default()
	pg := testbed.StartPostgres(t)
	j := testbed.StartJaeger(t)
	l := &Lab{Config: cfg, PG: pg, Jaeger: j, MonitorPassword: "monitor-" + strconv.Itoa(os.Getpid())}
	pg.Psql(t, fmt.Sprintf("CREATE ROLE %s LOGIN PASSWORD '%s'; GRANT pg_monitor TO %s;",
		cfg.Postgres.MonitorUser, l.MonitorPassword, cfg.Postgres.MonitorUser))

	p := &cfg.Ports
	p.Backend, p.OTLPGRPC, p.OTLPHTTP = testbed.FreePort(t), testbed.FreePort(t), testbed.FreePort(t)
	p.CollectorHealth, p.CollectorMetrics, p.CollectorPrometheus = testbed.FreePort(t), testbed.FreePort(t), testbed.FreePort(t)
	p.Prometheus, p.Postgres = testbed.FreePort(t), pg.Port
	p.JaegerUI, p.JaegerGRPC = port(t, j.QueryHTTP), port(t, j.QueryGRPC)
	cfg.Postgres.DB = pg.DB

	l.BackendLog = testbed.StartBackend(t, l.backendEnv(nil), p.Backend, true).Log
	return l
}

// backendEnv is the backend's environment, with overrides.
func (l *Lab) backendEnv(overrides map[string]string) map[string]string {
	env := map[string]string{
		"POSTGRES_HOST":               l.PG.Host,
		"POSTGRES_PORT":               strconv.Itoa(l.PG.Port),
		"POSTGRES_USER":               l.PG.User,
		"POSTGRES_PASSWORD":           l.PG.Password,
		"POSTGRES_DB":                 l.PG.DB,
		"OTEL_RESOURCE_ATTRIBUTES":    "service.name=" + l.Config.ServiceName,
		"OTEL_EXPORTER_OTLP_ENDPOINT": fmt.Sprintf("http://127.0.0.1:%d", l.Config.Ports.OTLPGRPC),
		// Export at once and give up quickly on a dead Collector, so that a
		// test's spans do not wait behind the previous test's retries.
		"OTEL_BSP_SCHEDULE_DELAY":    "100",
		"OTEL_EXPORTER_OTLP_TIMEOUT": "2",
	}
	for k, v := range overrides {
		env[k] = v
	}
	return env
}

// StartBackend runs a second backend, with env overriding the lab's, on a
// free port, without waiting for it (verify waits for a backend to listen);
// it returns its URL. It stops when t ends.
func (l *Lab) StartBackend(t *testing.T, env map[string]string) string {
	t.Helper()
	return testbed.StartBackend(t, l.backendEnv(env), 0, false).URL
}

func port(t *testing.T, hostPort string) int {
	t.Helper()
	_, ps, err := net.SplitHostPort(hostPort)
	n, err2 := strconv.Atoi(ps)
	if err != nil || err2 != nil {
		t.Fatalf("labtest: bad address %q", hostPort)
	}
	return n
}

// BackendURL is where the backend listens.
func (l *Lab) BackendURL() string { return fmt.Sprintf("http://127.0.0.1:%d", l.Config.Ports.Backend) }
