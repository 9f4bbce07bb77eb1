package rules

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/labctl/labctl/internal/discover"
	"github.com/labctl/labctl/internal/discover/enginetest"
	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/testutil"
	"github.com/labctl/labctl/internal/userproject"
)

// courseLab is the lab verify builds of the course's project
// (test/student/project) with the Collector's config edited (old, new: once
// each): read from its files, run by an engine, discovered; no field set
// by hand.
func courseLab(t *testing.T, otelEdit [2]string) *model.Lab {
	t.Helper()
	dir := t.TempDir()
	testutil.CopyTree(t, filepath.Join("..", "..", "test", "student", "project"), dir, nil)
	if otelEdit[0] != "" {
		testutil.Edit(t, dir, "otel-collector-config.yaml", otelEdit[0], otelEdit[1])
	}
	ctx := context.Background()
	up, err := userproject.Load(ctx, userproject.Options{Dir: dir, All: true})
	if err != nil {
		t.Fatal(err)
	}
	files := discover.FromCompose(dir, up.Compose, discover.ServiceRoles(up.Compose, nil))
	l, err := discover.Discover(ctx, enginetest.FromFiles(files, "dop", nil, nil), discover.Options{Project: "dop", Files: files.Files})
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// The course's project, working, shows no cause to verify.
func TestOfLabWorkingProject(t *testing.T) {
	if fs := OfLab(courseLab(t, [2]string{})); len(fs) > 0 {
		t.Errorf("a working project has findings: %v", fs[0].Diagnosis().English())
	}
}

// verifyStage is where each rule verify runs stands as the data flows: a
// rule verify runs that is not here fails TestOrder (say where it stands).
var verifyStage = map[string]int{
	"LAB077": 0,                                                     // a part that is down: before anything it carries
	"LAB070": 1, "LAB081": 1, "LAB010": 1, "LAB011": 1, "LAB071": 1, // the backend
	"LAB072": 2, "LAB073": 2, "LAB005": 2, "LAB017": 2, "LAB006": 2, "LAB007": 2, "LAB009": 2, // the Collector's traces
	"LAB074": 3, "LAB018": 3, "LAB075": 3, "LAB042": 3, // the Collector's metrics
	"LAB076": 4, "LAB041": 4, // Prometheus
}

// The order derived from the rules' After keeps the data's flow: backend,
// then the Collector's traces, then its metrics, then Prometheus (a cause
// is shown on the first failed check it blocks, so the one upstream wins);
// the fallback log rule comes after the precise ones.
func TestOrder(t *testing.T) {
	order, err := Ordered(All())
	if err != nil {
		t.Fatal(err)
	}
	if len(order) != len(All()) {
		t.Fatalf("%d rules ordered, %d registered", len(order), len(All()))
	}
	stage, last := -1, ""
	var logs []string
	for _, r := range order {
		if r.Log != nil {
			logs = append(logs, r.ID)
		}
		if r.Check == nil || r.Needs&NeedFiles != 0 {
			continue
		}
		s, ok := verifyStage[r.ID]
		if !ok {
			t.Errorf("verify runs %s: say where it stands in verifyStage", r.ID)
			continue
		}
		if s < stage {
			t.Errorf("%s (stage %d) comes after %s (stage %d)", r.ID, s, last, stage)
		}
		stage, last = s, r.ID
		if r.Title == "" || r.Page == "" || r.Fix == "" || len(r.Blocks) == 0 {
			t.Errorf("%s lacks a title, a page, a fix or the checks it blocks", r.ID)
		}
	}
	// The walk's sentences are no causes verify looks for: its order has
	// every rule but them.
	causes := map[string]bool{}
	for _, r := range inOrder() {
		causes[r.ID] = true
		if r.Walk {
			t.Errorf("%s, a walk sentence, is in verify's order of causes", r.ID)
		}
	}
	for _, r := range All() {
		if !r.Walk && !causes[r.ID] {
			t.Errorf("%s is not in verify's order of causes", r.ID)
		}
	}
	if want := []string{"LAB063", "LAB064", "LAB065", "LAB066", "LAB067", "LAB018", "LAB068"}; strings.Join(logs, " ") != strings.Join(want, " ") {
		t.Errorf("log rules in order %v, want %v", logs, want)
	}
	// A cycle, or an After naming no rule, is refused.
	a, b, c := &Rule{ID: "LAB901", After: []string{"LAB903"}}, &Rule{ID: "LAB902", After: []string{"LAB901"}}, &Rule{ID: "LAB903", After: []string{"LAB902"}}
	if _, err := Ordered([]*Rule{a, b, c}); err == nil || !strings.Contains(err.Error(), "cycle") {
		t.Errorf("a cycle: %v", err)
	}
	if _, err := Ordered([]*Rule{{ID: "LAB901", After: []string{"LAB999"}}}); err == nil {
		t.Error("an After naming no rule is accepted")
	}
	// Ties are broken by ID, whatever order the rules come in.
	got, err := Ordered([]*Rule{{ID: "LAB903"}, {ID: "LAB901", After: []string{"LAB903"}}, {ID: "LAB902"}})
	if err != nil || got[0].ID != "LAB902" || got[1].ID != "LAB903" || got[2].ID != "LAB901" {
		t.Errorf("stable order: %v, %v", got, err)
	}
}
