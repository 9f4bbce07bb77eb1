package e2e

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/labctl/labctl/internal/checks"
	"github.com/labctl/labctl/internal/grade"
)

// labctl verify and labctl grade give the same broken project the same
// diagnoses (issue 26): both run internal/verify, so each criterion of
// grade's result names the rule of the first of its checks that verify's
// result (verify.json's `rule` fields) says failed. Grading runs the
// project as the student started it (--running) and, from its folder, as
// a stack of its own (a stranger's files: no process environment).
func TestVerifyAndGradeSayTheSameRules(t *testing.T) {
	t.Parallel() // its subtests start as the package's gates let them (schedule_test.go)
	cases := []struct {
		name string
		edit edit
		// exits: the Collector refuses the config and exits at start.
		exits   bool
		running bool
		// rule must be among the rules both name.
		rule string
	}{
		{
			name:  "collector exits: postgresql receiver in the traces pipeline",
			edit:  edit{File: "otel-collector-config.yaml", Old: "      receivers: [otlp]", New: "      receivers: [otlp, postgresql]"},
			exits: true, running: true,
		},
		{
			// Only the backend's log proves it (the log watch): the grader
			// used to have no rule for it.
			name: "backend exports to the database service",
			edit: edit{File: "compose.yml", Old: "OTEL_EXPORTER_OTLP_ENDPOINT: http://otel-collector:4317", New: "OTEL_EXPORTER_OTLP_ENDPOINT: http://database:4317"},
			rule: "LAB061",
		},
		{
			name: "backend exports to localhost",
			edit: edit{File: "compose.yml", Old: "OTEL_EXPORTER_OTLP_ENDPOINT: http://otel-collector:4317", New: "OTEL_EXPORTER_OTLP_ENDPOINT: http://localhost:4317"},
			rule: "LAB010",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			takeSlot(t) // beside the other stacks, not beside a graded class
			p := newStudentProject(t, "same", nil)
			p.edit(tc.edit)
			p.up(tc.exits)
			r, res := p.verify("--timeout", "60s")
			if r.code != 1 {
				t.Fatalf("verify exit %d, want 1", r.code)
			}
			if tc.exits {
				// verify says the Collector's exit and its cause before what
				// the backend logs of its name (issue 26).
				exit, dns := -1, -1
				for i, l := range strings.Split(r.stderr, "\n") {
					if exit < 0 && strings.Contains(l, "LAB072") && strings.Contains(l, "telemetry type is not supported") {
						exit = i
					}
					if dns < 0 && strings.Contains(l, "LAB061") {
						dns = i
					}
				}
				if exit < 0 || dns >= 0 && dns < exit {
					t.Errorf("verify does not say the Collector's exit with its cause first (line %d, LAB061 at %d)", exit, dns)
				}
				if strings.Contains(r.stderr, "no such service") {
					t.Errorf("verify denies a service the project has:\n%s", r.stderr)
				}
			}
			byID := map[string]checks.Outcome{}
			var verifyRules []string
			for _, c := range res.Checks {
				byID[c.ID] = c
				if c.Rule != "" {
					verifyRules = append(verifyRules, c.Rule)
				}
			}
			if len(verifyRules) == 0 {
				t.Fatal("verify named no rule")
			}
			if tc.rule != "" && !strings.Contains(strings.Join(verifyRules, " "), tc.rule) {
				t.Errorf("verify's rules %v lack %s", verifyRules, tc.rule)
			}
			bin, err := labctlBin()
			if err != nil {
				t.Fatal(err)
			}
			args := append([]string{"grade", "--format", "json", "--timeout", "60s"}, imageEnvFlags...)
			if tc.running {
				args = append(args, "--running")
			} else {
				// The grader's own copy of the student's folder and stack.
				args = append(args, p.dir)
			}
			g := p.run(bin, args...)
			var gr grade.Result
			if err := json.Unmarshal([]byte(g.stdout), &gr); err != nil {
				t.Fatalf("grade printed no JSON result (exit %d): %v", g.code, err)
			}
			compared := 0
			for _, cr := range gr.Criteria {
				ids, ok := strings.CutPrefix(cr.Proof, "check ")
				if !ok || !cr.Checked {
					continue
				}
				want, failed := "", false
				for _, id := range strings.Split(ids, " + ") {
					if o := byID[id]; o.Status == checks.Fail {
						want, failed = o.Rule, true
						break
					}
				}
				if !failed && !tc.running {
					// The grader's own stack is another run: what passed in
					// verify's may fail in it for its own reasons (a
					// database slower to start under load).
					continue
				}
				if cr.Rule != want {
					t.Errorf("criterion %s (%s): grade says rule %q, verify %q\n  grade:  %s\n  verify: %s", cr.ID, ids, cr.Rule, want, cr.Evidence, byID[strings.Split(ids, " + ")[0]].Diagnosis)
				}
				if want != "" {
					compared++
				}
			}
			if compared == 0 {
				t.Errorf("no criterion failed with a rule: nothing compared")
			}
			if tc.exits {
				// The checklist quotes the Collector's exit cause whole.
				cause := "telemetry type is not supported"
				var said bool
				for _, cr := range gr.Criteria {
					said = said || strings.Contains(cr.Evidence, cause)
				}
				if !said {
					t.Errorf("no criterion quotes the Collector's exit cause whole (%q)", cause)
				}
			}
		})
	}
}
