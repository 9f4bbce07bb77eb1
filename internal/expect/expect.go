// Package expect reads and evaluates expectations anyone can write: span
// assertions (a selector, then a count, a duration bound and attribute
// values) checked against the traces verify's traffic made, and metric
// assertions (PromQL and a comparison) checked against Prometheus. The file
// format is documented in the README ("Expectations"); verify runs the
// expectations as checks and grade's rubric can name them.
package expect

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// DefaultFile is the name verify picks up beside labctl.yaml or the Compose
// file when --expect is not given.
const DefaultFile = "labctl-expect.yaml"

// CheckPrefix starts the verify check ID of an expectation: expect.<id>.
const CheckPrefix = "expect."

// File is a parsed file of expectations.
type File struct {
	Path         string
	Expectations []Expectation
}

// Expectation is one assertion, about spans or about a metric.
type Expectation struct {
	ID   string
	Name string
	// Bonus expectations do not fail verify.
	Bonus bool
	// Where it was written, for messages: file and line.
	File string
	Line int
	// Request, when set, limits the spans to the traces of that request of
	// verify's traffic ("POST /products/").
	Request *Request
	// Spans, Count, Duration and Then make a span expectation.
	Spans    *Selector
	Count    Compare
	Duration *DurationBound
	// Then must hold for every span the selector matched.
	Then []Cond
	// Metric makes a metric expectation.
	Metric *Metric
}

// CheckID is the verify check ID of the expectation.
func (e *Expectation) CheckID() string { return CheckPrefix + e.ID }

// Where is file:line.
func (e *Expectation) Where() string { return fmt.Sprintf("%s:%d", e.File, e.Line) }

// Absent reports whether the expectation is a count that more spans can
// break (0, < N, <= N): it passes only once the traces are complete.
func (e *Expectation) Absent() bool {
	return e.Spans != nil && (e.Count.Op == "<" || e.Count.Op == "<=" || (e.Count.Op == "==" && e.Count.N == 0))
}

// Request is a request of verify's traffic: method and path, where a
// {name} segment matches any one segment.
type Request struct {
	Method, Path string
	Line         int
}

func (r Request) String() string { return r.Method + " " + r.Path }

// Selector picks spans. Every part that is set must hold.
type Selector struct {
	Service string
	Name    *Pattern
	Kind    string
	// Status is "error" or "ok" (not an error).
	Status string
	Attrs  []Cond
	// Under, when set, must match one of the span's ancestors.
	Under *Selector
	// Of, set by the `under: POST /products/` shorthand, is the server
	// span of that request.
	Of *Request
}

// Pattern matches a span name: exactly, with * for any text, or by a
// regular expression (~regex).
type Pattern struct {
	Text string
	re   *regexp.Regexp
}

func (p *Pattern) Match(s string) bool {
	if p.re != nil {
		return p.re.MatchString(s)
	}
	return p.Text == s
}

// Cond is one attribute condition: KEY OP VALUE.
type Cond struct {
	Key, Op, Value string
	re             *regexp.Regexp
	num            float64
}

func (c Cond) String() string {
	switch c.Op {
	case "exists", "absent":
		return c.Key + " " + c.Op
	case "=":
		return c.Key + "=" + c.Value
	}
	return c.Key + " " + c.Op + " " + c.Value
}

// Compare is a comparison with a number: ">= 1", "0", "< 3".
type Compare struct {
	Op string // == != < <= > >=
	N  float64
}

func (c Compare) Holds(v float64) bool {
	switch c.Op {
	case "==":
		return v == c.N
	case "!=":
		return v != c.N
	case "<":
		return v < c.N
	case "<=":
		return v <= c.N
	case ">":
		return v > c.N
	case ">=":
		return v >= c.N
	}
	return false
}

func (c Compare) String() string {
	if c.Op == "==" {
		return num(c.N)
	}
	return c.Op + " " + num(c.N)
}

func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// DurationBound bounds every matched span's duration: "< 100ms".
type DurationBound struct {
	Op string
	D  time.Duration
}

func (d DurationBound) Holds(x time.Duration) bool {
	return Compare{Op: d.Op, N: float64(d.D)}.Holds(float64(x))
}

func (d DurationBound) String() string { return d.Op + " " + d.D.String() }

// Metric is a PromQL expression compared with a number: Query is
// evaluated, and at least one series must satisfy Cmp.
type Metric struct {
	Expr  string
	Query string
	Cmp   Compare
}

// String is the selector as one line: kind=client, db.system=postgresql under POST /products/.
func (s *Selector) String() string {
	if s == nil {
		return "any span"
	}
	var parts []string
	if s.Of != nil {
		parts = append(parts, "the server span of "+s.Of.String())
	}
	if s.Service != "" {
		parts = append(parts, "service="+s.Service)
	}
	if s.Name != nil {
		parts = append(parts, "name="+s.Name.Text)
	}
	if s.Kind != "" {
		parts = append(parts, "kind="+s.Kind)
	}
	if s.Status != "" {
		parts = append(parts, "status="+s.Status)
	}
	for _, c := range s.Attrs {
		parts = append(parts, c.String())
	}
	out := strings.Join(parts, ", ")
	if out == "" {
		out = "any span"
	}
	if s.Under != nil {
		out += " under " + s.Under.String()
	}
	return out
}
