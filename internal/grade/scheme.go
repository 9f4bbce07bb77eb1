package grade

import (
	"math"
	"strconv"

	"gopkg.in/yaml.v3"
)

// Scheme is the course's second way of grading (its observability lab): a
// note reached when every base criterion ("Critères de base", main: true)
// is met, less Penalty for each one missed, plus Bonus for each
// complementary criterion ("Critères complémentaires", main: false) met,
// never above UpTo nor below 1:
//
//	note = Base − Penalty × base missed + Bonus × complementary met
type Scheme struct {
	Base    float64 `json:"base"`    // base.note: all base criteria met (the course: 4)
	Penalty float64 `json:"penalty"` // base.penalty: per base criterion missed (0.5)
	Bonus   float64 `json:"bonus"`   // complementary.bonus: per complementary criterion met (0.25)
	UpTo    float64 `json:"up_to"`   // complementary.up_to: the highest note (6)
}

// MinNote is the lowest note of the course's scale.
const MinNote = 1

// Calculation is how a note was computed in the base/complementary scheme,
// so that the checklist and the class sheet can show it. Criteria not
// checked count as missed (base) and not met (complementary): Provisional
// on the Result says the note may rise.
type Calculation struct {
	Scheme
	BaseMissed       int     `json:"base_missed"`
	ComplementaryMet int     `json:"complementary_met"`
	Raw              float64 `json:"raw"` // before bounding to MinNote..UpTo
}

// score is what the criteria give under the rubric: the counts, the note
// with every unchecked criterion counted as not met, and the note they
// would give if all of them were met.
type score struct {
	met, max, notChecked int
	firstFailure         string
	note, noteMax        float64
	calc                 *Calculation
}

// scoreOf computes a rubric's note from judged criteria. A criterion that
// could not be checked (--no-stack, no --deadline) is neither met nor
// left out silently: the note counts it missed and is marked provisional,
// with the note it would reach if it were met (a teacher reads the range,
// not a note that looks final).
func scoreOf(r *Rubric, crs []CriterionResult) score {
	var s score
	firstMain := false
	baseMissed, baseOpen, compMet, compOpen := 0, 0, 0, 0
	for _, c := range crs {
		if !c.Checked {
			s.notChecked++
			if c.Main {
				baseOpen++
			} else {
				compOpen++
			}
			continue
		}
		s.max++
		switch {
		case c.Met:
			s.met++
			if !c.Main {
				compMet++
			}
		default:
			if c.Main {
				baseMissed++
			}
			if s.firstFailure == "" || c.Main && !firstMain {
				// A failed main criterion says more than a missed bonus.
				s.firstFailure, firstMain = c.ID, c.Main
			}
		}
	}
	if r == nil || r.Scheme == nil {
		s.note, s.noteMax = r.Note(s.met), r.Note(s.met+s.notChecked)
		return s
	}
	sc := *r.Scheme
	s.calc = &Calculation{Scheme: sc, BaseMissed: baseMissed + baseOpen, ComplementaryMet: compMet}
	s.calc.Raw = sc.raw(baseMissed+baseOpen, compMet)
	s.note = sc.bound(s.calc.Raw)
	s.noteMax = sc.bound(sc.raw(baseMissed, compMet+compOpen))
	return s
}

func (sc Scheme) raw(baseMissed, compMet int) float64 {
	// Rounded to hundredths: 0.1-style bonuses add up without float noise.
	v := sc.Base - sc.Penalty*float64(baseMissed) + sc.Bonus*float64(compMet)
	return math.Round(v*100) / 100
}

func (sc Scheme) bound(v float64) float64 {
	return math.Max(MinNote, math.Min(sc.UpTo, v))
}

// baseScheme reads `base: {note: 4, penalty: 0.5}`.
func (p *rubricParser) baseScheme(r *Rubric, n *yaml.Node) error {
	if r.Scheme == nil {
		r.Scheme = &Scheme{Base: -1, Penalty: -1, Bonus: -1, UpTo: -1}
	}
	return p.fields(n, "base", []string{"note", "penalty"}, func(k string, key, v *yaml.Node) error {
		var err error
		switch k {
		case "note":
			r.Scheme.Base, err = p.number(v, "base.note", MinNote, 6, "the note when every base criterion is met, like 4")
		case "penalty":
			r.Scheme.Penalty, err = p.number(v, "base.penalty", 0, 5, "what each base criterion missed takes off, like 0.5")
		}
		return err
	})
}

// complementaryScheme reads `complementary: {bonus: 0.25, up_to: 6}`.
func (p *rubricParser) complementaryScheme(r *Rubric, n *yaml.Node) error {
	if r.Scheme == nil {
		r.Scheme = &Scheme{Base: -1, Penalty: -1, Bonus: -1, UpTo: -1}
	}
	return p.fields(n, "complementary", []string{"bonus", "up_to"}, func(k string, key, v *yaml.Node) error {
		var err error
		switch k {
		case "bonus":
			r.Scheme.Bonus, err = p.number(v, "complementary.bonus", 0, 5, "what each complementary criterion met adds, like 0.25")
		case "up_to":
			r.Scheme.UpTo, err = p.number(v, "complementary.up_to", MinNote, 6, "the highest note, like 6")
		}
		return err
	})
}

func (p *rubricParser) number(n *yaml.Node, key string, lo, hi float64, what string) (float64, error) {
	f, err := strconv.ParseFloat(n.Value, 64)
	if n.Kind != yaml.ScalarNode || err != nil || f < lo || f > hi {
		return 0, p.errf(n, "%s takes a number from %g to %g (%s), not %q", key, lo, hi, what, n.Value)
	}
	return f, nil
}

// checkScheme refuses a rubric that mixes the two schemes or gives only
// half of the second one.
func (p *rubricParser) checkScheme(r *Rubric, root, notes, base, comp *yaml.Node) error {
	if r.Scheme == nil {
		return nil
	}
	switch {
	case notes != nil:
		return p.errf(notes, "notes: (a count-to-note table) and base:/complementary: (base and complementary criteria) are two ways of grading; keep one")
	case base == nil:
		return p.errf(comp, "complementary: needs base: beside it, like `base: {note: 4, penalty: 0.5}`")
	case comp == nil:
		return p.errf(base, "base: needs complementary: beside it, like `complementary: {bonus: 0.25, up_to: 6}`")
	case r.Scheme.Base < 0:
		return p.errf(base, "base: needs note: (the note when every base criterion is met, like 4)")
	case r.Scheme.Penalty < 0:
		return p.errf(base, "base: needs penalty: (what each base criterion missed takes off, like 0.5)")
	case r.Scheme.Bonus < 0:
		return p.errf(comp, "complementary: needs bonus: (what each complementary criterion met adds, like 0.25)")
	case r.Scheme.UpTo < 0:
		return p.errf(comp, "complementary: needs up_to: (the highest note, like 6)")
	case r.Scheme.UpTo < r.Scheme.Base:
		return p.errf(comp, "complementary.up_to %g is below base.note %g: complementary criteria could only lower the note; raise up_to", r.Scheme.UpTo, r.Scheme.Base)
	}
	return nil
}
