package lint

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/labctl/labctl/internal/msg"
	"github.com/labctl/labctl/internal/testutil"
)

// TestLintGolden: what lint says (files only) on the course's project and
// on every variant of test/student/variants, in both languages, is the
// golden file's. A change of the rules that changes what a student reads
// shows here as a diff (go test -run TestLintGolden -update rewrites it).
func TestLintGolden(t *testing.T) {
	var b strings.Builder
	say := func(name string, edits []edit) {
		dir := project(t, edits)
		res, err := Run(context.Background(), Options{Dir: dir})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		b.WriteString("== " + name + "\n")
		for _, f := range res.Findings {
			b.WriteString(f.Text() + "\n")
			fr := msg.For(msg.French)
			b.WriteString("   fr: " + fr.Text(f.Message))
			if !f.Fix.IsZero() {
				b.WriteString(" | " + fr.Text(f.Fix))
			}
			b.WriteString(" [" + f.Key + "]\n")
		}
	}
	say("project", nil)
	for _, file := range []string{"variants.yaml", "upstream.yaml", "heldout.yaml"} {
		for _, v := range loadVariants(t, file) {
			say(file+" "+v.Name, v.Edits)
		}
	}
	testutil.Golden(t, filepath.Join("testdata", "lint.golden"), []byte(b.String()))
}
