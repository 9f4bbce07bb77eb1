package grade

import (
	"fmt"
	"slices"
	"strings"
)

// A collected result (a grade.json a student's CI wrote, in a repository
// the student controls) is the student's writing: Recompute trusts its
// criteria no more than the rubric allows and never its note.

// AnyVersion in the allowed versions accepts results of every labctl.
const AnyVersion = "any"

// Recompute checks a collected result against the rubric the class is
// graded with and the labctl versions allowed (none: any), and computes
// its counts and note again from its criteria. It returns why the result
// is refused ("" when it is not); r.Flags says what was found and not
// counted (a met criterion without evidence, a note that was edited).
func Recompute(r *Result, rb *Rubric, versions []string) (refused string) {
	r.Flags = nil
	switch {
	case r.RubricDigest == "":
		return "graded without a rubric digest (an older labctl, or the field was removed); grade it again with this labctl"
	case r.RubricDigest != rb.Digest():
		return fmt.Sprintf("graded with another rubric than %s (digest %s, not %s); the student's CI must grade with the course's rubric", rubricName(rb), short(r.RubricDigest), short(rb.Digest()))
	case len(versions) > 0 && !slices.Contains(versions, AnyVersion) && !slices.Contains(versions, r.LabctlVersion):
		return fmt.Sprintf("graded by labctl %q, not one allowed (%s); allow it with --labctl-version, or grade it again", r.LabctlVersion, strings.Join(versions, ", "))
	}
	items := rb.Criteria()
	if len(items) != len(r.Criteria) {
		return fmt.Sprintf("%d criteria, the rubric has %d: the file was edited", len(r.Criteria), len(items))
	}
	stored := [3]float64{float64(r.Met), float64(r.Max), r.Note}
	for i := range r.Criteria {
		c, want := &r.Criteria[i], items[i]
		if c.ID != want.ID || c.Main != want.Main || c.Group != want.Group || c.Proof != proofName(want.Proof) {
			return fmt.Sprintf("criterion %d is %q (%s), the rubric's is %q (%s): the file was edited", i+1, c.ID, c.Proof, want.ID, proofName(want.Proof))
		}
		if c.Met && !c.Checked {
			r.Flags = append(r.Flags, c.ID+": met but not checked; not counted")
			c.Met = false
		}
		if c.Met && strings.TrimSpace(c.Evidence) == "" {
			r.Flags = append(r.Flags, c.ID+": met without evidence; not counted")
			c.Met = false
		}
	}
	r.setScore(scoreOf(rb, r.Criteria))
	if got := [3]float64{float64(r.Met), float64(r.Max), r.Note}; got != stored {
		r.Flags = append(r.Flags, fmt.Sprintf("its file says note %s (%g/%g), its criteria give %s (%d/%d): the note was edited or criteria were not counted",
			FormatNote(stored[2]), stored[0], stored[1], FormatNote(r.Note), r.Met, r.Max))
	}
	return ""
}

// proofName is CriterionResult.Proof for a rubric's proof (as Grade writes it).
func proofName(p Proof) string {
	switch {
	case p.OnTime:
		return "on_time"
	case p.Report != "":
		return "report " + p.Report
	}
	return "check " + strings.Join(checkList(p), " + ")
}

func rubricName(rb *Rubric) string {
	if rb.Source != "" {
		return rb.Source
	}
	return "the built-in rubric"
}

func short(digest string) string {
	d := strings.TrimPrefix(digest, "sha256:")
	if len(d) > 12 {
		d = d[:12]
	}
	return d
}

// Differences lists the criteria checked both in a collected result and
// in a grading of the same submission here whose verdicts differ.
func Differences(collected, here *Result) []string {
	mine := map[string]CriterionResult{}
	for _, c := range here.Criteria {
		mine[c.ID] = c
	}
	var out []string
	for _, c := range collected.Criteria {
		h, ok := mine[c.ID]
		if !ok || !c.Checked || !h.Checked || c.Met == h.Met {
			continue
		}
		verdict := map[bool]string{true: "met", false: "not met"}
		out = append(out, fmt.Sprintf("%s: %s in its CI, %s here (%s)", c.ID, verdict[c.Met], verdict[h.Met], h.Evidence))
	}
	return out
}
