package report

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/labctl/labctl/internal/model"
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
	if err != nil || len(r.Checks) != 5 || !r.Passed {
		t.Fatalf("LoadVerify(testdata) = %+v, %v", r, err)
	}
}

func TestVerifySectionNotesOtherTopology(t *testing.T) {
	in := fixture(t, English, true)
	in.Lab.Topology = model.TopologyDirect
	got := verifySection(in, labelsFor(English))
	if !strings.Contains(got, "this result is for the `collector` topology but labctl.yaml now says `direct`; rerun `labctl verify`") {
		t.Errorf("no topology note:\n%s", got)
	}
	in.Lab.Topology = model.TopologyCollector
	if got := verifySection(in, labelsFor(English)); strings.Contains(got, "rerun `labctl verify`") {
		t.Errorf("unexpected note:\n%s", got)
	}
}
