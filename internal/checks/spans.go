package checks

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/labctl/labctl/internal/jaeger"
	"github.com/labctl/labctl/internal/msg"
)

// Check IDs: stable, used in verify.json, JUnit and the report.
const (
	IDBackendTraffic = "backend_traffic"
	IDJaegerService  = "jaeger_service"
	IDServerSpan     = "http_server_span"
	IDDBSpan         = "db_client_span"
	IDCollector      = "collector_pipeline"
	IDPromScrape     = "prometheus_scrape"
	IDPGCommits      = "postgresql_commits"
	IDPGRows         = "postgresql_rows"
)

func (e *env) trafficCheck() Check {
	return Check{
		ID: IDBackendTraffic, Title: msg.New("check.backend_traffic"), Level: Required,
		Probe: func(context.Context) (msg.Message, map[string]string, error) {
			facts := map[string]string{"backend": e.traffic.BaseURL, "requests": fmt.Sprint(len(e.traffic.Requests))}
			if f := e.traffic.Failures(); len(f) > 0 {
				return msg.Message{}, facts, Permanent(msg.Errorf("check.traffic.failed", e.traffic.SummaryMsg(), msg.Quote(strings.Join(f, "; "))))
			}
			return e.traffic.SummaryMsg(), facts, nil
		},
		Diagnose: explainer(trafficDiagnosis).message,
	}
}

func (e *env) serviceCheck() Check {
	return Check{
		ID: IDJaegerService, Title: msg.New("check.jaeger_service", e.service), Level: Required,
		Probe: func(ctx context.Context) (msg.Message, map[string]string, error) {
			svcs, err := e.jaeger.Services(ctx)
			if err != nil {
				return msg.Message{}, nil, err
			}
			if !contains(svcs, e.service) {
				listed := msg.New("check.no_service")
				if u := userServices(svcs); len(u) > 0 {
					listed = msg.Raw(strings.Join(u, ", ")) // names
				}
				return msg.Message{}, nil, msg.Errorf("check.jaeger_service.other", listed, e.service)
			}
			return msg.New("check.jaeger_service.pass", strings.Join(svcs, ", ")), map[string]string{"services": strings.Join(svcs, ",")}, nil
		},
		Diagnose: explainer(serviceDiagnosis).message,
	}
}

func (e *env) serverSpanCheck() Check {
	return Check{
		ID: IDServerSpan, Title: msg.New("check.http_server_span"), Level: Required,
		Probe: func(ctx context.Context) (msg.Message, map[string]string, error) {
			traces, err := e.jaeger.FindTraces(ctx, e.service, e.windowFrom(), e.windowTo())
			if err != nil {
				return msg.Message{}, nil, err
			}
			t, sp, ok := firstServerSpan(traces)
			if !ok {
				return msg.Message{}, nil, msg.Errorf("check.http_server_span.none", len(traces), e.service)
			}
			facts := map[string]string{"trace_id": t.ID, "route": sp.Tags["http.route"], "method": method(sp), "spans": fmt.Sprint(len(t.Spans))}
			return msg.New("check.http_server_span.pass", t.ID, method(sp), sp.Tags["http.route"], len(t.Spans)), facts, nil
		},
		Diagnose: explainer(serverSpanDiagnosis).message,
	}
}

func (e *env) dbSpanCheck() Check {
	level := Required
	if !e.expectDB {
		level = Bonus
	}
	return Check{
		ID: IDDBSpan, Title: msg.New("check.db_client_span"), Level: level,
		Probe: func(ctx context.Context) (msg.Message, map[string]string, error) {
			traces, err := e.jaeger.FindTraces(ctx, e.service, e.windowFrom(), e.windowTo())
			if err != nil {
				return msg.Message{}, nil, err
			}
			var found *dbFind
			for _, t := range traces {
				if parent, db, ok := dbChild(t); ok && (found == nil || found.db.Operation == "connect") {
					found = &dbFind{t, parent, db} // prefer a query to a connect span
				}
			}
			if found == nil {
				err := msg.Errorf("check.db_client_span.none")
				if _, _, ok := firstServerSpan(traces); ok && e.spans.sawServer() > dbSpanGrace(level) {
					return msg.Message{}, nil, Permanent(err)
				}
				return msg.Message{}, nil, err
			}
			f := found
			facts := map[string]string{"trace_id": f.trace.ID, "operation": f.db.Operation, "parent": f.parent.Operation}
			return msg.New("check.db_client_span.pass", f.trace.ID, f.db.Operation, f.parent.Operation), facts, nil
		},
		Diagnose: explainer(dbSpanDiagnosis).message,
	}
}

// dbSpanGrace is how long after the traffic's server spans arrived the
// database span may still come: the SDK exports a request's spans in the
// same batch (the child ends first), so a little slack is plenty. A bonus
// check must not hold a green verdict back.
func dbSpanGrace(l Level) time.Duration {
	if l == Bonus {
		return 2 * time.Second
	}
	return 5 * time.Second
}

// firstServerSpan finds an HTTP server span with a route and a method.
func firstServerSpan(traces []jaeger.Trace) (jaeger.Trace, jaeger.Span, bool) {
	for _, t := range traces {
		for _, sp := range t.Spans {
			if isHTTPServer(sp) {
				return t, sp, true
			}
		}
	}
	return jaeger.Trace{}, jaeger.Span{}, false
}

func isHTTPServer(sp jaeger.Span) bool {
	return sp.Kind == "server" && sp.Tags["http.route"] != "" && method(sp) != ""
}

func method(sp jaeger.Span) string {
	if m := sp.Tags["http.request.method"]; m != "" {
		return m
	}
	return sp.Tags["http.method"]
}

func isPostgresClient(sp jaeger.Span) bool {
	return sp.Kind == "client" && (sp.Tags["db.system"] == "postgresql" || sp.Tags["db.system.name"] == "postgresql")
}

type dbFind struct {
	trace      jaeger.Trace
	parent, db jaeger.Span
}

// dbChild finds a PostgreSQL client span below an HTTP server span,
// preferring a query to the connect span.
func dbChild(t jaeger.Trace) (parent, db jaeger.Span, ok bool) {
	byID := make(map[string]jaeger.Span, len(t.Spans))
	for _, sp := range t.Spans {
		byID[sp.ID] = sp
	}
	for _, sp := range t.Spans {
		if !isPostgresClient(sp) {
			continue
		}
		// Walk up: SQLAlchemy's span may sit under an internal span.
		cur := sp
		for i := 0; i < len(t.Spans) && cur.ParentID != ""; i++ {
			p, found := byID[cur.ParentID]
			if !found {
				break
			}
			if isHTTPServer(p) {
				if !ok || db.Operation == "connect" {
					parent, db, ok = p, sp, true
				}
				break
			}
			cur = p
		}
	}
	return parent, db, ok
}

func listOrNone(s []string) string {
	if len(s) == 0 {
		return "no service"
	}
	return strings.Join(s, ", ")
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}
