package report

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
)

func TestLoadVerify(t *testing.T) {
	dir := t.TempDir()
	if r, err := LoadVerify(filepath.Join(dir, "verify.json")); r != nil || err != nil {
		t.Errorf("missing verify.json = %v, %v; want nil, nil", r, err)
	}
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte("{"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadVerify(bad); err == nil || !strings.Contains(err.Error(), "rerun `labctl verify`") {
		t.Errorf("corrupted verify.json error = %v", err)
	}
	r, err := LoadVerify("testdata/verify.json")
	if err != nil || len(r.Checks) != 8 || r.Passed {
		t.Fatalf("LoadVerify(testdata) = %+v, %v", r, err)
	}
	// The messages come back with their arguments' kinds, so that the
	// report prints them in its language.
	ev := r.Checks[0].EvidenceText()
	if ev.Key != "check.traffic.summary" || len(ev.Args) != 2 || ev.Args[0] != 4 || ev.English() != r.Checks[0].Evidence {
		t.Errorf("evidence message = %#v (%q), want check.traffic.summary with 4 as an int and the English evidence", ev, ev.English())
	}
	if got := msg.For(msg.French).Text(r.Checks[0].Title()); got != "le backend répond au trafic" {
		t.Errorf("French title = %q", got)
	}
}

func TestVerifySectionNotesOtherTopology(t *testing.T) {
	in := fixture(t, English, true)
	in.Lab.Topology = model.TopologyDirect
	got := verifySection(in, msg.For(English))
	if !strings.Contains(got, "this result is for the `collector` topology but labctl.yaml now says `direct`; rerun `labctl verify`") {
		t.Errorf("no topology note:\n%s", got)
	}
	in.Lab.Topology = model.TopologyCollector
	if got := verifySection(in, msg.For(English)); strings.Contains(got, "rerun `labctl verify`") {
		t.Errorf("unexpected note:\n%s", got)
	}
}

// Evidence without a catalog entry (a tool's error, a verify.json older than
// the catalog) is quoted in French, not passed off as French.
func TestVerifySectionQuotesUntranslatedEvidence(t *testing.T) {
	in := fixture(t, French, true)
	in.Verify.Checks[0].EvidenceMsg = nil
	in.Verify.Checks[0].Evidence = "dial tcp 127.0.0.1:8000: connect: connection refused"
	got := verifySection(in, msg.For(French))
	if !strings.Contains(got, "- ✓ le backend répond au trafic (obligatoire) : « dial tcp 127.0.0.1:8000: connect: connection refused »") {
		t.Errorf("untranslated evidence not quoted:\n%s", got)
	}
	if got := verifySection(in, msg.For(English)); !strings.Contains(got, "(required): dial tcp 127.0.0.1:8000: connect: connection refused\n") {
		t.Errorf("English evidence changed:\n%s", got)
	}
}
