package cli

import (
	"context"
	"fmt"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/labctl/labctl/internal/lab"
	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/open"
)

type logsOptions struct {
	lab        labFlags
	compose    composeFlags
	follow     bool
	tail       string
	timestamps bool
}

func newLogsCmd(stdio Stdio) *cobra.Command {
	var opts logsOptions
	cmd := &cobra.Command{
		Use:   "logs [SERVICE...]",
		Short: "Print the lab's container logs",
		Long: `Print the logs of the lab's containers (stdout and stderr), each line
prefixed with its service when several are shown. Services: backend,
collector, jaeger, postgres, prometheus; on your own Compose project (a folder
with a compose.yml and no labctl.yaml, or -f / -p), its own service names.`,
		Example: `  labctl logs collector
  labctl logs --follow backend
  labctl logs --tail 100 > lab-logs.txt   # a CI artifact`,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runLogs(cmd.Context(), opts, args, stdio)
		},
	}
	opts.lab.register(cmd)
	opts.compose.register(cmd)
	f := cmd.Flags()
	f.BoolVarP(&opts.follow, "follow", "f", false, "keep printing new lines until Ctrl-C")
	f.StringVarP(&opts.tail, "tail", "n", "all", "number of lines from the end of each log, or all")
	f.BoolVarP(&opts.timestamps, "timestamps", "t", false, "prefix each line with its time")
	return cmd
}

func runLogs(ctx context.Context, opts logsOptions, args []string, stdio Stdio) error {
	if opts.tail != "all" {
		if n, err := strconv.Atoi(opts.tail); err != nil || n < 0 {
			return usageError(fmt.Errorf("--tail %q: give a number of lines or all", opts.tail))
		}
	}
	t, err := open.Resolve(ctx, ".", openFlags(&opts.lab, &opts.compose, model.Overrides{}), open.Reading)
	if err != nil {
		return err
	}
	if t.Note != "" && t.Compose {
		fmt.Fprintln(stdio.Err, "labctl: "+t.Note)
	}
	if err := lab.CheckServices(t, args); err != nil {
		return usageError(err)
	}
	return lab.Logs(ctx, t, args, lab.LogsOptions{Follow: opts.follow, Tail: opts.tail, Timestamps: opts.timestamps}, stdio.Out)
}
