package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/labctl/labctl/internal/config"
	"github.com/labctl/labctl/internal/fsutil"
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

func (f *labFlags) load() (*config.Config, error) { return config.Load(f.Config) }

// lock serialises the commands that change the lab (render, up, down) on
// one lab directory: two at once would interleave writes to its files or
// race on its containers. The lock is a sidecar beside the directory
// (DIR.lock, see fsutil.Lock), so it also covers the directory's creation.
// LABCTL_LOCK_WAIT overrides how long a second command waits (default 30s).
func (f *labFlags) lock() (unlock func(), err error) {
	if v := os.Getenv("LABCTL_LOCK_WAIT"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d < 0 {
			return nil, fmt.Errorf("LABCTL_LOCK_WAIT=%q is not a duration; set it to e.g. 30s", v)
		}
		fsutil.LockWait = d
	}
	dir := filepath.Clean(f.Dir)
	if dir == "." || dir == string(filepath.Separator) {
		// render --dir . : the lock sits in the folder itself.
		dir = filepath.Join(dir, ".labctl")
	}
	return fsutil.Lock(dir)
}
