package grade

import (
	"strings"
	"testing"
	"time"
)

// Forged results, as a student could edit the grade.json their own CI
// wrote: each is refused, or its note computed again and the forgery
// flagged.
func TestRecompute(t *testing.T) {
	rb := DefaultRubric()
	honest := func() *Result {
		r := Grade(rb, "alice", "alice", Evidence{Checks: FromVerify(verifyResult(brokenCollector)), Report: readReport(t, "fr-total-wrong.md")})
		r.LabctlVersion = "v1.4.0"
		return r
	}
	other := DefaultRubric()
	other.Notes = []NoteRow{{Met: 0, Note: 6}}
	for _, tt := range []struct {
		name    string
		forge   func(r *Result)
		refused string // in the reason; "" accepted
		flags   []string
		note    float64
	}{
		{name: "honest", forge: func(*Result) {}, note: 3},
		{name: "an edited note", forge: func(r *Result) { r.Note, r.Met = 6, 12 }, note: 3,
			flags: []string{"its file says note 6 (12/11), its criteria give 3 (4/11)"}},
		{name: "a criterion met without evidence", forge: func(r *Result) {
			c := &r.Criteria[3] // collector_traces, failed
			c.Met, c.Evidence = true, ""
			r.Met, r.Note = r.Met+1, rb.Note(r.Met+1)
		}, note: 3, flags: []string{"collector_traces: met without evidence; not counted"}},
		{name: "a criterion met that was not checked", forge: func(r *Result) {
			c := &r.Criteria[len(r.Criteria)-1] // on_time, no deadline
			c.Met, c.Evidence = true, "on time"
			r.Met, r.Note = r.Met+1, rb.Note(r.Met+1)
		}, note: 3, flags: []string{"on_time: met but not checked; not counted"}},
		{name: "another rubric", forge: func(r *Result) { r.RubricDigest = other.Digest() }, refused: "another rubric"},
		{name: "no digest", forge: func(r *Result) { r.RubricDigest = "" }, refused: "without a rubric digest"},
		{name: "a criterion removed", forge: func(r *Result) { r.Criteria = r.Criteria[1:] }, refused: "the file was edited"},
		{name: "a criterion renamed", forge: func(r *Result) { r.Criteria[3].ID = "traces_jaeger" }, refused: "the file was edited"},
		{name: "a labctl not allowed", forge: func(r *Result) { r.LabctlVersion = "v0.1.0-mine" }, refused: "not one allowed"},
		{name: "flags written by the student are not kept", forge: func(r *Result) { r.Flags = []string{"trust me"} }, note: 3},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := honest()
			tt.forge(r)
			why := Recompute(r, rb, []string{"v1.4.0"})
			if tt.refused != "" {
				if !strings.Contains(why, tt.refused) {
					t.Errorf("refused %q, want it to say %q", why, tt.refused)
				}
				return
			}
			if why != "" {
				t.Fatalf("refused: %s", why)
			}
			if r.Note != tt.note {
				t.Errorf("note %g, want %g", r.Note, tt.note)
			}
			got := strings.Join(r.Flags, "\n")
			for _, f := range tt.flags {
				if !strings.Contains(got, f) {
					t.Errorf("flags %q, want %q", r.Flags, f)
				}
			}
			if len(tt.flags) == 0 && len(r.Flags) > 0 {
				t.Errorf("flags %q on an honest result", r.Flags)
			}
		})
	}
	if why := Recompute(honest(), rb, []string{AnyVersion}); why != "" {
		t.Errorf("--labctl-version any: %s", why)
	}
}

func TestDigest(t *testing.T) {
	a, err := ParseRubric([]byte(strings.Replace(string(defaultRubricYAML), "title:", "# a comment\ntitle:", 1)), "a.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if a.Digest() != DefaultRubric().Digest() {
		t.Error("a comment and the file's name changed the digest")
	}
	b := DefaultRubric()
	b.Groups[0].Criteria[0].Main = !b.Groups[0].Criteria[0].Main
	if b.Digest() == DefaultRubric().Digest() {
		t.Error("a criterion changed from main to secondary keeps the digest")
	}
}

func TestRubricLimits(t *testing.T) {
	base := string(defaultRubricYAML)
	r, err := ParseRubric([]byte(base+"\nlimits: {memory: 512m, pids: 100, cpus: 0.5, wall_time: 4m}\n"), "r.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if want := (Limits{Memory: 512 << 20, Pids: 100, CPUs: 0.5, WallTime: 4 * time.Minute}); r.Limits != want {
		t.Errorf("limits %+v, want %+v", r.Limits, want)
	}
	for _, bad := range []string{"{memory: lots}", "{pids: -1}", "{cpus: 0}", "{wall_time: 10}", "{disk: 1g}"} {
		if _, err := ParseRubric([]byte(base+"\nlimits: "+bad+"\n"), "r.yaml"); err == nil || !strings.Contains(err.Error(), "r.yaml:") {
			t.Errorf("limits %s: %v, want an error naming the line", bad, err)
		}
	}
}
