package lint

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/labctl/labctl/internal/msg"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

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
	golden := filepath.Join("testdata", "lint.golden")
	if *update {
		if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if got := b.String(); got != string(want) {
		gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
		for i := 0; i < len(gl) || i < len(wl); i++ {
			var g, w string
			if i < len(gl) {
				g = gl[i]
			}
			if i < len(wl) {
				w = wl[i]
			}
			if g != w {
				t.Errorf("line %d differs:\n got: %s\nwant: %s", i+1, g, w)
				break
			}
		}
	}
}
