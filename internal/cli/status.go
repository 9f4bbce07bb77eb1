package cli

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/labctl/labctl/internal/lab"
	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
	"github.com/labctl/labctl/internal/open"
)

type statusOptions struct {
	lab     labFlags
	compose composeFlags
	format  string
	lang    string
}

func newStatusCmd(stdio Stdio) *cobra.Command {
	var opts statusOptions
	cmd := &cobra.Command{
		Use:     "status",
		Aliases: []string{"ps"},
		Short:   "Show each service's container, state, health and URL",
		Long: `Show each service's container, state, health, readiness (its probe from this
machine, run once) and URL.

On your own Compose project (a folder with a compose.yml and no labctl.yaml,
or -f FILE / -p NAME), show what labctl found: each service's role and why,
its container and state, and how labctl reaches it (a published port, the
container's address, or not at all with the line that would publish it).

Exit status: 0 when every service is running and ready, 1 otherwise, 2 when
the Docker engine cannot be reached.`,
		Example: `  labctl status
  labctl ps --format json
  labctl status -p dop     # a Compose project labctl did not start`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runStatus(cmd.Context(), opts, stdio)
		},
	}
	opts.lab.register(cmd)
	opts.compose.register(cmd)
	cmd.Flags().StringVar(&opts.format, "format", "text", "output format: text or json")
	addLangFlag(cmd, &opts.lang)
	return cmd
}

// composeStatus shows what discovery found in a Compose project.
func composeStatus(ctx context.Context, opts *statusOptions, p *msg.Printer, stdio Stdio) error {
	t, err := openTarget(ctx, &opts.lab, &opts.compose, model.Overrides{}, stdio.Err, p)
	if err != nil {
		return err
	}
	defer t.close()
	return labExit(lab.ComposeStatus(t.Lab, opts.format, p, stdio.Out))
}

func runStatus(ctx context.Context, opts statusOptions, stdio Stdio) error {
	if opts.format != "text" && opts.format != "json" {
		return usageError(fmt.Errorf("--format %q: use text or json", opts.format))
	}
	p, err := termPrinter(opts.lang)
	if err != nil {
		return err
	}
	cfg, err := opts.lab.load()
	if err != nil {
		return err
	}
	if open.Choose(".", openFlags(&opts.lab, &opts.compose, model.Overrides{}), cfg, open.Reading).Compose {
		return composeStatus(ctx, &opts, p, stdio)
	}
	return labExit(lab.Status(ctx, cfg, opts.format, p, stdio.Out))
}
