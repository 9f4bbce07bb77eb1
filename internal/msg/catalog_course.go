package msg

// The course's own shapes (issue 28): its second grading scheme (base and
// complementary criteria), provisional notes, Compose profiles, and the
// terminal's words for lint, verify, status, trace and scenario.
func init() {
	extend(English, map[string]string{
		"course.calc":                 "Computed: base %s; complementary %s; = %s",
		"course.calc.base":            "%s − %s × %d missed",
		"course.calc.comp":            "+ %s × %d met",
		"course.calc.bounded":         "%s, bounded to %s",
		"course.calc.short":           "%s − %s × %d + %s × %d = %s",
		"course.scheme.legend":        "**Bold**: a base criterion (− %s for each one missed; all met give %s). _Italic_: a complementary criterion (+ %s for each one met; up to %s).",
		"course.provisional":          "**Provisional note**: %d criteria could not be checked (marked \"not checked\" above) and count as not met; if they were all met, the note would be %s.",
		"course.note.provisional":     "%s (provisional, up to %s)",
		"course.CalcCol":              "Computed",
		"course.lint.in_profile":      "%s (service %s, in Compose profile %s)",
		"course.profiles.enabled":     "Compose profiles enabled to run the checks: %s.",
		"course.profiles.not_started": "%s: in Compose profile %s, not enabled, not running; start them with `docker compose %s up -d` (or set COMPOSE_PROFILES)",
	})
	extend(French, map[string]string{
		"course.calc":                 "Calcul : base %s ; complémentaires %s ; = %s",
		"course.calc.base":            "%s − %s × %d manqué(s)",
		"course.calc.comp":            "+ %s × %d validé(s)",
		"course.calc.bounded":         "%s, ramené à %s",
		"course.calc.short":           "%s − %s × %d + %s × %d = %s",
		"course.scheme.legend":        "**Gras** : critère de base (− %s par critère manqué ; tous validés donnent %s). _Italique_ : critère complémentaire (+ %s par critère validé ; jusqu'à %s).",
		"course.provisional":          "**Note provisoire** : %d critère(s) n'ont pas pu être vérifiés (marqués « non vérifié » ci-dessus) et comptent comme non validés ; s'ils étaient tous validés, la note serait %s.",
		"course.note.provisional":     "%s (provisoire, jusqu'à %s)",
		"course.CalcCol":              "Calcul",
		"course.lint.in_profile":      "%s (service %s, dans le profil Compose %s)",
		"course.profiles.enabled":     "Profils Compose activés pour les vérifications : %s.",
		"course.profiles.not_started": "%s : dans le profil Compose %s, non activé, pas démarré ; démarrez-les avec `docker compose %s up -d` (ou définissez COMPOSE_PROFILES)",
	})
}
