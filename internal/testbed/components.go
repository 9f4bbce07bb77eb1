package testbed

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

func addr(port int) string { return net.JoinHostPort("127.0.0.1", strconv.Itoa(port)) }

// ---------------------------------------------------------------- PostgreSQL

// Postgres is a PostgreSQL 15 server (Debian's binaries) started by StartPostgres.
type Postgres struct {
	*Process
	Host     string // 127.0.0.1
	Port     int
	User     string // superuser, with Password (scram-sha-256 over TCP)
	Password string
	DB       string // an existing database
	DSN      string // postgres://user:password@127.0.0.1:port/db?sslmode=disable
	DataDir  string
}

// Addr returns host:port.
func (p *Postgres) Addr() string { return addr(p.Port) }

// StartPostgres runs initdb and postgres in a fresh directory, listening on a free port of
// 127.0.0.1 only, with superuser "postgres" and a random password; it returns once pg_isready
// succeeds. As root, the server runs as the system user postgres.
func StartPostgres(t testing.TB) *Postgres {
	t.Helper()
	for _, name := range []string{"initdb", "postgres", "pg_isready"} {
		if !isExecutable(filepath.Join(PGBin, name)) {
			Missing(t, "%s is missing (Debian package postgresql-15)", filepath.Join(PGBin, name))
		}
	}
	// initdb and postgres refuse to run as root: use the postgres account, in a directory it owns
	// (t.TempDir's parents are private to root).
	var cred *syscall.Credential
	uid, gid := -1, -1
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			Missing(t, "running as root needs the system user postgres: %v", err)
		}
		uid, _ = strconv.Atoi(u.Uid)
		gid, _ = strconv.Atoi(u.Gid)
		cred = &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
	}
	dir, err := os.MkdirTemp("", "labctl-testbed-pg-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	pw := randomHex(12)
	pwFile := filepath.Join(dir, "pwfile")
	writeFile(t, pwFile, pw+"\n")
	if cred != nil {
		for _, p := range []string{dir, pwFile} {
			if err := os.Chown(p, uid, gid); err != nil {
				t.Fatal(err)
			}
		}
	}
	pg := &Postgres{Host: "127.0.0.1", Port: FreePort(t), User: "postgres", Password: pw, DB: "postgres",
		DataDir: filepath.Join(dir, "data")}
	pg.DSN = (&url.URL{Scheme: "postgres", User: url.UserPassword(pg.User, pg.Password), Host: pg.Addr(),
		Path: "/" + pg.DB, RawQuery: "sslmode=disable"}).String()

	ctx, cancel := context.WithTimeout(context.Background(), StartTimeout)
	defer cancel()
	initdb := exec.CommandContext(ctx, filepath.Join(PGBin, "initdb"), "-D", pg.DataDir, "-U", pg.User,
		"--pwfile="+pwFile, "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C", "--no-sync")
	initdb.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
	initdb.Dir = dir
	if _, err := runTool(ctx, initdb); err != nil {
		t.Fatalf("start postgres: %v", err)
	}
	cmd := exec.Command(filepath.Join(PGBin, "postgres"), "-D", pg.DataDir, "-p", strconv.Itoa(pg.Port),
		"-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="+dir,
		"-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off")
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
	cmd.Dir = dir
	pg.Process = startProcess(t, "postgres", dir, cmd, syscall.SIGINT) // SIGINT: fast shutdown
	pg.waitReady(t, func(ctx context.Context) error {
		_, err := runTool(ctx, exec.CommandContext(ctx, filepath.Join(PGBin, "pg_isready"),
			"-h", pg.Host, "-p", strconv.Itoa(pg.Port), "-U", pg.User, "-d", pg.DB, "-t", "1"))
		return err
	})
	return pg
}

// Psql runs sql with psql (unaligned, tuples only, stop on error) as the superuser over TCP and
// returns its output; it fails the test on error.
func (p *Postgres) Psql(t testing.TB, sql string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), StartTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, filepath.Join(PGBin, "psql"), "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
		"-h", p.Host, "-p", strconv.Itoa(p.Port), "-U", p.User, "-d", p.DB, "-c", sql)
	cmd.Env = append(os.Environ(), "PGPASSWORD="+p.Password, "PGCONNECT_TIMEOUT=5")
	out, err := runTool(ctx, cmd)
	if err != nil {
		t.Fatalf("psql: %v", err)
	}
	return strings.TrimSpace(out)
}

// ---------------------------------------------------------------- Jaeger

// Jaeger is a Jaeger v2 all-in-one (memory storage) started by StartJaeger. Addresses are
// 127.0.0.1:port.
type Jaeger struct {
	*Process
	OTLPGRPC   string // OTLP gRPC receiver (4317 in the image)
	OTLPHTTP   string // OTLP HTTP receiver (4318)
	QueryHTTP  string // query HTTP API and UI (16686): /api/services, /api/v3/traces
	QueryGRPC  string // query gRPC, api_v2 and api_v3 (16685)
	Health     string // healthcheckv2 HTTP (13133): /status
	Metrics    string // Jaeger's own Prometheus metrics (8888)
	ConfigPath string
}

// URL returns the base URL of the query HTTP API, e.g. http://127.0.0.1:PORT.
func (j *Jaeger) URL() string { return "http://" + j.QueryHTTP }

// jaegerConfig is Jaeger's built-in all-in-one configuration (cmd/jaeger/internal/all-in-one.yaml)
// reduced to what the lab uses (OTLP in, memory storage, query, health), with every port free:
// the built-in one also binds fixed ports (5778, 9411, 14250, 27777, 8888, ...), which would
// clash between tests running in parallel.
const jaegerConfig = `service:
  extensions: [jaeger_storage, jaeger_query, healthcheckv2]
  pipelines:
    traces:
      receivers: [otlp]
      processors: [batch]
      exporters: [jaeger_storage_exporter]
  telemetry:
    resource:
      service.name: jaeger
    metrics:
      level: detailed
      readers:
        - pull:
            exporter:
              prometheus:
                host: 127.0.0.1
                port: %d
    logs:
      level: info
extensions:
  jaeger_storage:
    backends:
      memstore:
        memory:
          max_traces: 100000
  jaeger_query:
    storage:
      traces: memstore
    http:
      endpoint: %s
    grpc:
      endpoint: %s
  healthcheckv2:
    use_v2: true
    http:
      endpoint: %s
    grpc:
      endpoint: %s
receivers:
  otlp:
    protocols:
      grpc:
        endpoint: %s
      http:
        endpoint: %s
processors:
  batch:
exporters:
  jaeger_storage_exporter:
    trace_storage: memstore
`

// StartJaeger runs the jaeger binary (Jaeger v2.13.0) on free ports and returns once its health
// endpoint and /api/services answer.
func StartJaeger(t testing.TB) *Jaeger {
	t.Helper()
	bin := Bin(t, "jaeger")
	dir := t.TempDir()
	metricsPort := FreePort(t)
	j := &Jaeger{
		OTLPGRPC: addr(FreePort(t)), OTLPHTTP: addr(FreePort(t)),
		QueryHTTP: addr(FreePort(t)), QueryGRPC: addr(FreePort(t)),
		Health: addr(FreePort(t)), Metrics: addr(metricsPort),
		ConfigPath: filepath.Join(dir, "jaeger.yaml"),
	}
	healthGRPC := addr(FreePort(t))
	writeFile(t, j.ConfigPath, fmt.Sprintf(jaegerConfig, metricsPort, j.QueryHTTP, j.QueryGRPC, j.Health, healthGRPC,
		j.OTLPGRPC, j.OTLPHTTP))
	cmd := exec.Command(bin, "--config", j.ConfigPath)
	// always_off: Jaeger traces its own queries to 127.0.0.1:4317, where nothing listens, and
	// waits 10 s for that export when stopped.
	cmd.Env = append(os.Environ(), "JAEGER_LISTEN_HOST=127.0.0.1", "OTEL_TRACES_SAMPLER=always_off")
	j.Process = startProcess(t, "jaeger", dir, cmd, syscall.SIGTERM)
	health, services := httpOK("http://"+j.Health+"/status"), httpOK(j.URL()+"/api/services")
	j.waitReady(t, func(ctx context.Context) error {
		if err := health(ctx); err != nil {
			return err
		}
		return services(ctx)
	})
	return j
}

// ---------------------------------------------------------------- OpenTelemetry Collector

// Collector is an OpenTelemetry Collector (the otelcol built from test/bed/otelcol-builder.yaml)
// started by StartCollector.
type Collector struct {
	*Process
	ConfigPath string
	// Metrics is host:port of the Collector's own Prometheus metrics (/metrics) when StartCollector
	// chose it (the config has no service.telemetry section); empty otherwise.
	Metrics string
}

// StartCollector writes configYAML to a file and runs otelcol with it, with env added to the
// environment (for ${env:VAR} references); it returns once the Collector logs that everything is
// ready. The caller chooses the ports in its config (FreePort). When the config has no
// `telemetry:` section, the Collector's own metrics go to a free port (Collector.Metrics) instead
// of the default 127.0.0.1:8888, so that Collectors and Jaegers can run side by side.
func StartCollector(t testing.TB, configYAML string, env map[string]string) *Collector {
	t.Helper()
	bin := Bin(t, "otelcol")
	dir := t.TempDir()
	c := &Collector{ConfigPath: filepath.Join(dir, "otelcol.yaml")}
	writeFile(t, c.ConfigPath, configYAML)
	args := []string{"--config", c.ConfigPath}
	if !strings.Contains(configYAML, "telemetry:") {
		port := FreePort(t)
		c.Metrics = addr(port)
		args = append(args, fmt.Sprintf(
			"--set=service.telemetry.metrics.readers=[{pull: {exporter: {prometheus: {host: 127.0.0.1, port: %d}}}}]", port))
	}
	cmd := exec.Command(bin, args...)
	cmd.Env = os.Environ()
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	c.Process = startProcess(t, "otelcol", dir, cmd, syscall.SIGTERM)
	c.waitReady(t, c.logContains("Everything is ready"))
	return c
}

// ValidateCollectorConfig runs `otelcol validate --config path` with the test bed's Collector; the
// error carries the Collector's message (unknown component types, keys, references...).
func ValidateCollectorConfig(ctx context.Context, path string) error {
	bin := filepath.Join(Dir(), "bin", "otelcol")
	if !isExecutable(bin) {
		return fmt.Errorf("%s is not built: run test/bed/build", bin)
	}
	_, err := runTool(ctx, exec.CommandContext(ctx, bin, "validate", "--config", path))
	return err
}

// ---------------------------------------------------------------- Prometheus

// Prometheus is a Prometheus server (Debian's 2.42) started by StartPrometheus.
type Prometheus struct {
	*Process
	Addr       string // 127.0.0.1:port
	ConfigPath string
}

// URL returns the base URL of the HTTP API, e.g. http://127.0.0.1:PORT.
func (p *Prometheus) URL() string { return "http://" + p.Addr }

// StartPrometheus writes configYAML to a file and runs prometheus with it, storage in a temporary
// directory, on a free port; it returns once /-/ready answers.
func StartPrometheus(t testing.TB, configYAML string) *Prometheus {
	t.Helper()
	bin := Bin(t, "prometheus")
	dir := t.TempDir()
	p := &Prometheus{Addr: addr(FreePort(t)), ConfigPath: filepath.Join(dir, "prometheus.yml")}
	writeFile(t, p.ConfigPath, configYAML)
	cmd := exec.Command(bin, "--config.file="+p.ConfigPath, "--storage.tsdb.path="+filepath.Join(dir, "data"),
		"--web.listen-address="+p.Addr)
	p.Process = startProcess(t, "prometheus", dir, cmd, syscall.SIGTERM)
	p.waitReady(t, httpOK(p.URL()+"/-/ready"))
	return p
}

// Promtool returns the path of promtool (Debian's, same release as the Prometheus binary).
func Promtool(t testing.TB) string {
	t.Helper()
	return Bin(t, "promtool")
}

func randomHex(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return hex.EncodeToString(b)
}
