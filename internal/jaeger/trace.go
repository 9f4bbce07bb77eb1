package jaeger

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// ErrTraceNotFound is GetTrace's answer when Jaeger has no trace of that id.
var ErrTraceNotFound = errors.New("no such trace in Jaeger")

// ErrBadTraceID is GetTrace's answer to an id that is not 1 to 32 hex digits.
var ErrBadTraceID = errors.New("not a trace id (1 to 32 hexadecimal digits)")

// TraceReader is a Jaeger client that can also read one trace by its id:
// HTTP and GRPC.
type TraceReader interface {
	Client
	GetTrace(ctx context.Context, id string) (Trace, error)
}

var (
	_ TraceReader = (*HTTP)(nil)
	_ TraceReader = (*GRPC)(nil)
)

// NormalizeTraceID returns id as 32 lower-case hex digits (left-padded with
// zeros, as OTLP writes a 64-bit Jaeger id), or ErrBadTraceID.
func NormalizeTraceID(id string) (string, error) {
	s := strings.ToLower(strings.TrimSpace(id))
	if s == "" || len(s) > 32 {
		return "", fmt.Errorf("trace id %q: %w", id, ErrBadTraceID)
	}
	padded := strings.Repeat("0", 32-len(s)) + s
	if _, err := hex.DecodeString(padded); err != nil {
		return "", fmt.Errorf("trace id %q: %w", id, ErrBadTraceID)
	}
	return padded, nil
}

// GetTrace returns the trace with this id (hex); ErrTraceNotFound when
// Jaeger has none. api_v3: GET /api/v3/traces/{id}; the UI API: GET
// /api/traces/{id}.
func (j *HTTP) GetTrace(ctx context.Context, id string) (Trace, error) {
	norm, err := NormalizeTraceID(id)
	if err != nil {
		return Trace{}, err
	}
	api, err := j.detect(ctx)
	if err != nil {
		return Trace{}, err
	}
	var traces []Trace
	if api == JaegerAPIv3 {
		var r otlpResult
		err = j.getJSON(ctx, "/api/v3/traces/"+url.PathEscape(norm), nil, &r)
		if err == nil {
			traces, err = r.traces()
		}
	} else {
		var r uiTraces
		err = j.getJSON(ctx, "/api/traces/"+url.PathEscape(norm), nil, &r)
		traces = r.traces()
	}
	var he *httpError
	if errors.As(err, &he) && he.code == http.StatusNotFound {
		return Trace{}, j.errorf("trace %s: %w", id, ErrTraceNotFound)
	}
	if err != nil {
		return Trace{}, j.errorf("get trace %s: %w", id, err)
	}
	for _, t := range traces {
		if len(t.Spans) > 0 {
			return t, nil
		}
	}
	return Trace{}, j.errorf("trace %s: %w", id, ErrTraceNotFound)
}

// traceBuilder groups spans by trace id, keeping the order of first sight.
type traceBuilder struct {
	traces []Trace
	index  map[string]int
}

func (b *traceBuilder) add(traceID string, sp Span) {
	if b.index == nil {
		b.index = map[string]int{}
	}
	i, ok := b.index[traceID]
	if !ok {
		i = len(b.traces)
		b.index[traceID] = i
		b.traces = append(b.traces, Trace{ID: traceID})
	}
	b.traces[i].Spans = append(b.traces[i].Spans, sp)
}
