package e2e

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"
)

// The course's shape with its observability services behind a Compose
// profile (issue 28): graded with the same note as without, verified as
// before once the profile runs, and named by verify when it does not.

// profiledEdits are the edits of test/student/variants/profiles.yaml's
// variant `profiled`.
func profiledEdits(t *testing.T) []edit {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(moduleRoot(t), "test", "student", "variants", "profiles.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Variants []struct {
			Name  string `yaml:"name"`
			Edits []edit `yaml:"edits"`
		} `yaml:"variants"`
	}
	if err := yaml.Unmarshal(data, &f); err != nil {
		t.Fatal(err)
	}
	if len(f.Variants) == 0 || f.Variants[0].Name != "profiled" {
		t.Fatal("profiles.yaml: the first variant is not `profiled`")
	}
	return f.Variants[0].Edits
}

// Graded side by side, the plain and the profiled project get the same
// note and criteria; the profiled one's observability profile is enabled
// and said, its tools profile never started.
func TestGradeProfiledLikePlain(t *testing.T) {
	gradingAlone(t)
	c := newClassFrom(t, "profiles.yaml", t.TempDir(), nil)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	r := c.grade(ctx, append(c.dirs(), "--jobs", "2", "--deadline", classDeadline, "--out", "grades")...)
	if r.code != 0 {
		t.Fatalf("grade exit %d", r.code)
	}
	results := map[string][]string{}
	for _, s := range c.file.Submissions {
		res := readResult(t, filepath.Join(c.dir, "grades", s.Student+".json"))
		var unmet []string
		for _, cr := range res.Criteria {
			if !cr.Met {
				unmet = append(unmet, cr.ID)
			}
		}
		if res.Note != s.Expect.Note || !slices.Equal(unmet, s.Expect.Unmet) {
			t.Errorf("%s: note %g, unmet %v; want %g, %v", s.Student, res.Note, unmet, s.Expect.Note, s.Expect.Unmet)
		}
		results[s.Student] = res.Profiles
	}
	if len(results["plain"]) != 0 || !slices.Equal(results["profiled"], []string{"observability"}) {
		t.Errorf("profiles enabled: %v", results)
	}
	md, err := os.ReadFile(filepath.Join(c.dir, "grades", "profiled.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(md), "Profils Compose activés pour les vérifications : `observability`.") {
		t.Errorf("the checklist does not name the profile it enabled:\n%s", md)
	}
	var started string
	for _, l := range strings.Split(r.stderr, "\n") {
		if strings.Contains(l, "profiled") && strings.Contains(l, "starting ") {
			started = l
		}
	}
	if !strings.Contains(started, "jaeger, otel-collector, prometheus") || strings.Contains(started, "pgweb") {
		t.Errorf("the profiled project was started as %q: want the observability services, never pgweb", started)
	}
	// Only this class's projects: others may grade on the same engine.
	for _, l := range leftovers(t) {
		if strings.Contains(l, "labctl-grade-plain") || strings.Contains(l, "labctl-grade-profiled") {
			t.Errorf("left on the engine after grading: %s", l)
		}
	}
}

// Brought up with docker compose as a student does: without the profile,
// verify names the services left out and how to start them; with
// COMPOSE_PROFILES it passes as the plain project does; labctl down then
// removes every container, the profile's too.
func TestVerifyProfiledProject(t *testing.T) {
	t.Parallel()
	takeSlot(t)
	p := newStudentProject(t, "profiled", nil)
	for _, e := range profiledEdits(t) {
		p.edit(e)
	}
	p.up(true)
	r, res := p.verify("--timeout", "20s")
	if r.code == 0 || res.Passed {
		t.Errorf("verify passed without Jaeger and the Collector running")
	}
	if !strings.Contains(r.stderr, "labctl: jaeger, otel-collector, prometheus: in Compose profile observability, not enabled, not running") ||
		!strings.Contains(r.stderr, "docker compose --profile observability up -d") {
		t.Errorf("verify does not say the profile to enable:\n%s", r.stderr)
	}
	p.env = append(p.env, "COMPOSE_PROFILES=observability")
	p.up(false)
	r, res = p.verify("--timeout", "90s")
	if r.code != 0 || !res.Passed {
		t.Fatalf("verify exit %d, passed %v", r.code, res.Passed)
	}
	wantStatuses(t, res, studentWorking())
	if strings.Contains(r.stderr, "not enabled") {
		t.Errorf("a note on profiles though they run:\n%s", r.stderr)
	}
	bin, _ := labctlBin()
	if d := p.run(bin, "down", "-f", "compose.yml", "--volumes"); d.code != 0 || !strings.Contains(d.stderr, "removed 5 containers") {
		t.Errorf("labctl down (%d) did not remove the five containers, the profile's too:\n%s", d.code, d.stderr)
	}
}
