package cli

import (
	"github.com/spf13/cobra"

	"github.com/labctl/labctl/internal/lab"
)

type renderOptions struct {
	lab labFlags
}

func newRenderCmd(stdio Stdio) *cobra.Command {
	var opts renderOptions
	cmd := &cobra.Command{
		Use:   "render",
		Short: "Write the lab's Compose, Collector and Prometheus files",
		Long: `Write the lab's files into --dir (default .labctl) without starting anything:

  compose.yaml     the five services, usable as is with docker compose
  otelcol.yaml     the Collector config (OTLP in, Jaeger and Prometheus out)
  prometheus.yml   scrapes the Collector every 5 s
  initdb/          creates PostgreSQL's monitoring role (pg_monitor)
  secrets.env      generated passwords, mode 0600, created once
  backend/         the FastAPI template (unless labctl.yaml names your backend)`,
		Example: `  labctl render
  labctl render --dir lab --config labctl.yaml
  labctl render && docker compose -f .labctl/compose.yaml up -d`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runRender(opts, stdio)
		},
	}
	opts.lab.register(cmd)
	return cmd
}

func runRender(opts renderOptions, stdio Stdio) error {
	cfg, err := opts.lab.load()
	if err != nil {
		return err
	}
	unlock, err := opts.lab.lock()
	if err != nil {
		return err
	}
	defer unlock()
	return lab.Render(cfg, opts.lab.Dir, stdio.Out, stdio.Err)
}
