package grade

import (
	"testing"

	"github.com/labctl/labctl/internal/msg"
)

// The checklist's language: --lang, else the lang: a rubric file names,
// else the locale, else French; the built-in rubric's lang: fr is a
// default the locale may override.
func TestChooseLang(t *testing.T) {
	const groups = "groups:\n  - name: G\n    criteria:\n      - {id: a, text: A, main: true, report: mr_link}\n"
	withEn, err := ParseRubric([]byte("lang: en\n"+groups), "en.yaml")
	if err != nil {
		t.Fatal(err)
	}
	withFr, err := ParseRubric([]byte("lang: fr\n"+groups), "fr.yaml")
	if err != nil {
		t.Fatal(err)
	}
	without, err := ParseRubric([]byte(groups), "none.yaml")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		flag   string
		rubric *Rubric
		env    map[string]string
		want   msg.Lang
	}{
		{"built-in, no locale", "", DefaultRubric(), nil, msg.French},
		{"built-in, English locale", "", DefaultRubric(), map[string]string{"LANG": "en_US.UTF-8"}, msg.English},
		{"built-in, LC_ALL over LANG", "", DefaultRubric(), map[string]string{"LC_ALL": "fr_CH.UTF-8", "LANG": "en_US.UTF-8"}, msg.French},
		{"built-in, C locale", "", DefaultRubric(), map[string]string{"LANG": "C.UTF-8"}, msg.French},
		{"flag over everything", "en", withFr, map[string]string{"LANG": "fr_FR.UTF-8"}, msg.English},
		{"flag as a locale", "fr_CH.UTF-8", withEn, nil, msg.French},
		{"rubric's lang over the locale", "", withFr, map[string]string{"LANG": "en_US.UTF-8"}, msg.French},
		{"rubric's lang en", "", withEn, map[string]string{"LANG": "fr_FR.UTF-8"}, msg.English},
		{"rubric without lang, locale", "", without, map[string]string{"LC_MESSAGES": "en_GB.UTF-8"}, msg.English},
		{"rubric without lang, no locale", "", without, nil, msg.French},
		{"no rubric", "", nil, map[string]string{"LANG": "en"}, msg.English},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.rubric.ChooseLang(tt.flag, func(k string) string { return tt.env[k] })
			if err != nil || got != tt.want {
				t.Errorf("ChooseLang(%q) = %q, %v; want %q", tt.flag, got, err, tt.want)
			}
		})
	}
	if _, err := DefaultRubric().ChooseLang("de", func(string) string { return "" }); err == nil {
		t.Error("--lang de: no error")
	}
	// The language is not part of what --collect compares.
	if DefaultRubric().Digest() != defaultRubric().Digest() {
		t.Error("digest changed")
	}
}
