package expect_test

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/labctl/labctl/internal/checks"
	"github.com/labctl/labctl/internal/checks/labtest"
	"github.com/labctl/labctl/internal/jaeger"
	"github.com/labctl/labctl/internal/testbed"
)

var record = flag.Bool("record", false, "record testdata/traces from the template backend on the test bed")

// generations are the two semantic-convention generations the Python
// instrumentations write, by OTEL_SEMCONV_STABILITY_OPT_IN.
var generations = []struct{ file, optIn string }{
	{"template_old.json", ""},
	{"template_stable.json", "http,database"},
}

// studentGenerations: the course-shaped student backend
// (test/student/project/backend: FastAPI instrumented, SQLAlchemy not).
var studentGenerations = []struct{ file, optIn string }{
	{"student_old.json", ""},
	{"student_stable.json", "http"},
}

// TestRecordTraces (go test -run TestRecordTraces -record) sends verify's
// traffic to the real template backend, which exports straight to a real
// Jaeger, once per generation, and saves the traces Jaeger gives back as
// testdata/traces/*.json: the input of the table tests.
func TestRecordTraces(t *testing.T) {
	if !*record {
		t.Skip("records testdata; run with -record")
	}
	l := labtest.Start(t)
	for _, g := range generations {
		t.Run(g.file, func(t *testing.T) {
			j := testbed.StartJaeger(t)
			url := l.StartBackend(t, map[string]string{
				"OTEL_EXPORTER_OTLP_ENDPOINT":   "http://" + j.OTLPGRPC,
				"OTEL_SEMCONV_STABILITY_OPT_IN": g.optIn,
			})
			traces := sendAndRead(t, l, url, j)
			data, err := json.MarshalIndent(traces, "", " ")
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join("testdata", "traces", g.file), append(data, '\n'), 0o644); err != nil {
				t.Fatal(err)
			}
		})
	}
	for _, g := range studentGenerations {
		t.Run(g.file, func(t *testing.T) {
			j := testbed.StartJaeger(t)
			url := startStudentBackend(t, l, map[string]string{
				"OTEL_EXPORTER_OTLP_ENDPOINT":   "http://" + j.OTLPGRPC,
				"OTEL_SEMCONV_STABILITY_OPT_IN": g.optIn,
			})
			traces := sendAndRead(t, l, url, j)
			data, err := json.MarshalIndent(traces, "", " ")
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join("testdata", "traces", g.file), append(data, '\n'), 0o644); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// startStudentBackend runs test/student/project/backend under uvicorn from
// the test bed's venv (its pins are the template's), as its image does.
func startStudentBackend(t *testing.T, l *labtest.Lab, env map[string]string) string {
	t.Helper()
	port := testbed.FreePort(t)
	cmd := exec.Command(filepath.Join(testbed.Venv(t), "bin", "python"), "-m", "uvicorn", "backend.main:app",
		"--host", "127.0.0.1", "--port", strconv.Itoa(port))
	cmd.Dir = filepath.Join("..", "..", "test", "student", "project", "backend")
	cmd.Env = append(os.Environ(), "PYTHONDONTWRITEBYTECODE=1",
		"POSTGRES_HOST="+l.PG.Host+":"+strconv.Itoa(l.PG.Port), // the project reads no port "POSTGRES_USER="+l.PG.User,
		"POSTGRES_PASSWORD="+l.PG.Password, "POSTGRES_DB="+l.PG.DB,
		"OTEL_RESOURCE_ATTRIBUTES=service.name="+l.Config.ServiceName, "OTEL_BSP_SCHEDULE_DELAY=100")
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		_ = cmd.Wait()
		t.Logf("student backend:\n%s", out.String())
	})
	return fmt.Sprintf("http://127.0.0.1:%d", port)
}

// sendAndRead sends the lab's traffic to url and reads the traces back
// from Jaeger once their span count is stable.
func sendAndRead(t *testing.T, l *labtest.Lab, url string, j *testbed.Jaeger) []jaeger.Trace {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	hc := &http.Client{Timeout: 5 * time.Second}
	for ctx.Err() == nil { // the backend was started without waiting: any answer will do
		if r, err := hc.Get(url + "/products/"); err == nil {
			r.Body.Close()
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	tr := checks.SendTraffic(ctx, hc, url, l.Config.Traffic)
	if f := tr.Failures(); len(f) > 0 {
		t.Fatalf("traffic: %v", f)
	}
	jc, err := jaeger.NewHTTP(j.URL(), hc)
	if err != nil {
		t.Fatal(err)
	}
	last := -1
	for ctx.Err() == nil {
		time.Sleep(time.Second)
		traces, err := jc.FindTraces(ctx, l.Config.ServiceName, tr.From.Add(-time.Second), time.Now())
		if err != nil {
			continue
		}
		// Only the traffic's: not the request that waited for the backend.
		traces = slices.DeleteFunc(traces, func(x jaeger.Trace) bool { return first(x).Before(tr.From) })
		n := 0
		for _, x := range traces {
			n += len(x.Spans)
		}
		if len(traces) >= len(tr.Requests) && n == last {
			sort.Slice(traces, func(a, b int) bool { return first(traces[a]).Before(first(traces[b])) })
			return traces
		}
		last = n
	}
	t.Fatalf("no stable traces of %s in Jaeger", l.Config.ServiceName)
	return nil
}

func first(t jaeger.Trace) time.Time {
	m := t.Spans[0].Start
	for _, s := range t.Spans {
		if s.Start.Before(m) {
			m = s.Start
		}
	}
	return m
}
