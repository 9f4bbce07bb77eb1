package msg

// How labctl grade schedules a class (internal/submission/schedule.go).
func init() {
	extend(English, map[string]string{
		"grade.schedule":      "grading %d submission(s) starting at once (--jobs), up to %d stack(s) alive while their checks wait (engine: %d CPUs, %d MiB)",
		"grade.schedule_auto": "grading %d submission(s) starting at once (--jobs chosen from the engine's CPUs and memory), up to %d stack(s) alive while their checks wait (engine: %d CPUs, %d MiB)",
	})
	extend(French, map[string]string{
		"grade.schedule":      "correction de %d rendu(s) démarrant à la fois (--jobs), jusqu'à %d pile(s) en vie pendant que leurs vérifications attendent (moteur : %d CPU, %d Mio)",
		"grade.schedule_auto": "correction de %d rendu(s) démarrant à la fois (--jobs choisi d'après les CPU et la mémoire du moteur), jusqu'à %d pile(s) en vie pendant que leurs vérifications attendent (moteur : %d CPU, %d Mio)",
	})
}
