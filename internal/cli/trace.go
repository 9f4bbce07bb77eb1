package cli

import (
	"context"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/termsize"
	"github.com/labctl/labctl/internal/traceview"
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
	f.IntVar(&opts.last, "last", 0, fmt.Sprintf("list the `N` newest traces, one line each (at most %d)", traceview.MaxLast))
	f.StringVar(&opts.format, "format", "text", "output format: text or json")
	addLangFlag(cmd, &opts.lang)
	f.StringVar(&opts.jaeger, "jaeger", "", "Jaeger's UI `URL` with its base path (http://host/jaeger/ui), or its gRPC query HOST:PORT")
	return cmd
}

func runTrace(ctx context.Context, opts traceOptions, args []string, stdio Stdio) error {
	if opts.format != "text" && opts.format != "json" {
		return usageError(fmt.Errorf("--format %q is not a format; use text or json", opts.format))
	}
	if opts.last < 0 || opts.last > traceview.MaxLast {
		return usageError(fmt.Errorf("--last %d: give a number from 1 to %d", opts.last, traceview.MaxLast))
	}
	id := ""
	if len(args) == 1 {
		if opts.last > 0 || opts.operation != "" {
			return usageError(errors.New("give a trace ID, or --last/--operation to search, not both"))
		}
		norm, err := traceview.NormalizeID(args[0])
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
	width, _ := termsize.Width(stdio.Out, 80)
	return traceview.Show(ctx, traceview.Options{
		Lab: t.Lab, ID: id, Service: opts.service, Operation: opts.operation, Last: opts.last,
		Format: opts.format, Dir: opts.lab.Dir, Width: width, Color: termsize.Color(stdio.Out),
		Out: stdio.Out, Err: stdio.Err, Printer: p,
	})
}
