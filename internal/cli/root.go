// Package cli is labctl's thin command layer: each command parses flags into
// an options struct, calls into internal/..., and prints. Exit codes are
// decided in one place (exitCode).
package cli

import (
	"context"
	"fmt"
	"io"

	"github.com/spf13/cobra"
)

// Stdio is where a command reads and writes; tests pass buffers.
type Stdio struct {
	In       io.Reader
	Out, Err io.Writer
}

// Run executes labctl with args and returns the process exit code.
func Run(ctx context.Context, args []string, stdio Stdio) int {
	root := newRootCmd(stdio)
	root.SetArgs(args)
	root.SetIn(stdio.In)
	root.SetOut(stdio.Out)
	root.SetErr(stdio.Err)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return ExitOK
	}
	fmt.Fprintln(stdio.Err, "labctl: "+oneLine(err))
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
	)
	return root
}
