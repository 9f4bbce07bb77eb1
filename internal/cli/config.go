package cli

import (
	"github.com/spf13/cobra"

	"github.com/labctl/labctl/internal/lab"
)

// labFlags are the flags every command that reads the lab shares.
type labFlags struct {
	Config string // --config: labctl.yaml path ("" = ./labctl.yaml if present)
	Dir    string // --dir: where the generated files live
}

func (f *labFlags) register(cmd *cobra.Command) {
	cmd.Flags().StringVar(&f.Config, "config", "", "lab config file (default ./labctl.yaml when present, else built-in defaults)")
	cmd.Flags().StringVar(&f.Dir, "dir", ".labctl", "directory for the generated files")
}

func (f *labFlags) load() (*lab.Config, error) { return lab.Load(f.Config) }
