package e2e

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/labctl/labctl/internal/grade"
	"github.com/labctl/labctl/internal/testutil"
)

// Issue 20's "done when": a teacher's rubric with three expectations of
// their own (an INSERT span under the POST, no error span, commits rising),
// graded for real on the course-shaped project. That backend does not
// instrument SQLAlchemy: the INSERT criterion is unmet and its evidence
// names the closest spans; the other two are met, quoting what proves them.
func TestGradeWithExpectations(t *testing.T) {
	gradingAlone(t)
	c := newClass(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	rubric, err := os.ReadFile(filepath.Join(moduleRoot(t), "internal", "grade", "testdata", "rubric_expect.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(c.dir, "rubric.yaml"), rubric, 0o644); err != nil {
		t.Fatal(err)
	}
	r := c.grade(ctx, "submissions/alice", "--rubric", "rubric.yaml", "--format", "json")
	if r.code != 0 {
		t.Fatalf("grade exit %d", r.code)
	}
	var res grade.Result
	if err := json.Unmarshal([]byte(r.stdout), &res); err != nil {
		t.Fatalf("grade --format json: %v\n%s", err, r.stdout)
	}
	want := map[string]struct {
		met   bool
		words []string
	}{
		"insert_span":  {false, []string{"expect.insert_under_post failed", "0 spans matched kind=client, db.statement ~ ^INSERT", "no span of these traces carries db.statement"}},
		"clean_traces": {true, []string{"expect.no_error_span: no span matched status=error", "expect.commits_rising: increase(postgresql_commits_total[1m]) = "}},
	}
	for _, cr := range res.Criteria {
		w, ok := want[cr.ID]
		if !ok {
			continue
		}
		delete(want, cr.ID)
		if cr.Met != w.met {
			t.Errorf("%s: met=%v, want %v: %s", cr.ID, cr.Met, w.met, cr.Evidence)
		}
		for _, word := range w.words {
			if !strings.Contains(cr.Evidence, word) {
				t.Errorf("%s: evidence lacks %q: %s", cr.ID, word, cr.Evidence)
			}
		}
	}
	if len(want) > 0 {
		t.Errorf("criteria not graded: %v", want)
	}
	if left := leftovers(t); len(left) > 0 {
		t.Errorf("left on the engine: %v", left)
	}
}

// The student's side of the same rubric: `labctl verify` in the project's
// folder picks labctl-expect.yaml up and gives the same verdicts, the miss
// naming the closest spans.
func TestStudentVerifyExpectations(t *testing.T) {
	t.Parallel()
	takeSlot(t)
	p := newStudentProject(t, "expect", nil)
	var list struct {
		Expectations yaml.Node `yaml:"expectations"`
	}
	rubric, err := os.ReadFile(filepath.Join(moduleRoot(t), "internal", "grade", "testdata", "rubric_expect.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(rubric, &list); err != nil {
		t.Fatal(err)
	}
	file, err := yaml.Marshal(map[string]*yaml.Node{"expectations": &list.Expectations})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(p.dir, "labctl-expect.yaml"), file, 0o644); err != nil {
		t.Fatal(err)
	}
	p.up(false)
	r, res := p.verify("--timeout", "60s")
	if r.code != 1 || !strings.Contains(r.stderr, "verify: 3 expectations from labctl-expect.yaml") {
		t.Errorf("verify exit %d, want 1 (the INSERT expectation fails), having read labctl-expect.yaml", r.code)
	}
	for id, want := range map[string]string{
		"expect.insert_under_post": "fail",
		"expect.no_error_span":     "pass",
		"expect.commits_rising":    "pass",
	} {
		o := testutil.Found(t, res.Outcome(id), id)
		if string(o.Status) != want {
			t.Errorf("%s: %s (%s), want %s", id, o.Status, o.Evidence, want)
		}
	}
	if ev := testutil.Found(t, res.Outcome("expect.insert_under_post"), "expect.insert_under_post").Evidence; !strings.Contains(ev, "the closest: ") {
		t.Errorf("the miss names no closest span: %s", ev)
	}
}
