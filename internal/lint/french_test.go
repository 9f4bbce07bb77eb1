package lint

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/labctl/labctl/internal/lint/linttest"
	"github.com/labctl/labctl/internal/msg"
)

// Every finding of every variant says its cause and fix in both catalogs:
// no missing key, no argument of the wrong kind, no port printed as a
// number ("4 317").
func TestFindingsSayThemselvesInFrench(t *testing.T) {
	grouped := regexp.MustCompile(`\d[\s\x{a0}\x{202f}]\d{3}\b`)
	fr := msg.For(msg.French)
	n := 0
	for _, file := range []string{"variants.yaml", "upstream.yaml"} {
		for _, v := range loadVariants(t, file) {
			res, err := Run(context.Background(), Options{Dir: project(t, v.Edits)})
			if err != nil {
				t.Fatalf("%s: %v", v.Name, err)
			}
			for _, f := range res.Findings {
				n++
				for _, m := range []msg.Message{f.Message, f.Fix} {
					en, frText := m.English(), fr.Text(m)
					if strings.Contains(en+frText, "MISSING") || strings.Contains(en+frText, "%!") || grouped.MatchString(frText) {
						t.Errorf("%s %s:\n  en: %s\n  fr: %s", v.Name, f.Rule, en, frText)
					}
				}
			}
		}
	}
	if n < 20 {
		t.Fatalf("only %d findings over the variants: is the walk broken?", n)
	}
}

// What `labctl lint --lang fr` prints on the course's project and on every
// variant (its own, upstream's, the held-out ones, the profiled ones) is
// French, but for what a tool said (linttest.FrenchLeaks); test/corpus
// holds the same test over the published projects.
func TestLintPrintsNoEnglishInFrench(t *testing.T) {
	n := 0
	check := func(name string, edits []edit) {
		res, err := Run(context.Background(), Options{Dir: project(t, edits)})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		n += len(res.Findings)
		for _, w := range linttest.FrenchLeaks(res.Findings) {
			t.Errorf("%s: English in French: %s", name, w)
		}
	}
	check("project", nil)
	for _, file := range []string{"variants.yaml", "upstream.yaml", "heldout.yaml", "profiles.yaml"} {
		for _, v := range loadVariants(t, file) {
			check(file+" "+v.Name, v.Edits)
		}
	}
	if n < 20 {
		t.Fatalf("only %d findings over the variants: is the walk broken?", n)
	}
}
