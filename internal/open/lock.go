package open

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/labctl/labctl/internal/config"
	"github.com/labctl/labctl/internal/discover"
	"github.com/labctl/labctl/internal/fsutil"
)

// Config reads labctl.yaml at path ("" = ./labctl.yaml if present, else
// the built-in defaults).
func Config(path string) (*config.Config, error) { return config.Load(path) }

// Lock serialises the commands that change the lab (render, up, down) on
// one lab directory: two at once would interleave writes to its files or
// race on its containers. The lock is a sidecar beside the directory
// (DIR.lock, see fsutil.Lock), so it also covers the directory's creation.
// LABCTL_LOCK_WAIT overrides how long a second command waits (default 30s).
func Lock(labDir string) (unlock func(), err error) {
	if v := os.Getenv("LABCTL_LOCK_WAIT"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d < 0 {
			return nil, fmt.Errorf("LABCTL_LOCK_WAIT=%q is not a duration; set it to e.g. 30s", v)
		}
		fsutil.LockWait = d
	}
	dir := filepath.Clean(labDir)
	if dir == "." || dir == string(filepath.Separator) {
		// render --dir . : the lock sits in the folder itself.
		dir = filepath.Join(dir, ".labctl")
	}
	return fsutil.Lock(dir)
}

// LabConfig is labctl.yaml as read (config.Config).
type LabConfig = config.Config

// CheckComposeFiles refuses a Compose file (-f) that does not exist
// (discover.ComposeFilePaths): a file the user named is their input to fix.
func CheckComposeFiles(folder string, files []string) error {
	_, err := discover.ComposeFilePaths(folder, files)
	return err
}
