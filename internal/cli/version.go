package cli

import (
	"fmt"

	"github.com/spf13/cobra"
)

// Stamped by -ldflags "-X github.com/labctl/labctl/internal/cli.version=... ".
var (
	version = "dev"
	commit  = ""
	date    = ""
)

func newVersionCmd(stdio Stdio) *cobra.Command {
	return &cobra.Command{
		Use:     "version",
		Short:   "Print labctl's version",
		Args:    cobra.NoArgs,
		Example: "  labctl version",
		RunE: func(*cobra.Command, []string) error {
			fmt.Fprintf(stdio.Out, "labctl %s", version)
			if commit != "" {
				fmt.Fprintf(stdio.Out, " (commit %s", commit)
				if date != "" {
					fmt.Fprintf(stdio.Out, ", built %s", date)
				}
				fmt.Fprint(stdio.Out, ")")
			}
			fmt.Fprintln(stdio.Out)
			return nil
		},
	}
}
