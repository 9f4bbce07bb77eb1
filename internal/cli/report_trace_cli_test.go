package cli_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/labctl/labctl/internal/jaeger"
	"github.com/labctl/labctl/internal/testbed"
)

// TestReportTraceChart: labctl report charts the trace verify checked when
// Jaeger has it, and leaves the chart out, changing nothing else, when
// Jaeger is down.
func TestReportTraceChart(t *testing.T) {
	t.Parallel()
	telemetrygen := testbed.Bin(t, "telemetrygen")
	j := testbed.StartJaeger(t)
	out, err := exec.Command(telemetrygen, "traces", "--otlp-endpoint", j.OTLPGRPC, "--otlp-insecure",
		"--traces", "1", "--child-spans", "2", "--rate", "0", "--service", "backend-service", "--span-duration", "4ms",
		"--telemetry-attributes", `http.request.method="POST"`, "--telemetry-attributes", `http.route="/products/"`,
		"--telemetry-attributes", `db.system="postgresql"`).CombinedOutput()
	if err != nil {
		t.Fatalf("telemetrygen: %v\n%s", err, out)
	}
	jc, err := jaeger.NewHTTP(j.URL(), nil)
	if err != nil {
		t.Fatal(err)
	}
	var id string
	for deadline := time.Now().Add(15 * time.Second); id == ""; time.Sleep(200 * time.Millisecond) {
		trs, _ := jc.FindTraces(t.Context(), "backend-service", time.Now().Add(-time.Minute), time.Now().Add(time.Minute))
		if len(trs) == 1 && len(trs[0].Spans) == 3 {
			id = trs[0].ID
		}
		if time.Now().After(deadline) {
			t.Fatal("the trace did not reach Jaeger")
		}
	}
	_, uiPort, _ := strings.Cut(j.QueryHTTP, ":")
	_, grpcPort, _ := strings.Cut(j.QueryGRPC, ":")
	dir := t.TempDir()
	write := func(name, content string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("labctl.yaml", "ports:\n  jaeger_ui: "+uiPort+"\n  jaeger_grpc: "+grpcPort+"\n")
	write(".labctl/verify.json", `{"started_at":"2026-12-02T10:00:00Z","finished_at":"2026-12-02T10:00:05Z","service":"backend-service","topology":"collector","passed":true,
"checks":[{"id":"http_server_span","name":"FastAPI server span","level":"required","status":"pass","evidence":"trace `+id+`","facts":{"trace_id":"`+id+`"}}]}`)

	r := runLabctl(t, dir, nil, "report", "--lang", "fr")
	if r.Code != 0 {
		t.Fatalf("report: exit %d: %s", r.Code, r.Stderr)
	}
	with, err := os.ReadFile(filepath.Join(dir, "report.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"```mermaid\ngantt\n", "    dateFormat x\n", "La requête POST /products/ a pris ", " dans PostgreSQL.", "/trace/" + id} {
		if !strings.Contains(string(with), want) {
			t.Errorf("report.md lacks %q:\n%s", want, with)
		}
	}
	if strings.Count(string(with), ":s") != 3 {
		t.Errorf("want 3 bars:\n%s", with)
	}

	// Jaeger down (nothing on its ports): the same report without the chart, no error.
	write("labctl.yaml", "ports:\n  jaeger_ui: "+strconv.Itoa(testbed.FreePort(t))+"\n  jaeger_grpc: "+strconv.Itoa(testbed.FreePort(t))+"\n")
	if err := os.Remove(filepath.Join(dir, "report.md")); err != nil {
		t.Fatal(err)
	}
	r = runLabctl(t, dir, nil, "report", "--lang", "fr")
	if r.Code != 0 {
		t.Fatalf("report with Jaeger down: exit %d: %s", r.Code, r.Stderr)
	}
	without, _ := os.ReadFile(filepath.Join(dir, "report.md"))
	if strings.Contains(string(without), "gantt") || !strings.Contains(string(without), "FastAPI server span") {
		t.Errorf("with Jaeger down:\n%s", without)
	}
}
