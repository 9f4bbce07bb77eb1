// Package cli is labctl's thin command layer. Every command has the same
// shape: newXCmd registers its flags into an xOptions struct, and
// runX(ctx, opts, [args,] stdio) does the work (into internal/...) and
// prints, so that a test calls it without a terminal. The lab a command is
// about is opened by internal/open. Exit codes are decided in one place
// (exitCode, errors.go): Failed for "ran but did not pass", printed for a
// verdict already on stdout.
//
// A command file imports internal/open, its one use-case package (verify,
// lint, lab for up/down/status/logs/render, traceview, scenario, report,
// submission, tasks, scaffold) and only this infrastructure, which every
// command needs to parse flags and print:
//   - model: the lab's vocabulary (model.Overrides handed to open, the
//     default ports help texts quote); a leaf with no I/O and no logic;
//   - msg: the message catalogs and printer (every sentence a person reads);
//   - termsize: the terminal's width and colour;
//   - textutil: one-line error texts for the terminal and JSON errors.
//
// imports_test.go enforces it, lists what a file still imports beyond it
// (a list that may only shrink) and caps cli's internal imports in all.
package cli

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/labctl/labctl/internal/textutil"
	"github.com/spf13/cobra"
)

// Stdio is where a command reads and writes; tests pass buffers.
type Stdio struct {
	In       io.Reader
	Out, Err io.Writer
}

// Run executes labctl with args and returns the process exit code.
func Run(ctx context.Context, args []string, stdio Stdio) int {
	composeWarnings(stdio.Err)
	root := newRootCmd(stdio)
	root.SetArgs(args)
	root.SetIn(stdio.In)
	root.SetOut(stdio.Out)
	root.SetErr(stdio.Err)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return ExitOK
	}
	fmt.Fprintln(stdio.Err, "labctl: "+textutil.OneLine(err.Error()))
	if ctx.Err() != nil { // interrupted, whatever error that surfaced as
		return ExitInterrupted
	}
	return exitCode(err)
}

func newRootCmd(stdio Stdio) *cobra.Command {
	root := &cobra.Command{
		Use:   "labctl",
		Short: "Run and check the OpenTelemetry tracing lab",
		Long: `labctl runs the OpenTelemetry tracing lab (a FastAPI backend, an OpenTelemetry
Collector, Jaeger, PostgreSQL and Prometheus) and proves that it works.

It writes plain files you can read and reuse with docker compose (compose.yaml,
otelcol.yaml, prometheus.yml) into .labctl/, drives the Docker Engine API to
run them, checks that spans and postgresql_* metrics arrive, and fills your
report.md.`,
		Example: `  # Write the lab's files into .labctl/ without starting anything
  labctl render

  # Bring the lab up and check it end to end
  labctl up && labctl verify

  # Use your own FastAPI backend: put this in labctl.yaml
  #   backend:
  #     path: ../my-project/backend`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError(err) })
	root.AddCommand(
		newVersionCmd(stdio),
		newRenderCmd(stdio),
		newInitCmd(stdio),
		newVerifyCmd(stdio),
		newUpCmd(stdio),
		newDownCmd(stdio),
		newStatusCmd(stdio),
		newLogsCmd(stdio),
		newTaskCmd(stdio),
		newReportCmd(stdio),
		newTraceCmd(stdio),
		newScenarioCmd(stdio),
		newGradeCmd(stdio),
		newLintCmd(stdio),
		newExplainCmd(stdio),
	)
	strictHelpAndCompletion(root)
	return root
}

// strictHelpAndCompletion makes `help nosuch` and `completion tcsh` usage
// errors (exit 2) instead of printing help and exiting 0, as cobra's
// defaults do.
func strictHelpAndCompletion(root *cobra.Command) {
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	for _, c := range root.Commands() {
		switch c.Name() {
		case "help":
			run := c.Run
			c.Run = nil
			c.RunE = func(c *cobra.Command, args []string) error {
				if cmd, rest, err := root.Find(args); err != nil || cmd == nil || len(rest) > 0 {
					return usageError(fmt.Errorf("unknown help topic %q; run labctl help to list the commands", strings.Join(args, " ")))
				}
				run(c, args)
				return nil
			}
		case "completion":
			shells := make([]string, 0, len(c.Commands()))
			for _, sc := range c.Commands() {
				shells = append(shells, sc.Name())
			}
			c.Args = cobra.ArbitraryArgs
			c.RunE = func(c *cobra.Command, args []string) error {
				if len(args) == 0 {
					return c.Help()
				}
				return usageError(fmt.Errorf("labctl has no completion for %q; use one of %s, e.g. labctl completion bash", args[0], strings.Join(shells, ", ")))
			}
		}
	}
}
