// Package labtest runs the lab as real processes for verify's integration
// tests: PostgreSQL, Jaeger v2, the OpenTelemetry Collector and Prometheus
// from the test bed (internal/testbed), and the template backend under
// uvicorn from the test bed's venv. The Collector and Prometheus configs are
// the ones labctl renders (internal/stack), moved to 127.0.0.1 ports and
// given short intervals; variants break one stage each.
package labtest

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/labctl/labctl/internal/lab"
	"github.com/labctl/labctl/internal/testbed"
)

// Lab is PostgreSQL, Jaeger and the backend, running; the Collector and
// Prometheus are started per test with StartCollector and StartPrometheus.
type Lab struct {
	// Config is lab.Default with its ports set to where things run.
	Config *lab.Config
	PG     *testbed.Postgres
	Jaeger *testbed.Jaeger
	// MonitorPassword is the password of the pg_monitor role (Config.Postgres.MonitorUser).
	MonitorPassword string
	// BackendLog is the backend's output so far.
	BackendLog func() string
}

// Start runs PostgreSQL (with the pg_monitor role), Jaeger and the backend.
// The backend sends its spans to the Collector's OTLP port
// (Config.Ports.OTLPGRPC) whether or not a Collector runs there.
func Start(t *testing.T) *Lab {
	t.Helper()
	testbed.Require(t)
	venv := testbed.Venv(t)
	cfg := lab.Default()
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

	l.BackendLog = startBackend(t, venv, map[string]string{
		"POSTGRES_HOST":               pg.Host,
		"POSTGRES_PORT":               strconv.Itoa(pg.Port),
		"POSTGRES_USER":               pg.User,
		"POSTGRES_PASSWORD":           pg.Password,
		"POSTGRES_DB":                 pg.DB,
		"OTEL_RESOURCE_ATTRIBUTES":    "service.name=" + cfg.ServiceName,
		"OTEL_EXPORTER_OTLP_ENDPOINT": fmt.Sprintf("http://127.0.0.1:%d", p.OTLPGRPC),
		// Export at once and give up quickly on a dead Collector, so that a
		// test's spans do not wait behind the previous test's retries.
		"OTEL_BSP_SCHEDULE_DELAY":    "100",
		"OTEL_EXPORTER_OTLP_TIMEOUT": "2",
	}, p.Backend)
	return l
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

// startBackend runs the template backend (templates/backend) under uvicorn
// and waits until GET /health answers 200 (its database is there).
func startBackend(t *testing.T, venv string, env map[string]string, port int) func() string {
	t.Helper()
	dir, err := templateDir()
	if err != nil {
		t.Fatalf("labtest: %v", err)
	}
	cmd := exec.Command(filepath.Join(venv, "bin", "python"), "-m", "uvicorn", "backend.main:app",
		"--host", "127.0.0.1", "--port", strconv.Itoa(port))
	cmd.Dir = dir
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "OTEL_") && !strings.HasPrefix(kv, "POSTGRES_") && !strings.HasPrefix(kv, "ROOT_PATH=") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, "PYTHONDONTWRITEBYTECODE=1") // no __pycache__ in the embedded template
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	log := &syncBuffer{}
	cmd.Stdout, cmd.Stderr = log, log
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatalf("labtest: start uvicorn: %v", err)
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(10 * time.Second):
			_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			<-exited
		}
		if t.Failed() {
			t.Logf("--- backend (uvicorn) output:\n%s", tail(log.String(), 40))
		}
	})
	url := fmt.Sprintf("http://127.0.0.1:%d/health", port)
	deadline := time.Now().Add(testbed.StartTimeout)
	for {
		select {
		case <-exited:
			t.Fatalf("labtest: uvicorn exited:\n%s", tail(log.String(), 40))
		default:
		}
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
		}
		cancel()
		if err == nil && resp.StatusCode == http.StatusOK {
			return log.String
		}
		if time.Now().After(deadline) {
			t.Fatalf("labtest: backend not ready at %s after %s:\n%s", url, testbed.StartTimeout, tail(log.String(), 40))
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// templateDir is templates/backend in this module.
func templateDir() (string, error) {
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		return "", fmt.Errorf("cannot locate the module")
	}
	dir := filepath.Join(filepath.Dir(file), "..", "..", "..", "templates", "backend")
	if _, err := os.Stat(filepath.Join(dir, "backend", "main.py")); err != nil {
		return "", fmt.Errorf("template backend not found: %w", err)
	}
	return filepath.Clean(dir), nil
}

type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
