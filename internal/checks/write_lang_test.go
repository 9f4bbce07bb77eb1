package checks

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/labctl/labctl/internal/msg"
	"github.com/labctl/labctl/internal/msg/msgtest"
	"github.com/labctl/labctl/internal/testutil"
)

// verify's text output of a recorded result (testdata/verify-recorded.json,
// as verify writes it): in French every word is the catalog's, numbers and
// durations French ("12,5 s"), IDs and rules as they are; in English what
// WriteText printed before it spoke French.
func TestWriteTextLanguages(t *testing.T) {
	r, err := Load(filepath.Join("testdata", "verify-recorded.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range msg.Langs {
		var b bytes.Buffer
		if err := WriteTextIn(&b, r, msg.For(l)); err != nil {
			t.Fatal(err)
		}
		golden := filepath.Join("testdata", "verify-text-"+string(l)+".golden.txt")
		testutil.Golden(t, golden, b.Bytes())
		for _, id := range []string{IDBackendTraffic, IDPGCommits, "LAB063"} {
			if !strings.Contains(b.String(), id) {
				t.Errorf("%s: %s is not printed as it is", l, id)
			}
		}
		if l == msg.French { // what was printed, not only the golden: -update cannot hide it
			for _, w := range append(msgtest.EnglishWords(b.String()), msgtest.EnglishNumbers(b.String())...) {
				t.Errorf("English in the French output: %s", w)
			}
		}
	}
	var en, plain bytes.Buffer
	_ = WriteTextIn(&en, r, msg.For(msg.English))
	_ = WriteText(&plain, r)
	if en.String() != plain.String() {
		t.Errorf("WriteText is not WriteTextIn in English")
	}
}
