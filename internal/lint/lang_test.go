package lint

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/labctl/labctl/internal/annotate"
	"github.com/labctl/labctl/internal/msg"
	"github.com/labctl/labctl/internal/msg/msgtest"
	"github.com/labctl/labctl/internal/testutil"
)

// lint's text output on the course-shaped project with its observability
// services in a profile and a typo in its pipeline, in French and English:
// rule IDs, keys and what a tool said as they are, the rest the catalog's;
// the annotations, SARIF and Code Quality in the same language.
func TestLintOutputLanguages(t *testing.T) {
	vs := loadVariants(t, "profiles.yaml")
	dir := project(t, append(append([]edit(nil), vs[0].Edits...), vs[1].Edits...))
	res, err := Run(context.Background(), Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range msg.Langs {
		p := msg.For(l)
		var b bytes.Buffer
		if err := annotate.TextIn(&b, res.Findings, p); err != nil {
			t.Fatal(err)
		}
		testutil.Golden(t, filepath.Join("testdata", "lint-profiled-typo-"+string(l)+".golden.txt"), b.Bytes())
		if !strings.Contains(b.String(), "LAB004") || !strings.Contains(b.String(), "otlp/jager") {
			t.Errorf("%s: the typo's rule or name is not printed as it is:\n%s", l, b.String())
		}
		var gh, sarif, cq bytes.Buffer
		if err := annotate.GitHubIn(&gh, res.Findings, "", p); err != nil {
			t.Fatal(err)
		}
		if err := annotate.SARIFIn(&sarif, res.Findings, "", "v0", p); err != nil {
			t.Fatal(err)
		}
		if err := annotate.CodeQualityIn(&cq, res.Findings, "", p); err != nil {
			t.Fatal(err)
		}
		var s struct {
			Runs []struct {
				Language string `json:"language"`
				Results  []struct {
					Message struct{ Text string } `json:"message"`
				} `json:"results"`
			} `json:"runs"`
		}
		if err := json.Unmarshal(sarif.Bytes(), &s); err != nil || len(s.Runs) != 1 || len(s.Runs[0].Results) == 0 {
			t.Fatalf("SARIF: %v", err)
		}
		var cqs []annotate.CodeQualityIssue
		if err := json.Unmarshal(cq.Bytes(), &cqs); err != nil || len(cqs) == 0 {
			t.Fatalf("Code Quality: %v", err)
		}
		said := gh.String() + "\n" + s.Runs[0].Results[0].Message.Text + "\n" + cqs[0].Description
		if l == msg.French {
			for _, w := range append(msgtest.EnglishWords(b.String()+"\n"+said), msgtest.EnglishNumbers(b.String())...) {
				t.Errorf("English in the French output: %s", w)
			}
			if s.Runs[0].Language != "fr" {
				t.Errorf("SARIF language %q", s.Runs[0].Language)
			}
		}
		if l == msg.English {
			// The same finding in either language: the fingerprints are the English text's.
			var fr bytes.Buffer
			_ = annotate.CodeQualityIn(&fr, res.Findings, "", msg.For(msg.French))
			var frs []annotate.CodeQualityIssue
			_ = json.Unmarshal(fr.Bytes(), &frs)
			if len(frs) != len(cqs) || frs[0].Fingerprint != cqs[0].Fingerprint || frs[0].Description == cqs[0].Description {
				t.Errorf("Code Quality: fingerprints differ by language, or descriptions do not")
			}
		}
	}
}
