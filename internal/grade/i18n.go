package grade

// vocab is the checklist's words in one language.
type vocab struct {
	Title, GradedBy, NoteLine, NoteCol, MetCol string
	NotChecked, NotCounted, ErrorLine          string
	Student, Met, FirstFailure                 string
	ClassTitle, NoneFailed                     string
}

var vocabs = map[string]vocab{
	"fr": {
		Title:    "Évaluation",
		GradedBy: "_Évalué par `labctl grade` le %s%s._",
		// note, met, max
		NoteLine:   "**Note : %s** (%d critère(s) validé(s) sur %d)",
		NoteCol:    "Note",
		MetCol:     "Nombre de critères validés",
		NotChecked: "non vérifié",
		// how many
		NotCounted:   "%d critère(s) non vérifié(s), hors du total.",
		ErrorLine:    "**Évaluation incomplète** : %s",
		Student:      "Étudiant·e",
		Met:          "Critères validés",
		FirstFailure: "Premier critère manqué",
		ClassTitle:   "Classe",
		NoneFailed:   "–",
	},
	"en": {
		Title:        "Evaluation",
		GradedBy:     "_Graded by `labctl grade` on %s%s._",
		NoteLine:     "**Note: %s** (%d criteria met out of %d)",
		NoteCol:      "Note",
		MetCol:       "Criteria met",
		NotChecked:   "not checked",
		NotCounted:   "%d criteria not checked, left out of the total.",
		ErrorLine:    "**Grading incomplete**: %s",
		Student:      "Student",
		Met:          "Criteria met",
		FirstFailure: "First criterion missed",
		ClassTitle:   "Class",
		NoneFailed:   "–",
	},
}

func words(lang string) vocab {
	if v, ok := vocabs[lang]; ok {
		return v
	}
	return vocabs["fr"]
}
