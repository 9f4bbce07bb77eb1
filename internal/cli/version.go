package cli

import (
	"fmt"
	"runtime/debug"

	"github.com/spf13/cobra"
)

// Stamped by -ldflags "-X github.com/labctl/labctl/internal/cli.version=... ".
var (
	version = "dev"
	commit  = ""
	date    = ""
)

// currentVersion is the ldflags stamp of a release build, else the module
// version `go install ...@vX.Y.Z` recorded, else "dev".
func currentVersion() string {
	if version != "dev" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return version
}

func newVersionCmd(stdio Stdio) *cobra.Command {
	return &cobra.Command{
		Use:     "version",
		Short:   "Print labctl's version",
		Args:    cobra.NoArgs,
		Example: "  labctl version",
		RunE: func(*cobra.Command, []string) error {
			fmt.Fprintf(stdio.Out, "labctl %s", currentVersion())
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
