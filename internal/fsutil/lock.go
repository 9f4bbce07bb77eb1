package fsutil

import (
	"errors"
	"fmt"
	"os"
	"time"
)

// LockWait is how long Lock waits for another labctl to release a lock.
var LockWait = 30 * time.Second

// errLocked is what a platform's tryLock returns while someone else holds the lock.
var errLocked = errors.New("locked")

const lockText = "# labctl's lock for the file beside it, held while a command changes it.\n" +
	"# Deleting it is harmless when no labctl runs.\n"

// Lock takes an exclusive lock for path on a sidecar file, path+".lock",
// for a read-modify-write of path by concurrent labctl commands: the lock
// survives path being replaced by WriteFile's rename, which a lock on path
// itself would not. It waits up to LockWait, then fails naming the lock.
//
// Linux and macOS use flock(2), and the sidecar is removed on unlock;
// Windows uses LockFileEx, and the sidecar stays (a file open elsewhere
// cannot be removed there). The system drops both locks when the process
// dies. Elsewhere the lock is the sidecar's existence (O_EXCL), removed
// on unlock.
func Lock(path string) (unlock func(), err error) {
	lockPath := path + ".lock"
	deadline := time.Now().Add(LockWait)
	pause := 2 * time.Millisecond
	for {
		unlock, err := tryLock(lockPath)
		if err == nil {
			return unlock, nil
		}
		if !errors.Is(err, errLocked) {
			return nil, fmt.Errorf("lock %s: %w", path, bare(err))
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("%s is locked by another labctl command (%s) since more than %s; wait for it to finish and retry%s",
				path, lockPath, LockWait, staleHint(lockPath))
		}
		time.Sleep(pause)
		pause = min(2*pause, 50*time.Millisecond)
	}
}

// explain writes what the sidecar is into a new one, once locked.
func explain(f *os.File) {
	if st, err := f.Stat(); err == nil && st.Size() == 0 {
		_, _ = f.WriteString(lockText)
	}
}
