package rules

import (
	"strings"
	"testing"

	"github.com/labctl/labctl/internal/msg"
	"github.com/labctl/labctl/internal/msg/msgtest"
)

// Each walk rule is in the catalogue `labctl explain` lists, found by its
// ID and its slug, with a title and a page in both languages that say what
// the sentence means, what labctl saw and what to do; its page says that
// verify's walk finds it. (That each sentence verify can say has one, and
// blocks the checks that say it, is checks' TestEveryWalkSentenceHasARule.)
func TestWalkRulesAreExplained(t *testing.T) {
	listed := map[string]bool{}
	for _, r := range All() {
		listed[r.ID] = true
	}
	slugs := map[string]string{}
	for _, r := range All() {
		if prev, dup := slugs[r.Slug]; dup {
			t.Errorf("%s and %s share the slug %s", prev, r.ID, r.Slug)
		}
		slugs[r.Slug] = r.ID
	}
	keys := WalkKeys()
	if len(keys) < 30 {
		t.Fatalf("only %d walk rules", len(keys))
	}
	sections := map[msg.Lang][]string{
		msg.English: {"What it means: ", "What labctl saw: ", "What to do: "},
		msg.French:  {"Ce que cela veut dire : ", "Ce que labctl a vu : ", "Que faire : "},
	}
	for id, key := range keys {
		if !strings.HasPrefix(id, "LAB1") || !strings.HasPrefix(key, "diag.") {
			t.Errorf("%s: %s: walk rules are LAB1xx, for diag.* sentences", id, key)
		}
		r, ok := Lookup(id)
		if !ok || !listed[id] {
			t.Errorf("%s: not in the catalogue", id)
			continue
		}
		if bySlug, ok := Lookup(r.Slug); !ok || bySlug != r {
			t.Errorf("%s: its slug %s finds another rule", id, r.Slug)
		}
		if w, ok := Walk(key); !ok || w != r {
			t.Errorf("%s: Walk(%s) finds another rule", id, key)
		}
		if !r.Walk || r.Check != nil || r.Log != nil || len(r.After) > 0 || len(r.Blocks) == 0 {
			t.Errorf("%s: a walk rule is marked Walk, found by the walk alone (no Check, Log or After) and blocks checks", id)
		}
		if !strings.Contains(r.PageText(), "found by: labctl verify, walking the pipeline") {
			t.Errorf("%s: the page does not say the walk finds it:\n%s", id, r.PageText())
		}
		for _, l := range msg.Langs {
			title, page, ok := WalkPage(id, l)
			if !ok || title == "" || strings.Contains(title+page, "MISSING") {
				t.Errorf("%s %s: no title or page", id, l)
				continue
			}
			for _, s := range sections[l] {
				if strings.Count(page, s) != 1 {
					t.Errorf("%s %s: the page lacks %q:\n%s", id, l, s, page)
				}
			}
			// explain in language l: the walk's own title and page, and
			// what finds it, in that language.
			if got := r.PageIn(msg.For(l)); !strings.Contains(got, strings.TrimSpace(page)) || !strings.Contains(got, msg.For(l).Text(msg.New("explain.by.walk"))) {
				t.Errorf("%s %s: explain's page lacks the walk's page or what finds it:\n%s", id, l, got)
			}
			if l == msg.French {
				if w := msgtest.EnglishWords(title + "\n" + page); len(w) > 0 {
					t.Errorf("%s: English left in its French page: %v", id, w)
				}
			}
		}
		if r.Title != msg.New("rule."+id+".title").English() {
			t.Errorf("%s: explain's title is not the catalog's", id)
		}
	}
}
