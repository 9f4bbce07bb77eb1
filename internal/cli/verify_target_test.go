package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// With --format json every outcome is JSON on stdout: "nothing answers"
// and bad input too, with the error and the exit code.
func TestVerifyJSONOnEveryOutcome(t *testing.T) {
	dir := t.TempDir()
	portsConfig(t, dir)
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"nothing answers", []string{"verify", "--format", "json", "--timeout", "5s"}, "the lab is not running"},
		{"bad flag value", []string{"verify", "--format", "json", "--timeout", "-1s"}, "--timeout"},
		{"missing compose file", []string{"verify", "--format", "json", "-f", "nope.yml"}, "nope.yml"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := runLabctl(t, dir, nil, c.args...)
			if r.Code != 2 {
				t.Errorf("exit %d, want 2\n%s", r.Code, r.Stderr)
			}
			var out struct {
				Passed   bool   `json:"passed"`
				Error    string `json:"error"`
				ExitCode int    `json:"exit_code"`
			}
			if err := json.Unmarshal([]byte(r.Stdout), &out); err != nil {
				t.Fatalf("stdout is not JSON: %v\n%q", err, r.Stdout)
			}
			if out.Passed || out.ExitCode != 2 || !strings.Contains(out.Error, c.want) {
				t.Errorf("json %+v, want error with %q", out, c.want)
			}
		})
	}
}

// A folder with both labctl.yaml and a Compose file says which one it checks.
func TestVerifySaysWhichLabIsChecked(t *testing.T) {
	dir := t.TempDir()
	portsConfig(t, dir)
	if err := os.WriteFile(filepath.Join(dir, "compose.yml"), []byte("services: {backend: {image: x}}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := runLabctl(t, dir, nil, "verify", "--timeout", "3s")
	if !strings.Contains(r.Stderr, "both labctl.yaml and compose.yml are here: checking labctl's lab") || !strings.Contains(r.Stderr, "-f compose.yml") {
		t.Errorf("stderr does not say which lab is checked:\n%s", r.Stderr)
	}
}
