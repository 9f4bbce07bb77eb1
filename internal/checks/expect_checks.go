package checks

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/labctl/labctl/internal/expect"
	"github.com/labctl/labctl/internal/msg"
)

// settleFor is how long the traffic's span count must stay the same before
// its traces count as complete: an expectation that more spans could break
// (a count of 0) passes only then, and a miss is final only then.
const settleFor = time.Second

// expectChecks turns the user's expectations (Options.Expect) into checks
// that run with verify's own, under its deadline.
func (e *env) expectChecks() []Check {
	var out []Check
	for _, x := range e.opts.Expect {
		var c Check
		if x.Metric != nil {
			c = e.metricExpectCheck(x)
		} else {
			c = e.spanExpectCheck(x)
		}
		c.ID, c.Name, c.Level = x.CheckID(), x.Name, Required
		if x.Bonus {
			c.Level = Bonus
		}
		out = append(out, c)
	}
	return out
}

// skipExpectChecks skips the expectations labctl cannot check from here,
// with the line that makes them possible.
func (e *env) skipExpectChecks(list []Check) {
	eps := e.lab.Endpoints
	for i := range list {
		if !strings.HasPrefix(list[i].ID, expect.CheckPrefix) || list[i].SkipReason != "" {
			continue
		}
		isMetric := e.isMetricExpect(list[i].ID)
		var why msg.Message
		switch {
		case isMetric && e.promURL == "":
			why = msg.New("check.unreachable", msg.New("check.part.prometheus"), hintOr(eps.Prometheus, "--prometheus"))
		case !isMetric && !eps.Backend.Reachable():
			why = msg.New("check.unreachable", msg.New("check.part.backend"), hintOr(eps.Backend, "--backend"))
		case !isMetric && e.jaegerAddr == "":
			why = msg.New("check.unreachable", msg.New("check.part.jaeger"), hintOr(eps.JaegerUI, "--jaeger"))
		}
		if !why.IsZero() { // said in the course's language, in English as before
			list[i].Skip, list[i].SkipReason = why, why.English()
		}
	}
}

func (e *env) isMetricExpect(id string) bool {
	for _, x := range e.opts.Expect {
		if x.CheckID() == id {
			return x.Metric != nil
		}
	}
	return false
}

// settle tells when the span count of what a probe reads stopped moving.
type settle struct {
	mu    sync.Mutex
	n     int
	since time.Time
}

// complete records n spans read now and reports whether the count has
// been n, and not zero, for settleFor.
func (s *settle) complete(n int) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := time.Now()
	if n != s.n || s.since.IsZero() {
		s.n, s.since = n, now
		return false
	}
	return n > 0 && now.Sub(s.since) >= settleFor
}

func (e *env) spanExpectCheck(x expect.Expectation) Check {
	var st settle
	// The traffic's traces are all there when each answered request has
	// one (or, for an expectation about one request, that request has one).
	want := 0
	for _, r := range e.traffic.Requests {
		if r.Status != 0 {
			want++
		}
	}
	return Check{
		Probe: func(ctx context.Context) (msg.Message, map[string]string, error) {
			traces, err := e.jaeger.FindTraces(ctx, e.service, e.windowFrom(), e.windowTo())
			if err != nil {
				return msg.Message{}, nil, err
			}
			v := x.EvalSpans(traces)
			facts := v.Facts
			facts["spans"], facts["traces"] = fmt.Sprint(v.Spans), fmt.Sprint(v.Traces)
			enough := v.Traces >= want || x.Request != nil && v.Traces > 0
			done := st.complete(v.Spans) && enough
			switch {
			case v.Pass && (done || !x.Absent()):
				return v.Said, facts, nil
			case v.Pass:
				return msg.Message{}, facts, msg.Errorf("expect.so_far", v.Said, v.Spans, v.Traces)
			case done:
				// The traces are complete: looking again cannot change the verdict.
				return msg.Message{}, facts, Permanent(v.Said.Err())
			}
			return msg.Message{}, facts, v.Said.Err()
		},
		// The miss explains itself in the evidence; the diagnosis is for a
		// pipeline that brought no spans at all.
		Diagnose: explainer(walkSpans).message,
	}
}

func (e *env) metricExpectCheck(x expect.Expectation) Check {
	return Check{
		Probe: func(ctx context.Context) (msg.Message, map[string]string, error) {
			samples, err := e.prom.Query(ctx, x.Metric.Query)
			if err != nil {
				// A query Prometheus cannot parse will not parse later.
				if strings.Contains(err.Error(), "bad_data") {
					return msg.Message{}, nil, Permanent(fmt.Errorf("%s: Prometheus refuses the PromQL: %w; fix metric: in %s", x.Metric.Expr, err, x.Where()))
				}
				return msg.Message{}, nil, err
			}
			series := make([]expect.Series, len(samples))
			for i, s := range samples {
				series[i] = expect.Series{Labels: s.Labels, Value: s.Value}
			}
			pass, said := x.Metric.JudgeSaid(series)
			facts := map[string]string{"query": x.Metric.Query, "series": fmt.Sprint(len(series))}
			if pass {
				return said, facts, nil
			}
			return msg.Message{}, facts, said.Err()
		},
		Diagnose: explainer(walkProm).message,
	}
}
