package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/labctl/labctl/internal/engine"
)

type downOptions struct {
	lab     labFlags
	volumes bool
}

func newDownCmd(stdio Stdio) *cobra.Command {
	var opts downOptions
	cmd := &cobra.Command{
		Use:   "down",
		Short: "Stop and remove the lab's containers and network",
		Long: `Stop and remove the containers and the network that carry the lab project's
label (com.docker.compose.project=PROJECT), and with --volumes its PostgreSQL
volume too. Nothing else is touched. Running down again is a no-op.`,
		Example: `  labctl down
  labctl down --volumes   # also forget PostgreSQL's data`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			pr := &progressPrinter{w: stdio.Err}
			cfg, eng, closeEngine, err := opts.lab.openLab(cmd.Context(), pr.event)
			if err != nil {
				return err
			}
			defer closeEngine()
			res, err := eng.Down(cmd.Context(), cfg.Project, engine.DownOptions{Volumes: opts.volumes})
			if err != nil {
				return engineError(stdio.Err, err)
			}
			kept := ""
			if !opts.volumes {
				kept = "; volumes are kept (--volumes removes them)"
			}
			if len(res.Containers)+len(res.Networks)+len(res.Volumes) == 0 {
				what := "containers, networks or volumes"
				if !opts.volumes {
					what = "containers or networks"
				}
				fmt.Fprintf(stdio.Err, "nothing to remove: project %s has no %s%s\n", cfg.Project, what, kept)
				return nil
			}
			var parts []string
			for _, p := range []struct {
				n    int
				what string
			}{{len(res.Containers), "container"}, {len(res.Networks), "network"}, {len(res.Volumes), "volume"}} {
				if p.n > 0 {
					parts = append(parts, plural(p.n, p.what))
				}
			}
			fmt.Fprintf(stdio.Err, "removed %s of project %s%s\n", strings.Join(parts, ", "), cfg.Project, kept)
			return nil
		},
	}
	opts.lab.register(cmd)
	cmd.Flags().BoolVarP(&opts.volumes, "volumes", "v", false, "also remove the PostgreSQL data volume")
	return cmd
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}
