package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/labctl/labctl/internal/dockerx"
	"github.com/labctl/labctl/internal/msg"
	"github.com/labctl/labctl/internal/scenario"
	"github.com/labctl/labctl/internal/termsize"
	"github.com/labctl/labctl/internal/textutil"
)

type scenarioOptions struct {
	dir     string
	jaeger  string
	demo    string
	enable  bool
	restore bool
	watch   time.Duration
	poll    time.Duration
	format  string
	lang    string
}

// scenarioMaxWatch bounds --watch: the verdict needs minutes, not hours.
const scenarioMaxWatch = time.Hour

func newScenarioCmd(stdio Stdio) *cobra.Command {
	var opts scenarioOptions
	cmd := &cobra.Command{
		Use:       "scenario " + scenario.Name,
		Short:     "Follow the OpenTelemetry Demo's recommendation-cache scenario and prove the leak",
		ValidArgs: []string{scenario.Name},
		Long: `Follow the OpenTelemetry Demo's "recommendation cache" scenario: a feature
flag makes the recommendation service's cache leak, so cache misses carry an
ever longer product list and take longer.

labctl finds the demo (its Compose project through the Docker API; --demo DIR,
your opentelemetry-demo clone; or --jaeger URL alone, e.g. the course's
cluster), reads the demo's release from the spans (service.version), which
decides the flag's and the attributes' names, and shows whether the flag is
on (flagd's file src/flagd/demo.flagd.json, or demo 3.0's flag UI API).
--enable turns it on by changing only that flag's defaultVariant; it goes
back when labctl ends (Ctrl-C too), or later with --restore.

Then it watches the recommendation service's get_product_list spans in Jaeger
for --watch: hits and misses, the product count on misses over time, p50/p95
latency of hits versus misses, and where it can the service's memory
(Prometheus) and restarts and OOM kills (Docker). The verdict: the leak is
visible (the misses' product count grows and misses are slower than hits),
or why not (the flag is off; demo 2.2's defect, misses fail; no traffic from
the load generator; demo 1.9–1.10, whose flag did nothing).

The evidence goes to DIR/scenario.json; labctl report then adds a section
with one hit's and one miss's trace IDs, the growth, the latency comparison
and a chart of the product count over time.

Exit status: 0 when the leak is proven, 1 when it is not, 2 on a usage error
or when the demo or its Jaeger cannot be reached.`,
		Example: `  # The demo runs here (docker compose up in opentelemetry-demo): turn the flag on, watch 2 minutes
  labctl scenario recommendation-cache --enable

  # Your clone of the demo, its Jaeger behind the frontend proxy
  labctl scenario recommendation-cache --demo ~/opentelemetry-demo --enable --watch 5m

  # The course's cluster: Jaeger under /jaeger/ui, the flag set in its UI
  labctl scenario recommendation-cache --jaeger https://otel-demo.example/jaeger/ui

  # Put the flag back after a run that was killed
  labctl scenario recommendation-cache --restore`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageError(fmt.Errorf("name the scenario: labctl scenario %s", scenario.Name))
			}
			if args[0] != scenario.Name {
				return usageError(fmt.Errorf("unknown scenario %q; labctl knows %s", args[0], scenario.Name))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, _ []string) error {
			err := runScenario(cmd.Context(), opts, stdio)
			if err != nil && opts.format == "json" && !isPrinted(err) {
				writeJSONError(stdio.Out, err, false)
			}
			return err
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.dir, "dir", ".labctl", "`DIR` for scenario.json (labctl report reads it there)")
	f.StringVar(&opts.jaeger, "jaeger", "", "Jaeger's UI `URL` with its base path (http://HOST:8080/jaeger/ui)")
	f.StringVar(&opts.demo, "demo", "", "your opentelemetry-demo clone `DIR` (its src/flagd/demo.flagd.json is the flag)")
	f.BoolVar(&opts.enable, "enable", false, "turn the flag on for the watch, and back when it ends")
	f.BoolVar(&opts.restore, "restore", false, "put the flag back as it was before a previous --enable, and stop")
	f.DurationVar(&opts.watch, "watch", 2*time.Minute, "how long to watch the spans")
	f.DurationVar(&opts.poll, "poll", 3*time.Second, "time between two reads of Jaeger")
	_ = f.MarkHidden("poll")
	f.StringVar(&opts.format, "format", "text", "output format: text or json (json prints only the evidence on stdout)")
	addLangFlag(cmd, &opts.lang)
	return cmd
}

func runScenario(ctx context.Context, opts scenarioOptions, stdio Stdio) error {
	if opts.format != "text" && opts.format != "json" {
		return usageError(fmt.Errorf("--format %q is not a format; use text or json", opts.format))
	}
	p, err := termPrinter(opts.lang)
	if err != nil {
		return err
	}
	if opts.watch <= 0 || opts.watch > scenarioMaxWatch {
		return usageError(fmt.Errorf("--watch %s: give a duration from 1s to %s, e.g. --watch 2m", opts.watch, scenarioMaxWatch))
	}
	if opts.poll <= 0 {
		return usageError(fmt.Errorf("--poll %s: give a positive duration", opts.poll))
	}
	if opts.restore && opts.enable {
		return usageError(errors.New("--restore puts the flag back and --enable turns it on: give one of them"))
	}
	if opts.jaeger != "" && !strings.HasPrefix(opts.jaeger, "http://") && !strings.HasPrefix(opts.jaeger, "https://") {
		return usageError(fmt.Errorf("--jaeger %q: give Jaeger's UI URL with its base path, like http://127.0.0.1:8080/jaeger/ui", opts.jaeger))
	}
	if opts.restore {
		return restoreScenario(ctx, opts, p, stdio)
	}
	o := scenario.Options{Jaeger: opts.jaeger, DemoDir: opts.demo, Dir: opts.dir, Enable: opts.enable,
		Watch: opts.watch, Poll: opts.poll, Printer: p}
	if opts.format == "text" {
		o.Progress = stdio.Err
		_, o.Live = termsize.Width(stdio.Err, 80)
	}
	if opts.jaeger == "" && opts.demo == "" {
		c, cancel := context.WithTimeout(ctx, 10*time.Second)
		cli, ep, err := dockerx.Connect(c)
		cancel()
		if err != nil {
			return fmt.Errorf("find the demo: %w; or give its Jaeger with --jaeger URL (and --demo DIR for the flag)", err)
		}
		defer cli.Close()
		o.Docker, o.ContainerAddrs = cli, ep.Local() && runtime.GOOS == "linux"
	}
	res, err := scenario.Run(ctx, o)
	if res.RestoreErr != nil {
		fmt.Fprintf(stdio.Err, "labctl: the flag could not be put back: %s; run labctl scenario %s --restore\n", textutil.OneLine(res.RestoreErr.Error()), scenario.Name)
	}
	if err != nil {
		return err
	}
	if opts.format == "json" {
		enc := json.NewEncoder(stdio.Out)
		enc.SetIndent("", "  ")
		if err := enc.Encode(res.Evidence); err != nil {
			return err
		}
	} else {
		printScenario(stdio.Out, res, p)
	}
	if !res.Evidence.Verdict.Proven {
		return Failed(printed(errors.New(p.Sprintf("term.scenario.not_proven", string(res.Evidence.Verdict.Reason)))))
	}
	return nil
}

func printScenario(w io.Writer, res scenario.Result, p *msg.Printer) {
	e := res.Evidence
	mark := "✗"
	if e.Verdict.Proven {
		mark = "✓"
	}
	fmt.Fprintf(w, "%s %s\n", mark, scenarioVerdict(e, p))
	ms := func(v float64) string {
		if p.Lang == msg.English {
			return fmt.Sprintf("%.1f ms", v)
		}
		return p.Milliseconds(time.Duration(v * float64(time.Millisecond)))
	}
	if e.Hit != nil {
		fmt.Fprintln(w, p.Sprintf("term.scenario.hit", e.Hit.TraceID, ms(e.Hit.DurationMS)))
	}
	if m := e.Miss; m != nil {
		switch {
		case m.Count != nil:
			fmt.Fprintln(w, p.Sprintf("term.scenario.miss_count", m.TraceID, ms(m.DurationMS), *m.Count))
		case m.Error:
			fmt.Fprintln(w, p.Sprintf("term.scenario.miss_failed", m.TraceID, ms(m.DurationMS)))
		default:
			fmt.Fprintln(w, p.Sprintf("term.scenario.miss", m.TraceID, ms(m.DurationMS)))
		}
	}
	if res.EvidencePath != "" {
		fmt.Fprintln(w, p.Sprintf("term.scenario.evidence", filepath.ToSlash(res.EvidencePath)))
	}
}

// scenarioVerdict is the verdict's sentence: as the scenario wrote it in
// English; otherwise from the catalog, as the report says it.
func scenarioVerdict(e scenario.Evidence, p *msg.Printer) string {
	if p.Lang == msg.English {
		return e.Verdict.Message
	}
	if e.Verdict.Proven && e.Growth != nil {
		ms := func(v float64) string { return p.Milliseconds(time.Duration(v * float64(time.Millisecond))) }
		growth := p.Sprintf("scenario.Growth", e.Growth.First, e.Growth.Last, p.Number(e.Growth.Factor, 1), e.Growth.Misses)
		return p.Sprintf("term.scenario.proven", growth+p.Sprintf("scenario.Slower", ms(e.Latency.Misses.P50MS), ms(e.Latency.Hits.P50MS)))
	}
	if m := msg.New("scenario.reason." + string(e.Verdict.Reason)); msg.Has(m.Key) {
		return p.Text(m)
	}
	return p.Say(msg.Raw(e.Verdict.Message))
}

func restoreScenario(ctx context.Context, opts scenarioOptions, p *msg.Printer, stdio Stdio) error {
	s, err := scenario.Restore(ctx, opts.dir, nil)
	if err != nil {
		return err
	}
	said := p.Sprintf("term.scenario.nothing_to_restore", opts.dir)
	if s != nil {
		said = p.Sprintf("term.scenario.restored", s.Flag, s.Previous, s.Where)
	}
	if opts.format == "json" {
		out := map[string]any{"restored": s != nil, "message": said}
		if s != nil {
			out["flag"], out["variant"], out["where"] = s.Flag, s.Previous, s.Where
		}
		return json.NewEncoder(stdio.Out).Encode(out)
	}
	fmt.Fprintln(stdio.Out, said)
	return nil
}
