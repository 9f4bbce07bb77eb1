package cli

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/labctl/labctl/internal/stack"
)

type statusOptions struct {
	lab    labFlags
	format string
}

func newStatusCmd(stdio Stdio) *cobra.Command {
	var opts statusOptions
	cmd := &cobra.Command{
		Use:     "status",
		Aliases: []string{"ps"},
		Short:   "Show each service's container, state, health and URL",
		Long: `Show each service's container, state, health, readiness (its probe from this
machine, run once) and URL.

Exit status: 0 when every service is running and ready, 1 otherwise, 2 when
the Docker engine cannot be reached.`,
		Example: `  labctl status
  labctl ps --format json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if opts.format != "text" && opts.format != "json" {
				return usageError(fmt.Errorf("--format %q: use text or json", opts.format))
			}
			cfg, eng, closeEngine, err := opts.lab.openLab(cmd.Context(), nil)
			if err != nil {
				return err
			}
			defer closeEngine()
			st, err := eng.Status(cmd.Context(), cfg.Project, cfg, stack.LabServices, true)
			if err != nil {
				return err
			}
			if opts.format == "json" {
				enc := json.NewEncoder(stdio.Out)
				enc.SetIndent("", "  ")
				if err := enc.Encode(st); err != nil {
					return err
				}
			} else {
				rows := make([][]string, 0, len(st))
				for _, s := range st {
					ready := "yes"
					if !s.Ready {
						ready = "no"
					}
					rows = append(rows, []string{s.Service, dash(s.Container), s.State, dash(s.Health), ready, s.URL})
				}
				table(stdio.Out, []string{"SERVICE", "CONTAINER", "STATE", "HEALTH", "READY", "URL"}, rows)
			}
			var bad []string
			for _, s := range st {
				if !s.Ready {
					bad = append(bad, s.Service+" ("+s.Detail+")")
				}
			}
			if len(bad) > 0 {
				return Failed(fmt.Errorf("%d of %d services not ready: %s; run labctl up", len(bad), len(st), strings.Join(bad, "; ")))
			}
			return nil
		},
	}
	opts.lab.register(cmd)
	cmd.Flags().StringVar(&opts.format, "format", "text", "output format: text or json")
	return cmd
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
