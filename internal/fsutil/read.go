package fsutil

import (
	"errors"
	"fmt"
	"syscall"
)

// ReadError describes a failed read of path, naming it once: "read tasks
// file adir: it is a directory, not a file", not "read tasks file adir:
// read adir: is a directory". what says which file it is ("" for none).
func ReadError(what, path string, err error) error {
	if what != "" {
		what += " "
	}
	err = bare(err)
	if errors.Is(err, syscall.EISDIR) {
		return fmt.Errorf("read %s%s: it is a directory, not a file", what, path)
	}
	return fmt.Errorf("read %s%s: %w", what, path, err)
}
