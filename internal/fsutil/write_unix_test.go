//go:build unix

package fsutil_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/labctl/labctl/internal/fsutil"

	"github.com/labctl/labctl/internal/testutil"

	"github.com/labctl/labctl/internal/testbed"
)

// TestWriteFileRefusesWhatThisUserMayNotWrite runs WriteFile as another user
// on a file it may not write, in a directory it may write: a rename would
// replace the file, the permission check must not let it.
func TestWriteFileRefusesWhatThisUserMayNotWrite(t *testing.T) {
	if path := os.Getenv("FSUTIL_TEST_WRITE"); path != "" {
		if err := fsutil.WriteFile(path, []byte("replaced"), 0o644); err != nil {
			os.Stdout.WriteString(err.Error())
			os.Exit(3)
		}
		os.Exit(0)
	}
	if os.Geteuid() != 0 {
		testbed.Lacks(t, "root, to run a helper as another user")
	}
	dir, err := os.MkdirTemp("", "fsutil-owner-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o777); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "report.md")
	if err := os.WriteFile(path, []byte("root's"), 0o644); err != nil {
		t.Fatal(err)
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	// The test binary must be reachable by the other user.
	bin := filepath.Join(dir, "fsutil.test")
	data, err := os.ReadFile(exe)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bin, data, 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-test.run=^TestWriteFileRefusesWhatThisUserMayNotWrite$")
	cmd.Env = append(os.Environ(), "FSUTIL_TEST_WRITE="+path)
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	var out bytes.Buffer
	cmd.Stdout = &out
	err = cmd.Run()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 3 {
		t.Fatalf("helper: %v (output %q); want the write refused", err, out.String())
	}
	if want := path + " is read-only; make it writable (chmod u+w " + path + ")"; !strings.Contains(out.String(), want) {
		t.Errorf("error %q, want %q", out.String(), want)
	}
	if got := testutil.Read(t, path); got != "root's" {
		t.Errorf("another user's file was replaced: %q", got)
	}
}

// TestWriteFileErrorsNeverNameTheTemporaryFile makes the write itself fail
// (a file size limit, as a full disk would) and reads the message.
func TestWriteFileErrorsNeverNameTheTemporaryFile(t *testing.T) {
	if path := os.Getenv("FSUTIL_TEST_FSIZE"); path != "" {
		// Go ignores SIGXFSZ, so the write returns EFBIG.
		if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &syscall.Rlimit{Cur: 4, Max: 4}); err != nil {
			os.Stdout.WriteString("setrlimit: " + err.Error())
			os.Exit(4)
		}
		if err := fsutil.WriteFile(path, bytes.Repeat([]byte("x"), 100), 0o644); err != nil {
			os.Stdout.WriteString(err.Error())
			os.Exit(3)
		}
		os.Exit(0)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "junit.xml")
	cmd := exec.Command(os.Args[0], "-test.run=^TestWriteFileErrorsNeverNameTheTemporaryFile$")
	cmd.Env = append(os.Environ(), "FSUTIL_TEST_FSIZE="+path)
	var out bytes.Buffer
	cmd.Stdout = &out
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 3 {
		t.Fatalf("helper: %v (output %q); want the write to fail", err, out.String())
	}
	msg := out.String()
	if !strings.HasPrefix(msg, "write "+path+": ") || strings.Contains(msg, ".tmp-") {
		t.Errorf("error %q must name %s and not the temporary file", msg, path)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("a failed write left %v", entries)
	}
}
