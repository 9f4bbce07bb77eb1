package lint

import (
	"context"
	"testing"

	"github.com/labctl/labctl/internal/testbed"
	"github.com/labctl/labctl/internal/validate"
)

// TestHeldOut runs the broken projects set aside before the rules were
// tuned (test/student/variants/heldout.yaml): lint, with the real
// validators as lint runs them when Docker answers, must name the file,
// the line and the cause. Its first run is reported in the closing note
// of issue 19.
func TestHeldOut(t *testing.T) {
	v := &validate.Process{Otelcol: testbed.Bin(t, "otelcol"), Promtool: testbed.Bin(t, "promtool")}
	right := 0
	cases := loadVariants(t, "heldout.yaml")
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			dir := project(t, c.Edits)
			files, err := Run(context.Background(), Options{Dir: dir})
			if err != nil {
				t.Fatal(err)
			}
			_, okFiles := match(t, dir, files.Findings, c.Expect)
			with, err := Run(context.Background(), Options{Dir: dir, Validator: v})
			if err != nil {
				t.Fatal(err)
			}
			f, ok := match(t, dir, with.Findings, c.Expect)
			if !ok {
				t.Errorf("missed: want %s line %q cause %q; got:%s", c.Expect.File, c.Expect.Line, c.Expect.Cause, dump(with.Findings))
				return
			}
			right++
			t.Logf("right (files only: %v): %s", okFiles, f.Text())
		})
	}
	t.Logf("held-out: %d of %d right", right, len(cases))
}
