package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/labctl/labctl/internal/testutil"
)

// Bad expectations through the real binary: one line naming the file, the
// line and the fix, exit 2, nothing run and nothing written.
func TestVerifyBadExpectations(t *testing.T) {
	const head = "expectations:\n  - id: a\n    name: A\n"
	tests := []struct {
		name  string
		files map[string]string
		args  []string
		want  string
	}{
		{"unknown operator", map[string]string{"mine.yaml": head + "    spans:\n      attributes:\n        http.status_code: \"=> 500\"\n"},
			[]string{"--expect", "mine.yaml"}, `mine.yaml:6: attribute http.status_code: unknown operator "=>"; use one of = != ~ !~ > >= < <=`},
		{"malformed regex, picked up beside labctl.yaml", map[string]string{"labctl.yaml": "project: a\n", "labctl-expect.yaml": head + "    spans: {attributes: {db.statement: \"~^INSERT (\"}}\n"},
			nil, `labctl-expect.yaml:4: attribute db.statement: malformed regular expression "^INSERT ("`},
		{"malformed PromQL", map[string]string{"e.yaml": head + "    metric: increase(postgresql_commits_total[1m] > 0\n"},
			[]string{"--expect", "e.yaml"}, `e.yaml:4: metric "increase(postgresql_commits_total[1m] > 0": malformed PromQL: '(' is not closed`},
		{"unknown key", map[string]string{"e.yaml": head + "    spans: {kind: client}\n    cuont: 1\n"},
			[]string{"--expect", "e.yaml"}, `e.yaml:5: unknown key "cuont" in an expectation; valid keys:`},
		{"no such file", nil, []string{"--expect", "nope.yaml"},
			"expectations file nope.yaml does not exist; check the --expect path, or write an example with `labctl init --expect`"},
		{"a request verify does not send", map[string]string{"e.yaml": head + "    request: PUT /products/{id}\n    spans: {kind: client}\n"},
			[]string{"--expect", "e.yaml"}, "e.yaml:4: request PUT /products/{id} is not in verify's traffic; use one of: POST /products/, GET /products/, GET /products/{id}, DELETE /products/{id}"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFiles(t, dir, tt.files)
			before := testutil.Files(t, dir)
			// Nothing answers at this DOCKER_HOST: verify must refuse before it looks.
			res := runInProcess(t, dir, []string{"DOCKER_HOST=unix:///nonexistent/docker.sock", "LABCTL_HOST="}, append([]string{"verify", "--timeout", "3s"}, tt.args...)...)
			oneLineError(t, res, tt.want)
			if res.Stdout != "" {
				t.Errorf("stdout = %q, want nothing", res.Stdout)
			}
			testutil.SameFiles(t, before, testutil.Files(t, dir))
		})
	}
}

// init --expect writes the example, which parses (verify reads it and goes
// on to find nothing running), and never replaces the user's own.
func TestInitExpect(t *testing.T) {
	dir := t.TempDir()
	res := runInProcess(t, dir, nil, "init", "--expect")
	if res.Code != 0 || strings.TrimSpace(res.Stdout) != "wrote labctl-expect.yaml" {
		t.Fatalf("init --expect: exit %d, stdout %q, stderr %q", res.Code, res.Stdout, res.Stderr)
	}
	data, err := os.ReadFile(filepath.Join(dir, "labctl-expect.yaml"))
	if err != nil || !strings.Contains(string(data), "id: insert_under_post") {
		t.Fatalf("labctl-expect.yaml: %v\n%s", err, data)
	}
	res = runInProcess(t, dir, []string{"DOCKER_HOST=unix:///nonexistent/docker.sock", "LABCTL_HOST="}, "verify", "--timeout", "3s")
	if !strings.Contains(res.Stderr, "verify: 7 expectations from labctl-expect.yaml") {
		t.Errorf("verify did not pick the example up: exit %d, stderr %q", res.Code, res.Stderr)
	}
	if err := os.WriteFile(filepath.Join(dir, "labctl-expect.yaml"), []byte("mine\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	res = runInProcess(t, dir, nil, "init", "--expect")
	oneLineError(t, res, "labctl-expect.yaml already exists; keep it, or rerun with --force to replace it")
	if data, _ := os.ReadFile(filepath.Join(dir, "labctl-expect.yaml")); string(data) != "mine\n" {
		t.Errorf("init --expect replaced the user's file: %q", data)
	}
}

// A rubric's expectations are checked as strictly, through the binary.
func TestGradeBadRubricExpectations(t *testing.T) {
	const crit = "title: T\ngroups:\n  - name: G\n    criteria:\n      - {id: a, text: A, main: true, expect: %s}\n"
	tests := []struct{ name, rubric, want string }{
		{"unknown expectation", strings.Replace(crit, "%s", "nosuch", 1),
			`rubric.yaml:5: no expectation "nosuch" in this rubric; the rubric defines none`},
		{"malformed PromQL", strings.Replace(crit, "%s", "m", 1) + "expectations:\n  - id: m\n    name: M\n    metric: sum(rate(x[1m]) > 0\n",
			`rubric.yaml:9: metric "sum(rate(x[1m]) > 0": malformed PromQL: '(' is not closed`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFiles(t, dir, map[string]string{"rubric.yaml": tt.rubric})
			before := testutil.Files(t, dir)
			res := runInProcess(t, dir, nil, "grade", "--no-stack", "--rubric", "rubric.yaml")
			oneLineError(t, res, tt.want)
			testutil.SameFiles(t, before, testutil.Files(t, dir))
		})
	}
}
