package fsutil_test

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/labctl/labctl/internal/fsutil"

	"github.com/labctl/labctl/internal/testutil"

	"github.com/labctl/labctl/internal/testbed"
)

func TestWriteFileReplacesAtomicallyAndKeepsMode(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "report.md")
	if err := fsutil.WriteFile(path, []byte("first"), 0o640); err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o640 {
		t.Errorf("new file mode %o, want 640 (perm is a new file's mode)", st.Mode().Perm())
	}
	if err := os.Chmod(path, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := fsutil.WriteFile(path, []byte("second"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := testutil.Read(t, path); got != "second" {
		t.Errorf("content %q, want %q", got, "second")
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o600 {
		t.Errorf("mode %o, want the existing file's 600", st.Mode().Perm())
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("temporary files left behind: %v", entries)
	}
}

func TestWriteFileFollowsSymlinks(t *testing.T) {
	if runtime.GOOS == "windows" {
		testbed.Lacks(t, "symbolic links (they need privileges on Windows)")
	}
	dir := t.TempDir()
	repo := filepath.Join(dir, "repo")
	if err := os.Mkdir(repo, 0o755); err != nil {
		t.Fatal(err)
	}
	target := filepath.Join(repo, "report.md")
	if err := os.WriteFile(target, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	// A relative link in another directory, through a second link.
	work := filepath.Join(dir, "work")
	if err := os.Mkdir(work, 0o755); err != nil {
		t.Fatal(err)
	}
	mid := filepath.Join(work, "mid.md")
	link := filepath.Join(work, "report.md")
	if err := os.Symlink("../repo/report.md", mid); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("mid.md", link); err != nil {
		t.Fatal(err)
	}
	if err := fsutil.WriteFile(link, []byte("new"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, l := range []string{link, mid} {
		if st, err := os.Lstat(l); err != nil || st.Mode()&os.ModeSymlink == 0 {
			t.Errorf("%s is no longer a symbolic link (%v, %v)", l, st, err)
		}
	}
	if got := testutil.Read(t, target); got != "new" {
		t.Errorf("the link's target holds %q, want %q", got, "new")
	}
	if st, _ := os.Stat(target); st.Mode().Perm() != 0o600 {
		t.Errorf("target mode %o, want its own 600", st.Mode().Perm())
	}
	if entries, _ := os.ReadDir(repo); len(entries) != 1 {
		t.Errorf("temporary files left in the target's directory: %v", entries)
	}

	// A dangling link: its target is created, the link stays.
	dangling := filepath.Join(work, "tasks.yaml")
	if err := os.Symlink("../repo/tasks.yaml", dangling); err != nil {
		t.Fatal(err)
	}
	if err := fsutil.WriteFile(dangling, []byte("tasks: []\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := testutil.Read(t, filepath.Join(repo, "tasks.yaml")); got != "tasks: []\n" {
		t.Errorf("dangling link's target holds %q", got)
	}
	if st, _ := os.Lstat(dangling); st.Mode()&os.ModeSymlink == 0 {
		t.Error("the dangling link was replaced by a regular file")
	}
}

func TestWriteFileRefusesReadOnly(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	if err := os.WriteFile("report.md", []byte("mine"), 0o444); err != nil {
		t.Fatal(err)
	}
	err := fsutil.WriteFile("report.md", []byte("labctl's"), 0o644)
	want := "report.md is read-only; make it writable (chmod u+w report.md) or write elsewhere"
	if err == nil || err.Error() != want {
		t.Fatalf("error %v, want %q", err, want)
	}
	if got := testutil.Read(t, "report.md"); got != "mine" {
		t.Errorf("a read-only file was changed to %q", got)
	}
	if st, _ := os.Stat("report.md"); st.Mode().Perm() != 0o444 {
		t.Errorf("mode changed to %o", st.Mode().Perm())
	}
}

func TestWriteFileErrorsNameTheTarget(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "missing", "junit.xml")
	err := fsutil.WriteFile(missing, []byte("x"), 0o644)
	if err == nil {
		t.Fatal("writing into a missing directory succeeded")
	}
	if !strings.Contains(err.Error(), missing) || strings.Contains(err.Error(), ".tmp-") {
		t.Errorf("error %q must name %s, not the temporary file", err, missing)
	}
	err = fsutil.WriteFile(dir, []byte("x"), 0o644)
	if err == nil || !strings.Contains(err.Error(), "is not a regular file") {
		t.Errorf("writing over a directory: %v", err)
	}
}

func TestReadErrorNamesThePathOnce(t *testing.T) {
	dir := t.TempDir()
	_, err := os.ReadFile(dir)
	got := fsutil.ReadError("tasks file", dir, err).Error()
	if strings.Count(got, dir) != 1 || !strings.Contains(got, "is a directory") {
		t.Errorf("ReadError = %q: the path once, and what is wrong", got)
	}
}
