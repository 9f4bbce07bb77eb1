// Package traceview is the trace use case (`labctl trace`): it finds a
// trace in the lab's Jaeger (by its id, the one verify checked, the newest
// of a service and operation, or the N newest) and writes it as a
// waterfall, as text or JSON. The command parses flags and calls Show.
package traceview

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/labctl/labctl/internal/checks"
	"github.com/labctl/labctl/internal/jaeger"
	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
	"github.com/labctl/labctl/internal/waterfall"
)

// Lookback is how far back labctl trace searches without an id.
const Lookback = 24 * time.Hour

// MaxLast is how many traces one search returns (checks' jaegerLimit).
const MaxLast = 20

// NormalizeID checks a trace id and writes it as Jaeger does.
func NormalizeID(s string) (string, error) { return jaeger.NormalizeTraceID(s) }

// Options say which trace to show and how.
type Options struct {
	Lab *model.Lab
	// ID is the trace's id (NormalizeID); empty: search.
	ID string
	// Service is --service (empty: the lab's service_name), Operation --operation.
	Service, Operation string
	// Last lists the Last newest traces instead of one (0: one trace).
	Last int
	// Format is "text" or "json".
	Format string
	// Dir is the lab's folder, where verify.json is.
	Dir string
	// Width and Color are the output's (the terminal's) width and colouring.
	Width int
	Color bool
	// Out gets the trace, Err the notes (which trace), in Printer's language.
	Out, Err io.Writer
	Printer  *msg.Printer
}

// Show finds the trace (or traces) o asks for and writes it on o.Out; an
// error is said in o.Printer's language when it is a catalog message.
func Show(ctx context.Context, o Options) error {
	return inLang(show(ctx, o), o.Printer)
}

func show(ctx context.Context, o Options) error {
	conn, err := jaeger.For(o.Lab, nil)
	if err != nil {
		return err
	}
	defer conn.Close()
	service := o.Service
	if service == "" {
		service = o.Lab.ServiceName
	}
	ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()

	p := o.Printer
	wo := waterfall.Options{Width: o.Width, Color: o.Color, Words: p}

	if o.Last > 0 {
		traces, err := searchTraces(ctx, conn, service, o.Operation)
		if err != nil {
			return err
		}
		ls := make([]waterfall.Layout, 0, o.Last)
		for _, tr := range traces[:min(o.Last, len(traces))] {
			ls = append(ls, waterfall.Arrange(tr))
		}
		if o.Format == "json" {
			out := make([]waterfall.JSONTrace, 0, len(ls))
			for _, l := range ls {
				out = append(out, waterfall.ToJSON(l, conn.TraceURL(l.ID), false))
			}
			return waterfall.WriteJSON(o.Out, out)
		}
		return waterfall.RenderList(o.Out, ls, wo)
	}

	var tr jaeger.Trace
	switch {
	case o.ID != "":
		if tr, err = conn.GetTrace(ctx, o.ID); err != nil {
			return traceNotFound(err, conn, o.ID)
		}
	default:
		if o.Service == "" && o.Operation == "" {
			tr, err = verifyTrace(ctx, conn, o.Dir)
			switch {
			case err == nil:
				fmt.Fprintln(o.Err, p.Sprintf("term.trace.verified", filepath.Join(o.Dir, "verify.json")))
			case errors.Is(err, jaeger.ErrTraceNotFound):
				fmt.Fprintln(o.Err, p.Sprintf("term.trace.gone", filepath.Join(o.Dir, "verify.json"), service))
			}
		}
		if len(tr.Spans) == 0 {
			traces, err := searchTraces(ctx, conn, service, o.Operation)
			if err != nil {
				return err
			}
			tr = traces[0]
		}
	}
	l := waterfall.Arrange(tr)
	link := conn.TraceURL(l.ID)
	if o.Format == "json" {
		return waterfall.WriteJSON(o.Out, waterfall.ToJSON(l, link, true))
	}
	wo.Link = link
	return waterfall.Render(o.Out, l, wo)
}

// verifyTrace reads the trace verify checked; an error when verify has not
// saved one (nothing said) or Jaeger no longer has it (ErrTraceNotFound).
func verifyTrace(ctx context.Context, conn *jaeger.Conn, dir string) (jaeger.Trace, error) {
	res, err := checks.Load(filepath.Join(dir, "verify.json"))
	if err != nil {
		return jaeger.Trace{}, err
	}
	id := res.TraceID()
	if id == "" {
		return jaeger.Trace{}, errors.New("verify saw no trace")
	}
	return conn.GetTrace(ctx, id)
}

// searchTraces returns the service's traces of the last 24 hours, newest
// first, with a span of operation when it is set; an error naming what
// exists when there is none.
func searchTraces(ctx context.Context, conn *jaeger.Conn, service, operation string) ([]jaeger.Trace, error) {
	services, err := conn.Services(ctx)
	if err != nil {
		return nil, err
	}
	if !slices.Contains(services, service) {
		known := msg.New("trace.none_yet")
		if len(services) > 0 {
			known = msg.Raw(strings.Join(services, ", "))
		}
		return nil, msg.Errorf("trace.err.no_service", conn.Addr, service, known)
	}
	now := time.Now()
	traces, err := conn.FindTraces(ctx, service, now.Add(-Lookback), now.Add(time.Minute))
	if err != nil {
		return nil, err
	}
	if operation != "" {
		ops := map[string]bool{}
		traces = slices.DeleteFunc(traces, func(t jaeger.Trace) bool {
			for _, s := range t.Spans {
				ops[s.Operation] = true
				if s.Operation == operation && (s.Service == service || s.Service == "") {
					return false
				}
			}
			return true
		})
		if len(traces) == 0 {
			names := make([]string, 0, len(ops))
			for op := range ops {
				names = append(names, fmt.Sprintf("%q", op))
			}
			sort.Strings(names)
			return nil, msg.Errorf("trace.err.no_operation", service, operation, strings.Join(names, ", "))
		}
	}
	if len(traces) == 0 {
		return nil, msg.Errorf("trace.err.no_trace", conn.Addr, service)
	}
	starts := make(map[string]time.Time, len(traces))
	for _, t := range traces {
		starts[t.ID] = waterfall.Arrange(t).Start
	}
	sort.SliceStable(traces, func(i, j int) bool { return starts[traces[i].ID].After(starts[traces[j].ID]) })
	return traces, nil
}

func traceNotFound(err error, conn *jaeger.Conn, id string) error {
	if errors.Is(err, jaeger.ErrTraceNotFound) {
		return msg.Errorf("trace.err.not_found", conn.Addr, id)
	}
	return err
}

// inLang is err said in p's language when it is a catalog message (the
// English error as it is otherwise): the error labctl prints last.
func inLang(err error, p *msg.Printer) error {
	if err == nil || p == nil {
		return err
	}
	if m := msg.Of(err); p.Lang != msg.English && m.Key != "" {
		return errors.New(p.Say(m))
	}
	return err
}
