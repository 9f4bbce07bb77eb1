package jaeger_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/labctl/labctl/internal/jaeger"
	"github.com/labctl/labctl/internal/testbed"

	"github.com/labctl/labctl/internal/testutil"
)

// ---------------------------------------------------------------- unit tests, recorded answers

func jhRecorded(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "jaeger", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// jhFake mimics a Jaeger query HTTP server under prefix with recorded answers.
// v3 empty: no api_v3, unknown paths answered the way Jaeger does (200 with
// html) or, with v3Missing404, 404.
type jhFake struct {
	prefix          string
	v3, ui          string // recorded traces for /api/v3/traces and /api/traces
	html            []byte
	v3Missing404    bool
	mu              sync.Mutex
	queries         map[string]url.Values // last query per API path
	v3ServicesCalls atomic.Int32
}

func (f *jhFake) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p, ok := strings.CutPrefix(r.URL.Path, f.prefix)
	if !ok {
		http.NotFound(w, r)
		return
	}
	f.mu.Lock()
	if f.queries == nil {
		f.queries = map[string]url.Values{}
	}
	f.queries[p] = r.URL.Query()
	f.mu.Unlock()
	var body []byte
	switch {
	case p == "/api/v3/services" && f.v3 != "":
		f.v3ServicesCalls.Add(1)
		body = []byte(`{"services":["zz-last","rec-svc","jaeger"]}`)
	case p == "/api/v3/traces" && f.v3 != "":
		body = []byte(f.v3)
	case p == "/api/services":
		body = []byte(`{"data":["zz-last","rec-svc","jaeger"],"total":3,"limit":0,"offset":0,"errors":null}`)
	case p == "/api/traces":
		body = []byte(f.ui)
	case f.v3Missing404:
		http.NotFound(w, r)
		return
	default:
		body = f.html
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8") // as Jaeger's api_v3 does
	_, _ = w.Write(body)
}

func (f *jhFake) query(path string) url.Values {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.queries[path]
}

// jhWant is what the recorded trace holds: one trace of rec-svc, a client
// root "lets-go" and two server children, each with lab.* attributes.
type jhWant struct {
	traceID, rootID string
	rootStartMicro  int64
}

var (
	jhV2 = jhWant{"63b4dbd77a0867a87cd23d180eed3cc2", "0586de8afb5733fb", 1796168297790935}
	jhV1 = jhWant{"a11baaaee76357d85ad18531903cd1aa", "463010a866e266d0", 1796168297812053}
)

// jhCheckTrace checks traces against the recorded trace (or, live, against
// what telemetrygen sent when w.traceID is empty).
func jhCheckTrace(t *testing.T, traces []jaeger.Trace, service string, w jhWant) {
	t.Helper()
	if len(traces) != 1 {
		t.Fatalf("got %d traces, want 1: %+v", len(traces), traces)
	}
	tr := traces[0]
	if w.traceID != "" && tr.ID != w.traceID {
		t.Errorf("trace ID %q, want %q", tr.ID, w.traceID)
	}
	if len(tr.ID) != 32 {
		t.Errorf("trace ID %q is not 32 hex digits", tr.ID)
	}
	if len(tr.Spans) != 3 {
		t.Fatalf("got %d spans, want 3: %+v", len(tr.Spans), tr.Spans)
	}
	var root *jaeger.Span
	for i := range tr.Spans {
		if tr.Spans[i].ParentID == "" {
			if root != nil {
				t.Fatalf("two roots: %+v", tr.Spans)
			}
			root = &tr.Spans[i]
		}
	}
	if root == nil {
		t.Fatalf("no root span: %+v", tr.Spans)
	}
	if root.Operation != "lets-go" || root.Kind != "client" || len(root.ID) != 16 {
		t.Errorf("root = %+v, want lets-go, kind client, a 16-hex-digit ID", *root)
	}
	if w.rootID != "" && root.ID != w.rootID {
		t.Errorf("root ID %q, want %q", root.ID, w.rootID)
	}
	if w.rootStartMicro != 0 && root.Start.UnixMicro() != w.rootStartMicro {
		t.Errorf("root start %v (%d µs), want %d µs", root.Start, root.Start.UnixMicro(), w.rootStartMicro)
	}
	if w.rootStartMicro == 0 && time.Since(root.Start).Abs() > time.Hour {
		t.Errorf("root start %v, want about now", root.Start)
	}
	for _, sp := range tr.Spans {
		if sp.Service != service {
			t.Errorf("span %s: service %q, want %q", sp.Operation, sp.Service, service)
		}
		if got := map[string]string{"lab.attr": sp.Tags["lab.attr"], "lab.count": sp.Tags["lab.count"], "lab.ok": sp.Tags["lab.ok"]}; got["lab.attr"] != "hello" || got["lab.count"] != "7" || got["lab.ok"] != "true" {
			t.Errorf("span %s: lab.* tags %v, want hello, 7, true (all: %v)", sp.Operation, got, sp.Tags)
		}
		if sp.ID == root.ID {
			continue
		}
		if !strings.HasPrefix(sp.Operation, "okey-dokey-") || sp.Kind != "server" || sp.ParentID != root.ID {
			t.Errorf("child %+v, want okey-dokey-N, kind server, parent %s", sp, root.ID)
		}
	}
}

func TestJaegerHTTPRecorded(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name         string
		prefix, base string // base: what is given after the server's URL
		v3, ui       string // recorded files
		v3Missing404 bool
		wantAPI      string
		want         jhWant
	}{
		{name: "v2 api_v3", v3: "v2_api_v3_traces.json", ui: "v2_ui_traces.json", wantAPI: "api_v3", want: jhV2},
		{name: "v2 api_v3 under base path, trailing slash", prefix: "/jaeger/ui", base: "/jaeger/ui/",
			v3: "v2_api_v3_traces.json", ui: "v2_ui_traces.json", wantAPI: "api_v3", want: jhV2},
		{name: "v1 api_v3", v3: "v1_api_v3_traces.json", ui: "v1_ui_traces.json", wantAPI: "api_v3", want: jhV1},
		{name: "older api_v3: base64 ids, string kinds", prefix: "/jaeger/ui", base: "/jaeger/ui",
			v3: "legacy_api_v3_traces.json", ui: "v2_ui_traces.json", wantAPI: "api_v3", want: jhV2},
		{name: "ui, /api/v3 answers 404", v3Missing404: true, ui: "v1_ui_traces.json", wantAPI: "ui", want: jhV1},
		{name: "ui under base path, /api/v3 answers HTML", prefix: "/jaeger/ui", base: "/jaeger/ui",
			ui: "v2_ui_traces.json", wantAPI: "ui", want: jhV2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			f := &jhFake{prefix: c.prefix, ui: string(jhRecorded(t, c.ui)), v3Missing404: c.v3Missing404,
				html: jhRecorded(t, "v2_unknown_path.html")}
			if c.v3 != "" {
				f.v3 = string(jhRecorded(t, c.v3))
			}
			srv := httptest.NewServer(f)
			defer srv.Close()
			j, err := jaeger.NewHTTP(srv.URL+c.base, srv.Client())
			if err != nil {
				t.Fatal(err)
			}
			if got := j.API(); got != "" {
				t.Errorf("API() before any call = %q, want \"\"", got)
			}
			ctx := context.Background()
			services, err := j.Services(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if want := []string{"jaeger", "rec-svc", "zz-last"}; !slices.Equal(services, want) {
				t.Errorf("Services = %v, want %v", services, want)
			}
			if got := j.API(); got != c.wantAPI {
				t.Errorf("API() = %q, want %q", got, c.wantAPI)
			}
			from := time.Date(2026, 12, 1, 23, 0, 0, 123456789, time.FixedZone("CET", 3600))
			to := from.Add(time.Hour)
			traces, err := j.FindTraces(ctx, "rec-svc", from, to)
			if err != nil {
				t.Fatal(err)
			}
			jhCheckTrace(t, traces, "rec-svc", c.want)

			var want url.Values
			path := "/api/traces"
			if c.wantAPI == "api_v3" {
				path = "/api/v3/traces"
				want = url.Values{"query.service_name": {"rec-svc"}, "query.num_traces": {"20"},
					"query.start_time_min": {"2026-12-01T22:00:00.123456789Z"}, "query.start_time_max": {"2026-12-01T23:00:00.123456789Z"}}
			} else {
				want = url.Values{"service": {"rec-svc"}, "limit": {"20"},
					"start": {strconv.FormatInt(from.UnixMicro(), 10)}, "end": {strconv.FormatInt(to.UnixMicro(), 10)}}
			}
			if got := f.query(path); fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("query of %s = %v, want %v", path, got, want)
			}
		})
	}
}

func TestJaegerHTTPRejectsBadURLs(t *testing.T) {
	t.Parallel()
	for _, base := range []string{"", "ftp://host/jaeger", "localhost:16686", "127.0.0.1:16686", "http://", "/jaeger/ui", "unix:///run/jaeger.sock"} {
		if j, err := jaeger.NewHTTP(base, nil); err == nil {
			t.Errorf("NewHTTP(%q) = %v, want an error", base, j)
		} else if !strings.Contains(err.Error(), "jaeger URL") {
			t.Errorf("NewHTTP(%q): error %q does not say which URL is wrong", base, err)
		}
	}
	for _, base := range []string{"http://127.0.0.1:16686", "https://host/jaeger/ui/", "http://host:80/jaeger/ui"} {
		if _, err := jaeger.NewHTTP(base, nil); err != nil {
			t.Errorf("NewHTTP(%q): %v", base, err)
		}
	}
}

// jhServe answers each path with a status and a body; other paths get 404.
func jhServe(t *testing.T, answers map[string]func(w http.ResponseWriter)) *jaeger.HTTP {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if a, ok := answers[r.URL.Path]; ok {
			a(w)
			return
		}
		http.NotFound(w, r)
	}))
	t.Cleanup(srv.Close)
	j, err := jaeger.NewHTTP(srv.URL, nil)
	if err != nil {
		t.Fatal(err)
	}
	return j
}

func jhAnswer(code int, body string) func(w http.ResponseWriter) {
	return func(w http.ResponseWriter) {
		w.WriteHeader(code)
		_, _ = w.Write([]byte(body))
	}
}

func TestJaegerHTTPNoTracesYet(t *testing.T) {
	t.Parallel()
	j := jhServe(t, map[string]func(http.ResponseWriter){
		"/api/v3/services": jhAnswer(200, `{}`), // gogo jsonpb omits an empty list
		"/api/v3/traces":   jhAnswer(404, string(jhRecorded(t, "v2_api_v3_traces_404.json"))),
	})
	s, err := j.Services(context.Background())
	if err != nil || len(s) != 0 {
		t.Fatalf("Services = %v, %v; want none, no error", s, err)
	}
	traces, err := j.FindTraces(context.Background(), "rec-svc", time.Now().Add(-time.Minute), time.Now())
	if err != nil || len(traces) != 0 {
		t.Fatalf("FindTraces on a 404 = %v, %v; want no traces, no error", traces, err)
	}
	if j.API() != "api_v3" {
		t.Errorf("API() = %q", j.API())
	}
}

func TestJaegerHTTPErrors(t *testing.T) {
	t.Parallel()
	v3 := jhAnswer(200, `{"services":["a"]}`)
	html := string(jhRecorded(t, "v2_unknown_path.html"))
	cases := []struct {
		name    string
		answers map[string]func(http.ResponseWriter)
		traces  bool // call FindTraces, else Services
		want    []string
	}{
		{"v3 services 502", map[string]func(http.ResponseWriter){"/api/v3/services": func() func(http.ResponseWriter) {
			var n atomic.Int32 // detection succeeds, the call after fails
			return func(w http.ResponseWriter) {
				if n.Add(1) == 1 {
					v3(w)
				} else {
					jhAnswer(502, "bad gateway")(w)
				}
			}
		}()}, false, []string{"jaeger at http://127.0.0.1:", ": list services: HTTP 502 Bad Gateway"}},
		{"v3 traces malformed", map[string]func(http.ResponseWriter){"/api/v3/services": v3,
			"/api/v3/traces": jhAnswer(200, `{"result":{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":`)},
			true, []string{"find traces of svc", "/api/v3/traces", "unexpected end of JSON"}},
		{"v3 traces bad start time", map[string]func(http.ResponseWriter){"/api/v3/services": v3,
			"/api/v3/traces": jhAnswer(200, `{"result":{"resourceSpans":[{"scopeSpans":[{"spans":[{"spanId":"0102030405060708","startTimeUnixNano":"soon"}]}]}]}}`)},
			true, []string{"find traces of svc", "span 0102030405060708: startTimeUnixNano"}},
		{"v3 traces 400 with Jaeger's message", map[string]func(http.ResponseWriter){"/api/v3/services": v3,
			"/api/v3/traces": jhAnswer(400, `{"error":{"httpCode":400,"message":"malformed parameter query.start_time_min"}}`)},
			true, []string{"find traces of svc: HTTP 400 Bad Request: malformed parameter query.start_time_min"}},
		{"ui services malformed", map[string]func(http.ResponseWriter){"/api/services": jhAnswer(200, `{"data":"rec-svc"}`)},
			false, []string{"list services", "/api/services", "cannot unmarshal"}},
		{"ui traces malformed", map[string]func(http.ResponseWriter){"/api/traces": jhAnswer(200, `{"data":[{"spans":[{"startTime":"x"}]}]}`)},
			true, []string{"find traces of svc", "/api/traces", "cannot unmarshal"}},
		{"ui traces 400 with Jaeger's message", map[string]func(http.ResponseWriter){
			"/api/traces": jhAnswer(400, string(jhRecorded(t, "v2_ui_traces_400.json")))},
			true, []string{"HTTP 400 Bad Request: unable to parse param 'start'"}},
		{"wrong base path: HTML everywhere", map[string]func(http.ResponseWriter){
			"/api/v3/services": jhAnswer(200, html), "/api/services": jhAnswer(200, html)},
			false, []string{"list services", "HTML page", "base path"}},
		{"answer too large", map[string]func(http.ResponseWriter){"/api/services": jhAnswer(200,
			`{"data":["`+strings.Repeat("x", 9<<20)+`"]}`)},
			false, []string{"list services", "larger than 8 MiB"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			j := jhServe(t, c.answers)
			var err error
			if c.traces {
				var traces []jaeger.Trace
				traces, err = j.FindTraces(context.Background(), "svc", time.Now().Add(-time.Minute), time.Now())
				if err == nil {
					t.Fatalf("FindTraces = %v, want an error", traces)
				}
			} else {
				var s []string
				s, err = j.Services(context.Background())
				if err == nil {
					t.Fatalf("Services = %v, want an error", s)
				}
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}

// Detection is not remembered while nothing answers (no server, a proxy's 503),
// so that a Jaeger started later is found.
func TestJaegerHTTPDetectionRetriedUntilSomethingAnswers(t *testing.T) {
	t.Parallel()
	// Nothing listens: a closed port.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	j, err := jaeger.NewHTTP("http://"+addr, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, err = j.Services(context.Background())
	if err == nil || !strings.Contains(err.Error(), "jaeger at http://"+addr+": detect API:") {
		t.Fatalf("Services with nothing listening: %v", err)
	}
	if j.API() != "" {
		t.Errorf("API() = %q after a failed detection", j.API())
	}

	// A proxy in front answers 503 first, then Jaeger (api_v3) is there.
	var calls atomic.Int32
	j = jhServe(t, map[string]func(http.ResponseWriter){"/api/v3/services": func(w http.ResponseWriter) {
		if calls.Add(1) == 1 {
			jhAnswer(503, "no available server")(w)
			return
		}
		jhAnswer(200, `{"services":["b","a"]}`)(w)
	}})
	if _, err := j.Services(context.Background()); err == nil || !strings.Contains(err.Error(), "HTTP 503") || j.API() != "" {
		t.Fatalf("first Services: err %v, API %q; want a 503 error and no API", err, j.API())
	}
	s, err := j.Services(context.Background())
	if err != nil || !slices.Equal(s, []string{"a", "b"}) || j.API() != "api_v3" {
		t.Fatalf("second Services = %v, %v, API %q; want [a b], api_v3", s, err, j.API())
	}
}

func TestJaegerHTTPDetectsOnceConcurrently(t *testing.T) {
	t.Parallel()
	f := &jhFake{v3: string(jhRecorded(t, "v2_api_v3_traces.json")), ui: string(jhRecorded(t, "v2_ui_traces.json"))}
	srv := httptest.NewServer(f)
	defer srv.Close()
	j, err := jaeger.NewHTTP(srv.URL, nil)
	if err != nil {
		t.Fatal(err)
	}
	const n = 8
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for range n {
		wg.Go(func() {
			if _, err := j.Services(context.Background()); err != nil {
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	// One detection, then n lists.
	if got := f.v3ServicesCalls.Load(); got != n+1 {
		t.Errorf("/api/v3/services called %d times, want %d", got, n+1)
	}
}

func TestJaegerHTTPHonoursContext(t *testing.T) {
	t.Parallel()
	block := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-block:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(block)
	j, err := jaeger.NewHTTP(srv.URL, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, what := range []string{"in the request", "waiting for another caller's detection"} {
		if what != "in the request" { // a first caller holds the detection, blocked
			bg, stop := context.WithCancel(context.Background())
			defer stop()
			go func() { _, _ = j.Services(bg) }()
			time.Sleep(100 * time.Millisecond)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		done := make(chan error, 1)
		go func() {
			_, err := j.FindTraces(ctx, "svc", time.Now().Add(-time.Minute), time.Now())
			done <- err
		}()
		select {
		case err := <-done:
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Fatalf("%s: FindTraces with a 200 ms deadline: %v", what, err)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("%s: FindTraces with a 200 ms deadline still running after 5 s", what)
		}
		cancel()
		if j.API() != "" {
			t.Errorf("%s: API() = %q after a timed-out detection", what, j.API())
		}
	}
}

// The UI API links a span to its parent by references; CHILD_OF wins.
func TestJaegerHTTPUIParent(t *testing.T) {
	t.Parallel()
	cases := []struct{ name, span, want string }{
		{"root", `"references":[]`, ""},
		{"child of", `"references":[{"refType":"CHILD_OF","spanID":"00000000000000aa"}]`, "00000000000000aa"},
		{"child of after follows from", `"references":[{"refType":"FOLLOWS_FROM","spanID":"00000000000000bb"},{"refType":"CHILD_OF","spanID":"00000000000000aa"}]`, "00000000000000aa"},
		{"follows from only", `"references":[{"refType":"FOLLOWS_FROM","spanID":"00000000000000bb"}]`, "00000000000000bb"},
		{"deprecated parentSpanID", `"parentSpanID":"00000000000000cc"`, "00000000000000cc"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			j := jhServe(t, map[string]func(http.ResponseWriter){"/api/traces": jhAnswer(200,
				`{"data":[{"traceID":"0af7651916cd43dd8448eb211c80319c","spans":[{"spanID":"00000000000000ff","operationName":"op",`+
					c.span+`,"startTime":1,"processID":"p1","tags":[{"key":"span.kind","type":"string","value":"internal"},{"key":"n","type":"float64","value":0.5}]}],`+
					`"processes":{"p1":{"serviceName":"svc"}}}]}`)})
			traces, err := j.FindTraces(context.Background(), "svc", time.Now().Add(-time.Minute), time.Now())
			if err != nil {
				t.Fatal(err)
			}
			if len(traces) != 1 || len(traces[0].Spans) != 1 {
				t.Fatalf("traces = %+v, want one span", traces)
			}
			sp := traces[0].Spans[0]
			if sp.ParentID != c.want || sp.Kind != "internal" || sp.Service != "svc" || sp.Tags["n"] != "0.5" ||
				traces[0].ID != "0af7651916cd43dd8448eb211c80319c" {
				t.Errorf("span %+v in trace %s, want parent %q, kind internal, service svc, n=0.5", sp, traces[0].ID, c.want)
			}
		})
	}
}

// ---------------------------------------------------------------- real Jaegers

func TestJaegerHTTPReal(t *testing.T) {
	t.Parallel()
	telemetrygen := testbed.Bin(t, "telemetrygen")
	jaegers := []struct {
		name  string
		start func(t *testing.T) (queryURL, otlpGRPC string)
	}{
		{"v2", func(t *testing.T) (string, string) {
			j := testbed.StartJaeger(t)
			return j.URL(), j.OTLPGRPC
		}},
		{"v1 all-in-one under /jaeger/ui", func(t *testing.T) (string, string) {
			a := testbed.StartJaegerV1(t, "/jaeger/ui")
			return a.QueryURL, a.OTLPGRPC
		}},
	}
	for _, jg := range jaegers {
		t.Run(jg.name, func(t *testing.T) {
			t.Parallel()
			queryURL, otlp := jg.start(t)
			service := "jhttp-" + strings.Fields(jg.name)[0]
			from := time.Now().Add(-time.Minute)
			out, err := exec.Command(telemetrygen, "traces", "--otlp-endpoint", otlp, "--otlp-insecure",
				"--traces", "1", "--child-spans", "2", "--rate", "0", "--service", service,
				"--telemetry-attributes", `lab.attr="hello"`, "--telemetry-attributes", "lab.count=7",
				"--telemetry-attributes", "lab.ok=true").CombinedOutput()
			if err != nil {
				t.Fatalf("telemetrygen: %v\n%s", err, out)
			}
			for _, api := range []struct{ name, base string }{{"api_v3", queryURL}, {"ui", testutil.HideJaegerV3(t, queryURL)}} {
				t.Run(api.name, func(t *testing.T) {
					j, err := jaeger.NewHTTP(api.base+"/", nil)
					if err != nil {
						t.Fatal(err)
					}
					ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
					defer cancel()
					var traces []jaeger.Trace
					for { // spans are queryable a fraction of a second after the export
						services, err := j.Services(ctx)
						if err == nil && slices.Contains(services, service) {
							if !slices.IsSorted(services) {
								t.Errorf("Services = %v, not sorted", services)
							}
							traces, err = j.FindTraces(ctx, service, from, time.Now().Add(time.Minute))
							if err == nil && len(traces) > 0 && len(traces[0].Spans) == 3 {
								break
							}
						}
						if ctx.Err() != nil {
							t.Fatalf("no trace of %s with 3 spans: services/traces error %v, traces %+v", service, err, traces)
						}
						time.Sleep(200 * time.Millisecond)
					}
					if j.API() != api.name {
						t.Errorf("API() = %q, want %q", j.API(), api.name)
					}
					jhCheckTrace(t, traces, service, jhWant{})
					// Nothing in a window without spans: an empty answer, not an error.
					none, err := j.FindTraces(ctx, service, from.Add(-time.Hour), from.Add(-50*time.Minute))
					if err != nil || len(none) != 0 {
						t.Errorf("FindTraces an hour ago = %v, %v; want nothing, no error", none, err)
					}
				})
			}
		})
	}
}
