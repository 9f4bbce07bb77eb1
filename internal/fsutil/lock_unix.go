//go:build unix

package fsutil

import (
	"errors"
	"syscall"
)

func tryLock(lockPath string) (func(), error) {
	f, err := openLockFile(lockPath)
	if err != nil {
		return nil, err
	}
	for {
		err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
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
	explain(f)
	return func() {
		_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, nil
}

// staleHint: flock locks die with their process, so none is ever stale.
func staleHint(string) string { return "" }
