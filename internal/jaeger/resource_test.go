package jaeger_test

import (
	"context"
	"net/http"
	"testing"
	"time"
)

// TestJaegerHTTPResource: the emitter's attributes (service.version) reach
// Span.Resource from api_v3's resource attributes and from the UI API's
// process tags, inline or by processID.
func TestJaegerHTTPResource(t *testing.T) {
	t.Parallel()
	uiSpan := `{"spanID":"00000000000000ff","operationName":"op","startTime":1,"processID":"p1","tags":[]`
	cases := []struct{ name, path, body string }{
		{"api_v3", "/api/v3/traces", `{"result":{"resourceSpans":[{"resource":{"attributes":[` +
			`{"key":"service.name","value":{"stringValue":"svc"}},{"key":"service.version","value":{"stringValue":"2.1.3"}}]},` +
			`"scopeSpans":[{"spans":[{"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"00000000000000ff","name":"op",` +
			`"startTimeUnixNano":"1000","endTimeUnixNano":"2000"}]}]}]}}`},
		{"ui processes", "/api/traces", `{"data":[{"traceID":"0af7651916cd43dd8448eb211c80319c","spans":[` + uiSpan + `}],` +
			`"processes":{"p1":{"serviceName":"svc","tags":[{"key":"service.version","type":"string","value":"2.1.3"}]}}}]}`},
		{"ui inline process", "/api/traces", `{"data":[{"traceID":"0af7651916cd43dd8448eb211c80319c","spans":[` + uiSpan +
			`,"process":{"serviceName":"svc","tags":[{"key":"service.version","type":"string","value":"2.1.3"}]}}]}]}`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			routes := map[string]func(http.ResponseWriter){c.path: jhAnswer(200, c.body)}
			if c.path == "/api/v3/traces" {
				routes["/api/v3/services"] = jhAnswer(200, `{"services":["svc"]}`)
			}
			j := jhServe(t, routes)
			traces, err := j.FindTraces(context.Background(), "svc", time.Now().Add(-time.Minute), time.Now())
			if err != nil {
				t.Fatal(err)
			}
			if len(traces) != 1 || len(traces[0].Spans) != 1 {
				t.Fatalf("traces = %+v, want one span", traces)
			}
			sp := traces[0].Spans[0]
			if sp.Service != "svc" || sp.Resource["service.version"] != "2.1.3" {
				t.Errorf("span %+v: want service svc and Resource service.version=2.1.3", sp)
			}
		})
	}
}
