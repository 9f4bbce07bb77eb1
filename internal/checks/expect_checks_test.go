package checks

import (
	"context"
	"encoding/json"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/labctl/labctl/internal/expect"
	"github.com/labctl/labctl/internal/jaeger"
)

// growingJaeger hands out the recorded traces one more at each look, as
// they arrive in a real Jaeger.
type growingJaeger struct {
	mu    sync.Mutex
	all   []jaeger.Trace
	shown int
	looks int
}

func (g *growingJaeger) Services(context.Context) ([]string, error) {
	return []string{"backend-service"}, nil
}

func (g *growingJaeger) FindTraces(context.Context, string, time.Time, time.Time) ([]jaeger.Trace, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.looks++
	g.shown = min(g.shown+1, len(g.all))
	return g.all[:g.shown], nil
}

func recorded(t *testing.T, file string) []jaeger.Trace {
	t.Helper()
	data, err := os.ReadFile("../expect/testdata/traces/" + file)
	if err != nil {
		t.Fatal(err)
	}
	var ts []jaeger.Trace
	if err := json.Unmarshal(data, &ts); err != nil {
		t.Fatal(err)
	}
	return ts
}

func expectEnv(t *testing.T, src string, j jaeger.Client) *env {
	t.Helper()
	f, err := expect.Parse([]byte(src), "e.yaml")
	if err != nil {
		t.Fatal(err)
	}
	tr := Traffic{}
	for range 4 {
		tr.Requests = append(tr.Requests, Exchange{Status: 200})
	}
	return &env{lab: defaultLab(), service: "backend-service", jaeger: j, traffic: tr, opts: Options{Expect: f.Expectations}}
}

var expectBackoff = Backoff{Min: 50 * time.Millisecond, Max: 200 * time.Millisecond, Factor: 1.5, Attempt: time.Second}

// A count of 0 passes only once every request's trace is there and the
// span count has stopped moving; a miss is final then, not at the deadline.
func TestExpectWaitsForCompleteTraces(t *testing.T) {
	cases := []struct {
		name, src string
		status    Status
		want      string
	}{
		{"absent passes once complete", "expectations:\n  - {id: a, name: A, spans: {status: error}, count: 0}\n", Pass,
			"no span matched status=error among 24 spans of 4 traces"},
		{"an error span seen late fails", "expectations:\n  - {id: a, name: A, spans: {name: DELETE postgres}, count: 0}\n", Fail,
			`1 span matched name=DELETE postgres, expected 0`},
		{"a miss is final once complete", "expectations:\n  - {id: a, name: A, spans: {name: UPDATE*}}\n", Fail,
			"0 spans matched name=UPDATE*, expected >= 1"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			g := &growingJaeger{all: recorded(t, "template_old.json")}
			e := expectEnv(t, c.src, g)
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			start := time.Now()
			out := RunChecks(ctx, e.expectChecks(), expectBackoff, nil)
			o := out[0]
			if o.Status != c.status || !strings.HasPrefix(o.Evidence, c.want) {
				t.Errorf("%s %q, want %s %q", o.Status, o.Evidence, c.status, c.want)
			}
			if g.shown < len(g.all) {
				t.Errorf("decided after %d of %d traces", g.shown, len(g.all))
			}
			if took := time.Since(start); took < settleFor || took > 10*time.Second {
				t.Errorf("took %s: want the span count stable for %s, and no wait for the deadline", took, settleFor)
			}
		})
	}
}

func TestSettle(t *testing.T) {
	var s settle
	if s.complete(5) {
		t.Error("complete at the first look")
	}
	if s.complete(5) {
		t.Error("complete before settleFor")
	}
	s.since = s.since.Add(-settleFor)
	if !s.complete(5) {
		t.Error("not complete after settleFor at the same count")
	}
	if s.complete(6) {
		t.Error("complete right after the count moved")
	}
	var z settle
	z.complete(0)
	z.since = z.since.Add(-settleFor)
	if z.complete(0) {
		t.Error("no spans at all is never complete")
	}
}
