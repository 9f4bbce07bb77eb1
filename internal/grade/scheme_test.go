package grade

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/labctl/labctl/internal/testutil"
)

func observabilityRubric(t *testing.T) *Rubric {
	t.Helper()
	r, err := LoadRubric("testdata/rubric-observability.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// The course's own table reads as it is written: its eight groups, six
// base criteria and seventeen complementary ones, -0.5 and +0.2 each.
func TestObservabilityRubricAsTheCourseWritesIt(t *testing.T) {
	r := observabilityRubric(t)
	var groups []string
	for _, g := range r.Groups {
		groups = append(groups, g.Name)
	}
	if got := strings.Join(groups, ","); got != "Rendu,Docker,Logs,Métriques,Traces,Documentation (README.md),Rapport,Bonus" {
		t.Errorf("groups = %s", got)
	}
	base, comp := 0, 0
	for _, c := range r.Criteria() {
		if c.Main {
			base++
		} else {
			comp++
		}
	}
	if base != 6 || comp != 17 {
		t.Errorf("%d base and %d complementary criteria, the course has 6 and 17", base, comp)
	}
	if *r.Scheme != (Scheme{Base: 4, Penalty: 0.5, Bonus: 0.2, UpTo: 6}) || r.Notes != nil {
		t.Errorf("scheme %+v, notes %v", *r.Scheme, r.Notes)
	}
}

// judged marks each criterion of r met or not, checked or not, by verdict(c).
func judged(r *Rubric, verdict func(Item) (checked, met bool)) []CriterionResult {
	var out []CriterionResult
	for _, c := range r.Criteria() {
		checked, met := verdict(c)
		out = append(out, CriterionResult{ID: c.ID, Group: c.Group, Main: c.Main, Checked: checked, Met: met && checked, Evidence: "seen"})
	}
	return out
}

func TestSchemeNotes(t *testing.T) {
	r := observabilityRubric(t)
	quarter := observabilityRubric(t)
	quarter.Scheme.Bonus = 0.25 // the table's version of 2024-05-30
	// Which complementary criteria are met, by ID; missed base criteria likewise.
	three := map[string]bool{"dockerisation": true, "gauge": true, "zipkin": true}
	twoMissed := map[string]bool{"kibana": true, "grafana": true}
	for _, c := range []struct {
		name           string
		r              *Rubric
		verdict        func(Item) (bool, bool)
		note, noteMax  float64
		raw            float64
		missed, compOK int
	}{
		{"all base criteria give 4", r, func(c Item) (bool, bool) { return true, c.Main }, 4, 0, 4, 0, 0},
		{"two base missed, three complementary", quarter, func(c Item) (bool, bool) { return true, c.Main && !twoMissed[c.ID] || three[c.ID] }, 3.75, 0, 3.75, 2, 3},
		{"the same at +0.2", r, func(c Item) (bool, bool) { return true, c.Main && !twoMissed[c.ID] || three[c.ID] }, 3.6, 0, 3.6, 2, 3},
		{"everything met reaches 6, not 7.4", r, func(Item) (bool, bool) { return true, true }, 6, 0, 7.4, 0, 17},
		{"nothing met is 1", r, func(Item) (bool, bool) { return true, false }, 1, 0, 1, 6, 0},
		{"all base met, none can be checked for the rest: 4 to 6", r, func(c Item) (bool, bool) { return c.Main, true }, 4, 6, 4, 0, 0},
		// Two base criteria not checked count as missed: 3, up to 4 if met.
		{"base not checked", r, func(c Item) (bool, bool) { return !twoMissed[c.ID], c.Main }, 3, 4, 3, 2, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			res := &Result{Criteria: judged(c.r, c.verdict)}
			res.setScore(scoreOf(c.r, res.Criteria))
			if res.Note != c.note || res.NoteMax != c.noteMax || res.Provisional != (c.noteMax != 0) {
				t.Errorf("note %g, max %g, provisional %v; want %g, %g", res.Note, res.NoteMax, res.Provisional, c.note, c.noteMax)
			}
			calc := res.Calculation
			if calc == nil || calc.Raw != c.raw || calc.BaseMissed != c.missed || calc.ComplementaryMet != c.compOK {
				t.Fatalf("calculation %+v; want raw %g, %d missed, %d met", calc, c.raw, c.missed, c.compOK)
			}
		})
	}
}

// The checklist shows the computation, in the rubric's language.
func TestSchemeChecklistLine(t *testing.T) {
	r := observabilityRubric(t)
	r.Scheme.Bonus = 0.25
	twoMissed := map[string]bool{"kibana": true, "grafana": true}
	three := map[string]bool{"dockerisation": true, "gauge": true, "zipkin": true}
	res := &Result{Criteria: judged(r, func(c Item) (bool, bool) { return true, c.Main && !twoMissed[c.ID] || three[c.ID] })}
	res.setScore(scoreOf(r, res.Criteria))
	for lang, want := range map[string]string{
		"en": "Computed: base 4 − 0.5 × 2 missed; complementary + 0.25 × 3 met; = 3.75",
		"fr": "Calcul : base 4 − 0.5 × 2 manqué(s) ; complémentaires + 0.25 × 3 validé(s) ; = 3.75",
	} {
		if got := calcLine(printer(lang), res.Calculation, res.Note); got != want {
			t.Errorf("%s: %q, want %q", lang, got, want)
		}
	}
	res.Calculation.Raw = 7.4
	if got := calcShort(printer("en"), res.Calculation, 6); got != "4 − 0.5 × 2 + 0.25 × 3 = 7.4 → 6" {
		t.Errorf("bounded: %q", got)
	}
}

func TestSchemeRubricErrors(t *testing.T) {
	for _, c := range []struct{ extra, want string }{
		{"base: {note: 4, penalty: 0.5}\n", "base: needs complementary: beside it"},
		{"complementary: {bonus: 0.25, up_to: 6}\n", "complementary: needs base: beside it"},
		{"base: {note: 4}\ncomplementary: {bonus: 0.25, up_to: 6}\n", "base: needs penalty:"},
		{"base: {note: 4, penalty: 0.5}\ncomplementary: {bonus: 0.25, up_to: 3}\n", "up_to 3 is below base.note 4"},
		{"base: {note: 4, penalty: 0.5}\ncomplementary: {bonus: 0.25, up_to: 6}\nnotes:\n  - {met: 0, note: 1}\n", "two ways of grading; keep one"},
		{"base: {note: 9, penalty: 0.5}\ncomplementary: {bonus: 0.25, up_to: 6}\n", "base.note takes a number from 1 to 6"},
		{"base: {note: 4, penalty: 0.5, extra: 1}\ncomplementary: {bonus: 0.25, up_to: 6}\n", `unknown key "extra" in base`},
	} {
		_, err := ParseRubric([]byte(base+c.extra), "r.yaml")
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), "r.yaml:") {
			t.Errorf("%q: %v, want %q", c.extra, err, c.want)
		}
	}
}

// A class graded with the course's base/complementary table: the class
// sheet shows how each note was computed, and a submission graded without
// its stack has a provisional note with its range; Recompute (--collect)
// gives the same notes back.
func TestSchemeClassSheet(t *testing.T) {
	r := observabilityRubric(t)
	cases := []gradeCase{
		{name: "complete", report: "fr-complete.md", ev: Evidence{Checks: FromVerify(verifyResult(nil)), Deadline: ptr(deadline), Submitted: ptr(deadline.Add(-time.Hour))}},
		{name: "collector-broken", report: "fr-total-wrong.md", ev: Evidence{Checks: FromVerify(verifyResult(brokenCollector)), Deadline: ptr(deadline), Submitted: ptr(deadline.Add(-time.Hour))}},
		{name: "nostack", report: "fr-complete.md", ev: Evidence{NoStack: true, Deadline: ptr(deadline), Submitted: ptr(deadline.Add(-time.Hour))}},
	}
	var rs []*Result
	for _, c := range cases {
		c.rubric = func() *Rubric { return r }
		_, res := c.grade(t)
		rs = append(rs, res)
	}
	if n := rs[0].Note; n != 6 || rs[0].Calculation.Raw != 7.4 { // 4 + 0.2 × 17, bounded to 6
		t.Errorf("complete: note %g, raw %g", n, rs[0].Calculation.Raw)
	}
	if n := rs[2]; !n.Provisional || n.Note >= n.NoteMax {
		t.Errorf("nostack: note %g to %g, provisional %v", n.Note, n.NoteMax, n.Provisional)
	}
	var b bytes.Buffer
	if err := WriteClassMarkdown(&b, "", rs); err != nil {
		t.Fatal(err)
	}
	b.WriteString("\n")
	if err := WriteClassCSV(&b, rs); err != nil {
		t.Fatal(err)
	}
	testutil.Golden(t, filepath.Join("testdata", "class-observability.golden.txt"), b.Bytes())
	for _, res := range rs {
		before := *res
		if why := Recompute(res, r, nil); why != "" || res.Note != before.Note || res.NoteMax != before.NoteMax || len(res.Flags) > 0 {
			t.Errorf("%s: recomputed %q note %g/%g flags %v, graded %g/%g", res.Student, why, res.Note, res.NoteMax, res.Flags, before.Note, before.NoteMax)
		}
	}
}
