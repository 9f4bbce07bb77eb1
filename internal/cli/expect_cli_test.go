package cli_test

import (
	"testing"
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
			before := listing(t, dir)
			// Nothing answers at this DOCKER_HOST: verify must refuse before it looks.
			res := runLabctl(t, dir, []string{"DOCKER_HOST=unix:///nonexistent/docker.sock", "LABCTL_HOST="}, append([]string{"verify", "--timeout", "3s"}, tt.args...)...)
			oneLineError(t, res, tt.want)
			if res.Stdout != "" {
				t.Errorf("stdout = %q, want nothing", res.Stdout)
			}
			sameFiles(t, before, listing(t, dir))
		})
	}
}
