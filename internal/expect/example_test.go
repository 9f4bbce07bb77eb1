package expect_test

import (
	"testing"

	"github.com/labctl/labctl/internal/expect"
)

// The example parses, and its span expectations hold on the template
// backend's real spans of both semconv generations.
func TestExampleHoldsOnTheTemplate(t *testing.T) {
	f, err := expect.Parse(expect.ExampleYAML, expect.DefaultFile)
	if err != nil {
		t.Fatal(err)
	}
	for _, gen := range []string{"template_old.json", "template_stable.json"} {
		ts := traces(t, gen)
		for _, e := range f.Expectations {
			if e.Spans == nil {
				continue
			}
			if v := e.EvalSpans(ts); !v.Pass {
				t.Errorf("%s: %s: %s", gen, e.ID, v.Message)
			}
		}
	}
}
