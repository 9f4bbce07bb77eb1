package grade

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDefaultRubric(t *testing.T) {
	r := DefaultRubric()
	if r.Lang != "fr" || r.Title != "Évaluation" || r.Source != "" {
		t.Errorf("lang %q title %q source %q", r.Lang, r.Title, r.Source)
	}
	var names []string
	for _, g := range r.Groups {
		names = append(names, g.Name)
	}
	if got := strings.Join(names, ","); got != "Traces,Collector,Métriques,Rapport" {
		t.Errorf("groups = %s", got)
	}
	proved := map[string]bool{}
	main := 0
	for _, c := range r.Criteria() {
		for _, id := range c.Proof.Checks {
			proved[id] = true
		}
		if c.Proof.Report != "" {
			proved[c.Proof.Report] = true
		}
		if c.Proof.OnTime {
			proved["on_time"] = true
		}
		if c.Main {
			main++
		}
		if c.Line == 0 {
			t.Errorf("%s: no line", c.ID)
		}
	}
	for _, id := range []string{"http_server_span", "jaeger_service", "collector_pipeline", "db_client_span", "prometheus_scrape",
		"postgresql_commits", "postgresql_rows", "estimate_table", "total_matches", "mr_link", "pull_push", "scenario", "on_time"} {
		if !proved[id] {
			t.Errorf("nothing in the default rubric is proved by %s", id)
		}
	}
	if n := len(r.Criteria()); n < 10 || n > 12 || main < 5 {
		t.Errorf("%d criteria, %d main", n, main)
	}
	// A copy: changing it leaves the next one intact.
	r.Groups[0].Criteria[0].Text = "changed"
	if DefaultRubric().Groups[0].Criteria[0].Text == "changed" {
		t.Error("DefaultRubric shares its criteria")
	}
	// What `labctl init --rubric` writes parses to the same rubric.
	again, err := ParseRubric(DefaultRubricYAML(), "rubric.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(again.Criteria()) != len(DefaultRubric().Criteria()) || again.Source != "rubric.yaml" {
		t.Errorf("DefaultRubricYAML parses to %d criteria", len(again.Criteria()))
	}
}

func TestNoteTable(t *testing.T) {
	r := DefaultRubric()
	for met, want := range []float64{1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5, 5.5, 6, 6, 6} {
		if got := r.Note(met); got != want {
			t.Errorf("Note(%d) = %g, want %g", met, got, want)
		}
	}
	if got := r.Note(-1); got != 1 {
		t.Errorf("Note(-1) = %g", got)
	}
	var none *Rubric
	if none.Note(4) != 3 || none.Note(20) != 6 {
		t.Errorf("the default formula: %g %g", none.Note(4), none.Note(20))
	}
	custom, err := ParseRubric([]byte(base+`notes:
  - {met: 0, note: 1}
  - {met: 1, note: 4}
  - {met: 2, note: 6}
`), "r.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for met, want := range []float64{1, 4, 6, 6} {
		if got := custom.Note(met); got != want {
			t.Errorf("custom Note(%d) = %g, want %g", met, got, want)
		}
	}
	// Without a table: the course's, cut at the number of criteria.
	short, err := ParseRubric([]byte(base), "r.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(short.Notes) != 3 || short.Note(2) != 2 {
		t.Errorf("default table for 2 criteria: %+v", short.Notes)
	}
}

// base is a valid rubric of two criteria; the error cases change it.
const base = `title: Grille
lang: en
groups:
  - name: Traces
    criteria:
      - id: a
        text: Spans arrive
        main: true
        check: http_server_span
      - id: b
        text: MR link
        report: mr_link
`

func TestParseRubricErrors(t *testing.T) {
	tests := []struct {
		name, yaml, want string
	}{
		{"unknown top key", "titel: x\n" + base, `r.yaml:1: unknown key "titel" in the rubric; valid keys: title, lang, groups, notes`},
		{"unknown criterion key", strings.Replace(base, "        main: true\n", "        main: true\n        weight: 2\n", 1),
			`r.yaml:9: unknown key "weight" in a criterion`},
		{"unknown check", strings.Replace(base, "check: http_server_span", "check: spans_arrive", 1),
			`r.yaml:9: unknown verify check "spans_arrive"; use one of: backend_traffic,`},
		{"unknown check in a list", strings.Replace(base, "check: http_server_span", "check: [http_server_span, postgresql_row]", 1),
			`r.yaml:9: unknown verify check "postgresql_row"`},
		{"unknown finding", strings.Replace(base, "report: mr_link", "report: merge_request", 1),
			`r.yaml:12: unknown report finding "merge_request"; use one of: report_present, estimate_table`},
		{"duplicate id", strings.Replace(base, "- id: b", "- id: a", 1),
			`r.yaml:10: criterion id "a" is already used at line 6`},
		{"two proofs", strings.Replace(base, "report: mr_link", "report: mr_link\n        check: jaeger_service", 1),
			`r.yaml:10: criterion "b" has two proofs (report and check)`},
		{"no proof", strings.Replace(base, "        report: mr_link\n", "", 1),
			`r.yaml:10: criterion "b" says nothing about what proves it`},
		{"duplicate key", strings.Replace(base, "        text: MR link\n", "        text: MR link\n        text: again\n", 1),
			`r.yaml:12: key "text" is given twice in a criterion (first at line 11)`},
		{"no text", strings.Replace(base, "        text: MR link\n", "", 1), `r.yaml:10: criterion "b" has no text`},
		{"bad bool", strings.Replace(base, "main: true", "main: oui", 1), `r.yaml:8: main takes true or false, not "oui"`},
		{"on_time false", strings.Replace(base, "report: mr_link", "on_time: false", 1), `r.yaml:12: on_time: false proves nothing`},
		{"bad lang", strings.Replace(base, "lang: en", "lang: de", 1), `r.yaml:2: lang "de" is not a language labctl writes; use fr or en`},
		{"bad id", strings.Replace(base, "- id: b", "- id: Mon critère", 1), `r.yaml:10: criterion id "Mon critère" must be lowercase`},
		{"no groups", "title: x\n", `r.yaml:1: the rubric has no groups`},
		{"empty group", base + "  - name: Vide\n    criteria: []\n", `r.yaml:13: group "Vide" has no criteria`},
		{"group without name", base + "  - criteria:\n      - {id: c, text: C, report: scenario}\n", `r.yaml:13: this group has no name`},
		{"groups not a list", "groups: {name: x}\n", `r.yaml:1: groups must be a list`},
		{"yaml syntax", "groups: [\n", "r.yaml:1: did not find expected node content; fix the YAML syntax"},
		{"empty", "", "r.yaml is empty"},
		{"notes not monotonic", base + "notes:\n  - {met: 0, note: 1}\n  - {met: 1, note: 4}\n  - {met: 2, note: 3.5}\n",
			`r.yaml:16: the note must not go down as more criteria are met: 3.5 for 2 after 4 for 1`},
		{"notes skip a count", base + "notes:\n  - {met: 0, note: 1}\n  - {met: 2, note: 4}\n",
			`r.yaml:15: notes rows must count met up by one from 0: this row says 2 after 0`},
		{"notes not from 0", base + "notes:\n  - {met: 1, note: 1}\n", `r.yaml:14: the notes table must start at met: 0`},
		{"notes beyond the criteria", base + "notes:\n  - {met: 0, note: 1}\n  - {met: 1, note: 2}\n  - {met: 2, note: 3}\n  - {met: 3, note: 6}\n",
			`r.yaml:17: the notes table goes up to 3 criteria met but the rubric has 2; end the table at met: 2`},
		{"note out of range", base + "notes:\n  - {met: 0, note: 0}\n", `r.yaml:14: note takes a note from 1 to 6 (like 4.5), not "0"`},
		{"met not a number", base + "notes:\n  - {met: deux, note: 1}\n", `r.yaml:14: met takes a whole number of criteria`},
		{"notes row incomplete", base + "notes:\n  - {met: 0}\n", `r.yaml:14: a notes row needs both met: and note:`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseRubric([]byte(tt.yaml), "/teacher/r.yaml")
			if err == nil {
				t.Fatalf("no error for\n%s", tt.yaml)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error:\n  %v\nwant it to contain:\n  %s", err, tt.want)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error on several lines: %q", err)
			}
		})
	}
}

func TestParseRubricValues(t *testing.T) {
	r, err := ParseRubric([]byte(strings.Replace(base, "check: http_server_span", "check: [postgresql_commits, postgresql_rows]", 1)), "r.yaml")
	if err != nil {
		t.Fatal(err)
	}
	c := r.Groups[0].Criteria
	if c[0].Proof.Check != "postgresql_commits" || len(c[0].Proof.Checks) != 2 || !c[0].Main || c[0].Line != 6 {
		t.Errorf("criterion a: %+v", c[0])
	}
	if c[1].Proof.Report != "mr_link" || c[1].Main {
		t.Errorf("criterion b: %+v", c[1])
	}
	// lang and title default to the course's.
	fr, err := ParseRubric([]byte(strings.Replace(strings.Replace(base, "title: Grille\n", "", 1), "lang: en\n", "", 1)), "r.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if fr.Lang != "fr" || fr.Title != "Évaluation" {
		t.Errorf("defaults: %q %q", fr.Lang, fr.Title)
	}
}

func TestLoadRubric(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "rubric.yaml")
	if err := os.WriteFile(path, DefaultRubricYAML(), 0o644); err != nil {
		t.Fatal(err)
	}
	r, err := LoadRubric(path)
	if err != nil || r.Source != path {
		t.Fatalf("LoadRubric: %v, %+v", err, r)
	}
	_, err = LoadRubric(filepath.Join(dir, "missing.yaml"))
	if err == nil || !strings.Contains(err.Error(), "does not exist; check the --rubric path") {
		t.Errorf("missing: %v", err)
	}
}
