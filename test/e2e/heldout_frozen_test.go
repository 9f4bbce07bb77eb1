package e2e

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// frozenDigests pins every variant of a frozen held-out set, first run
// included: a digest of the variant as the file holds it (its source,
// edits, breaks, expect and first_run:). Editing a frozen variant, adding
// one to a frozen set or removing one fails TestHeldOutFrozen.
//
// To retire a set (it was learned from: labctl was changed for one of its
// variants): set status: spent and learned_from: in the file, remove its
// entry here, and start a new heldout-N.yaml (status: frozen) of mistakes
// no test has, listed in heldOutFiles and measured once by
// TestHeldOutFirstRun; pin it here once every variant has its first_run.
var frozenDigests = map[string]map[string]string{
	// Set 2: written 2026-12-07 before labctl ran on it, measured once the same day.
	"heldout-2.yaml": {
		"backend-sampler-always-off":             "653503133728fe58",
		"jaeger-otlp-disabled":                   "1728bbf355151133",
		"otlp-receiver-http-only":                "7dd3c0eac44b3d6c",
		"prometheus-exporter-in-traces-pipeline": "c9c5fd0be31bb849",
		"prometheus-metrics-path-otlp":           "a7e86b7d07b6574a",
		"prometheus-scrape-localhost":            "4ca5be345ebe9a51",
	},
}

// digest is a frozen variant's fingerprint: its fields as read, marshalled
// back (so that comments and layout may change, not what it says).
func digest(t *testing.T, v heldOutVariant) string {
	t.Helper()
	data, err := yaml.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:8])
}

// A frozen held-out set is what was written before its first run, and that
// run's result as measured: TestHeldOutFrozen fails when either changes.
func TestHeldOutFrozen(t *testing.T) {
	for _, file := range heldOutFiles {
		set := loadHeldOut(t, file)
		pinned := frozenDigests[file]
		var names, measured []string
		got := map[string]string{}
		for _, v := range set.Variants {
			names = append(names, v.Name)
			if v.Expect == nil || v.Breaks == nil || v.Source == "" {
				t.Errorf("%s: %s: a held-out variant has its source, breaks: and expect: before it is run", file, v.Name)
			}
			if v.FirstRun != nil {
				measured = append(measured, v.Name)
				got[v.Name] = digest(t, v)
			}
		}
		switch {
		case set.Status == "spent":
			if set.LearnedFrom == "" {
				t.Errorf("%s: spent, but learned_from: does not say what was learned", file)
			}
			if pinned != nil {
				t.Errorf("%s is spent: remove its frozenDigests entry", file)
			}
			continue
		case set.Status != "frozen":
			t.Errorf("%s: status %q; a held-out set is frozen or spent", file, set.Status)
			continue
		}
		if pinned == nil {
			if len(measured) == len(names) {
				t.Errorf("%s: every variant has its first run: pin it in frozenDigests:\n%s", file, pinText(file, got))
			} else {
				t.Logf("%s: %d of %d variants measured; TestHeldOutFirstRun runs the others", file, len(measured), len(names))
			}
			continue
		}
		pinnedNames := slices.Sorted(maps.Keys(pinned))
		sorted := slices.Sorted(slices.Values(names))
		if !slices.Equal(pinnedNames, sorted) {
			t.Errorf("%s is frozen with the variants %v; it now holds %v: a frozen set takes no new variant and loses none (start heldout-N.yaml instead)", file, pinnedNames, sorted)
		}
		for _, n := range names {
			if want, ok := pinned[n]; ok && got[n] != want {
				t.Errorf("%s: %s was edited after it was frozen (digest %s, pinned %s): held-out variants and their first run are recorded once; to retire the set, see frozenDigests", file, n, got[n], want)
			}
		}
	}
}

func pinText(file string, got map[string]string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "\t%q: {\n", file)
	for _, n := range slices.Sorted(maps.Keys(got)) {
		fmt.Fprintf(&b, "\t\t%q: %q,\n", n, got[n])
	}
	b.WriteString("\t},")
	return b.String()
}
