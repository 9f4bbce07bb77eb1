//go:build !unix && !windows

package fsutil

import (
	"errors"
	"io/fs"
	"os"
)

// tryLock, where there is no flock: the lock is the sidecar's existence.
func tryLock(lockPath string) (func(), error) {
	f, err := os.OpenFile(lockPath, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return nil, errLocked
	}
	if err != nil {
		return nil, err
	}
	_, _ = f.WriteString(lockText)
	f.Close()
	return func() { _ = os.Remove(lockPath) }, nil
}

// staleHint: a lock file outlives a crashed process here.
func staleHint(lockPath string) string {
	return "; if no labctl runs, delete " + lockPath
}
