package expect

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/labctl/labctl/internal/jaeger"
)

// Verdict is what one look at a span expectation found.
type Verdict struct {
	Pass bool
	// Message is the evidence of a pass (it quotes the spans) or the
	// explanation of a miss (the closest spans and what each failed).
	Message string
	Facts   map[string]string
	// Traces and Spans count what the look read: the traces of the
	// request (or all of them) and their spans. A caller compares Spans
	// between looks to know when the traces are complete.
	Traces, Spans int
}

// found is one span the selector matched, with its trace.
type found struct {
	x  *trace
	sp *jaeger.Span
}

// EvalSpans checks a span expectation against traces (those of verify's
// traffic window).
func (e *Expectation) EvalSpans(traces []jaeger.Trace) Verdict {
	scope := traces
	where := ""
	if e.Request != nil {
		scope = TracesOf(traces, *e.Request)
		where = " in the trace of " + e.Request.String()
	}
	v := Verdict{Traces: len(scope), Facts: map[string]string{}}
	for _, t := range scope {
		v.Spans += len(t.Spans)
	}
	if e.Request != nil && len(scope) == 0 {
		v.Message = fmt.Sprintf("no trace of %s among %d traces of the traffic; %s", e.Request, len(traces), closestServers(traces, *e.Request))
		return v
	}
	var matched []found
	var all []found
	for i := range scope {
		x := index(&scope[i])
		for j := range x.t.Spans {
			sp := &x.t.Spans[j]
			all = append(all, found{x, sp})
			if len(e.Spans.misses(x, sp)) == 0 {
				matched = append(matched, found{x, sp})
			}
		}
	}
	// Jaeger gives spans in no set order: time order reads well and is stable.
	byStart := func(fs []found) {
		sort.SliceStable(fs, func(i, j int) bool { return fs[i].sp.Start.Before(fs[j].sp.Start) })
	}
	byStart(matched)
	byStart(all)
	n := len(matched)
	v.Facts["matched"] = fmt.Sprint(n)
	sel := e.Spans.String()
	if !e.Count.Holds(float64(n)) {
		if n > int(e.Count.N) || e.Count.Op == "!=" && n == int(e.Count.N) && n > 0 {
			v.Message = fmt.Sprintf("%d %s matched %s%s, expected %s: %s", n, spans(n), sel, where, e.Count, quote(matched, 3))
			return v
		}
		v.Message = fmt.Sprintf("%d %s matched %s%s, expected %s", n, spans(n), sel, where, e.Count)
		if why := nobodyCarries(e.Spans, all); why != "" {
			v.Message += "; " + why
		}
		if c := closest(e.Spans, all, matched, 3); c != "" {
			v.Message += "; the closest: " + c
		} else if len(all) == 0 {
			v.Message += "; no spans at all yet"
		}
		return v
	}
	var bad []string
	for _, f := range matched {
		var why []string
		if e.Duration != nil && !e.Duration.Holds(f.sp.Duration) {
			why = append(why, fmt.Sprintf("took %s, not %s", round(f.sp.Duration), e.Duration))
		}
		for _, c := range e.Then {
			if ok, w := c.holds(f.sp); !ok {
				why = append(why, w)
			}
		}
		if len(why) > 0 {
			bad = append(bad, fmt.Sprintf("%q %s", f.sp.Operation, strings.Join(why, ", ")))
		}
	}
	if len(bad) > 0 {
		v.Message = fmt.Sprintf("%d of %d %s matching %s%s fail: %s", len(bad), n, spans(n), sel, where, strings.Join(firstN(bad, 3), "; "))
		return v
	}
	v.Pass = true
	if n == 0 {
		v.Message = fmt.Sprintf("no span matched %s%s among %d spans of %d %s", sel, where, v.Spans, v.Traces, plural(v.Traces, "trace"))
		return v
	}
	v.Message = fmt.Sprintf("%d %s matched %s%s: %s", n, spans(n), sel, where, quote(matched, 3))
	v.Facts["trace_id"] = matched[0].x.t.ID
	return v
}

func spans(n int) string { return plural(n, "span") }

func plural(n int, w string) string {
	if n == 1 {
		return w
	}
	return w + "s"
}

func firstN(s []string, n int) []string {
	if len(s) > n {
		return append(s[:n:n], fmt.Sprintf("and %d more", len(s)-n))
	}
	return s
}

func round(d time.Duration) time.Duration {
	switch {
	case d >= time.Second:
		return d.Round(time.Millisecond)
	case d >= time.Millisecond:
		return d.Round(10 * time.Microsecond)
	}
	return d
}

// quote names spans for evidence: "INSERT products" (1.2ms) in trace 4bf92f35….
func quote(fs []found, max int) string {
	var parts []string
	for _, f := range fs {
		parts = append(parts, fmt.Sprintf("%q (%s, %s) in trace %s", f.sp.Operation, f.sp.Service, round(f.sp.Duration), shortID(f.x.t.ID)))
	}
	return strings.Join(firstN(parts, max), "; ")
}

func shortID(id string) string {
	id = strings.TrimLeft(id, "0")
	if len(id) > 12 {
		return id[:12] + "…"
	}
	return id
}

// closest names the spans that failed the fewest parts of s, and which.
func closest(s *Selector, all, matched []found, max int) string {
	type cand struct {
		f    found
		why  []string
		good []string
	}
	var cs []cand
	for _, f := range all {
		why := s.misses(f.x, f.sp)
		if len(why) == 0 {
			continue
		}
		cs = append(cs, cand{f, why, matchedAttrs(s, f.sp)})
	}
	sort.SliceStable(cs, func(i, j int) bool {
		if a, b := weight(cs[i].why), weight(cs[j].why); a != b {
			return a < b
		}
		// A span that only sits elsewhere is the one the user meant.
		if ui, uj := onlyUnder(cs[i].why), onlyUnder(cs[j].why); ui != uj {
			return ui
		}
		return len(cs[i].good) > len(cs[j].good)
	})
	var out []string
	var seen []string
	for _, c := range cs {
		line := fmt.Sprintf("%q", c.f.sp.Operation)
		if len(c.good) > 0 {
			line += " (" + strings.Join(c.good, ", ") + ")"
		}
		line += " " + joinWhy(c.why)
		if slices.Contains(seen, line) {
			continue
		}
		seen = append(seen, line)
		out = append(out, line)
		if len(out) == max {
			break
		}
	}
	return strings.Join(out, "; ")
}

// weight scores the parts a span failed: a wrong name weighs most, since a
// span of the right name is most likely the one the user means; a missing
// attribute more than one with another value.
func weight(why []string) int {
	n := 0
	for _, w := range why {
		switch {
		case strings.HasPrefix(w, "name "):
			n += 4
		case strings.HasPrefix(w, "no "):
			n += 3
		default:
			n += 2
		}
	}
	return n
}

// nobodyCarries names the selector's attributes no span carries at all,
// with what usually causes that.
func nobodyCarries(s *Selector, all []found) string {
	var keys []string
	db := false
	for sel := s; sel != nil; sel = sel.Under {
		for _, c := range sel.Attrs {
			if c.Op == "absent" || slices.Contains(keys, c.Key) {
				continue
			}
			carried := false
			for _, f := range all {
				if _, _, ok := lookup(f.sp.Tags, f.sp.Resource, c.Key); ok {
					carried = true
					break
				}
			}
			if !carried {
				keys = append(keys, c.Key)
				db = db || strings.HasPrefix(c.Key, "db.")
			}
		}
	}
	if len(keys) == 0 {
		return ""
	}
	out := "no span of these traces carries " + strings.Join(keys, ", ") + " under any of its names"
	if db {
		out += ": the database calls are not traced (instrument the database client, e.g. SQLAlchemyInstrumentor from opentelemetry-instrumentation-sqlalchemy)"
	}
	return out
}

func onlyUnder(why []string) bool {
	for _, w := range why {
		if !isUnder(w) {
			return false
		}
	}
	return true
}

func isUnder(w string) bool {
	return strings.HasPrefix(w, "is under") || strings.HasPrefix(w, "is a root span")
}

// joinWhy reads as a sentence: "is under …" stands alone, other misses follow a colon.
func joinWhy(why []string) string {
	var under, other []string
	for _, w := range why {
		if isUnder(w) {
			under = append(under, w)
		} else {
			other = append(other, w)
		}
	}
	s := strings.Join(under, ", ")
	if len(other) > 0 {
		if s != "" {
			s += ", and "
		} else {
			s = "has "
		}
		s += strings.Join(other, ", ")
	}
	return s
}

// matchedAttrs quotes the selector's attribute conditions the span meets,
// so that a near miss shows what it got right.
func matchedAttrs(s *Selector, sp *jaeger.Span) []string {
	var out []string
	if s.Kind != "" && sp.Kind == s.Kind {
		out = append(out, "kind="+s.Kind)
	}
	for _, c := range s.Attrs {
		if ok, _ := c.holds(sp); ok {
			if v, as, found := lookup(sp.Tags, sp.Resource, c.Key); found {
				out = append(out, as+"="+short(v))
			} else {
				out = append(out, c.String())
			}
		}
	}
	return out
}

// TracesOf returns the traces that hold the server span of request r.
func TracesOf(traces []jaeger.Trace, r Request) []jaeger.Trace {
	var out []jaeger.Trace
	for _, t := range traces {
		for i := range t.Spans {
			if ok, _ := r.matchServer(&t.Spans[i]); ok {
				out = append(out, t)
				break
			}
		}
	}
	return out
}

// closestServers lists the server spans seen, each with why it is not r's.
func closestServers(traces []jaeger.Trace, r Request) string {
	var seen []string
	for _, t := range traces {
		for i := range t.Spans {
			sp := &t.Spans[i]
			if sp.Kind != "server" {
				continue
			}
			_, why := r.matchServer(sp)
			line := fmt.Sprintf("%q (%s)", sp.Operation, why)
			if !slices.Contains(seen, line) {
				seen = append(seen, line)
			}
		}
	}
	if len(seen) == 0 {
		return "no server span at all yet"
	}
	return "the server spans seen: " + strings.Join(firstN(seen, 4), "; ")
}
