package submission

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/labctl/labctl/internal/grade"
)

// --recheck grades again the submissions a seed chooses (the same seed,
// the same ones) and flags each whose criteria differ from its CI's.
func TestRecheck(t *testing.T) {
	root := t.TempDir()
	var subs []Submission
	for _, name := range []string{"ann", "ben", "cat", "dan", "eve"} {
		subs = append(subs, writeSubmission(t, root, name, goodReport))
	}
	g := New(nil, false, Options{Stack: StackNone})
	collect := func() []*grade.Result {
		var rs []*grade.Result
		for _, s := range subs {
			r := g.One(context.Background(), s)
			if r.Student == "cat" { // cat's CI claims a criterion its report does not prove
				for i := range r.Criteria {
					if r.Criteria[i].ID == "scenario" {
						r.Criteria[i].Met = true
					}
				}
			}
			rs = append(rs, r)
		}
		rs = append(rs, &grade.Result{Student: "nobody-here"})
		return rs
	}
	rs := collect()
	done, err := g.Recheck(context.Background(), rs, subs, 10, 7)
	if err != nil {
		t.Fatal(err)
	}
	if len(done) != 5 || slices.Contains(done, "nobody-here") {
		t.Errorf("rechecked %v, want the five with a submission", done)
	}
	for _, r := range rs {
		flagged := strings.Contains(strings.Join(r.Flags, "\n"), "recheck: scenario: met in its CI, not met here")
		if flagged != (r.Student == "cat") {
			t.Errorf("%s: flags %q", r.Student, r.Flags)
		}
	}
	a, _ := g.Recheck(context.Background(), collect(), subs, 2, 42)
	b, _ := g.Recheck(context.Background(), collect(), subs, 2, 42)
	if len(a) != 2 || !slices.Equal(a, b) {
		t.Errorf("seed 42 chose %v then %v, want the same two", a, b)
	}
}
