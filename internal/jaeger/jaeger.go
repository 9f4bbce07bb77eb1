// Package jaeger reads traces from Jaeger: the HTTP client (api_v3 OTLP JSON
// and the UI's /api/traces, base-path aware), the gRPC client (api_v2 on
// 16685), and the Trace and Span types that checks, trace, scenario, the
// waterfall and the report share.
package jaeger

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	model "github.com/jaegertracing/jaeger-idl/model/v1"
	api "github.com/jaegertracing/jaeger-idl/proto-gen/api_v2"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"
)

// Jaeger is what the checks need from Jaeger's query service.
type Client interface {
	Services(ctx context.Context) ([]string, error)
	// FindTraces returns the service's traces with a span starting in [from, to].
	FindTraces(ctx context.Context, service string, from, to time.Time) ([]Trace, error)
}

// Trace is one trace as the checks see it.
type Trace struct {
	ID    string
	Spans []Span
}

// Span is the part of a span the checks look at.
type Span struct {
	ID, ParentID string
	Service      string
	Operation    string
	// Kind is the span kind in lower case ("server", "client", ...).
	Kind string
	Tags map[string]string
	// Resource holds the attributes of the process that emitted the span
	// (OTLP resource attributes; the UI API's and api_v2's process tags),
	// e.g. service.version; nil when Jaeger gave none.
	Resource map[string]string
	Start    time.Time
	// Duration is the span's end minus its start (0 when unknown).
	Duration time.Duration
	// Error is true when the span's status is an error (OTLP status code
	// ERROR, or the tag error=true / otel.status_code=ERROR).
	Error bool
}

// GRPC talks to Jaeger's query service (api_v2, port 16685) over gRPC
// without TLS, as the lab publishes it on 127.0.0.1.
type GRPC struct {
	Addr   string
	conn   *grpc.ClientConn
	client api.QueryServiceClient
}

// Dial prepares a client for the query service at addr (host:port).
// It does not connect yet: gRPC connects on the first call.
func Dial(addr string) (*GRPC, error) {
	conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		return nil, fmt.Errorf("jaeger query at %s: %w", addr, err)
	}
	return &GRPC{Addr: addr, conn: conn, client: api.NewQueryServiceClient(conn)}, nil
}

// Close releases the connection.
func (j *GRPC) Close() error { return j.conn.Close() }

// Services lists the services Jaeger has spans for, sorted.
func (j *GRPC) Services(ctx context.Context) ([]string, error) {
	resp, err := j.client.GetServices(ctx, &api.GetServicesRequest{})
	if err != nil {
		return nil, fmt.Errorf("jaeger query at %s: list services: %w", j.Addr, err)
	}
	s := append([]string(nil), resp.GetServices()...)
	sort.Strings(s)
	return s, nil
}

// FindTraces searches up to 20 traces of service in [from, to].
func (j *GRPC) FindTraces(ctx context.Context, service string, from, to time.Time) ([]Trace, error) {
	stream, err := j.client.FindTraces(ctx, &api.FindTracesRequest{Query: &api.TraceQueryParameters{
		ServiceName:  service,
		StartTimeMin: from,
		StartTimeMax: to,
		SearchDepth:  20,
	}})
	if err != nil {
		return nil, fmt.Errorf("jaeger query at %s: find traces of %s: %w", j.Addr, service, err)
	}
	byID := map[string]*Trace{}
	var order []string
	for {
		chunk, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		if status.Code(err) == codes.NotFound { // some versions say "no traces" this way
			break
		}
		if err != nil {
			return nil, fmt.Errorf("jaeger query at %s: find traces of %s: %w", j.Addr, service, err)
		}
		for i := range chunk.GetSpans() {
			sp := convertSpan(&chunk.Spans[i])
			id := chunk.Spans[i].TraceID.String()
			t, ok := byID[id]
			if !ok {
				t = &Trace{ID: id}
				byID[id] = t
				order = append(order, id)
			}
			t.Spans = append(t.Spans, sp)
		}
	}
	out := make([]Trace, 0, len(order))
	for _, id := range order {
		out = append(out, *byID[id])
	}
	return out, nil
}

func convertSpan(s *model.Span) Span {
	sp := Span{
		ID:        s.SpanID.String(),
		Operation: s.OperationName,
		Tags:      make(map[string]string, len(s.Tags)),
		Start:     s.StartTime,
		Duration:  s.Duration,
	}
	if p := s.ParentSpanID(); p != 0 {
		sp.ParentID = p.String()
	}
	if s.Process != nil {
		sp.Service = s.Process.ServiceName
		if len(s.Process.Tags) > 0 {
			sp.Resource = make(map[string]string, len(s.Process.Tags))
			for i := range s.Process.Tags {
				sp.Resource[s.Process.Tags[i].Key] = s.Process.Tags[i].AsString()
			}
		}
	}
	for i := range s.Tags {
		sp.Tags[s.Tags[i].Key] = s.Tags[i].AsString()
	}
	if k, ok := s.GetSpanKind(); ok {
		sp.Kind = string(k)
	}
	sp.Error = tagsSayError(sp.Tags)
	return sp
}

// tagsSayError reads a span's error status from its tags, as Jaeger's UI
// API and api_v2 carry it: error=true, or otel.status_code=ERROR.
func tagsSayError(tags map[string]string) bool {
	return strings.EqualFold(tags["error"], "true") || strings.EqualFold(tags["otel.status_code"], "ERROR")
}

// GetTrace returns the trace with this id (hex); ErrTraceNotFound when
// Jaeger has none.
func (j *GRPC) GetTrace(ctx context.Context, id string) (Trace, error) {
	tid, err := model.TraceIDFromString(id)
	if err != nil {
		return Trace{}, fmt.Errorf("trace id %q: %w", id, ErrBadTraceID)
	}
	stream, err := j.client.GetTrace(ctx, &api.GetTraceRequest{TraceID: tid}, grpc.ForceCodec(gogoCodec{}))
	if err != nil {
		return Trace{}, fmt.Errorf("jaeger query at %s: get trace %s: %w", j.Addr, id, err)
	}
	t := Trace{ID: tid.String()}
	for {
		chunk, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		if status.Code(err) == codes.NotFound {
			break
		}
		if err != nil {
			return Trace{}, fmt.Errorf("jaeger query at %s: get trace %s: %w", j.Addr, id, err)
		}
		for i := range chunk.GetSpans() {
			t.Spans = append(t.Spans, convertSpan(&chunk.Spans[i]))
		}
	}
	if len(t.Spans) == 0 {
		return Trace{}, fmt.Errorf("jaeger query at %s: trace %s: %w", j.Addr, id, ErrTraceNotFound)
	}
	return t, nil
}
