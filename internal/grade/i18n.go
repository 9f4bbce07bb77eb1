package grade

import "github.com/labctl/labctl/internal/policy"

// vocab is the checklist's words in one language.
type vocab struct {
	Title, GradedBy, NoteLine, NoteCol, MetCol string
	NotChecked, NotCounted, ErrorLine          string
	Student, Met, FirstFailure                 string
	ClassTitle, NoneFailed                     string
	// What the policy for untrusted projects refused: a heading, why the
	// stack did not run, one line per key (file, key, asked, reason).
	RefusedTitle, RefusedIntro, RefusedLine string
	// What --collect found in a collected result (the findings, joined).
	FlagsLine string
	Reasons   map[policy.Reason]string
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
		FlagsLine:    "**À vérifier** : %s",
		RefusedTitle: "Non exécuté",
		RefusedIntro: "La stack n'a pas été lancée : les fichiers Compose demandent à la machine qui évalue ce qu'un projet rendu n'obtient pas. Les critères vérifiés sur la stack ne sont pas vérifiés.",
		// file, key, what it asks for, why
		RefusedLine: "`%s` : `%s` demande `%s` — %s",
		Reasons: map[policy.Reason]string{
			policy.Outside:        "hors du dossier du rendu : ce sont les fichiers de la machine qui évalue",
			policy.DockerSocket:   "le socket du moteur Docker donne toute la machine",
			policy.Privilege:      "donne au conteneur des pouvoirs sur le noyau de la machine",
			policy.HostNamespace:  "partage le réseau, les processus, l'IPC ou le nom de la machine elle-même",
			policy.OtherContainer: "atteint un conteneur, un volume ou un réseau qui n'est pas celui du projet",
			policy.HostDriver:     "un pilote ou une option de pilote qui atteint la machine",
			policy.HostProgram:    "fait exécuter quelque chose par la machine elle-même",
		},
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
		FlagsLine:    "**To check**: %s",
		RefusedTitle: "Not run",
		RefusedIntro: "The stack was not started: its Compose files ask the grading machine for what a submitted project does not get. The criteria checked on the stack are not checked.",
		RefusedLine:  "`%s`: `%s` asks for `%s` — %s",
		Reasons: map[policy.Reason]string{
			policy.Outside:        "outside the submission's folder: the grading machine's own files",
			policy.DockerSocket:   "the Docker engine's socket gives the whole machine",
			policy.Privilege:      "gives the container powers over the machine's kernel",
			policy.HostNamespace:  "shares the machine's own network, processes, IPC or hostname",
			policy.OtherContainer: "reaches a container, volume or network that is not the project's own",
			policy.HostDriver:     "a driver or driver option that reaches the machine",
			policy.HostProgram:    "has the machine itself run something for the project",
		},
	},
}

func words(lang string) vocab {
	if v, ok := vocabs[lang]; ok {
		return v
	}
	return vocabs["fr"]
}
