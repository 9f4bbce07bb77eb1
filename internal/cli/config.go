package cli

import (
	"github.com/spf13/cobra"

	"github.com/labctl/labctl/internal/open"
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

// load reads labctl.yaml (--config) through open.
func (f *labFlags) load() (*open.LabConfig, error) { return open.Config(f.Config) }

// lock serialises the commands that change the lab (render, up, down) on
// one lab directory (open.Lock).
func (f *labFlags) lock() (unlock func(), err error) { return open.Lock(f.Dir) }
