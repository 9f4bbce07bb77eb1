//go:build unix

package fsutil

import (
	"errors"
	"os"
	"syscall"
)

// tryLock flocks the sidecar and removes it on unlock, so that no lock
// file is left beside the user's file. The classic protocol keeps that
// safe: the holder removes the sidecar before unlocking, and whoever
// locked a file that is no longer at lockPath (it opened it just before
// the removal) lets go and tries again on the new one.
func tryLock(lockPath string) (func(), error) {
	f, err := os.OpenFile(lockPath, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	fd := int(f.Fd())
	for {
		err = syscall.Flock(fd, syscall.LOCK_EX|syscall.LOCK_NB)
		if !errors.Is(err, syscall.EINTR) {
			break
		}
	}
	if err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, errLocked
		}
		return nil, err
	}
	held, herr := f.Stat()
	now, nerr := os.Stat(lockPath)
	if herr != nil || nerr != nil || !os.SameFile(held, now) {
		_ = syscall.Flock(fd, syscall.LOCK_UN)
		f.Close()
		return nil, errLocked
	}
	return func() {
		_ = os.Remove(lockPath)
		_ = syscall.Flock(fd, syscall.LOCK_UN)
		f.Close()
	}, nil
}

// staleHint: flock locks die with their process, so none is ever stale.
func staleHint(string) string { return "" }
