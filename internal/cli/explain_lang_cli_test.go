package cli_test

import (
	"strings"
	"testing"
)

// labctl explain in French (the locale, or --lang): the page's head from
// the catalog, then its explanation, said to be English only.
func TestExplainInFrenchCLI(t *testing.T) {
	for _, c := range []struct {
		env  []string
		args []string
	}{{[]string{"LANG=fr_FR.UTF-8"}, nil}, {nil, []string{"--lang", "fr"}}} {
		res := runLabctl(t, t.TempDir(), c.env, append([]string{"explain", "sender-protocol-mismatch"}, c.args...)...)
		if res.Code != 0 || !strings.HasPrefix(res.Stdout, "LAB012 (sender-protocol-mismatch) : « ") || !strings.Contains(res.Stdout, "gravité : erreur") ||
			!strings.Contains(res.Stdout, "n'existe qu'en anglais") || !strings.Contains(res.Stdout, "Failed parsing HTTP/2") {
			t.Errorf("%v %v: exit %d\n%s", c.env, c.args, res.Code, res.Stdout)
		}
	}
	if res := runLabctl(t, t.TempDir(), []string{"LANG=fr_FR.UTF-8"}, "explain"); res.Code != 0 || !strings.Contains(res.Stdout, "n'existent qu'en anglais") || !strings.Contains(res.Stdout, "LAB020  collector-config-not-read") {
		t.Errorf("the list in French: exit %d\n%s", res.Code, res.Stdout)
	}
}
