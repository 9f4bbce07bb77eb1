package jaeger

import (
	"bytes"
	"encoding/json"
	"time"
)

// uiTraces is the UI API's answer (/api/traces): Jaeger's own JSON, with
// processes and tags, which every Jaeger serves.
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
