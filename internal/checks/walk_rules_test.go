package checks

import (
	"encoding/json"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/labctl/labctl/internal/msg"
	"github.com/labctl/labctl/internal/rules"
)

// Every sentence verify's walk can print has an ID `labctl explain` knows:
// each diag.* key a check's diagnosis says, over the walk cases and the
// generated snapshots (which reach every sentence: see
// TestDiagnosesNeverContradictTheirSnapshot), is a rule of rules/walk.go;
// each such rule is said by some snapshot, and blocks exactly the checks
// whose diagnosis says it; every other diag.* key of the catalog is only
// ever a part of a sentence (a start command, "no error recorded yet").
func TestEveryWalkSentenceHasARule(t *testing.T) {
	saidBy := map[string]map[string]bool{} // sentence key -> checks whose diagnosis says it
	nested := map[string]bool{}
	for _, g := range generatedSnapshots() {
		for name, f := range allExplainers() {
			d := f(g.s)
			if !d.ok() {
				continue
			}
			if saidBy[d.msg.Key] == nil {
				saidBy[d.msg.Key] = map[string]bool{}
			}
			if _, isCheck := explainers[name]; isCheck {
				saidBy[d.msg.Key][name] = true
			}
			for _, k := range keysIn(d.msg)[1:] {
				nested[k] = true
			}
		}
	}
	for key, by := range saidBy {
		r, ok := rules.Walk(key)
		if !ok {
			t.Errorf("verify can say %s with no rule: give it an ID in rules/walk.go", key)
			continue
		}
		if l, ok := rules.Lookup(r.ID); !ok || l != r {
			t.Errorf("%s (%s): labctl explain does not know it", r.ID, key)
		}
		got := make([]string, 0, len(by))
		for id := range by {
			got = append(got, id)
		}
		sort.Strings(got)
		want := slices.Clone(r.Blocks)
		sort.Strings(want)
		if !slices.Equal(got, want) {
			t.Errorf("%s (%s) blocks %v; the checks whose diagnosis says it are %v", r.ID, key, want, got)
		}
	}
	for id, key := range rules.WalkKeys() {
		if saidBy[key] == nil {
			t.Errorf("%s: no snapshot gets its sentence %s: a rule verify never says", id, key)
		}
	}
	for _, k := range diagKeys(t) {
		_, isRule := rules.Walk(k)
		if !isRule && (saidBy[k] != nil || !nested[k]) {
			t.Errorf("%s is in the catalog, but is neither a sentence with a rule nor a part of one", k)
		}
	}
}

// A failed check's walk diagnosis carries its rule into verify.json, and
// reads back with it; a diagnosis that is no walk sentence carries none.
func TestWalkDiagnosisCarriesItsRule(t *testing.T) {
	s := healthy()
	s.Collector.Accepted, s.Collector.Sent = 0, 0
	list := []Check{
		{ID: IDCollector, Diagnose: explainer(collectorDiagnosis).message},
		{ID: "own", Diagnose: func(Snapshot) msg.Message { return msg.Raw("own words") }},
	}
	out := []Outcome{{ID: IDCollector, Status: Fail}, {ID: "own", Status: Fail}}
	diagnose(out, list, s, nil)
	if out[0].Rule != "LAB104" || out[0].DiagnosisMsg == nil || out[0].DiagnosisMsg.Key != "diag.collector.no_spans" {
		t.Fatalf("collector: rule %q, diagnosis %+v", out[0].Rule, out[0].DiagnosisMsg)
	}
	if out[1].Rule != "" {
		t.Errorf("own words carry rule %q", out[1].Rule)
	}
	data, err := json.Marshal(out[0])
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), `"rule":"LAB104"`) {
		t.Errorf("verify.json: %s", data)
	}
}
