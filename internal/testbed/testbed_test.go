package testbed_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/labctl/labctl/internal/testbed"
)

func TestFreePortAndLabConfig(t *testing.T) {
	t.Parallel()
	if p := testbed.FreePort(t); p <= 0 || p > 65535 {
		t.Fatalf("FreePort = %d", p)
	}
	cfg := testbed.LabConfig(t)
	if !filepath.IsAbs(cfg) {
		t.Fatalf("LabConfig = %q, want an absolute path", cfg)
	}
	b, err := os.ReadFile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{testbed.ImageJaeger, testbed.ImageCollector, testbed.ImagePostgres,
		testbed.ImagePrometheus, testbed.ImagePython} {
		if !strings.Contains(string(b), want) {
			t.Errorf("%s does not name image %s", cfg, want)
		}
	}
}

func TestStartPostgres(t *testing.T) {
	t.Parallel()
	pg := testbed.StartPostgres(t)
	if got := pg.Psql(t, "SELECT 40 + 2"); got != "42" {
		t.Fatalf("SELECT 40 + 2 = %q", got)
	}
	if got := pg.Psql(t, "SELECT rolsuper FROM pg_roles WHERE rolname = current_user"); got != "t" {
		t.Fatalf("user %s is not a superuser: %q", pg.User, got)
	}
	// The password is really checked over TCP.
	cmd := exec.Command(filepath.Join(testbed.PGBin, "psql"), "-X", "-h", pg.Host, "-p", fmt.Sprint(pg.Port),
		"-U", pg.User, "-d", pg.DB, "-c", "SELECT 1")
	cmd.Env = append(os.Environ(), "PGPASSWORD=wrong")
	if out, err := cmd.CombinedOutput(); err == nil || !strings.Contains(string(out), "password authentication failed") {
		t.Fatalf("psql with a wrong password: err=%v, output %s", err, out)
	}
	if !strings.HasPrefix(pg.DSN, "postgres://postgres:") || !strings.Contains(pg.DSN, pg.Addr()) {
		t.Errorf("DSN = %q", pg.DSN)
	}
}

// getJSON decodes GET url into v.
func getJSON(ctx context.Context, url string, v any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s %s", url, resp.Status, b)
	}
	return json.Unmarshal(b, v)
}

// eventually retries f every 200 ms for up to d.
func eventually(t *testing.T, d time.Duration, what string, f func(ctx context.Context) error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	for {
		err := f(ctx)
		if err == nil {
			return
		}
		select {
		case <-ctx.Done():
			t.Fatalf("%s: not after %s: %v", what, d, err)
		case <-time.After(200 * time.Millisecond):
		}
	}
}

func jaegerHasService(j *testbed.Jaeger, service string) func(ctx context.Context) error {
	return func(ctx context.Context) error {
		var r struct{ Data []string }
		if err := getJSON(ctx, j.URL()+"/api/services", &r); err != nil {
			return err
		}
		for _, s := range r.Data {
			if s == service {
				return nil
			}
		}
		return fmt.Errorf("service %q not in %v", service, r.Data)
	}
}

func sendTraces(t *testing.T, endpoint, service string) {
	t.Helper()
	out, err := exec.Command(testbed.Bin(t, "telemetrygen"), "traces", "--otlp-endpoint", endpoint, "--otlp-insecure",
		"--traces", "3", "--rate", "0", "--service", service).CombinedOutput()
	if err != nil {
		t.Fatalf("telemetrygen: %v\n%s", err, out)
	}
}

func TestStartJaeger(t *testing.T) {
	t.Parallel()
	j := testbed.StartJaeger(t)
	sendTraces(t, j.OTLPGRPC, "testbed-direct")
	eventually(t, 10*time.Second, "spans sent to Jaeger's OTLP gRPC", jaegerHasService(j, "testbed-direct"))
}

// TestPipeline runs the lab's data path with real processes: telemetrygen -> Collector (OTLP) ->
// Jaeger, and PostgreSQL -> Collector (postgresql receiver) -> prometheus exporter <- Prometheus.
func TestPipeline(t *testing.T) {
	t.Parallel()
	pg := testbed.StartPostgres(t)
	j := testbed.StartJaeger(t)
	otlp, promExp, health := testbed.FreePort(t), testbed.FreePort(t), testbed.FreePort(t)
	col := testbed.StartCollector(t, fmt.Sprintf(`
receivers:
  otlp:
    protocols:
      grpc:
        endpoint: 127.0.0.1:%d
  postgresql:
    endpoint: ${env:PG_ADDR}
    username: ${env:PG_USER}
    password: ${env:PG_PASSWORD}
    databases: [postgres]
    collection_interval: 1s
    tls:
      insecure: true
processors:
  batch:
    timeout: 200ms
exporters:
  otlp_grpc/jaeger:
    endpoint: %s
    tls:
      insecure: true
  prometheus:
    endpoint: 127.0.0.1:%d
extensions:
  health_check:
    endpoint: 127.0.0.1:%d
service:
  extensions: [health_check]
  pipelines:
    traces:
      receivers: [otlp]
      processors: [batch]
      exporters: [otlp_grpc/jaeger]
    metrics:
      receivers: [postgresql]
      processors: [batch]
      exporters: [prometheus]
`, otlp, j.OTLPGRPC, promExp, health), map[string]string{
		"PG_ADDR": pg.Addr(), "PG_USER": pg.User, "PG_PASSWORD": pg.Password,
	})
	if col.Metrics == "" {
		t.Fatal("StartCollector did not choose a port for the Collector's own metrics")
	}
	prom := testbed.StartPrometheus(t, fmt.Sprintf(`
global:
  scrape_interval: 1s
scrape_configs:
  - job_name: otelcol
    static_configs:
      - targets: ["127.0.0.1:%d"]
`, promExp))

	sendTraces(t, fmt.Sprintf("127.0.0.1:%d", otlp), "testbed-via-collector")
	eventually(t, 15*time.Second, "spans through the Collector into Jaeger", jaegerHasService(j, "testbed-via-collector"))

	eventually(t, 30*time.Second, "postgresql_backends in Prometheus", func(ctx context.Context) error {
		var r struct {
			Status string
			Data   struct{ Result []json.RawMessage }
		}
		if err := getJSON(ctx, prom.URL()+"/api/v1/query?query=postgresql_backends", &r); err != nil {
			return err
		}
		if r.Status != "success" || len(r.Data.Result) == 0 {
			return fmt.Errorf("no series yet (%s)", r.Status)
		}
		return nil
	})
	eventually(t, 10*time.Second, "Collector self-metrics", func(ctx context.Context) error {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+col.Metrics+"/metrics", nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if !strings.Contains(string(b), "otelcol_receiver_accepted_spans") {
			return fmt.Errorf("otelcol_receiver_accepted_spans not in %s/metrics", col.Metrics)
		}
		return nil
	})
}

func TestValidateCollectorConfig(t *testing.T) {
	t.Parallel()
	testbed.Bin(t, "otelcol")
	dir := t.TempDir()
	good := filepath.Join(dir, "good.yaml")
	bad := filepath.Join(dir, "bad.yaml")
	const cfg = `
receivers:
  otlp:
    protocols:
      grpc:
        endpoint: 127.0.0.1:0
exporters:
  %s: {}
service:
  pipelines:
    traces:
      receivers: [otlp]
      exporters: [%s]
`
	os.WriteFile(good, []byte(fmt.Sprintf(cfg, "debug", "debug")), 0o644)
	os.WriteFile(bad, []byte(fmt.Sprintf(cfg, "jaegerr", "jaegerr")), 0o644)
	ctx := context.Background()
	if err := testbed.ValidateCollectorConfig(ctx, good); err != nil {
		t.Fatalf("valid config rejected: %v", err)
	}
	err := testbed.ValidateCollectorConfig(ctx, bad)
	if err == nil || !strings.Contains(err.Error(), "jaegerr") {
		t.Fatalf("broken config: err = %v, want a message naming the unknown type", err)
	}
}

func TestPromtool(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cfg := filepath.Join(dir, "prometheus.yml")
	os.WriteFile(cfg, []byte("scrape_configs:\n  - job_name: x\n    static_configs:\n      - targets: [\"a:1\"]\n"), 0o644)
	if out, err := exec.Command(testbed.Promtool(t), "check", "config", cfg).CombinedOutput(); err != nil {
		t.Fatalf("promtool check config: %v\n%s", err, out)
	}
	os.WriteFile(cfg, []byte("scrape_configs:\n  - job_nam: x\n"), 0o644)
	if out, err := exec.Command(testbed.Promtool(t), "check", "config", cfg).CombinedOutput(); err == nil {
		t.Fatalf("promtool accepted a broken config:\n%s", out)
	}
}

func TestVenv(t *testing.T) {
	t.Parallel()
	py := filepath.Join(testbed.Venv(t), "bin", "python")
	out, err := exec.Command(py, "-c",
		"import fastapi, uvicorn, sqlalchemy, psycopg2, opentelemetry.sdk, opentelemetry.instrumentation.fastapi; print('ok')").CombinedOutput()
	if err != nil || strings.TrimSpace(string(out)) != "ok" {
		t.Fatalf("venv imports: %v\n%s", err, out)
	}
}

func TestImages(t *testing.T) {
	t.Parallel()
	for _, ref := range []string{testbed.ImageBase, testbed.ImagePostgres, testbed.ImagePython,
		testbed.ImagePrometheus, testbed.ImageJaeger, testbed.ImageCollector} {
		testbed.RequireImage(t, ref)
	}
}

// TestPostgresImage checks the official postgres image's contract on labctl-bed/postgres:
// POSTGRES_* variables, init scripts (.sh and .sql) run once, password auth from other hosts.
func TestPostgresImage(t *testing.T) {
	t.Parallel()
	testbed.RequireImage(t, testbed.ImagePostgres)
	if _, err := exec.LookPath("docker"); err != nil {
		testbed.Missing(t, "docker CLI: %v", err)
	}
	initDir := t.TempDir()
	os.Chmod(initDir, 0o755) // read by the container's postgres user
	os.WriteFile(filepath.Join(initDir, "01-user.sh"), []byte(`#!/bin/sh
set -e
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" -c "CREATE ROLE otel LOGIN PASSWORD 'otelpw'; GRANT pg_monitor TO otel;"
`), 0o755)
	os.WriteFile(filepath.Join(initDir, "02-table.sql"), []byte("CREATE TABLE product (id int); INSERT INTO product VALUES (7); GRANT SELECT ON product TO otel;\n"), 0o644)
	name := fmt.Sprintf("labctl-testbed-pg-%d", time.Now().UnixNano())
	docker := func(args ...string) (string, error) {
		out, err := exec.Command("docker", args...).CombinedOutput()
		return strings.TrimSpace(string(out)), err
	}
	if out, err := docker("run", "-d", "--name", name, "-e", "POSTGRES_PASSWORD=secret", "-e", "POSTGRES_USER=lab",
		"-e", "POSTGRES_DB=shop", "-v", initDir+":/docker-entrypoint-initdb.d:ro", testbed.ImagePostgres); err != nil {
		t.Fatalf("docker run: %v\n%s", err, out)
	}
	t.Cleanup(func() {
		if t.Failed() {
			out, _ := docker("logs", name)
			t.Logf("docker logs %s:\n%s", name, out)
		}
		docker("rm", "-f", "-v", name)
	})
	eventually(t, 60*time.Second, "pg_isready in the container", func(context.Context) error {
		out, err := docker("exec", name, "pg_isready", "-U", "lab", "-d", "shop")
		if err != nil {
			return fmt.Errorf("%v: %s", err, out)
		}
		// Ready only once the init phase (Unix socket only) is over: check TCP too.
		out, err = docker("exec", "-e", "PGPASSWORD=otelpw", name, "psql", "-h", "127.0.0.1", "-U", "otel", "-d", "shop",
			"-Atc", "SELECT id FROM product")
		if err != nil || out != "7" {
			return fmt.Errorf("psql over TCP as otel: %v: %s", err, out)
		}
		return nil
	})
	if out, _ := docker("exec", name, "cat", "/proc/1/comm"); out != "postgres" {
		t.Errorf("PID 1 is %q, want postgres", out)
	}
	if out, err := docker("exec", "-e", "PGPASSWORD=bad", name, "psql", "-h", "127.0.0.1", "-U", "lab", "-d", "shop",
		"-c", "SELECT 1"); err == nil {
		t.Errorf("wrong password accepted over TCP: %s", out)
	}
}

// A whole labctl.yaml asks for ten ports at once: they must all differ.
func TestFreePortNeverRepeats(t *testing.T) {
	seen := map[int]bool{}
	for range 300 {
		p := testbed.FreePort(t)
		if seen[p] {
			t.Fatalf("FreePort returned %d twice", p)
		}
		seen[p] = true
	}
	// Below the kernel's ephemeral range, where connections take theirs.
	if data, err := os.ReadFile("/proc/sys/net/ipv4/ip_local_port_range"); err == nil {
		var first int
		if _, err := fmt.Sscan(string(data), &first); err == nil && first >= 12000 {
			for p := range seen {
				if p < 10000 || p >= first {
					t.Errorf("FreePort returned %d, outside 10000-%d", p, first)
					break
				}
			}
		}
	}
}

// Under CI, -short must not drop the tests that start real components.
func TestSkipShortFailsUnderCI(t *testing.T) {
	if os.Getenv("LABCTL_SKIPSHORT_CHILD") == "1" {
		testbed.SkipShort(t, "starts things")
		return
	}
	for _, ci := range []string{"true", ""} {
		cmd := exec.Command(os.Args[0], "-test.run=^TestSkipShortFailsUnderCI$", "-test.short", "-test.v")
		cmd.Env = append(os.Environ(), "LABCTL_SKIPSHORT_CHILD=1", "CI="+ci)
		out, err := cmd.CombinedOutput()
		switch {
		case ci != "" && (err == nil || !strings.Contains(string(out), "-short under CI would skip a test that starts things")):
			t.Errorf("CI=%s: err %v, want a failure naming -short:\n%s", ci, err, out)
		case ci == "" && (err != nil || !strings.Contains(string(out), "SKIP")):
			t.Errorf("without CI: err %v, want a skip:\n%s", err, out)
		}
	}
}

// Lacks skips locally and fails under CI, as Missing does.
func TestLacksFailsUnderCI(t *testing.T) {
	if os.Getenv("LABCTL_LACKS_CHILD") == "1" {
		testbed.Lacks(t, "a part %s", "x")
		return
	}
	for _, ci := range []string{"true", ""} {
		cmd := exec.Command(os.Args[0], "-test.run=^TestLacksFailsUnderCI$", "-test.v")
		cmd.Env = append(os.Environ(), "LABCTL_LACKS_CHILD=1", "CI="+ci)
		out, err := cmd.CombinedOutput()
		switch {
		case ci != "" && (err == nil || !strings.Contains(string(out), "this machine lacks a part x")):
			t.Errorf("CI=%s: err %v, want a failure naming the part:\n%s", ci, err, out)
		case ci == "" && (err != nil || !strings.Contains(string(out), "SKIP")):
			t.Errorf("without CI: err %v, want a skip:\n%s", err, out)
		}
	}
}
