package lint

import (
	"context"
	"testing"

	"github.com/labctl/labctl/internal/testbed"
	"github.com/labctl/labctl/internal/validate"
)

// TestValidatorVariants: the real validators (the bed's otelcol 0.145.0
// and promtool 2.42, as processes) on the upstream variants; what they say
// is mapped back to the file and line and quoted as they say it.
func TestValidatorVariants(t *testing.T) {
	v := &validate.Process{Otelcol: testbed.Bin(t, "otelcol"), Promtool: testbed.Bin(t, "promtool")}
	for _, vr := range loadVariants(t, "upstream.yaml") {
		if vr.ValidatorExpect == nil {
			continue
		}
		t.Run(vr.Name, func(t *testing.T) {
			dir := project(t, vr.Edits)
			res, err := Run(context.Background(), Options{Dir: dir, Validator: v})
			if err != nil {
				t.Fatal(err)
			}
			f, ok := match(t, dir, res.Findings, vr.ValidatorExpect)
			if !ok {
				t.Fatalf("want %+v; got:%s", *vr.ValidatorExpect, dump(res.Findings))
			}
			if f.Quote == "" || f.Source == "" {
				t.Errorf("the validator's words are not quoted: %s", f.Text())
			}
			t.Log(f.Text())
		})
	}
	t.Run("working", func(t *testing.T) {
		res, err := Run(context.Background(), Options{Dir: project(t, nil), Validator: v})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range res.Findings {
			if f.Rule == "LAB050" || f.Rule == "LAB051" {
				t.Errorf("a validator refuses the working project: %s", f.Text())
			}
		}
		if len(res.Notes) > 0 {
			t.Errorf("notes: %q", res.Notes)
		}
	})
}
