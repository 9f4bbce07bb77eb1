package rules

import (
	"strings"
	"testing"

	"github.com/labctl/labctl/internal/msg"
	"github.com/labctl/labctl/internal/msg/msgtest"
)

// labctl explain in French: every rule's page head is French (its title
// quoted « as is »), and the page says its explanation is English only
// before it; in English the page is PageText, unchanged.
func TestPageInTheCoursesLanguage(t *testing.T) {
	fr := msg.For(msg.French)
	for _, r := range All() {
		if got := r.PageIn(msg.For(msg.English)); got != r.PageText() {
			t.Errorf("%s: the English page changed:\n%s", r.ID, got)
		}
		page := r.PageIn(fr)
		head, _, hasPage := strings.Cut(page, fr.Sprintf("explain.english_only"))
		if r.Walk { // the walk's pages are French too (TestWalkRulesAreExplained)
			if hasPage || len(msgtest.EnglishWords(page)) > 0 {
				t.Errorf("%s: the walk's French page is not all French:\n%s", r.ID, page)
			}
			continue
		}
		if hasPage != (r.Page != "") {
			t.Errorf("%s: the French page does not say its explanation is English only:\n%s", r.ID, page)
		}
		for _, w := range append(msgtest.EnglishWordsSaid(strings.Replace(head, "« "+r.Title+" »", "", 1)), msgtest.EnglishNumbers(head)...) {
			t.Errorf("%s: English in the French page's head: %s", r.ID, w)
		}
		if strings.Contains(page, "MISSING") || strings.Contains(page, "%!") {
			t.Errorf("%s:\n%s", r.ID, page)
		}
	}
}
