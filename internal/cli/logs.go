package cli

import (
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/labctl/labctl/internal/discover"
	"github.com/labctl/labctl/internal/engine"
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
			if opts.tail != "all" {
				if n, err := strconv.Atoi(opts.tail); err != nil || n < 0 {
					return usageError(fmt.Errorf("--tail %q: give a number of lines or all", opts.tail))
				}
			}
			cfg, err := opts.lab.load()
			if err != nil {
				return err
			}
			// Sorted, as a Compose project's are.
			project, services := cfg.Project, slices.Sorted(slices.Values(render.LabServices))
			if yes, note := chooseCompose(&opts.lab, &opts.compose, cfg); yes {
				if note != "" {
					fmt.Fprintln(stdio.Err, "labctl: "+note)
				}
				wd, err := os.Getwd()
				if err != nil {
					return err
				}
				p, err := discover.ResolveProject(cmd.Context(), wd, opts.compose.Files, opts.compose.Project)
				if err != nil {
					return err
				}
				project, services = p.Name, p.Services
			}
			// Before Docker: a misspelt service is the user's to fix, whatever the engine does.
			if err := checkServiceArgs(args, services, project); err != nil {
				return usageError(err)
			}
			eng, closeEngine, err := connectEngine(cmd.Context(), nil)
			if err != nil {
				return err
			}
			defer closeEngine()
			return eng.Logs(cmd.Context(), project, engine.LogsOptions{
				Services: args, Follow: opts.follow, Tail: opts.tail, Timestamps: opts.timestamps,
			}, stdio.Out)
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
