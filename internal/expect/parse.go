package expect

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"regexp/syntax"
	"slices"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// Load reads and checks a file of expectations (--expect FILE).
func Load(path string) (*File, error) {
	data, err := os.ReadFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("expectations file %s does not exist; check the --expect path, or write an example with `labctl init --expect`", path)
	case err != nil:
		return nil, fmt.Errorf("read expectations %s: %w", path, err)
	}
	return Parse(data, path)
}

// Parse decodes and checks a file of expectations; file names it in
// messages. Every error is one line: FILE:LINE: what is wrong; the fix.
func Parse(data []byte, file string) (*File, error) {
	p := &parser{file: displayName(file), ids: map[string]int{}}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		msg := strings.TrimPrefix(err.Error(), "yaml: ")
		if m := yamlLine.FindStringSubmatch(msg); m != nil {
			return nil, fmt.Errorf("%s:%s: %s; fix the YAML syntax", p.file, m[1], m[2])
		}
		return nil, fmt.Errorf("%s: %s; fix the YAML syntax", p.file, msg)
	}
	if len(doc.Content) == 0 {
		return nil, fmt.Errorf("%s is empty; write `expectations:` and a list, or start from `labctl init --expect`", p.file)
	}
	var list *yaml.Node
	err := p.fields(doc.Content[0], "the expectations file", []string{"expectations"}, func(k string, v *yaml.Node) error {
		list = v
		return nil
	})
	if err != nil {
		return nil, err
	}
	if list == nil {
		return nil, p.errf(doc.Content[0], "no `expectations:` list; add `expectations:` with at least one expectation")
	}
	exps, err := p.list(list)
	if err != nil {
		return nil, err
	}
	return &File{Path: file, Expectations: exps}, nil
}

// ParseList reads a YAML list of expectations that sits in another file
// (a rubric's `expectations:`); file names that file in messages.
func ParseList(n *yaml.Node, file string) ([]Expectation, error) {
	p := &parser{file: displayName(file), ids: map[string]int{}}
	return p.list(n)
}

func displayName(file string) string {
	if file == "" {
		return "expectations"
	}
	return file
}

var yamlLine = regexp.MustCompile(`^line (\d+): (.*)$`)

type parser struct {
	file string
	ids  map[string]int
}

func (p *parser) errf(n *yaml.Node, format string, args ...any) error {
	return fmt.Errorf("%s:%d: %s", p.file, n.Line, fmt.Sprintf(format, args...))
}

// fields walks a mapping: every key must be one of keys, at most once.
func (p *parser) fields(n *yaml.Node, what string, keys []string, each func(k string, v *yaml.Node) error) error {
	if n.Kind != yaml.MappingNode {
		return p.errf(n, "%s must be a mapping of keys (%s)", what, strings.Join(keys, ", "))
	}
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if !slices.Contains(keys, k.Value) {
			return p.errf(k, "unknown key %q in %s; valid keys: %s", k.Value, what, strings.Join(keys, ", "))
		}
		if at, dup := seen[k.Value]; dup {
			return p.errf(k, "key %q is given twice in %s (first at line %d); keep one", k.Value, what, at)
		}
		seen[k.Value] = k.Line
		if err := each(k.Value, v); err != nil {
			return err
		}
	}
	return nil
}

func (p *parser) str(n *yaml.Node, key string) (string, error) {
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		return "", p.errf(n, "%s must be a plain text value", key)
	}
	return strings.TrimSpace(n.Value), nil
}

var idPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]*$`)

func (p *parser) list(n *yaml.Node) ([]Expectation, error) {
	if n.Kind != yaml.SequenceNode || len(n.Content) == 0 {
		return nil, p.errf(n, "expectations must be a list (- id: ..., name: ..., spans: ... or metric: ...)")
	}
	var out []Expectation
	for _, en := range n.Content {
		e, err := p.expectation(en)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}

var expectationKeys = []string{"id", "name", "level", "request", "spans", "count", "duration", "attributes", "metric"}

func (p *parser) expectation(n *yaml.Node) (Expectation, error) {
	e := Expectation{File: p.file, Line: n.Line, Count: Compare{Op: ">=", N: 1}}
	var countNode, durNode, thenNode *yaml.Node
	err := p.fields(n, "an expectation", expectationKeys, func(k string, v *yaml.Node) error {
		var err error
		switch k {
		case "id":
			e.ID, err = p.str(v, "id")
			if err == nil && !idPattern.MatchString(e.ID) {
				err = p.errf(v, "expectation id %q must be lowercase letters, digits, _ or -, like insert_under_post", e.ID)
			}
		case "name":
			e.Name, err = p.str(v, "name")
		case "level":
			var lv string
			lv, err = p.str(v, "level")
			if err == nil && lv != "required" && lv != "bonus" {
				err = p.errf(v, "level %q is not a level; use required or bonus", lv)
			}
			e.Bonus = lv == "bonus"
		case "request":
			var r Request
			r, err = p.request(v, "request")
			e.Request = &r
		case "spans":
			e.Spans, err = p.selector(v, "spans")
		case "count":
			countNode = v
			e.Count, err = p.compare(v, "count")
		case "duration":
			durNode = v
			var d DurationBound
			d, err = p.duration(v)
			e.Duration = &d
		case "attributes":
			thenNode = v
			e.Then, err = p.conds(v, "attributes")
		case "metric":
			e.Metric, err = p.metric(v)
		}
		return err
	})
	if err != nil {
		return e, err
	}
	switch {
	case e.ID == "":
		return e, p.errf(n, "this expectation has no id; add `id:` (a short name like insert_under_post)")
	case e.Name == "":
		return e, p.errf(n, "expectation %q has no name; add `name:` (what it checks, in the course's words)", e.ID)
	case e.Spans == nil && e.Metric == nil:
		return e, p.errf(n, "expectation %q says neither spans: nor metric:; give one", e.ID)
	case e.Spans != nil && e.Metric != nil:
		return e, p.errf(n, "expectation %q has both spans: and metric:; split it into two expectations", e.ID)
	}
	if e.Metric != nil {
		for _, x := range []*yaml.Node{countNode, durNode, thenNode} {
			if x != nil {
				return e, p.errf(x, "expectation %q is about a metric: count, duration and attributes are for spans; put the comparison in metric:", e.ID)
			}
		}
		if e.Request != nil {
			return e, p.errf(n, "expectation %q is about a metric: request: is for spans; remove it", e.ID)
		}
	}
	if at, dup := p.ids[e.ID]; dup {
		return e, p.errf(n, "expectation id %q is already used at line %d; give each expectation its own id", e.ID, at)
	}
	p.ids[e.ID] = n.Line
	return e, nil
}

var methods = []string{"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"}

func (p *parser) request(n *yaml.Node, key string) (Request, error) {
	s, err := p.str(n, key)
	if err != nil {
		return Request{}, err
	}
	f := strings.Fields(s)
	if len(f) != 2 || !slices.Contains(methods, strings.ToUpper(f[0])) || !strings.HasPrefix(f[1], "/") {
		return Request{}, p.errf(n, "%s %q is not METHOD /path; write it like POST /products/ or GET /products/{id}", key, s)
	}
	return Request{Method: strings.ToUpper(f[0]), Path: f[1], Line: n.Line}, nil
}

var selectorKeys = []string{"service", "name", "kind", "status", "attributes", "under"}

var kinds = []string{"server", "client", "internal", "producer", "consumer"}

func (p *parser) selector(n *yaml.Node, what string) (*Selector, error) {
	s := &Selector{}
	if n.Kind == yaml.ScalarNode && what == "under" {
		// under: POST /products/ is the server span of that request.
		r, err := p.request(n, "under")
		if err != nil {
			return nil, err
		}
		s.Of = &r
		return s, nil
	}
	err := p.fields(n, what, selectorKeys, func(k string, v *yaml.Node) error {
		var err error
		switch k {
		case "service":
			s.Service, err = p.str(v, "service")
		case "name":
			var t string
			t, err = p.str(v, "name")
			if err == nil {
				s.Name, err = p.pattern(v, t)
			}
		case "kind":
			s.Kind, err = p.str(v, "kind")
			s.Kind = strings.ToLower(s.Kind)
			if err == nil && !slices.Contains(kinds, s.Kind) {
				err = p.errf(v, "kind %q is not a span kind; use one of: %s", v.Value, strings.Join(kinds, ", "))
			}
		case "status":
			s.Status, err = p.str(v, "status")
			s.Status = strings.ToLower(s.Status)
			if err == nil && s.Status != "error" && s.Status != "ok" {
				err = p.errf(v, "status %q is not a span status; use error or ok (ok: not an error)", v.Value)
			}
		case "attributes":
			s.Attrs, err = p.conds(v, "attributes")
		case "under":
			s.Under, err = p.selector(v, "under")
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return s, nil
}

func (p *parser) pattern(n *yaml.Node, t string) (*Pattern, error) {
	pt := &Pattern{Text: t}
	expr := ""
	switch {
	case strings.HasPrefix(t, "~"):
		expr = strings.TrimSpace(t[1:])
	case strings.Contains(t, "*"):
		parts := strings.Split(t, "*")
		for i := range parts {
			parts[i] = regexp.QuoteMeta(parts[i])
		}
		expr = "^" + strings.Join(parts, ".*") + "$"
	default:
		return pt, nil
	}
	re, err := regexp.Compile(expr)
	if err != nil {
		return nil, p.errf(n, "name %q: malformed regular expression (%s); fix it (Go RE2 syntax), or drop the ~ to match the text as it is", t, reason(err))
	}
	pt.re = re
	return pt, nil
}

func reason(err error) string {
	var se *syntax.Error
	if errors.As(err, &se) {
		return fmt.Sprintf("%s: %q", se.Code, se.Expr)
	}
	return err.Error()
}

var condOps = []string{"!=", ">=", "<=", "!~", "=", ">", "<", "~"}

const opChars = "=!<>~"

func (p *parser) conds(n *yaml.Node, what string) ([]Cond, error) {
	if n.Kind != yaml.MappingNode || len(n.Content) == 0 {
		return nil, p.errf(n, "%s must be a mapping of attribute: condition, like db.system: postgresql or http.status_code: \">= 500\"", what)
	}
	var out []Cond
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if at, dup := seen[k.Value]; dup {
			return nil, p.errf(k, "attribute %q is given twice (first at line %d); keep one", k.Value, at)
		}
		seen[k.Value] = k.Line
		c, err := p.cond(k.Value, v)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

func (p *parser) cond(key string, n *yaml.Node) (Cond, error) {
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		return Cond{}, p.errf(n, "attribute %s needs a condition: a value, or = != ~ !~ > >= < <= and a value, or exists, or absent", key)
	}
	raw := strings.TrimSpace(n.Value)
	c := Cond{Key: key, Op: "=", Value: raw}
	if n.Tag != "!!str" { // 200, true: the value itself
		return c, nil
	}
	if raw == "exists" || raw == "absent" {
		c.Op, c.Value = raw, ""
		return c, nil
	}
	lead := len(raw) - len(strings.TrimLeft(raw, opChars))
	if lead == 0 {
		return c, nil
	}
	op := raw[:lead]
	if !slices.Contains(condOps, op) {
		return Cond{}, p.errf(n, "attribute %s: unknown operator %q; use one of = != ~ !~ > >= < <= (or exists, absent); quote the value as \"= %s\" to compare the text as it is", key, op, raw)
	}
	c.Op, c.Value = op, strings.TrimSpace(raw[lead:])
	switch op {
	case "~", "!~":
		re, err := regexp.Compile(c.Value)
		if err != nil {
			return Cond{}, p.errf(n, "attribute %s: malformed regular expression %q (%s); fix it (Go RE2 syntax)", key, c.Value, reason(err))
		}
		c.re = re
	case ">", ">=", "<", "<=":
		f, err := strconv.ParseFloat(c.Value, 64)
		if err != nil {
			return Cond{}, p.errf(n, "attribute %s: %s compares numbers, and %q is not one; give a number like %s 500", key, op, c.Value, op)
		}
		c.num = f
	}
	return c, nil
}

var cmpOps = []string{"==", "!=", ">=", "<=", ">", "<"}

// splitOp reads the comparison operator at the start of s ("=" is "==");
// ok is false for a run of operator characters that is no operator.
func splitOp(s string) (op, rest string, ok bool) {
	lead := len(s) - len(strings.TrimLeft(s, opChars))
	if lead == 0 {
		return "", s, true
	}
	op = s[:lead]
	if op == "=" {
		op = "=="
	}
	if !slices.Contains(cmpOps, op) {
		return s[:lead], s, false
	}
	return op, strings.TrimSpace(s[lead:]), true
}

func (p *parser) compare(n *yaml.Node, key string) (Compare, error) {
	s, err := p.str(n, key)
	if err != nil {
		return Compare{}, err
	}
	op, rest, ok := splitOp(s)
	if !ok {
		return Compare{}, p.errf(n, "%s %q: unknown operator %q; use one of == != > >= < <=, like \">= 1\" (or 0 for absent)", key, s, op)
	}
	if op == "" {
		op = "=="
	}
	f, err := strconv.ParseFloat(rest, 64)
	if err != nil || f < 0 {
		return Compare{}, p.errf(n, "%s %q is not a comparison with a number; write it like \">= 1\", \"== 2\" or 0 for absent", key, s)
	}
	return Compare{Op: op, N: f}, nil
}

func (p *parser) duration(n *yaml.Node) (DurationBound, error) {
	s, err := p.str(n, "duration")
	if err != nil {
		return DurationBound{}, err
	}
	op, rest, ok := splitOp(s)
	if !ok {
		return DurationBound{}, p.errf(n, "duration %q: unknown operator %q; use < <= > >=, like \"< 100ms\"", s, op)
	}
	if op == "" {
		op = "<="
	}
	d, err := time.ParseDuration(strings.ReplaceAll(rest, " ", ""))
	if err != nil || op == "==" || op == "!=" {
		return DurationBound{}, p.errf(n, "duration %q is not a bound; write it like \"< 100ms\" or \">= 1s\" (units ns us ms s m)", s)
	}
	return DurationBound{Op: op, D: d}, nil
}

// metric reads `expr OP number`. Without Prometheus's own parser in
// labctl's module graph, the expression is checked for what breaks most
// often by hand (brackets, quotes, the comparison); Prometheus's answer at
// run time says the rest (a bad_data error fails the check at once).
func (p *parser) metric(n *yaml.Node) (*Metric, error) {
	s, err := p.str(n, "metric")
	if err != nil {
		return nil, err
	}
	bad := func(what string) error {
		return p.errf(n, "metric %q: malformed PromQL: %s; write it like increase(postgresql_commits_total[1m]) > 0", s, what)
	}
	if msg := balanced(s); msg != "" {
		return nil, bad(msg)
	}
	at, op := lastTopLevelCmp(s)
	if at < 0 {
		return nil, bad("no comparison with a number at the end (> 0, >= 1, == 0, ...)")
	}
	q := strings.TrimSpace(s[:at])
	rhs := strings.TrimSpace(s[at+len(op):])
	f, err := strconv.ParseFloat(rhs, 64)
	if err != nil {
		return nil, bad(fmt.Sprintf("%q after %s is not a number", rhs, op))
	}
	if q == "" {
		return nil, bad("nothing before " + op)
	}
	if strings.ContainsAny(q[len(q)-1:], "+-*/^,(") {
		return nil, bad(fmt.Sprintf("the expression ends with %q", q[len(q)-1:]))
	}
	return &Metric{Expr: s, Query: q, Cmp: Compare{Op: op, N: f}}, nil
}

// balanced says what is wrong with the brackets and quotes of s, or "".
func balanced(s string) string {
	var stack []rune
	pairs := map[rune]rune{')': '(', ']': '[', '}': '{'}
	var quote rune
	for _, r := range s {
		switch {
		case quote != 0:
			if r == quote {
				quote = 0
			}
		case r == '"' || r == '\'' || r == '`':
			quote = r
		case r == '(' || r == '[' || r == '{':
			stack = append(stack, r)
		case r == ')' || r == ']' || r == '}':
			if len(stack) == 0 || stack[len(stack)-1] != pairs[r] {
				return fmt.Sprintf("%q closes nothing", r)
			}
			stack = stack[:len(stack)-1]
		}
	}
	if quote != 0 {
		return fmt.Sprintf("the quote %q is not closed", quote)
	}
	if len(stack) > 0 {
		return fmt.Sprintf("%q is not closed", stack[len(stack)-1])
	}
	return ""
}

// lastTopLevelCmp finds the last comparison outside brackets and quotes.
func lastTopLevelCmp(s string) (int, string) {
	depth, at, op := 0, -1, ""
	var quote byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
			continue
		case c == '"' || c == '\'' || c == '`':
			quote = c
			continue
		case c == '(' || c == '[' || c == '{':
			depth++
			continue
		case c == ')' || c == ']' || c == '}':
			depth--
			continue
		}
		if depth != 0 {
			continue
		}
		for _, o := range cmpOps {
			if strings.HasPrefix(s[i:], o) {
				at, op = i, o
				i += len(o) - 1
				break
			}
		}
	}
	return at, op
}

// FindDefault returns the expectations file beside the lab's or project's
// files in dir, or "" when there is none.
func FindDefault(dir string) string {
	p := filepath.Join(dir, DefaultFile)
	if st, err := os.Stat(p); err == nil && !st.IsDir() {
		return p
	}
	return ""
}
