package corpus

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/labctl/labctl/internal/lint"
	"github.com/labctl/labctl/internal/lint/linttest"
)

// TestLintSpeaksFrench: what `labctl lint --lang fr` prints on every case
// of the corpus is French, but for what a tool said (linttest.FrenchLeaks):
// published projects reach rules and wordings the course's variants never
// do.
func TestLintSpeaksFrench(t *testing.T) {
	cases := loadCases(t)
	n := 0
	for _, c := range cases {
		dir, v := prepare(t, c, cases)
		res, err := lint.Run(context.Background(), lint.Options{Dir: filepath.Join(dir, v.Dir), Files: v.Files})
		if err != nil {
			continue // TestCorpus says it
		}
		n += len(res.Findings)
		for _, w := range linttest.FrenchLeaks(res.Findings) {
			t.Errorf("%s: English in French: %s", c.Name, w)
		}
	}
	if n < 20 {
		t.Fatalf("only %d findings over the corpus: is the walk broken?", n)
	}
}
