package msg

// What grading says of a submission's Compose file that names what it does
// not own (internal/policy): refusal reasons, and what labctl changed.
func init() {
	extend(English, map[string]string{
		"grade.reason.owner-label": "a label that says which project owns an object on the engine (and what a later cleanup removes): only labctl sets it",
		"grade.reason.many-ports":  "more published ports than a submission gets: each one is a process of the grading machine's, outside the submission's limits",

		"grade.ChangedTitle": "Changed by labctl",
		"grade.ChangedIntro": "The stack ran with these keys of its Compose files changed:",
		"grade.ChangedLine":  "`%s`: `%s` asks for `%s`; labctl gives `%s` — %s",

		"grade.change.build-name-ignored": "a built image takes the name labctl gives it, so that it never replaces an image of someone else's, nor is someone else's image removed with it",
		"grade.change.build-tags-ignored": "a built image gets no other name than the one labctl gives it",
	})
	extend(French, map[string]string{
		"grade.reason.owner-label": "une étiquette qui dit à quel projet appartient un objet du moteur (et ce qu'un nettoyage supprimera) : seul labctl la pose",
		"grade.reason.many-ports":  "plus de ports publiés qu'un rendu n'en reçoit : chacun est un processus de la machine qui évalue, hors des limites du rendu",

		"grade.ChangedTitle": "Modifié par labctl",
		"grade.ChangedIntro": "La stack a tourné avec ces clés de ses fichiers Compose modifiées :",
		"grade.ChangedLine":  "`%s` : `%s` demande `%s` ; labctl donne `%s` — %s",

		"grade.change.build-name-ignored": "une image construite prend le nom que labctl lui donne : elle ne remplace jamais l'image de quelqu'un d'autre, et le nettoyage n'emporte jamais celle d'un autre",
		"grade.change.build-tags-ignored": "une image construite ne reçoit pas d'autre nom que celui que labctl lui donne",
	})
}
