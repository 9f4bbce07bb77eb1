package cli_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/labctl/labctl/internal/testbed"
)

// traceJSON is the part of labctl trace --format json the tests read.
type traceJSON struct {
	TraceID    string  `json:"trace_id"`
	URL        string  `json:"url"`
	Root       string  `json:"root"`
	DurationMS float64 `json:"duration_ms"`
	SpanCount  int     `json:"span_count"`
	Errors     int     `json:"errors"`
	Spans      []struct {
		Depth      int     `json:"depth"`
		Kind       string  `json:"kind"`
		DurationMS float64 `json:"duration_ms"`
		Error      bool    `json:"error"`
		Summary    string  `json:"summary"`
	} `json:"spans"`
}

// underBasePathUIOnly serves Jaeger's query API under /jaeger/ui with
// api_v3 hidden, as a v1 Jaeger behind the course's ingress: the UI API
// and a base path in one go.
func underBasePathUIOnly(t *testing.T, target string) string {
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	proxy := httputil.NewSingleHostReverseProxy(u)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rest, ok := strings.CutPrefix(r.URL.Path, "/jaeger/ui")
		if !ok || strings.HasPrefix(rest, "/api/v3") {
			http.NotFound(w, r)
			return
		}
		r.URL.Path = rest
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv.URL + "/jaeger/ui"
}

func TestTraceRealJaeger(t *testing.T) {
	t.Parallel()
	telemetrygen := testbed.Bin(t, "telemetrygen")
	j := testbed.StartJaeger(t)
	dir := t.TempDir() // no labctl.yaml, no Compose file: labctl's lab, Jaeger from --jaeger
	send := func(status string) {
		out, err := exec.Command(telemetrygen, "traces", "--otlp-endpoint", j.OTLPGRPC, "--otlp-insecure",
			"--traces", "1", "--child-spans", "2", "--rate", "0", "--service", "trace-cli",
			"--span-duration", "5ms", "--status-code", status,
			"--telemetry-attributes", `http.request.method="POST"`, "--telemetry-attributes", `http.route="/products/"`).CombinedOutput()
		if err != nil {
			t.Fatalf("telemetrygen: %v\n%s", err, out)
		}
	}
	send("Unset")
	time.Sleep(20 * time.Millisecond)
	send("Error")

	// Wait until both traces are queryable.
	var list []traceJSON
	deadline := time.Now().Add(15 * time.Second)
	for {
		r := runLabctl(t, dir, nil, "trace", "--jaeger", j.URL(), "--service", "trace-cli", "--last", "5", "--format", "json")
		if r.Code == 0 && json.Unmarshal([]byte(r.Stdout), &list) == nil && len(list) == 2 && list[0].SpanCount == 3 && list[1].SpanCount == 3 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no two traces of trace-cli: exit %d, stdout %s, stderr %s", r.Code, r.Stdout, r.Stderr)
		}
		time.Sleep(200 * time.Millisecond)
	}
	if list[0].Errors != 3 || list[1].Errors != 0 {
		t.Errorf("--last: newest first, errors %d and %d; want 3 (the Error trace), 0", list[0].Errors, list[1].Errors)
	}
	if list[0].URL != j.URL()+"/trace/"+list[0].TraceID {
		t.Errorf("url = %q", list[0].URL)
	}

	grpcUI := underBasePathUIOnly(t, j.URL())
	for _, jaeger := range []struct{ name, flag, link string }{
		{"api_v3", j.URL(), j.URL()},
		{"ui api under a base path", grpcUI, grpcUI},
		{"grpc", j.QueryGRPC, ""},
	} {
		t.Run(jaeger.name, func(t *testing.T) {
			id := list[0].TraceID
			r := runLabctl(t, dir, nil, "trace", id, "--jaeger", jaeger.flag, "--format", "json")
			var got traceJSON
			if r.Code != 0 || json.Unmarshal([]byte(r.Stdout), &got) != nil {
				t.Fatalf("trace %s: exit %d, stdout %s, stderr %s", id, r.Code, r.Stdout, r.Stderr)
			}
			if got.TraceID != id || got.SpanCount != 3 || got.Errors != 3 || len(got.Spans) != 3 {
				t.Errorf("trace %s = %+v", id, got)
			}
			for i, s := range got.Spans {
				// telemetrygen's children last --span-duration; its root spans them.
				if s.DurationMS < 4.5 || s.DurationMS > 50 || (i > 0 && s.DurationMS > 6) || !s.Error || (i > 0) != (s.Depth == 1) {
					t.Errorf("span %d = %+v; want 5 ms (children), an error, the root then its children", i, s)
				}
				if !strings.HasPrefix(s.Summary, "POST /products/") {
					t.Errorf("span %d summary = %q", i, s.Summary)
				}
			}
			if got.DurationMS < 5 || got.DurationMS > 50 {
				t.Errorf("trace duration %v ms", got.DurationMS)
			}
			wantURL := ""
			if jaeger.link != "" {
				wantURL = jaeger.link + "/trace/" + id
			}
			if got.URL != wantURL {
				t.Errorf("url = %q, want %q", got.URL, wantURL)
			}

			// Text: the waterfall at COLUMNS's width, no colour to a pipe.
			r = runLabctl(t, dir, []string{"COLUMNS=100"}, "trace", id, "--jaeger", jaeger.flag)
			if r.Code != 0 {
				t.Fatalf("trace %s: exit %d, stderr %s", id, r.Code, r.Stderr)
			}
			lines := strings.Split(strings.TrimSuffix(r.Stdout, "\n"), "\n")
			wantLines := 2 + 3
			if wantURL != "" {
				wantLines++
				if lines[len(lines)-1] != "Jaeger UI: "+wantURL {
					t.Errorf("last line %q, want the Jaeger UI link", lines[len(lines)-1])
				}
			}
			if len(lines) != wantLines || !strings.HasPrefix(lines[0], "trace "+id) || strings.Count(r.Stdout, "✗") != 3 {
				t.Errorf("waterfall:\n%s", r.Stdout)
			}
			for _, l := range lines[:5] {
				if n := len([]rune(l)); n > 100 {
					t.Errorf("line %d columns wide, more than COLUMNS=100: %q", n, l)
				}
			}
			if strings.Contains(r.Stdout, "\x1b[") {
				t.Errorf("colour sent to a pipe:\n%q", r.Stdout)
			}
		})
	}

	// No id, no --service: the trace verify checked (DIR/verify.json).
	vdir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(vdir, ".labctl"), 0o755); err != nil {
		t.Fatal(err)
	}
	verify := `{"started_at":"2026-12-02T10:00:00Z","checks":[{"id":"http_server_span","status":"pass","facts":{"trace_id":"` + list[1].TraceID + `"}}]}`
	if err := os.WriteFile(filepath.Join(vdir, ".labctl", "verify.json"), []byte(verify), 0o644); err != nil {
		t.Fatal(err)
	}
	r := runLabctl(t, vdir, nil, "trace", "--jaeger", j.URL())
	if r.Code != 0 || !strings.HasPrefix(r.Stdout, "trace "+list[1].TraceID) || !strings.Contains(r.Stderr, "the trace labctl verify checked") {
		t.Errorf("verify's trace: exit %d, stdout %s, stderr %s", r.Code, r.Stdout, r.Stderr)
	}

	// No id: the newest trace of the service; --operation filters.
	r = runLabctl(t, dir, nil, "trace", "--jaeger", j.URL(), "--service", "trace-cli")
	if r.Code != 0 || !strings.HasPrefix(r.Stdout, "trace "+list[0].TraceID) {
		t.Errorf("newest trace: exit %d, stdout %s, stderr %s", r.Code, r.Stdout, r.Stderr)
	}
	r = runLabctl(t, dir, nil, "trace", "--jaeger", j.URL(), "--service", "trace-cli", "--operation", "lets-go", "--last", "1")
	if r.Code != 0 || len(strings.Split(strings.TrimSpace(r.Stdout), "\n")) != 1 || !strings.Contains(r.Stdout, list[0].TraceID) {
		t.Errorf("--operation lets-go --last 1: exit %d, stdout %s, stderr %s", r.Code, r.Stdout, r.Stderr)
	}

	// The bad inputs: one line on stderr, nothing on stdout, exit 2.
	down := "http://127.0.0.1:" + strconv.Itoa(testbed.FreePort(t))
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"unknown id", []string{"trace", "0123456789abcdef0123456789abcdef", "--jaeger", j.URL()}, "has no trace 0123456789abcdef0123456789abcdef"},
		{"unknown id over grpc", []string{"trace", "0123456789abcdef", "--jaeger", j.QueryGRPC}, "has no trace"},
		{"not an id", []string{"trace", "xyz", "--jaeger", j.URL()}, "not a trace id"},
		{"no such service", []string{"trace", "--jaeger", j.URL(), "--service", "nosuch"}, `has no service "nosuch" (it has: `},
		{"no such operation", []string{"trace", "--jaeger", j.URL(), "--service", "trace-cli", "--operation", "GET /nope"}, `has an operation "GET /nope"`},
		{"jaeger down", []string{"trace", "--jaeger", down, "--service", "trace-cli"}, "connection refused"},
		{"jaeger down, with an id", []string{"trace", "abc", "--jaeger", down}, "connection refused"},
		{"bad --last", []string{"trace", "--last", "21", "--jaeger", j.URL()}, "--last 21"},
		{"bad --format", []string{"trace", "--format", "yaml", "--jaeger", j.URL()}, "--format"},
		{"id and --last", []string{"trace", "abc", "--last", "2", "--jaeger", j.URL()}, "not both"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := runLabctl(t, dir, nil, c.args...)
			lines := strings.Split(strings.TrimSuffix(r.Stderr, "\n"), "\n")
			if r.Code != 2 || r.Stdout != "" || len(lines) != 1 || !strings.Contains(r.Stderr, c.want) {
				t.Errorf("labctl %v: exit %d, stdout %q, stderr %q; want exit 2, one line with %q", c.args, r.Code, r.Stdout, r.Stderr, c.want)
			}
		})
	}
}
