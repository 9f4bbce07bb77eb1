// Package waterfall lays a trace out as a tree of spans on a time axis and
// renders it for a terminal (one line per span, a time bar scaled to the
// trace's duration) or as JSON. It knows nothing about Jaeger: it reads
// jaeger.Trace values.
package waterfall

import (
	"sort"
	"time"

	"github.com/labctl/labctl/internal/jaeger"
)

// Row is one span in display order.
type Row struct {
	Span  jaeger.Span
	Depth int
	// Offset is the span's start relative to the trace's start.
	Offset time.Duration
	// Orphan is true for a span whose parent is not in the trace (lost,
	// or not yet arrived): it is shown as a root.
	Orphan bool
	// Skew is true when the span starts before its parent or ends after
	// it: the two hosts' clocks disagree (or the parent ended early).
	Skew bool
}

// Layout is a trace ready to draw.
type Layout struct {
	ID    string
	Rows  []Row
	Start time.Time
	// Duration is from the earliest start to the latest end of any span.
	Duration time.Duration
	// Services are the services of the trace's spans, in order of first row.
	Services []string
	Errors   int
}

// Root is the first root row's span (the trace's entry point).
func (l Layout) Root() (jaeger.Span, bool) {
	if len(l.Rows) == 0 {
		return jaeger.Span{}, false
	}
	return l.Rows[0].Span, true
}

// Arrange orders a trace's spans as a tree: roots first by start time (a
// true root before orphans), each span followed by its children by start
// time, indented by depth. Cycles and duplicate ids cannot loop: each span
// appears once.
func Arrange(t jaeger.Trace) Layout {
	l := Layout{ID: t.ID}
	if len(t.Spans) == 0 {
		return l
	}
	byID := make(map[string]int, len(t.Spans))
	for i, s := range t.Spans {
		if _, dup := byID[s.ID]; !dup {
			byID[s.ID] = i
		}
	}
	children := map[string][]int{}
	var roots []int
	for i, s := range t.Spans {
		if p, ok := byID[s.ParentID]; ok && s.ParentID != "" && p != i {
			children[s.ParentID] = append(children[s.ParentID], i)
		} else {
			roots = append(roots, i)
		}
	}
	byStart := func(idx []int) {
		sort.SliceStable(idx, func(a, b int) bool {
			sa, sb := t.Spans[idx[a]], t.Spans[idx[b]]
			// A span without parent id (the true root) before orphans.
			if ra, rb := sa.ParentID == "", sb.ParentID == ""; ra != rb {
				return ra
			}
			if !sa.Start.Equal(sb.Start) {
				return sa.Start.Before(sb.Start)
			}
			return sa.ID < sb.ID
		})
	}
	l.Start = t.Spans[0].Start
	end := t.Spans[0].Start.Add(t.Spans[0].Duration)
	for _, s := range t.Spans {
		if s.Start.Before(l.Start) {
			l.Start = s.Start
		}
		if e := s.Start.Add(s.Duration); e.After(end) {
			end = e
		}
	}
	l.Duration = end.Sub(l.Start)

	seen := make([]bool, len(t.Spans))
	var walk func(i, depth int, parent *jaeger.Span)
	walk = func(i, depth int, parent *jaeger.Span) {
		if seen[i] {
			return
		}
		seen[i] = true
		s := t.Spans[i]
		r := Row{Span: s, Depth: depth, Offset: s.Start.Sub(l.Start)}
		if parent == nil {
			r.Orphan = s.ParentID != ""
		} else if s.Start.Before(parent.Start) || (parent.Duration > 0 && s.Start.Add(s.Duration).After(parent.Start.Add(parent.Duration))) {
			r.Skew = true
		}
		l.Rows = append(l.Rows, r)
		kids := append([]int(nil), children[s.ID]...)
		byStart(kids)
		for _, k := range kids {
			walk(k, depth+1, &t.Spans[i])
		}
	}
	byStart(roots)
	for _, r := range roots {
		walk(r, 0, nil)
	}
	// Spans only reachable through a cycle: show them as roots.
	for i := range t.Spans {
		if !seen[i] {
			walk(i, 0, nil)
		}
	}
	svc := map[string]bool{}
	for _, r := range l.Rows {
		if r.Span.Error {
			l.Errors++
		}
		if s := r.Span.Service; s != "" && !svc[s] {
			svc[s] = true
			l.Services = append(l.Services, s)
		}
	}
	return l
}
