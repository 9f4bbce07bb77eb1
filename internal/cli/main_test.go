package cli_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
)

// labctlBin is the real labctl binary, built once for the CLI tests of every
// command in this package (TestMain). Use runLabctl to run it.
var labctlBin string

func TestMain(m *testing.M) {
	os.Exit(buildAndRun(m))
}

func buildAndRun(m *testing.M) int {
	dir, err := os.MkdirTemp("", "labctl-cli-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	labctlBin = filepath.Join(dir, "labctl")
	if runtime.GOOS == "windows" {
		labctlBin += ".exe"
	}
	build := exec.Command("go", "build", "-o", labctlBin, "github.com/labctl/labctl/cmd/labctl")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "build labctl:", err)
		return 1
	}
	return m.Run()
}

// cliResult is what one run of the real binary produced.
type cliResult struct {
	Code           int
	Stdout, Stderr string
}

// runLabctl runs the real labctl in dir with extra environment entries.
func runLabctl(t *testing.T, dir string, env []string, args ...string) cliResult {
	t.Helper()
	cmd := exec.Command(labctlBin, args...)
	cmd.Dir = dir
	// The machine's locale must not choose the language of what is compared.
	cmd.Env = append(append(os.Environ(), "LC_ALL=", "LC_MESSAGES=", "LANG=C.UTF-8"), env...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	res := cliResult{Stdout: out.String(), Stderr: errb.String()}
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		res.Code = exit.ExitCode()
	case err != nil:
		t.Fatalf("run labctl %v: %v", args, err)
	}
	return res
}
