package expect_test

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/labctl/labctl/internal/expect"
	"github.com/labctl/labctl/internal/jaeger"
	"github.com/labctl/labctl/internal/msg"
	"github.com/labctl/labctl/internal/msg/msgtest"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

func traces(t *testing.T, file string) []jaeger.Trace {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "traces", file))
	if err != nil {
		t.Fatal(err)
	}
	var ts []jaeger.Trace
	if err := json.Unmarshal(data, &ts); err != nil {
		t.Fatal(err)
	}
	return ts
}

// one parses a file holding a single expectation, given as its YAML body.
func one(t *testing.T, body string) expect.Expectation {
	t.Helper()
	src := "expectations:\n  - id: x\n    name: x\n" + indent(body)
	f, err := expect.Parse([]byte(src), "x.yaml")
	if err != nil {
		t.Fatalf("parse:\n%s\n%v", src, err)
	}
	return f.Expectations[0]
}

func indent(s string) string {
	var b strings.Builder
	for _, l := range strings.Split(strings.TrimSpace(s), "\n") {
		b.WriteString("    " + l + "\n")
	}
	return b.String()
}

// Each case holds on the template backend's spans of both semconv
// generations, whichever name the expectation uses.
func TestEvalBothGenerations(t *testing.T) {
	cases := []struct {
		name string
		body string
		pass bool
		want string // in the message
	}{
		{"INSERT under the POST", `
request: POST /products/
spans: {kind: client, attributes: {db.statement: "~^INSERT"}, under: POST /products/}`, true, `1 span matched kind=client, db.statement ~ ^INSERT under the server span of POST /products/ in the trace of POST /products/: "INSERT postgres"`},
		{"stable names read old spans", `
spans: {kind: client, attributes: {db.query.text: "~^INSERT", db.system.name: postgresql, db.namespace: exists}}`, true, `1 span matched`},
		{"old names read stable spans", `
spans: {kind: client, attributes: {db.statement: "~^INSERT", db.system: postgresql, db.name: exists}}`, true, `1 span matched`},
		{"HTTP server spans by either name", `
spans: {kind: server, attributes: {http.method: GET, http.status_code: ">= 200", url.path: "~^/products/"}}
count: 2`, true, `2 spans matched`},
		{"status code comparison", `
spans: {kind: server, attributes: {http.response.status_code: 200, http.status_code: "!= 500"}}
count: 4`, true, `4 spans matched`},
		{"a request and a route with a parameter", `
request: GET /products/{id}
spans: {kind: client, name: "SELECT*"}
count: ">= 1"`, true, `in the trace of GET /products/{id}: "SELECT postgres"`},
		{"a parameter is one segment, not none", `
request: GET /products/{id}
spans: {kind: server}
count: 1`, true, `1 span matched kind=server in the trace of GET /products/{id}: "GET /products/{product_id}"`},
		{"no error span", `
spans: {status: error}
count: 0`, true, `no span matched status=error among 24 spans of 4 traces`},
		{"resource attributes", `
spans: {kind: server, attributes: {service.name: backend-service, telemetry.sdk.language: python}}
count: 4`, true, `4 spans matched`},
		{"every span under 5 s", `
spans: {service: backend-service, kind: server}
count: ">= 4"
duration: "< 5s"
attributes: {http.route: "~^/products/"}`, true, `4 spans matched`},
		{"a duration bound that fails", `
spans: {kind: server}
duration: "< 1us"`, false, `4 of 4 spans matching kind=server fail: "POST /products/" took`},
		{"absent attribute", `
spans: {kind: client, name: "INSERT*", attributes: {db.statement: absent}}`, false, `0 spans matched name=INSERT*, kind=client, db.statement absent, expected >= 1; the closest: "INSERT postgres" (kind=client) has db.`},
		{"no such request in the traces", `
request: PUT /products/{id}
spans: {kind: client}`, false, `no trace of PUT /products/{id} among 4 traces of the traffic; the server spans seen: "POST /products/" (method POST, not PUT)`},
		{"too many", `
spans: {kind: client, name: connect}
count: "<= 2"`, false, `5 spans matched name=connect, kind=client, expected <= 2: "connect" (backend-service,`},
	}
	for _, gen := range []string{"template_old.json", "template_stable.json"} {
		ts := traces(t, gen)
		for _, c := range cases {
			t.Run(gen+"/"+c.name, func(t *testing.T) {
				e := one(t, c.body)
				v := e.EvalSpans(ts)
				if v.Pass != c.pass {
					t.Errorf("pass = %v, want %v: %s", v.Pass, c.pass, v.Message)
				}
				if !strings.Contains(v.Message, c.want) {
					t.Errorf("message lacks %q:\n%s", c.want, v.Message)
				}
			})
		}
	}
}

// A miss names the closest spans and the part of the selector each failed.
func TestClosestGolden(t *testing.T) {
	cases := []struct{ name, traces, body string }{
		{"insert_under_post_no_slash", "student_no_slash.json", `
spans: {attributes: {db.system: postgresql}, under: POST /products/}
count: ">= 3"`},
		{"request_no_slash", "student_no_slash.json", `
request: POST /products/
spans: {kind: client, name: "INSERT*"}`},
		{"no_error_span", "student_no_slash.json", `
spans: {status: error}
count: 0`},
		{"wrong_kind_and_value", "template_stable.json", `
spans: {kind: server, attributes: {db.system: postgres}}`},
		{"under_a_selector", "template_old.json", `
spans:
  name: "DELETE postgres"
  under: {kind: server, attributes: {http.method: POST}}`},
		{"student_no_insert", "student_stable.json", `
request: POST /products/
spans: {kind: client, attributes: {db.statement: "~^INSERT"}, under: POST /products/}`},
		{"regex_and_number", "template_old.json", `
spans: {kind: server, attributes: {http.status_code: ">= 500", http.target: "~^/products/[0-9]+$"}}`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := one(t, c.body)
			v := e.EvalSpans(traces(t, c.traces))
			if v.Pass {
				t.Fatalf("passed: %s", v.Message)
			}
			golden(t, filepath.Join("testdata", "closest", c.name+".golden"), v.Message+"\n")
			// The same verdict in French: the closest spans in the
			// course's language, what the trace holds as it is.
			fr := msg.For(msg.French).Text(v.Said)
			golden(t, filepath.Join("testdata", "closest", c.name+".fr.golden"), fr+"\n")
			for _, w := range append(msgtest.EnglishWords(fr), msgtest.EnglishNumbers(fr)...) {
				t.Errorf("English in the French verdict: %s", w)
			}
		})
	}
}

func golden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs:\n got: %s\nwant: %s", path, got, want)
	}
}

// The course-shaped student backend (FastAPI instrumented, SQLAlchemy not),
// recorded in both generations: the same expectations give the same verdicts.
func TestEvalStudentBackend(t *testing.T) {
	cases := []struct {
		name string
		body string
		pass bool
		want string
	}{
		{"server spans by the stable names", `
spans: {kind: server, attributes: {http.request.method: GET, http.response.status_code: 200}}
count: 2`, true, `2 spans matched`},
		{"server spans by the old names", `
spans: {kind: server, attributes: {http.method: DELETE, http.target: "~^/products/[0-9]+$"}}`, true, `1 span matched`},
		{"no error span", `
spans: {status: error}
count: 0`, true, `no span matched status=error among 13 spans of 4 traces`},
		{"the route with a parameter", `
request: GET /products/{id}
spans: {kind: server, attributes: {http.route: "/products/{product_id}"}}
duration: "< 5s"`, true, `in the trace of GET /products/{id}: "GET /products/{product_id}"`},
		{"no INSERT span: the closest are named", `
request: POST /products/
spans: {kind: client, attributes: {db.statement: "~^INSERT"}, under: POST /products/}`, false,
			`0 spans matched kind=client, db.statement ~ ^INSERT under the server span of POST /products/ in the trace of POST /products/, expected >= 1; no span of these traces carries db.statement under any of its names: the database calls are not traced`},
	}
	for _, gen := range []string{"student_old.json", "student_stable.json"} {
		ts := traces(t, gen)
		for _, c := range cases {
			t.Run(gen+"/"+c.name, func(t *testing.T) {
				e := one(t, c.body)
				v := e.EvalSpans(ts)
				if v.Pass != c.pass {
					t.Errorf("pass = %v, want %v: %s", v.Pass, c.pass, v.Message)
				}
				if !strings.Contains(v.Message, c.want) {
					t.Errorf("message lacks %q:\n%s", c.want, v.Message)
				}
			})
		}
	}
}
