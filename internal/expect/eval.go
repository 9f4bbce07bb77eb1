package expect

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/labctl/labctl/internal/jaeger"
	"github.com/labctl/labctl/internal/msg"
)

// Verdict is what one look at a span expectation found.
type Verdict struct {
	Pass bool
	// Message is the evidence of a pass (it quotes the spans) or the
	// explanation of a miss (the closest spans and what each failed), in
	// English; Said is the same as a catalog message, for the course's
	// language.
	Message string
	Said    msg.Message
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
	v := e.evalSpans(traces)
	v.Message = v.Said.English()
	return v
}

func (e *Expectation) evalSpans(traces []jaeger.Trace) Verdict {
	scope := traces
	where := none
	if e.Request != nil {
		scope = TracesOf(traces, *e.Request)
		where = msg.New("expect.where", e.Request.String())
	}
	v := Verdict{Traces: len(scope), Facts: map[string]string{}}
	for _, t := range scope {
		v.Spans += len(t.Spans)
	}
	if e.Request != nil && len(scope) == 0 {
		v.Said = msg.New("expect.no_trace", e.Request.String(), len(traces), closestServers(traces, *e.Request))
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
			v.Said = msg.New("expect.matched_but", n, spans(n), sel, where, e.Count.String(), quote(matched, 3))
			return v
		}
		parts := []msg.Message{msg.New("expect.matched_expected", n, spans(n), sel, where, e.Count.String())}
		if why := nobodyCarries(e.Spans, all); !why.IsZero() {
			parts = append(parts, why)
		}
		if c := closest(e.Spans, all, matched, 3); !c.IsZero() {
			parts = append(parts, msg.New("expect.the_closest", c))
		} else if len(all) == 0 {
			parts = append(parts, msg.New("expect.no_spans_yet"))
		}
		v.Said = joined(parts, "; ")
		return v
	}
	var bad []msg.Message
	for _, f := range matched {
		var why []msg.Message
		if e.Duration != nil && !e.Duration.Holds(f.sp.Duration) {
			why = append(why, msg.New("expect.took", msg.Duration(round(f.sp.Duration)), e.Duration.String()))
		}
		for _, c := range e.Then {
			if ok, w := c.holds(f.sp); !ok {
				why = append(why, w)
			}
		}
		if len(why) > 0 {
			bad = append(bad, msg.New("expect.bad_span", f.sp.Operation, joined(why, ", ")))
		}
	}
	if len(bad) > 0 {
		v.Said = msg.New("expect.some_fail", len(bad), n, spans(n), sel, where, joined(firstMsgs(bad, 3), "; "))
		return v
	}
	v.Pass = true
	if n == 0 {
		v.Said = msg.New("expect.none_matched", sel, where, v.Spans, v.Traces, tracesWord(v.Traces))
		return v
	}
	v.Said = msg.New("expect.matched", n, spans(n), sel, where, quote(matched, 3))
	v.Facts["trace_id"] = matched[0].x.t.ID
	return v
}

// spans and tracesWord are the words after a count: "1 span", "3 spans".
func spans(n int) msg.Message {
	if n == 1 {
		return msg.New("expect.span")
	}
	return msg.New("expect.spans")
}

func tracesWord(n int) msg.Message {
	if n == 1 {
		return msg.New("expect.trace")
	}
	return msg.New("expect.traces")
}

func firstN(s []string, n int) []string {
	if len(s) > n {
		return append(s[:n:n], fmt.Sprintf("and %d more", len(s)-n))
	}
	return s
}

// firstMsgs is firstN for messages.
func firstMsgs(ms []msg.Message, n int) []msg.Message {
	if len(ms) > n {
		return append(ms[:n:n], msg.New("expect.and_more", len(ms)-n))
	}
	return ms
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
func quote(fs []found, max int) msg.Message {
	var parts []msg.Message
	for _, f := range fs {
		parts = append(parts, msg.New("expect.span_in", f.sp.Operation, f.sp.Service, msg.Duration(round(f.sp.Duration)), shortID(f.x.t.ID)))
	}
	return joined(firstMsgs(parts, max), "; ")
}

func shortID(id string) string {
	id = strings.TrimLeft(id, "0")
	if len(id) > 12 {
		return id[:12] + "…"
	}
	return id
}

// closest names the spans that failed the fewest parts of s, and which.
func closest(s *Selector, all, matched []found, max int) msg.Message {
	type cand struct {
		f    found
		why  []msg.Message
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
	var out []msg.Message
	var seen []string
	for _, c := range cs {
		good := none
		if len(c.good) > 0 {
			good = msg.Raw(" (" + strings.Join(c.good, ", ") + ")")
		}
		line := msg.New("expect.closest_span", c.f.sp.Operation, good, joinWhy(c.why))
		if slices.Contains(seen, line.English()) {
			continue
		}
		seen = append(seen, line.English())
		out = append(out, line)
		if len(out) == max {
			break
		}
	}
	return joined(out, "; ")
}

// weight scores the parts a span failed: a wrong name weighs most, since a
// span of the right name is most likely the one the user means; a missing
// attribute more than one with another value.
func weight(why []msg.Message) int {
	n := 0
	for _, m := range why {
		w := m.English()
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
func nobodyCarries(s *Selector, all []found) msg.Message {
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
		return msg.Message{}
	}
	out := msg.New("expect.nobody_carries", strings.Join(keys, ", "))
	if db {
		out = msg.New("expect.nobody_carries_db", out)
	}
	return out
}

func onlyUnder(why []msg.Message) bool {
	for _, w := range why {
		if !isUnder(w) {
			return false
		}
	}
	return true
}

func isUnder(m msg.Message) bool {
	w := m.English()
	return strings.HasPrefix(w, "is under") || strings.HasPrefix(w, "is a root span")
}

// joinWhy reads as a sentence: "is under …" stands alone, other misses follow a colon.
func joinWhy(why []msg.Message) msg.Message {
	var under, other []msg.Message
	for _, w := range why {
		if isUnder(w) {
			under = append(under, w)
		} else {
			other = append(other, w)
		}
	}
	switch {
	case len(other) == 0:
		return joined(under, ", ")
	case len(under) == 0:
		return msg.New("expect.why_has", joined(other, ", "))
	}
	return msg.New("expect.why_under_and", joined(under, ", "), joined(other, ", "))
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
func closestServers(traces []jaeger.Trace, r Request) msg.Message {
	var seen []string
	var lines []msg.Message
	for _, t := range traces {
		for i := range t.Spans {
			sp := &t.Spans[i]
			if sp.Kind != "server" {
				continue
			}
			_, why := r.matchServer(sp)
			line := msg.New("expect.server_span", sp.Operation, why)
			if !slices.Contains(seen, line.English()) {
				seen = append(seen, line.English())
				lines = append(lines, line)
			}
		}
	}
	if len(lines) == 0 {
		return msg.New("expect.no_server_span")
	}
	return msg.New("expect.server_spans_seen", joined(firstMsgs(lines, 4), "; "))
}
