package grade

import (
	"bytes"
	"strings"
	"testing"
)

// The checklist says which Compose profiles grading enabled, in its language.
func TestChecklistSaysProfiles(t *testing.T) {
	for lang, want := range map[string]string{
		"fr": "\nProfils Compose activés pour les vérifications : `observability`.\n",
		"en": "\nCompose profiles enabled to run the checks: `observability`.\n",
	} {
		res := Grade(DefaultRubric(), "alice", "alice", Evidence{Checks: FromVerify(verifyResult(nil)), Profiles: []string{"observability"}})
		var b bytes.Buffer
		if err := WriteChecklist(&b, "", map[string]*Rubric{"fr": DefaultRubric(), "en": englishRubric()}[lang], res); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(b.String(), want) {
			t.Errorf("%s: no %q in\n%s", lang, want, b.String())
		}
	}
	res := Grade(DefaultRubric(), "bob", "bob", Evidence{Checks: FromVerify(verifyResult(nil))})
	var b bytes.Buffer
	_ = WriteChecklist(&b, "", DefaultRubric(), res)
	if strings.Contains(b.String(), "Profils") {
		t.Errorf("no profile enabled, yet the checklist names some:\n%s", b.String())
	}
}
