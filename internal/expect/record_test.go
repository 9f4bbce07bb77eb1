package expect_test

import (
	"context"
	"encoding/json"
	"flag"
	"net/http"
	"os"
	"path/filepath"
	"sort"
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
}

// sendAndRead sends the lab's traffic to url and reads the traces back
// from Jaeger once their span count is stable.
func sendAndRead(t *testing.T, l *labtest.Lab, url string, j *testbed.Jaeger) []jaeger.Trace {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	hc := &http.Client{Timeout: 5 * time.Second}
	for ctx.Err() == nil { // the backend was started without waiting
		if r, err := hc.Get(url + "/health"); err == nil && r.StatusCode == 200 {
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
