package templates_test

// Real-process tests of the backend template (templates/backend): uvicorn from the test bed's
// venv, a real PostgreSQL and a real Jaeger v2 as plain processes, and the Docker image built
// offline on the test bed's Python image. Missing components skip the tests, or fail them under
// CI (see testbed.Missing).

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/labctl/labctl/internal/testbed"
	"github.com/labctl/labctl/templates"
)

const serviceName = "backend-service"

// TestBackendTemplateFiles checks what labctl embeds and copies: the student-shaped layout, and
// no stray Python caches.
func TestBackendTemplateFiles(t *testing.T) {
	fsys := templates.Backend()
	for _, name := range []string{
		"Dockerfile", ".dockerignore", "README.md", "requirements.txt",
		"backend/__init__.py", "backend/main.py", "backend/database.py", "backend/models.py",
	} {
		if _, err := fs.Stat(fsys, name); err != nil {
			t.Errorf("template lacks %s: %v", name, err)
		}
	}
	_ = fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			t.Fatal(err)
		}
		if d.Name() == "__pycache__" || strings.HasSuffix(p, ".pyc") {
			t.Errorf("template embeds %s (Python cache left in templates/backend?)", p)
		}
		return nil
	})

	main, err := fs.ReadFile(fsys, "backend/main.py")
	if err != nil {
		t.Fatal(err)
	}
	// The lines the lab teaches, verbatim, so a student can compare with their own project.
	for _, line := range []string{
		"from opentelemetry.exporter.otlp.proto.grpc.trace_exporter import OTLPSpanExporter",
		"tracerProvider = TracerProvider()",
		"tracerProvider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))",
		"trace.set_tracer_provider(tracerProvider)",
		"FastAPIInstrumentor.instrument_app(app",
		"SQLAlchemyInstrumentor().instrument(engine=engine)",
		`app = FastAPI(root_path=getenv("ROOT_PATH", "")`,
	} {
		if !bytes.Contains(main, []byte(line)) {
			t.Errorf("backend/main.py lacks %q", line)
		}
	}

	req, err := fs.ReadFile(fsys, "requirements.txt")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(req), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if !strings.Contains(line, "==") {
			t.Errorf("requirements.txt: %q is not pinned with ==", line)
		}
	}
}

// TestBackendTraces runs the template against PostgreSQL and Jaeger, exercises the CRUD routes
// and checks in Jaeger that requests gave a server span with a SQLAlchemy child span.
func TestBackendTraces(t *testing.T) {
	testbed.SkipShort(t, "starts PostgreSQL, Jaeger and uvicorn")
	testbed.Venv(t) // skip (or fail under CI) before starting anything when the venv is missing
	jaeger := testbed.StartJaeger(t)

	// The backend starts first, as in Compose where containers start together: it must come up
	// without its database and report itself not ready. Its database port is a relay that
	// starts forwarding to PostgreSQL once PostgreSQL is up.
	dbPort := testbed.FreePort(t)
	const dbPassword = "s3cret:/@x" // URL-special characters must survive URL building
	backend := startBackend(t, map[string]string{
		"POSTGRES_HOST":               "127.0.0.1",
		"POSTGRES_PORT":               strconv.Itoa(dbPort),
		"POSTGRES_USER":               "student",
		"POSTGRES_PASSWORD":           dbPassword,
		"POSTGRES_DB":                 "shop",
		"OTEL_RESOURCE_ATTRIBUTES":    "service.name=" + serviceName,
		"OTEL_EXPORTER_OTLP_ENDPOINT": "http://" + jaeger.OTLPGRPC,
	})
	waitFor(t, 30*time.Second, "uvicorn answering GET /", func() error {
		if backend.proc.Exited() {
			t.Fatalf("uvicorn exited:\n%s", backend.proc.Log())
		}
		_, err := backend.call("GET", "/", nil, http.StatusOK)
		return err
	})
	if code, body := backend.do(t, "GET", "/health", nil); code != http.StatusServiceUnavailable {
		t.Errorf("GET /health without a database: %d %s, want 503", code, body)
	}
	backend.must(t, "GET", "/products/", nil, http.StatusServiceUnavailable)

	pg := testbed.StartPostgres(t)
	pg.Psql(t, "CREATE ROLE student LOGIN PASSWORD '"+strings.ReplaceAll(dbPassword, "'", "''")+"'")
	pg.Psql(t, "CREATE DATABASE shop OWNER student")
	relay(t, dbPort, pg.Addr())
	waitFor(t, 30*time.Second, "GET /health = 200", func() error {
		body, err := backend.call("GET", "/health", nil, http.StatusOK)
		if err == nil && !bytes.Contains(body, []byte(`"ok"`)) {
			err = fmt.Errorf("body %s", body)
		}
		return err
	})

	// CRUD.
	if body := backend.must(t, "GET", "/", nil, http.StatusOK); len(body) == 0 {
		t.Error("GET /: empty body")
	}
	type product struct {
		ID          int     `json:"id"`
		Name        string  `json:"name"`
		Description string  `json:"description"`
		Price       float64 `json:"price"`
	}
	var created product
	body := backend.must(t, "POST", "/products/", map[string]any{"name": "pen", "description": "blue ink", "price": 1.5}, http.StatusOK)
	if err := json.Unmarshal(body, &created); err != nil || created.ID == 0 || created.Name != "pen" || created.Price != 1.5 {
		t.Fatalf("POST /products/: %s (%v)", body, err)
	}
	var list []product
	body = backend.must(t, "GET", "/products/", nil, http.StatusOK)
	if err := json.Unmarshal(body, &list); err != nil || !slices.Contains(list, created) {
		t.Errorf("GET /products/: %s (%v), want it to hold %+v", body, err, created)
	}
	var got product
	path := fmt.Sprintf("/products/%d", created.ID)
	body = backend.must(t, "GET", path, nil, http.StatusOK)
	if err := json.Unmarshal(body, &got); err != nil || got != created {
		t.Errorf("GET %s: %s (%v), want %+v", path, body, err, created)
	}
	backend.must(t, "GET", "/products/999999", nil, http.StatusNotFound)
	backend.must(t, "POST", "/products/", map[string]any{"name": "no price"}, http.StatusUnprocessableEntity)
	backend.must(t, "DELETE", path, nil, http.StatusOK)
	backend.must(t, "GET", path, nil, http.StatusNotFound)
	backend.must(t, "DELETE", path, nil, http.StatusNotFound)
	backend.must(t, "GET", "/health", nil, http.StatusOK)

	// Traces: every CRUD route has a server span with a SQLAlchemy child span.
	want := map[string]string{ // "METHOD route" -> SQL verb expected in a child span
		"POST /products/":               "INSERT",
		"GET /products/":                "SELECT",
		"GET /products/{product_id}":    "SELECT",
		"DELETE /products/{product_id}": "DELETE",
	}
	var traces []jaegerTrace
	var missing []string
	deadline := time.Now().Add(20 * time.Second)
	for {
		var err error
		traces, err = jaegerTraces(jaeger.URL(), serviceName)
		missing = missing[:0]
		if err == nil {
			for key, verb := range want {
				if !hasServerSpanWithDBChild(traces, key, verb) {
					missing = append(missing, key)
				}
			}
		} else {
			missing = append(missing, "query: "+err.Error())
		}
		if len(missing) == 0 || time.Now().After(deadline) {
			break
		}
		time.Sleep(500 * time.Millisecond)
	}
	if len(missing) > 0 {
		slices.Sort(missing)
		t.Errorf("no trace in Jaeger with a server span and a db.system=postgresql child span for: %s\n%s\nbackend log:\n%s",
			strings.Join(missing, ", "), describeTraces(traces), backend.proc.Log())
	}
	// /health is excluded from tracing, and its SELECT 1 is not traced either.
	for _, tr := range traces {
		for _, s := range tr.Spans {
			if strings.Contains(s.OperationName, "health") || strings.Contains(tagString(s, "db.statement"), "SELECT 1") {
				t.Errorf("span %q traced; /health should not be (trace %s)", s.OperationName, tr.TraceID)
			}
		}
	}
}

// TestBackendImage builds templates/backend offline on the test bed's Python image (the classic
// builder, as on the engines labctl targets) and runs it: it serves on 8000 as a non-root user
// and reports itself not ready without a database.
func TestBackendImage(t *testing.T) {
	testbed.SkipShort(t, "builds a Docker image")
	if _, err := exec.LookPath("docker"); err != nil {
		testbed.Missing(t, "docker CLI: %v", err)
	}
	testbed.RequireImage(t, testbed.ImagePython)

	tag := fmt.Sprintf("labctl-test/backend:%d", time.Now().UnixNano())
	ctx, cancel := context.WithTimeout(context.Background(), 8*time.Minute)
	defer cancel()
	build := exec.CommandContext(ctx, "docker", "build", "--pull=false",
		"--build-arg", "PYTHON_IMAGE="+testbed.ImagePython, "-t", tag, "backend")
	build.Env = append(os.Environ(), "DOCKER_BUILDKIT=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("docker build: %v\n%s", err, out)
	}
	t.Cleanup(func() { _ = exec.Command("docker", "rmi", "-f", tag).Run() })

	out := dockerOut(t, "image", "inspect", "--format",
		"{{.Config.User}}|{{json .Config.Cmd}}|{{range $p, $_ := .Config.ExposedPorts}}{{$p}} {{end}}", tag)
	fields := strings.Split(strings.TrimSpace(out), "|")
	if len(fields) != 3 || fields[0] == "" || fields[0] == "root" || fields[0] == "0" ||
		fields[1] != `["uvicorn","backend.main:app","--host","0.0.0.0","--port","8000"]` ||
		strings.TrimSpace(fields[2]) != "8000/tcp" {
		t.Errorf("image config user|cmd|ports = %q", out)
	}

	id := strings.TrimSpace(dockerOut(t, "run", "-d", "-p", "127.0.0.1::8000",
		"-e", "POSTGRES_HOST=127.0.0.1", "-e", "POSTGRES_PORT=1",
		"-e", "OTEL_RESOURCE_ATTRIBUTES=service.name="+serviceName,
		"-e", "OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:1", tag))
	t.Cleanup(func() { _ = exec.Command("docker", "rm", "-f", id).Run() })
	port := strings.TrimSpace(dockerOut(t, "port", id, "8000/tcp"))
	if i := strings.Index(port, "\n"); i >= 0 {
		port = port[:i]
	}
	b := &backendProc{base: "http://" + port}
	err := poll(30*time.Second, func() error {
		_, err := b.call("GET", "/", nil, http.StatusOK)
		return err
	})
	if err != nil {
		logs, _ := exec.Command("docker", "logs", id).CombinedOutput()
		t.Fatalf("container never answered GET / on %s: %v\n%s", port, err, logs)
	}
	b.must(t, "GET", "/health", nil, http.StatusServiceUnavailable)
	if uid := strings.TrimSpace(dockerOut(t, "exec", id, "id", "-u")); uid == "0" {
		t.Errorf("container runs as root")
	}
}

func dockerOut(t *testing.T, args ...string) string {
	t.Helper()
	out, err := exec.Command("docker", args...).Output()
	if err != nil {
		var stderr string
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = string(ee.Stderr)
		}
		t.Fatalf("docker %s: %v\n%s", strings.Join(args, " "), err, stderr)
	}
	return string(out)
}

// ---------------------------------------------------------------- backend (uvicorn)

type backendProc struct {
	base string
	// proc is the uvicorn process, nil for a backend in a container.
	proc *testbed.Backend
}

func startBackend(t *testing.T, env map[string]string) *backendProc {
	t.Helper()
	b := testbed.StartBackend(t, env, 0, false)
	return &backendProc{base: b.URL, proc: b}
}

func (b *backendProc) do(t *testing.T, method, path string, body any) (int, []byte) {
	t.Helper()
	code, out, err := b.request(method, path, body)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	return code, out
}

func (b *backendProc) request(method, path string, body any) (int, []byte, error) {
	var r io.Reader
	if body != nil {
		j, err := json.Marshal(body)
		if err != nil {
			return 0, nil, err
		}
		r = bytes.NewReader(j)
	}
	req, err := http.NewRequest(method, b.base+path, r)
	if err != nil {
		return 0, nil, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	client := &http.Client{Timeout: 15 * time.Second}
	resp, err := client.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	return resp.StatusCode, out, err
}

// call returns an error unless the request answered with status want.
func (b *backendProc) call(method, path string, body any, want int) ([]byte, error) {
	code, out, err := b.request(method, path, body)
	if err == nil && code != want {
		err = fmt.Errorf("%s %s: status %d, want %d: %s", method, path, code, want, out)
	}
	return out, err
}

// must fails the test unless the request answered with status want.
func (b *backendProc) must(t *testing.T, method, path string, body any, want int) []byte {
	t.Helper()
	out, err := b.call(method, path, body, want)
	if err != nil {
		logs := ""
		if b.proc != nil {
			logs = "\nbackend log:\n" + b.proc.Log()
		}
		t.Fatalf("%v%s", err, logs)
	}
	return out
}

// ---------------------------------------------------------------- Jaeger

type jaegerTrace struct {
	TraceID string       `json:"traceID"`
	Spans   []jaegerSpan `json:"spans"`
}

type jaegerSpan struct {
	SpanID        string `json:"spanID"`
	OperationName string `json:"operationName"`
	References    []struct {
		RefType string `json:"refType"`
		SpanID  string `json:"spanID"`
	} `json:"references"`
	Tags []struct {
		Key   string `json:"key"`
		Value any    `json:"value"`
	} `json:"tags"`
}

// jaegerTraces queries Jaeger's HTTP API (base: http://host:port) for the service's traces.
func jaegerTraces(base, service string) ([]jaegerTrace, error) {
	q := url.Values{"service": {service}, "limit": {"100"}, "lookback": {"1h"}}
	resp, err := http.Get(base + "/api/traces?" + q.Encode())
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET /api/traces: %d %s", resp.StatusCode, body)
	}
	var out struct {
		Data []jaegerTrace `json:"data"`
	}
	if err := json.Unmarshal(body, &out); err != nil {
		return nil, fmt.Errorf("GET /api/traces: %v: %.200s", err, body)
	}
	return out.Data, nil
}

func tagString(s jaegerSpan, keys ...string) string {
	for _, k := range keys {
		for _, tag := range s.Tags {
			if tag.Key == k {
				return fmt.Sprint(tag.Value)
			}
		}
	}
	return ""
}

func parentOf(s jaegerSpan) string {
	for _, r := range s.References {
		if r.RefType == "CHILD_OF" {
			return r.SpanID
		}
	}
	return ""
}

// hasServerSpanWithDBChild tells whether a trace has a server span for key ("METHOD route", with
// the old or the new HTTP semantic conventions) whose direct child is a PostgreSQL span whose
// statement starts with verb.
func hasServerSpanWithDBChild(traces []jaegerTrace, key, verb string) bool {
	method, route, _ := strings.Cut(key, " ")
	for _, tr := range traces {
		for _, srv := range tr.Spans {
			if tagString(srv, "span.kind") != "server" ||
				tagString(srv, "http.route") != route ||
				tagString(srv, "http.request.method", "http.method") != method {
				continue
			}
			for _, db := range tr.Spans {
				if parentOf(db) == srv.SpanID &&
					tagString(db, "db.system", "db.system.name") == "postgresql" &&
					strings.HasPrefix(strings.TrimSpace(tagString(db, "db.statement", "db.query.text")), verb) {
					return true
				}
			}
		}
	}
	return false
}

func describeTraces(traces []jaegerTrace) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d traces in Jaeger:\n", len(traces))
	for _, tr := range traces {
		fmt.Fprintf(&b, "  trace %s\n", tr.TraceID)
		for _, s := range tr.Spans {
			fmt.Fprintf(&b, "    span %s parent %q %q kind=%s route=%q db.system=%q statement=%.60q\n",
				s.SpanID, parentOf(s), s.OperationName, tagString(s, "span.kind"), tagString(s, "http.route"),
				tagString(s, "db.system", "db.system.name"), tagString(s, "db.statement", "db.query.text"))
		}
	}
	return b.String()
}

// ---------------------------------------------------------------- processes

// relay listens on 127.0.0.1:port and forwards each connection to target, until the test ends.
func relay(t *testing.T, port int, target string) {
	t.Helper()
	l, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", port))
	if err != nil {
		t.Fatalf("relay: %v", err)
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	var conns []net.Conn
	t.Cleanup(func() {
		l.Close()
		mu.Lock()
		for _, c := range conns {
			c.Close()
		}
		mu.Unlock()
		wg.Wait()
	})
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			in, err := l.Accept()
			if err != nil {
				return
			}
			out, err := net.DialTimeout("tcp", target, 5*time.Second)
			if err != nil {
				in.Close()
				continue
			}
			mu.Lock()
			conns = append(conns, in, out)
			mu.Unlock()
			wg.Add(2)
			go func() { defer wg.Done(); io.Copy(out, in); out.Close() }()
			go func() { defer wg.Done(); io.Copy(in, out); in.Close() }()
		}
	}()
}

func poll(timeout time.Duration, f func() error) error {
	deadline := time.Now().Add(timeout)
	for {
		err := f()
		if err == nil || time.Now().After(deadline) {
			return err
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// waitFor polls f until it succeeds, failing the test after timeout.
func waitFor(t *testing.T, timeout time.Duration, what string, f func() error) {
	t.Helper()
	if err := poll(timeout, f); err != nil {
		t.Fatalf("waiting for %s: %v", what, err)
	}
}
