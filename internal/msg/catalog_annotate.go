package msg

// Where a report (SARIF, GitLab Code Quality) shows a finding that has no
// file or no line of its own.
func init() {
	extend(English, map[string]string{
		"annotate.no_file": "(this finding is about the whole project, not one line: shown at line 1 of %s)",
		"annotate.no_line": "(this finding has no line of its own in %s: shown at line 1)",
	})
	extend(French, map[string]string{
		"annotate.no_file": "(ce constat porte sur tout le projet, pas sur une ligne : affiché à la ligne 1 de %s)",
		"annotate.no_line": "(ce constat n'a pas de ligne propre dans %s : affiché à la ligne 1)",
	})
}
