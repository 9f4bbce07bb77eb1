package lint

import (
	"context"
	"regexp"
	"strings"
	"testing"

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
