// Package fsutil holds the one way labctl writes a file a user may own
// (report.md, labctl-tasks.yaml, labctl.yaml, a JUnit report, the files of
// the lab directory): WriteFile.
package fsutil

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
)

// maxLinks bounds how many symbolic links WriteFile follows, as the kernel does.
const maxLinks = 40

// WriteFile replaces the file at path with data so that nothing is lost:
//
//   - atomically: data goes to a temporary file in the target's directory,
//     synced, then renamed over the target, and the directory is synced; a
//     reader never sees half a file and a crash leaves the old one whole;
//   - a symbolic link is followed to its target: the link stays a link and
//     its target gets the content;
//   - an existing file keeps its mode (perm is for a new file only) and, where
//     the system allows it, its owner;
//   - a read-only file (no owner write bit, or not writable by this process)
//     is refused with its name and the fix, and left alone;
//   - errors name the target, never the temporary file.
func WriteFile(path string, data []byte, perm os.FileMode) error {
	target, err := resolve(path)
	if err != nil {
		return err
	}
	st, err := os.Stat(target)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		st = nil
	case err != nil:
		return fmt.Errorf("write %s: %w", path, bare(err))
	case !st.Mode().IsRegular():
		return fmt.Errorf("write %s: %s is not a regular file; remove it or write elsewhere", path, name(path, target))
	default:
		if err := checkWritable(path, target, st); err != nil {
			return err
		}
		perm = st.Mode().Perm()
	}
	dir := filepath.Dir(target)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(target)+".tmp-*")
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("write %s: directory %s does not exist; create it or write elsewhere", path, dir)
		}
		return fmt.Errorf("write %s: %w", path, bare(err))
	}
	tmpName := tmp.Name()
	done := false
	defer func() {
		if !done {
			tmp.Close()
			os.Remove(tmpName)
		}
	}()
	fail := func(err error) error { return fmt.Errorf("write %s: %w", path, bare(err)) }
	if err := tmp.Chmod(perm); err != nil {
		return fail(err)
	}
	if st != nil {
		keepOwner(tmp, st)
	}
	if _, err := tmp.Write(data); err != nil {
		return fail(err)
	}
	if err := tmp.Sync(); err != nil {
		return fail(err)
	}
	if err := tmp.Close(); err != nil {
		return fail(err)
	}
	if err := os.Rename(tmpName, target); err != nil {
		return fail(err)
	}
	done = true
	return syncDir(path, dir)
}

// resolve follows path's symbolic links to the file that gets the content.
// A dangling link resolves to where it points, which is then created.
func resolve(path string) (string, error) {
	cur := path
	for range maxLinks {
		st, err := os.Lstat(cur)
		if errors.Is(err, fs.ErrNotExist) {
			return cur, nil
		}
		if err != nil {
			return "", fmt.Errorf("write %s: %w", path, bare(err))
		}
		if st.Mode()&fs.ModeSymlink == 0 {
			return cur, nil
		}
		dest, err := os.Readlink(cur)
		if err != nil {
			return "", fmt.Errorf("write %s: %w", path, bare(err))
		}
		if !filepath.IsAbs(dest) {
			dest = filepath.Join(filepath.Dir(cur), dest)
		}
		cur = dest
	}
	return "", fmt.Errorf("write %s: too many symbolic links; point it at a file", path)
}

// checkWritable refuses a file the user marked read-only, or one this
// process may not write: replacing it by a rename would ignore that.
func checkWritable(path, target string, st fs.FileInfo) error {
	readOnly := st.Mode().Perm()&0o200 == 0
	if !readOnly {
		// Opening for writing (without truncating) asks the system whether
		// this process may write the file, whoever owns it.
		f, err := os.OpenFile(target, os.O_WRONLY, 0)
		if err == nil {
			f.Close()
		}
		readOnly = errors.Is(err, fs.ErrPermission)
	}
	if !readOnly {
		return nil
	}
	return fmt.Errorf("%s is read-only; make it writable (chmod u+w %s) or write elsewhere", name(path, target), target)
}

// name is how a message names the file: the path as given, and the target
// when it is reached through a link.
func name(path, target string) string {
	if path == target {
		return path
	}
	return fmt.Sprintf("%s (a link to %s)", path, target)
}

// bare drops the file name a *PathError or *LinkError carries, so that
// messages name the target rather than the temporary file.
func bare(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}

// syncDir makes the rename durable. Windows cannot open a directory for
// syncing; NTFS journals the rename itself.
func syncDir(path, dir string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("write %s: sync directory %s: %w", path, dir, bare(err))
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, errors.ErrUnsupported) {
		return fmt.Errorf("write %s: sync directory %s: %w", path, dir, bare(err))
	}
	return nil
}
