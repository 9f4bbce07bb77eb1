package cli

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/labctl/labctl/internal/checks"
	"github.com/labctl/labctl/internal/jaeger"
	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
	"github.com/labctl/labctl/internal/termsize"
	"github.com/labctl/labctl/internal/waterfall"
)

type traceOptions struct {
	lab       labFlags
	compose   composeFlags
	service   string
	operation string
	last      int
	format    string
	jaeger    string
	lang      string
}

// traceLookback is how far back labctl trace searches without an id.
const traceLookback = 24 * time.Hour

// traceMaxLast is how many traces one search returns (checks' jaegerLimit).
const traceMaxLast = 20

func newTraceCmd(stdio Stdio) *cobra.Command {
	var opts traceOptions
	cmd := &cobra.Command{
		Use:   "trace [ID]",
		Short: "Show a trace as a waterfall: its spans, their durations and what they did",
		Long: `Show one trace from Jaeger as a waterfall: one line per span, indented under
its parent, with a bar on the trace's time axis, its duration, its kind and
the attributes that explain it (HTTP method, route and status, the database
and its statement, rpc.*); failed spans are marked ✗. The last line is the
link to the same trace in the Jaeger UI.

Without ID: the trace labctl verify checked (DIR/verify.json) when it is
still in Jaeger, else the newest trace of the service (last 24 hours).
--service and --operation pick the newest trace of that service (with a span
of that operation); --last N lists the N newest instead, one line each.

Works on labctl's lab and on your own running Compose project (-f, -p, or a
folder with a Compose file), as labctl verify does; --jaeger points at any
Jaeger UI, base path included.

The output fits the terminal's width (COLUMNS when not a terminal, else 80
columns), is coloured only on a terminal, and never when NO_COLOR is set.
Exit status 2 for an unknown trace, service or operation, or when Jaeger does
not answer.`,
		Example: `  # The trace labctl verify looked at
  labctl trace

  # One trace by its id (from labctl verify, or the Jaeger UI)
  labctl trace 4bf92f3577b34da6a3ce929d0e0e4736

  # The ten newest traces of POST /products/
  labctl trace --operation "POST /products/" --last 10

  # Jaeger behind a base path, as JSON
  labctl trace --jaeger http://otel-demo.example/jaeger/ui --service frontend --format json`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runTrace(cmd.Context(), opts, args, stdio)
		},
	}
	opts.lab.register(cmd)
	opts.compose.register(cmd)
	f := cmd.Flags()
	f.StringVar(&opts.service, "service", "", "service.name whose traces to search (default service_name from labctl.yaml)")
	f.StringVar(&opts.operation, "operation", "", "only traces with a span of this `NAME` (e.g. \"POST /products/\")")
	f.IntVar(&opts.last, "last", 0, fmt.Sprintf("list the `N` newest traces, one line each (at most %d)", traceMaxLast))
	f.StringVar(&opts.format, "format", "text", "output format: text or json")
	addLangFlag(cmd, &opts.lang)
	f.StringVar(&opts.jaeger, "jaeger", "", "Jaeger's UI `URL` with its base path (http://host/jaeger/ui), or its gRPC query HOST:PORT")
	return cmd
}

func runTrace(ctx context.Context, opts traceOptions, args []string, stdio Stdio) error {
	if opts.format != "text" && opts.format != "json" {
		return usageError(fmt.Errorf("--format %q is not a format; use text or json", opts.format))
	}
	if opts.last < 0 || opts.last > traceMaxLast {
		return usageError(fmt.Errorf("--last %d: give a number from 1 to %d", opts.last, traceMaxLast))
	}
	id := ""
	if len(args) == 1 {
		if opts.last > 0 || opts.operation != "" {
			return usageError(errors.New("give a trace ID, or --last/--operation to search, not both"))
		}
		norm, err := jaeger.NormalizeTraceID(args[0])
		if err != nil {
			return usageError(err)
		}
		id = norm
	}
	jaegerAddr, jaegerURL, err := jaegerFlag(opts.jaeger)
	if err != nil {
		return usageError(err)
	}
	p, err := termPrinter(opts.lang)
	if err != nil {
		return err
	}
	t, err := openTarget(ctx, &opts.lab, &opts.compose, model.Overrides{Service: opts.service, JaegerURL: jaegerURL, JaegerAddr: jaegerAddr}, stdio.Err, p)
	if err != nil {
		return err
	}
	defer t.close()
	conn, err := jaeger.For(t.Lab, nil)
	if err != nil {
		return inLang(err, p)
	}
	defer conn.Close()
	service := opts.service
	if service == "" {
		service = t.Lab.ServiceName
	}
	ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()

	width, _ := termsize.Width(stdio.Out, 80)
	wo := waterfall.Options{Width: width, Color: termsize.Color(stdio.Out), Words: p}

	if opts.last > 0 {
		traces, err := searchTraces(ctx, conn, service, opts.operation)
		if err != nil {
			return inLang(err, p)
		}
		ls := make([]waterfall.Layout, 0, opts.last)
		for _, tr := range traces[:min(opts.last, len(traces))] {
			ls = append(ls, waterfall.Arrange(tr))
		}
		if opts.format == "json" {
			out := make([]waterfall.JSONTrace, 0, len(ls))
			for _, l := range ls {
				out = append(out, waterfall.ToJSON(l, conn.TraceURL(l.ID), false))
			}
			return waterfall.WriteJSON(stdio.Out, out)
		}
		return waterfall.RenderList(stdio.Out, ls, wo)
	}

	var tr jaeger.Trace
	switch {
	case id != "":
		if tr, err = conn.GetTrace(ctx, id); err != nil {
			return inLang(traceNotFound(err, conn, id), p)
		}
	default:
		if opts.service == "" && opts.operation == "" {
			tr, err = verifyTrace(ctx, conn, opts.lab.Dir)
			switch {
			case err == nil:
				fmt.Fprintln(stdio.Err, p.Sprintf("term.trace.verified", filepath.Join(opts.lab.Dir, "verify.json")))
			case errors.Is(err, jaeger.ErrTraceNotFound):
				fmt.Fprintln(stdio.Err, p.Sprintf("term.trace.gone", filepath.Join(opts.lab.Dir, "verify.json"), service))
			}
		}
		if len(tr.Spans) == 0 {
			traces, err := searchTraces(ctx, conn, service, opts.operation)
			if err != nil {
				return inLang(err, p)
			}
			tr = traces[0]
		}
	}
	l := waterfall.Arrange(tr)
	link := conn.TraceURL(l.ID)
	if opts.format == "json" {
		return waterfall.WriteJSON(stdio.Out, waterfall.ToJSON(l, link, true))
	}
	wo.Link = link
	return waterfall.Render(stdio.Out, l, wo)
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
	traces, err := conn.FindTraces(ctx, service, now.Add(-traceLookback), now.Add(time.Minute))
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
	if m := msg.Of(err); p.Lang != msg.English && m.Key != "" {
		return errors.New(p.Say(m))
	}
	return err
}
