package cli

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/labctl/labctl/internal/engine"
	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/open"
	"github.com/labctl/labctl/internal/render"
)

type logsOptions struct {
	lab        labFlags
	compose    composeFlags
	follow     bool
	tail       string
	timestamps bool
}

// checkServiceArgs refuses a SERVICE argument the project does not have
// (known is nil when only the project's name is: then the engine tells).
func checkServiceArgs(args, known []string, project string) error {
	if known == nil {
		return nil
	}
	for _, a := range args {
		if !slices.Contains(known, a) {
			return fmt.Errorf("project %s has no service %q; its services: %s", project, a, strings.Join(known, ", "))
		}
	}
	return nil
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
	// Sorted, as a Compose project's are.
	project, services := t.ProjectName(), slices.Sorted(slices.Values(render.LabServices))
	if t.Project != nil {
		services = t.Project.Services
	}
	// Before Docker: a misspelt service is the user's to fix, whatever the engine does.
	if err := checkServiceArgs(args, services, project); err != nil {
		return usageError(err)
	}
	eng, closeEngine, err := connectEngine(ctx, nil)
	if err != nil {
		return err
	}
	defer closeEngine()
	return eng.Logs(ctx, project, engine.LogsOptions{
		Services: args, Follow: opts.follow, Tail: opts.tail, Timestamps: opts.timestamps,
	}, stdio.Out)
}
