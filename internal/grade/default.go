package grade

import (
	_ "embed"
	"fmt"
	"sync"
)

//go:embed default_rubric.yaml
var defaultRubricYAML []byte

//go:embed default_rubric_base.yaml
var baseRubricYAML []byte

// Schemes `labctl init --rubric --scheme` writes: a count-to-note table, or
// base and complementary criteria.
const (
	SchemeCount = "count"
	SchemeBase  = "base"
)

// RubricYAML is the built-in rubric of the traces lab in the scheme named
// (SchemeCount or SchemeBase), commented for editing.
func RubricYAML(scheme string) ([]byte, error) {
	switch scheme {
	case "", SchemeCount:
		return DefaultRubricYAML(), nil
	case SchemeBase:
		return append([]byte(nil), baseRubricYAML...), nil
	}
	return nil, fmt.Errorf("unknown grading scheme %q; use %s (a count-to-note table) or %s (base and complementary criteria)", scheme, SchemeCount, SchemeBase)
}

// DefaultRubricYAML is the built-in rubric of the traces lab, commented for
// editing: what `labctl init --rubric` writes.
func DefaultRubricYAML() []byte { return append([]byte(nil), defaultRubricYAML...) }

var defaultRubric = sync.OnceValue(func() *Rubric {
	r, err := ParseRubric(defaultRubricYAML, "default_rubric.yaml")
	if err != nil {
		panic("grade: the built-in rubric does not parse: " + err.Error()) // a build defect, caught by the tests
	}
	r.Source = ""
	// Its lang: fr is labctl's default, not a teacher's choice: the
	// locale may still choose English (ChooseLang).
	r.langSet = false
	return r
})

// DefaultRubric is the built-in rubric of the traces lab, in French. Each
// call returns a copy the caller may change.
func DefaultRubric() *Rubric {
	r := *defaultRubric()
	r.Groups = append([]Group(nil), r.Groups...)
	for i := range r.Groups {
		r.Groups[i].Criteria = append([]Criterion(nil), r.Groups[i].Criteria...)
	}
	r.Notes = append([]NoteRow(nil), r.Notes...)
	return &r
}
