package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/labctl/labctl/internal/checks"
)

// The held-out sets (test/student/variants/heldout-N.yaml): course-shaped
// mistakes no test has, written before labctl is run on them, measured
// once, recorded as measured (first_run:), and frozen (heldout_frozen_test.go).

// heldOutFiles are the held-out sets after heldout.yaml (set 1, now spent,
// a regression set of TestUpstreamVariantsVerify).
var heldOutFiles = []string{"heldout-2.yaml"}

type heldOutSet struct {
	// Status is frozen (held out: measured once, never tuned to) or
	// spent (learned from: see the file's learned_from:).
	Status      string           `yaml:"status"`
	LearnedFrom string           `yaml:"learned_from"`
	Variants    []heldOutVariant `yaml:"variants"`
}

type heldOutVariant struct {
	Name           string      `yaml:"name"`
	Source         string      `yaml:"source"`
	Description    string      `yaml:"description"`
	Breaks         []string    `yaml:"breaks"`
	CollectorExits bool        `yaml:"collector_exits"`
	Edits          []edit      `yaml:"edits"`
	Expect         *lintExpect `yaml:"expect"`
	FirstRun       *firstRun   `yaml:"first_run"`
}

// firstRun is what labctl said the one time the variant was run: lint
// and verify as a student runs them in the project's folder.
type firstRun struct {
	Date string `yaml:"date"`
	// Note is how the run reads, in one line, written when it was recorded.
	Note string `yaml:"note"`
	// Right: some line of lint or verify named expect:'s file, line and
	// cause; Statuses: verify's check vector is the one breaks: gives.
	Right    bool `yaml:"right"`
	Statuses bool `yaml:"statuses"`
	// Lint and Verify are the exit codes; Findings the lines naming a
	// rule; Failing the checks that did not pass; Root the root
	// diagnosis, with its rule.
	Lint     int      `yaml:"lint_exit"`
	Verify   int      `yaml:"verify_exit"`
	Failing  []string `yaml:"failing"`
	Root     string   `yaml:"root"`
	Findings []string `yaml:"findings"`
}

func loadHeldOut(t *testing.T, file string) heldOutSet {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(moduleRoot(t), "test", "student", "variants", file))
	if err != nil {
		t.Fatal(err)
	}
	var s heldOutSet
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	dec.KnownFields(true)
	if err := dec.Decode(&s); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	if len(s.Variants) == 0 {
		t.Fatalf("%s holds no variant", file)
	}
	return s
}

// TestHeldOutFirstRun measures, once, each variant of a held-out set that
// has no first_run: yet: it brings the variant up with the test bed's
// Docker Compose, runs `labctl lint` and `labctl verify`, and logs the
// first_run: block to record in the file as is (also written to
// $HELDOUT_OUT/NAME.yaml when set). Measured variants are not run again:
// a held-out set is measured once, then frozen; it fails only when the
// run itself cannot be made.
func TestHeldOutFirstRun(t *testing.T) {
	t.Parallel() // its subtests start as the package's gates let them (schedule_test.go)
	for _, file := range heldOutFiles {
		set := loadHeldOut(t, file)
		for _, v := range set.Variants {
			if v.FirstRun != nil {
				continue
			}
			t.Run(strings.TrimSuffix(file, ".yaml")+"/"+v.Name, func(t *testing.T) {
				measureHeldOut(t, v)
			})
		}
	}
}

func measureHeldOut(t *testing.T, v heldOutVariant) {
	if v.Expect == nil || v.Breaks == nil {
		t.Fatalf("%s: expect: and breaks: are written before the first run", v.Name)
	}
	t.Parallel()
	takeSlot(t)
	p := newStudentProject(t, v.Name, nil)
	for _, e := range v.Edits {
		p.edit(e)
	}
	line := lineOf(t, p.dir, v.Expect.File, v.Expect.Line)
	bin, err := labctlBin()
	if err != nil {
		t.Fatal(err)
	}
	lint := p.run(bin, "lint")
	p.up(true)
	r, res := p.verify("--timeout", "45s")

	fr := firstRun{Date: time.Now().UTC().Format("2006-01-02"), Lint: lint.code, Verify: r.code, Failing: failing(res)}
	at := fmt.Sprintf("%s:%d", v.Expect.File, line)
	for _, l := range strings.Split(lint.stdout+"\n"+lint.stderr+"\n"+r.stderr, "\n") {
		l = strings.TrimSpace(l)
		if !strings.Contains(l, " LAB") && !strings.Contains(l, "(labctl explain ") {
			continue
		}
		fr.Findings = append(fr.Findings, l)
		if strings.Contains(l, at+":") && strings.Contains(l, v.Expect.Cause) {
			fr.Right = true
		}
	}
	for _, c := range res.Checks {
		if c.Status == checks.Fail && c.BlockedBy == "" && c.Level == checks.Required {
			fr.Root = strings.TrimSpace(c.Rule + " " + c.Diagnosis)
			break
		}
	}
	want := studentWorking()
	if len(v.Breaks) > 0 {
		want = variantStatuses(t, v.Breaks)
	}
	fr.Statuses = len(res.Checks) == len(allChecks)
	for _, c := range res.Checks {
		if want[c.ID] != c.Status {
			fr.Statuses = false
		}
	}
	out, err := yaml.Marshal(map[string]firstRun{"first_run": fr})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("first run of %s (record it under the variant, as is):\n%s", v.Name, out)
	if dir := os.Getenv("HELDOUT_OUT"); dir != "" {
		if err := os.WriteFile(filepath.Join(dir, v.Name+".yaml"), out, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
