package cli_test

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"

	"github.com/labctl/labctl/internal/cli"
)

// runInProcess is runLabctl without a process: cli.Run, as main calls it,
// in dir with extra environment entries, both put back once it returns
// (the working directory and the environment are the process's: a test
// that uses it cannot run in parallel). Exit codes of signals and the
// binary itself stay with runLabctl.
func runInProcess(t *testing.T, dir string, env []string, args ...string) cliResult {
	t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chdir(dir); err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := os.Chdir(wd); err != nil {
			t.Fatal(err)
		}
	}()
	// The machine's locale must not choose the language of what is compared.
	for _, kv := range append([]string{"LC_ALL=", "LC_MESSAGES=", "LANG=C.UTF-8"}, env...) {
		k, v, _ := strings.Cut(kv, "=")
		old, had := os.LookupEnv(k)
		os.Setenv(k, v)
		defer func() {
			if had {
				os.Setenv(k, old)
			} else {
				os.Unsetenv(k)
			}
		}()
	}
	var out, errb bytes.Buffer
	code := cli.Run(context.Background(), args, cli.Stdio{In: strings.NewReader(""), Out: &out, Err: &errb})
	return cliResult{Code: code, Stdout: out.String(), Stderr: errb.String()}
}
