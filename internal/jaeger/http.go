package jaeger

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// Values of HTTP.API.
const (
	JaegerAPIv3 = "api_v3" // /api/v3/..., OTLP JSON (Jaeger v2 and recent v1)
	JaegerAPIUI = "ui"     // /api/services, /api/traces: the UI's own API, in every Jaeger
)

// maxJaegerBody bounds how much of a response is read: 20 traces fit easily,
// a misconfigured URL serving something huge does not exhaust memory.
const maxJaegerBody = 8 << 20

// jaegerLimit is how many traces FindTraces asks for, as GRPC does.
const jaegerLimit = 20

// HTTP talks to Jaeger's query HTTP API (the UI's port, 16686), the one a
// student publishes. It implements Jaeger.
type HTTP struct {
	base   *url.URL // UI URL, path without trailing slash
	name   string   // base for messages, without a password
	client *http.Client
	api    atomic.Value // string, once detected
	// detecting is a one-slot lock around detection; a channel so that
	// callers waiting for it still honour their context.
	detecting chan struct{}
}

var _ Client = (*HTTP)(nil)

// NewHTTP prepares a client for the Jaeger UI at base, e.g.
// http://127.0.0.1:16686 or http://host/jaeger/ui (API under base/api/...).
// client nil means http.DefaultClient. Nothing is sent yet.
func NewHTTP(base string, client *http.Client) (*HTTP, error) {
	u, err := url.Parse(strings.TrimSpace(base))
	if err != nil {
		return nil, fmt.Errorf("jaeger URL %q: %w", base, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return nil, fmt.Errorf("jaeger URL %q: want http://host[:port][/path] or https://...", base)
	}
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = strings.TrimRight(u.RawPath, "/")
	u.RawQuery, u.Fragment = "", ""
	if client == nil {
		client = http.DefaultClient
	}
	return &HTTP{base: u, name: u.Redacted(), client: client, detecting: make(chan struct{}, 1)}, nil
}

// API returns JaegerAPIv3 or JaegerAPIUI once detected (after a first
// successful call), "" before.
func (j *HTTP) API() string {
	s, _ := j.api.Load().(string)
	return s
}

// Services lists the services Jaeger has spans for, sorted.
func (j *HTTP) Services(ctx context.Context) ([]string, error) {
	api, err := j.detect(ctx)
	if err != nil {
		return nil, err
	}
	var s []string
	if api == JaegerAPIv3 {
		var r struct {
			Services []string `json:"services"`
		}
		err = j.getJSON(ctx, "/api/v3/services", nil, &r)
		s = r.Services
	} else {
		var r struct {
			Data []string `json:"data"`
		}
		err = j.getJSON(ctx, "/api/services", nil, &r)
		s = r.Data
	}
	if err != nil {
		return nil, j.errorf("list services: %w", err)
	}
	sort.Strings(s)
	return s, nil
}

// FindTraces searches up to 20 traces of service with a span starting in [from, to].
func (j *HTTP) FindTraces(ctx context.Context, service string, from, to time.Time) ([]Trace, error) {
	api, err := j.detect(ctx)
	if err != nil {
		return nil, err
	}
	var traces []Trace
	if api == JaegerAPIv3 {
		traces, err = j.findV3(ctx, service, from, to)
	} else {
		traces, err = j.findUI(ctx, service, from, to)
	}
	if err != nil {
		return nil, j.errorf("find traces of %s: %w", service, err)
	}
	return traces, nil
}

// detect finds out once which API answers. A failure where nothing answered
// (no connection, a proxy's 502/503/504, a cancelled context) is not
// remembered, so that the next call tries again, e.g. once Jaeger is up.
func (j *HTTP) detect(ctx context.Context) (string, error) {
	if api := j.API(); api != "" {
		return api, nil
	}
	select {
	case j.detecting <- struct{}{}:
		defer func() { <-j.detecting }()
	case <-ctx.Done():
		return "", j.errorf("detect API: %w", ctx.Err())
	}
	if api := j.API(); api != "" { // detected while we waited
		return api, nil
	}
	var r struct {
		Services []string `json:"services"`
	}
	err := j.getJSON(ctx, "/api/v3/services", nil, &r)
	var he *httpError
	switch {
	case err == nil:
		j.api.Store(JaegerAPIv3)
	case errors.As(err, &he) && he.code != http.StatusBadGateway &&
		he.code != http.StatusServiceUnavailable && he.code != http.StatusGatewayTimeout,
		errors.As(err, new(*json.SyntaxError)), errors.As(err, new(*json.UnmarshalTypeError)):
		// Something answered, but not api_v3 (404, or the UI's index.html
		// that Jaeger serves for unknown paths): only the UI API is left.
		j.api.Store(JaegerAPIUI)
	default:
		return "", j.errorf("detect API: %w", err)
	}
	return j.API(), nil
}

func (j *HTTP) findV3(ctx context.Context, service string, from, to time.Time) ([]Trace, error) {
	q := url.Values{
		"query.service_name":   {service},
		"query.start_time_min": {from.UTC().Format(time.RFC3339Nano)},
		"query.start_time_max": {to.UTC().Format(time.RFC3339Nano)},
		"query.num_traces":     {strconv.Itoa(jaegerLimit)},
	}
	var r otlpResult
	err := j.getJSON(ctx, "/api/v3/traces", q, &r)
	var he *httpError
	if errors.As(err, &he) && he.code == http.StatusNotFound {
		return nil, nil // api_v3 says "No traces found" with a 404
	}
	if err != nil {
		return nil, err
	}
	return r.traces()
}

func (j *HTTP) findUI(ctx context.Context, service string, from, to time.Time) ([]Trace, error) {
	q := url.Values{
		"service": {service},
		"start":   {strconv.FormatInt(from.UnixMicro(), 10)},
		"end":     {strconv.FormatInt(to.UnixMicro(), 10)},
		"limit":   {strconv.Itoa(jaegerLimit)},
	}
	var r uiTraces
	if err := j.getJSON(ctx, "/api/traces", q, &r); err != nil {
		return nil, err
	}
	return r.traces(), nil
}

func (j *HTTP) errorf(format string, args ...any) error {
	return fmt.Errorf("jaeger at %s: "+format, append([]any{j.name}, args...)...)
}

// httpError is a non-200 answer.
type httpError struct {
	code   int
	status string
	msg    string // Jaeger's own message, when it gave one
}

func (e *httpError) Error() string {
	if e.msg != "" {
		return "HTTP " + e.status + ": " + e.msg
	}
	return "HTTP " + e.status
}

// getJSON GETs base+path?q and decodes a 200 answer into v.
func (j *HTTP) getJSON(ctx context.Context, path string, q url.Values, v any) error {
	u := *j.base
	u.Path += path
	if u.RawPath != "" {
		u.RawPath += path
	}
	u.RawQuery = q.Encode()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return err
	}
	req.Header.Set("Accept", "application/json")
	resp, err := j.client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxJaegerBody+1))
	if err != nil {
		return fmt.Errorf("GET %s: read body: %w", u.Path, err)
	}
	if resp.StatusCode != http.StatusOK {
		return &httpError{code: resp.StatusCode, status: resp.Status, msg: errorMessage(body)}
	}
	if len(body) > maxJaegerBody {
		return fmt.Errorf("GET %s: answer larger than %d MiB", u.Path, maxJaegerBody>>20)
	}
	if err := json.Unmarshal(body, v); err != nil {
		if bytes.HasPrefix(bytes.TrimSpace(body), []byte("<")) {
			// Jaeger answers 200 with an HTML page for paths it does not know.
			return fmt.Errorf("GET %s: an HTML page, not Jaeger's API (is the base path right?): %w", u.Path, err)
		}
		return fmt.Errorf("GET %s: %w", u.Path, err)
	}
	return nil
}

// errorMessage extracts the message of Jaeger's error answers: api_v3
// {"error":{"httpCode":..,"message":..}}, the UI API {"errors":[{"code":..,"msg":..}]}.
func errorMessage(body []byte) string {
	var r struct {
		Error struct {
			Message string `json:"message"`
		} `json:"error"`
		Errors []struct {
			Msg string `json:"msg"`
		} `json:"errors"`
	}
	if json.Unmarshal(bytes.TrimSpace(body), &r) != nil {
		return ""
	}
	if r.Error.Message != "" {
		return r.Error.Message
	}
	var msgs []string
	for _, e := range r.Errors {
		msgs = append(msgs, e.Msg)
	}
	return strings.Join(msgs, "; ")
}

// ---------------------------------------------------------------- api_v3: OTLP JSON

type otlpResult struct {
	Result struct {
		ResourceSpans []struct {
			Resource struct {
				Attributes []otlpKeyValue `json:"attributes"`
			} `json:"resource"`
			ScopeSpans []struct {
				Spans []otlpSpan `json:"spans"`
			} `json:"scopeSpans"`
		} `json:"resourceSpans"`
	} `json:"result"`
}

type otlpSpan struct {
	TraceID           string          `json:"traceId"`
	SpanID            string          `json:"spanId"`
	ParentSpanID      string          `json:"parentSpanId"`
	Name              string          `json:"name"`
	Kind              json.RawMessage `json:"kind"`
	StartTimeUnixNano json.RawMessage `json:"startTimeUnixNano"`
	EndTimeUnixNano   json.RawMessage `json:"endTimeUnixNano"`
	Attributes        []otlpKeyValue  `json:"attributes"`
	Status            struct {
		Code json.RawMessage `json:"code"` // 2 or "STATUS_CODE_ERROR"
	} `json:"status"`
}

// otlpKeyValue is an attribute; see its UnmarshalJSON.
type otlpKeyValue struct {
	Key   string
	Value struct {
		StringValue *string
		IntValue    json.RawMessage // "42" in OTLP JSON, 42 from some encoders
		DoubleValue json.RawMessage // a number, or "NaN"/"Infinity"
		BoolValue   *bool
		Other       map[string]json.RawMessage // arrayValue, kvlistValue, bytesValue
	}
}

func (r *otlpResult) traces() ([]Trace, error) {
	var tb traceBuilder
	for _, rs := range r.Result.ResourceSpans {
		resource := otlpAttrs(rs.Resource.Attributes)
		service := resource["service.name"]
		if len(resource) == 0 {
			resource = nil
		}
		for _, ss := range rs.ScopeSpans {
			for _, s := range ss.Spans {
				start, err := otlpNanos(s.StartTimeUnixNano)
				if err != nil {
					return nil, fmt.Errorf("span %s: startTimeUnixNano: %w", s.SpanID, err)
				}
				end, err := otlpNanos(s.EndTimeUnixNano)
				if err != nil {
					return nil, fmt.Errorf("span %s: endTimeUnixNano: %w", s.SpanID, err)
				}
				var d time.Duration
				if !end.IsZero() && !start.IsZero() {
					d = end.Sub(start)
				}
				tags := otlpAttrs(s.Attributes)
				tb.add(otlpID(s.TraceID, 16), Span{
					ID:        otlpID(s.SpanID, 8),
					ParentID:  otlpID(s.ParentSpanID, 8),
					Service:   service,
					Operation: s.Name,
					Kind:      otlpKind(s.Kind),
					Tags:      tags,
					Resource:  resource,
					Start:     start,
					Duration:  d,
					Error:     otlpStatusError(s.Status.Code) || tagsSayError(tags),
				})
			}
		}
	}
	return tb.traces, nil
}

// otlpID returns an n-byte id as lower-case hex. OTLP JSON says hex, but the
// gogo jsonpb of older Jaegers gives the proto bytes in base64.
func otlpID(s string, n int) string {
	if s == "" {
		return ""
	}
	if len(s) == 2*n {
		if _, err := hex.DecodeString(s); err == nil {
			return strings.ToLower(s)
		}
	}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(s); err == nil && len(b) == n {
			return hex.EncodeToString(b)
		}
	}
	return s // neither: keep it, it still groups spans
}

// otlpKind maps 2 or "SPAN_KIND_SERVER" to "server", as the UI API spells it.
func otlpKind(raw json.RawMessage) string {
	names := map[int]string{1: "internal", 2: "server", 3: "client", 4: "producer", 5: "consumer"}
	var n int
	if json.Unmarshal(raw, &n) == nil {
		return names[n]
	}
	var s string
	if json.Unmarshal(raw, &s) != nil {
		return ""
	}
	s = strings.ToLower(strings.TrimPrefix(strings.ToUpper(s), "SPAN_KIND_"))
	if s == "unspecified" {
		return ""
	}
	return s
}

// otlpStatusError reads an OTLP status code: 2 or "STATUS_CODE_ERROR".
func otlpStatusError(raw json.RawMessage) bool {
	var n int
	if json.Unmarshal(raw, &n) == nil {
		return n == 2
	}
	var s string
	return json.Unmarshal(raw, &s) == nil && strings.EqualFold(s, "STATUS_CODE_ERROR")
}

// otlpNanos parses startTimeUnixNano, a string of digits (or a number).
func otlpNanos(raw json.RawMessage) (time.Time, error) {
	if len(raw) == 0 {
		return time.Time{}, nil
	}
	n, err := strconv.ParseInt(strings.Trim(string(raw), `"`), 10, 64)
	if err != nil {
		return time.Time{}, err
	}
	return time.Unix(0, n), nil
}

func otlpAttrs(kvs []otlpKeyValue) map[string]string {
	m := make(map[string]string, len(kvs))
	for _, kv := range kvs {
		v := kv.Value
		switch {
		case v.StringValue != nil:
			m[kv.Key] = *v.StringValue
		case v.IntValue != nil:
			m[kv.Key] = strings.Trim(string(v.IntValue), `"`)
		case v.DoubleValue != nil:
			m[kv.Key] = strings.Trim(string(v.DoubleValue), `"`)
		case v.BoolValue != nil:
			m[kv.Key] = strconv.FormatBool(*v.BoolValue)
		default: // arrays, kvlists, bytes: their JSON is readable enough
			m[kv.Key] = otherValue(v.Other)
		}
	}
	return m
}

func otherValue(m map[string]json.RawMessage) string {
	for _, v := range m {
		return string(v)
	}
	return ""
}

// UnmarshalJSON keeps the typed fields and collects the rest in Other.
func (kv *otlpKeyValue) UnmarshalJSON(b []byte) error {
	var raw struct {
		Key   string                     `json:"key"`
		Value map[string]json.RawMessage `json:"value"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	kv.Key = raw.Key
	for k, v := range raw.Value {
		var err error
		switch k {
		case "stringValue":
			err = json.Unmarshal(v, &kv.Value.StringValue)
		case "intValue":
			kv.Value.IntValue = v
		case "doubleValue":
			kv.Value.DoubleValue = v
		case "boolValue":
			err = json.Unmarshal(v, &kv.Value.BoolValue)
		default:
			if kv.Value.Other == nil {
				kv.Value.Other = map[string]json.RawMessage{}
			}
			kv.Value.Other[k] = v
		}
		if err != nil {
			return fmt.Errorf("attribute %s: %w", raw.Key, err)
		}
	}
	return nil
}

// ---------------------------------------------------------------- the UI API

type uiTraces struct {
	Data []struct {
		TraceID string   `json:"traceID"`
		Spans   []uiSpan `json:"spans"`
		// Processes maps a span's processID to its process.
		Processes map[string]uiProcess `json:"processes"`
	} `json:"data"`
}

type uiSpan struct {
	TraceID       string `json:"traceID"`
	SpanID        string `json:"spanID"`
	ParentSpanID  string `json:"parentSpanID"` // deprecated, still read when there is no reference
	OperationName string `json:"operationName"`
	References    []struct {
		RefType string `json:"refType"`
		SpanID  string `json:"spanID"`
	} `json:"references"`
	StartTime int64      `json:"startTime"` // µs
	Duration  int64      `json:"duration"`  // µs
	Tags      []uiTag    `json:"tags"`
	ProcessID string     `json:"processID"`
	Process   *uiProcess `json:"process"`
}

// uiProcess is the emitter of spans: its service and its tags (the OTLP
// resource attributes, such as service.version).
type uiProcess struct {
	ServiceName string  `json:"serviceName"`
	Tags        []uiTag `json:"tags"`
}

type uiTag struct {
	Key   string          `json:"key"`
	Value json.RawMessage `json:"value"`
}

func (p uiProcess) resource() map[string]string {
	if len(p.Tags) == 0 {
		return nil
	}
	m := make(map[string]string, len(p.Tags))
	for _, t := range p.Tags {
		m[t.Key] = uiValue(t.Value)
	}
	return m
}

func (r *uiTraces) traces() []Trace {
	var tb traceBuilder
	for _, t := range r.Data {
		for _, s := range t.Spans {
			sp := Span{
				ID:        s.SpanID,
				ParentID:  s.ParentSpanID,
				Operation: s.OperationName,
				Tags:      make(map[string]string, len(s.Tags)),
				Start:     time.UnixMicro(s.StartTime),
				Duration:  time.Duration(s.Duration) * time.Microsecond,
			}
			if len(s.References) > 0 { // FOLLOWS_FROM alone still links to a parent
				sp.ParentID = s.References[0].SpanID
			}
			for _, ref := range s.References {
				if ref.RefType == "CHILD_OF" {
					sp.ParentID = ref.SpanID
					break
				}
			}
			p, ok := t.Processes[s.ProcessID]
			if s.Process != nil {
				p, ok = *s.Process, true
			}
			if ok {
				sp.Service, sp.Resource = p.ServiceName, p.resource()
			}
			for _, tag := range s.Tags {
				sp.Tags[tag.Key] = uiValue(tag.Value)
			}
			sp.Kind = sp.Tags["span.kind"]
			sp.Error = tagsSayError(sp.Tags)
			id := s.TraceID
			if id == "" {
				id = t.TraceID
			}
			tb.add(id, sp)
		}
	}
	return tb.traces
}

// uiValue renders a tag value (string, number or bool in JSON) as text.
func uiValue(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	return string(bytes.TrimSpace(raw)) // 200, 0.5, true: their JSON is their text
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
