package jaeger

import (
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// otlpResult is api_v3's answer: OTLP JSON (resourceSpans, scopeSpans, spans),
// as Jaeger v2 and recent v1 serve it under /api/v3/traces.
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
