package expect

import (
	"strconv"
	"strings"

	"github.com/labctl/labctl/internal/jaeger"
	"github.com/labctl/labctl/internal/msg"
)

// trace indexes one trace's spans by id, to walk up the parents.
type trace struct {
	t    *jaeger.Trace
	byID map[string]*jaeger.Span
}

func index(t *jaeger.Trace) *trace {
	x := &trace{t: t, byID: make(map[string]*jaeger.Span, len(t.Spans))}
	for i := range t.Spans {
		x.byID[t.Spans[i].ID] = &t.Spans[i]
	}
	return x
}

// ancestors lists sp's parent, grand-parent, ... (a cycle stops the walk).
func (x *trace) ancestors(sp *jaeger.Span) []*jaeger.Span {
	var out []*jaeger.Span
	seen := map[string]bool{sp.ID: true}
	for p := x.byID[sp.ParentID]; p != nil && !seen[p.ID]; p = x.byID[p.ParentID] {
		seen[p.ID] = true
		out = append(out, p)
	}
	return out
}

// misses lists, for people, each part of s that sp fails; none means a match.
func (s *Selector) misses(x *trace, sp *jaeger.Span) []msg.Message {
	var out []msg.Message
	if s.Of != nil {
		if ok, why := s.Of.matchServer(sp); !ok {
			out = append(out, why)
		}
	}
	if s.Service != "" && sp.Service != s.Service {
		out = append(out, msg.New("expect.miss.service", sp.Service, s.Service, hint(s.Service, sp.Service)))
	}
	if s.Name != nil && !s.Name.Match(sp.Operation) {
		out = append(out, msg.New("expect.miss.name", sp.Operation, s.Name.Text, hint(s.Name.Text, sp.Operation)))
	}
	if s.Kind != "" && sp.Kind != s.Kind {
		out = append(out, msg.New("expect.miss.kind", orNone(sp.Kind), s.Kind))
	}
	if s.Status != "" && (s.Status == "error") != sp.Error {
		out = append(out, msg.New("expect.miss.status", statusOf(sp), s.Status))
	}
	for _, c := range s.Attrs {
		if ok, why := c.holds(sp); !ok {
			out = append(out, why)
		}
	}
	if s.Under != nil {
		if why := s.Under.missAbove(x, sp); !why.IsZero() {
			out = append(out, why)
		}
	}
	return out
}

// missAbove is "" when an ancestor of sp matches s, else why none does,
// naming the ancestor that came closest.
func (s *Selector) missAbove(x *trace, sp *jaeger.Span) msg.Message {
	anc := x.ancestors(sp)
	if len(anc) == 0 {
		return msg.New("expect.miss.root")
	}
	var best *jaeger.Span
	var bestWhy []msg.Message
	for _, a := range anc {
		why := s.misses(x, a)
		if len(why) == 0 {
			return msg.Message{}
		}
		if best == nil || len(why) < len(bestWhy) {
			best, bestWhy = a, why
		}
	}
	return msg.New("expect.miss.under", best.Operation, joined(bestWhy, ", "))
}

func statusOf(sp *jaeger.Span) string {
	if sp.Error {
		return "error"
	}
	return "ok"
}

func orNone(s string) msg.Message {
	if s == "" {
		return msg.New("expect.unset")
	}
	return msg.Raw(s)
}

// holds checks c on sp, reading the attribute under any of its names.
func (c Cond) holds(sp *jaeger.Span) (bool, msg.Message) {
	v, as, ok := lookup(sp.Tags, sp.Resource, c.Key)
	switch c.Op {
	case "exists":
		return ok, msg.New("expect.miss.no_attr", c.Key, none)
	case "absent":
		return !ok, msg.New("expect.miss.is_there", as+"="+short(v))
	}
	if !ok {
		return false, msg.New("expect.miss.no_attr", c.Key, aliasNote(c.Key))
	}
	got := as + "=" + short(v)
	switch c.Op {
	case "=":
		return v == c.Value, msg.New("expect.miss.value", got, c.Value, hint(c.Value, v))
	case "!=":
		return v != c.Value, msg.Raw(got)
	case "~":
		return c.re.MatchString(v), msg.New("expect.miss.no_match", got, c.Value)
	case "!~":
		return !c.re.MatchString(v), msg.New("expect.miss.matches", got, c.Value)
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return false, msg.New("expect.miss.not_number", got)
	}
	return Compare{Op: c.Op, N: c.num}.Holds(f), msg.New("expect.miss.compare", got, c.Op, c.Value)
}

func aliasNote(key string) msg.Message {
	if n := Names(key); len(n) > 1 {
		return msg.New("expect.miss.nor", strings.Join(n[1:], ", "))
	}
	return none
}

func short(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 60 {
		return string(r[:59]) + "…"
	}
	return s
}

// hint says how got differs from want when the difference is a classic:
// a trailing slash, upper/lower case, spaces.
func hint(want, got string) msg.Message {
	switch {
	case strings.TrimSuffix(want, "/") == got:
		return msg.New("expect.hint.no_slash")
	case want == strings.TrimSuffix(got, "/"):
		return msg.New("expect.hint.slash")
	case strings.EqualFold(want, got):
		return msg.New("expect.hint.case")
	case strings.TrimSpace(want) == strings.TrimSpace(got):
		return msg.New("expect.hint.spaces")
	}
	return none
}

// matchServer reports whether sp is the server span of request r: same
// method, and its route (or the path it served) fits r's path.
func (r Request) matchServer(sp *jaeger.Span) (bool, msg.Message) {
	if sp.Kind != "server" {
		return false, msg.New("expect.miss.not_server", r.String(), orNone(sp.Kind))
	}
	m, _, _ := lookup(sp.Tags, nil, "http.request.method")
	route, _, hasRoute := lookup(sp.Tags, nil, "http.route")
	path, _, hasPath := lookup(sp.Tags, nil, "url.path")
	if !hasPath {
		if full, _, ok := lookup(sp.Tags, nil, "url.full"); ok {
			path, hasPath = pathOf(full), true
		}
	}
	if m == "" || (!hasRoute && !hasPath) { // fall back on FastAPI's span name "POST /products/"
		if f := strings.Fields(sp.Operation); len(f) == 2 {
			m, route, hasRoute = orDefault(m, f[0]), f[1], true
		}
	}
	if !strings.EqualFold(m, r.Method) {
		return false, msg.New("expect.miss.method", orNone(m), r.Method)
	}
	if hasRoute && pathFits(r.Path, route) || hasPath && pathFits(r.Path, path) {
		return true, msg.Message{}
	}
	if hasRoute {
		return false, msg.New("expect.miss.route", route, r.Path, hint(r.Path, route))
	}
	return false, msg.New("expect.miss.path", path, r.Path, hint(r.Path, path))
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

func pathOf(full string) string {
	if i := strings.Index(full, "://"); i >= 0 {
		full = full[i+3:]
		if j := strings.IndexByte(full, '/'); j >= 0 {
			full = full[j:]
		} else {
			full = "/"
		}
	}
	if i := strings.IndexAny(full, "?#"); i >= 0 {
		full = full[:i]
	}
	return full
}

// pathFits compares two paths segment by segment; a {name} segment on
// either side stands for any one segment.
func pathFits(a, b string) bool {
	as, bs := strings.Split(a, "/"), strings.Split(b, "/")
	if len(as) != len(bs) {
		return false
	}
	for i := range as {
		if as[i] == bs[i] {
			continue
		}
		// {name} stands for one segment, not for none: /products/ is no /products/{id}.
		if !(isParam(as[i]) && bs[i] != "") && !(isParam(bs[i]) && as[i] != "") {
			return false
		}
	}
	return true
}

func isParam(s string) bool { return len(s) > 2 && s[0] == '{' && s[len(s)-1] == '}' }
