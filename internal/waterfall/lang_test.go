package waterfall

import (
	"bytes"
	"path/filepath"
	"testing"

	"github.com/labctl/labctl/internal/msg"
	"github.com/labctl/labctl/internal/msg/msgtest"
	"github.com/labctl/labctl/internal/testutil"
)

// The waterfall's own words in French (title, header, notes, durations
// with a decimal comma); span names, kinds and attributes as the trace has
// them. English stays as the other goldens have it.
func TestRenderFrench(t *testing.T) {
	var b bytes.Buffer
	for _, name := range []string{"fastapi", "missing-parent", "clock-skew"} {
		if err := Render(&b, Arrange(cases()[name]), Options{Width: 120, Words: msg.For(msg.French)}); err != nil {
			t.Fatal(err)
		}
	}
	testutil.Golden(t, filepath.Join("testdata", "french-120.golden"), b.Bytes())
	for _, w := range append(msgtest.EnglishWords(b.String()), msgtest.EnglishNumbers(b.String())...) {
		t.Errorf("English in the French waterfall: %s", w)
	}
}
