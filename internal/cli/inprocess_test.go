package cli_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/labctl/labctl/internal/cli"
)

// runInProcess is runLabctl without a process: cli.Run, as main calls it,
// in dir (t.Chdir) with extra environment entries (t.Setenv). A test that
// uses it cannot run in parallel; exit codes of signals and the binary
// itself stay with runLabctl.
func runInProcess(t *testing.T, dir string, env []string, args ...string) cliResult {
	t.Helper()
	t.Chdir(dir)
	// The machine's locale must not choose the language of what is compared.
	for _, kv := range append([]string{"LC_ALL=", "LC_MESSAGES=", "LANG=C.UTF-8"}, env...) {
		k, v, _ := strings.Cut(kv, "=")
		t.Setenv(k, v)
	}
	var out, errb bytes.Buffer
	code := cli.Run(context.Background(), args, cli.Stdio{In: strings.NewReader(""), Out: &out, Err: &errb})
	return cliResult{Code: code, Stdout: out.String(), Stderr: errb.String()}
}
