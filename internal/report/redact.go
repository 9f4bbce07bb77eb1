package report

import "strings"

// MinSecretLength is the shortest value redaction searches for. labctl's
// generated passwords are 32 random hex characters (lab.generatePassword):
// such a value never occurs by chance in prose, a table or a Mermaid
// diagram, so replacing it cannot corrupt the report. A shorter one is a
// password the student chose ("postgres", "labctl", "a"): replacing it
// would cut words, commands and the diagram apart
// (`[secret removed][("PostgreSQL")]`) and point at the password while
// doing so; it is left alone and reported as weak instead (WeakSecrets).
const MinSecretLength = 16

const secretPlaceholder = "[secret removed]"

// redactSecrets replaces every secret of at least MinSecretLength
// characters with a placeholder, and nothing else.
func redactSecrets(s string, secrets []string) string {
	for _, v := range secrets {
		if len(v) >= MinSecretLength {
			s = strings.ReplaceAll(s, v, secretPlaceholder)
		}
	}
	return s
}

// WeakSecrets counts the secrets too short to be labctl's generated ones,
// so that `labctl report` can say so without printing them.
func WeakSecrets(secrets []string) int {
	n := 0
	for _, v := range secrets {
		if len(v) < MinSecretLength {
			n++
		}
	}
	return n
}
