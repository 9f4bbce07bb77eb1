package rules_test

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/labctl/labctl/internal/config"
	"github.com/labctl/labctl/internal/discover"
	"github.com/labctl/labctl/internal/discover/enginetest"
	"github.com/labctl/labctl/internal/lint"
	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
	"github.com/labctl/labctl/internal/msg/msgtest"
	"github.com/labctl/labctl/internal/render"
	"github.com/labctl/labctl/internal/rules"
	"github.com/labctl/labctl/internal/testbed"
	"github.com/labctl/labctl/internal/testutil"
	"github.com/labctl/labctl/internal/validate"
)

var groupedDigits = regexp.MustCompile(`\d[\s\x{a0}\x{202f}]\d{3}\b`)

// fixture is a case's expect.yaml (README.md).
type fixture struct {
	Edits []struct{ File, Old, New string } `yaml:"edits"`
	At    *string                           `yaml:"at"`
	Key   string                            `yaml:"key"`
	Says  []string                          `yaml:"says"`
	In    string                            `yaml:"in"`
	State map[string]string                 `yaml:"state"`
	Logs  map[string]string                 `yaml:"logs"`
	// Blocks: the first of verify's causes for that check is the rule's.
	Blocks string `yaml:"blocks"`
	// Validate runs the images' validators as lint does when Docker
	// answers (the test bed's otelcol and promtool, as processes).
	Validate bool `yaml:"validate"`
	// Severity, when set, is the finding's (a rule that says a cause
	// less surely in some cases gives a warning there).
	Severity string `yaml:"severity"`
}

// pending are the rules without fixtures yet, and why: the list only
// shrinks (TestEveryRuleHasFixtures).
var pending = map[string]string{}

// rawMessages are rules whose message is the tool's own words, verbatim.
var rawMessages = map[string]bool{"LAB015": true, "LAB051": true}

// catalogOf are the rules whose catalog entries another rule's prefix
// holds (a family that shares its sentences).
var catalogOf = map[string]string{"LAB020": "rule.config_not_read.", "LAB021": "rule.config_not_read.", "LAB060": "rule.LAB050."}

// TestEveryRuleHasFixtures: adding a rule is its file, its fixtures and its
// catalog entries; a rule without them fails here.
func TestEveryRuleHasFixtures(t *testing.T) {
	keys := strings.Join(msg.Keys(), "\n")
	walk := rules.WalkKeys()
	for _, r := range rules.All() {
		// The walk's sentences (LAB1xx) are found by walking verify's
		// snapshot of the pipeline, not in files or logs: no fixture
		// project shows them; checks' TestEveryWalkSentenceHasARule and its
		// truth tests cover them. Only the walk's family is exempt.
		if _, sentence := walk[r.ID]; r.Walk != sentence {
			t.Errorf("%s: marked Walk %v, a walk sentence %v", r.ID, r.Walk, sentence)
		}
		if _, ok := pending[r.ID]; !ok && !r.Walk {
			for _, c := range []string{"fires/expect.yaml", "near"} {
				if _, err := os.Stat(filepath.Join("testdata", r.ID, c)); err != nil {
					t.Errorf("%s has no testdata/%s/%s", r.ID, r.ID, c)
				}
			}
		}
		prefix := "rule." + r.ID + "."
		if p, ok := catalogOf[r.ID]; ok {
			prefix = p
		}
		if !rawMessages[r.ID] && !strings.Contains(keys, prefix) {
			t.Errorf("%s has no catalog entry rule.%s.*", r.ID, r.ID)
		}
		// Its generic fix is said in every language: the catalog's, not
		// an English Fix set in the rule's file.
		fix := r.GenericFix()
		if fix.IsZero() {
			continue // a rule with no generic fix (LAB079 quotes Compose)
		}
		if fix.Key == "" || fix.English() != r.Fix {
			t.Errorf("%s: its generic fix has no catalog entry rule.%s.fix_generic in internal/msg/catalog_fixes.go (Fix %q)", r.ID, r.ID, r.Fix)
		} else if fr := msg.For(msg.French).Text(fix); fr == r.Fix || len(msgtest.EnglishWords(fr)) > 0 {
			t.Errorf("%s: generic fix not in French: %q %v", r.ID, fr, msgtest.EnglishWords(fr))
		}
	}
	for id := range pending {
		if _, err := os.Stat(filepath.Join("testdata", id, "fires")); err == nil {
			t.Errorf("%s has fixtures now: take it off pending", id)
		}
	}
}

// TestRuleFixtures builds each rule's fixtures as lint and verify build a
// lab (lint.Run; discover.Discover on an engine running the project, then
// Diagnose and the log watch's FromLog) and checks that the rule fires
// where fires/expect.yaml says, and not on the near miss.
func TestRuleFixtures(t *testing.T) {
	for _, r := range rules.All() {
		if _, ok := pending[r.ID]; ok || r.Walk {
			continue
		}
		// fires/ and near/, and more of each where a rule has several
		// causes (fires-default/, near-ipv6/).
		cases, _ := os.ReadDir(filepath.Join("testdata", r.ID))
		for _, c := range cases {
			name := c.Name()
			if !c.IsDir() || !strings.HasPrefix(name, "fires") && !strings.HasPrefix(name, "near") {
				continue
			}
			dir := filepath.Join("testdata", r.ID, name)
			t.Run(r.ID+"/"+name, func(t *testing.T) { runFixture(t, r, dir, strings.HasPrefix(name, "fires")) })
		}
	}
}

func runFixture(t *testing.T, r *rules.Rule, dir string, fires bool) {
	var fx fixture
	if data, err := os.ReadFile(filepath.Join(dir, "expect.yaml")); err == nil {
		if err := yaml.Unmarshal(data, &fx); err != nil {
			t.Fatalf("expect.yaml: %v", err)
		}
	} else if fires {
		t.Fatal(err)
	}
	project := build(t, dir, fx)
	ctx := context.Background()
	sides := map[string][]rules.Finding{}
	in := fx.In
	if in == "" {
		in = defaultSide(r)
	}
	if in == "lint" || in == "both" {
		o := lint.Options{Dir: project}
		if fx.Validate {
			o.Validator = &validate.Process{Otelcol: testbed.Bin(t, "otelcol"), Promtool: testbed.Bin(t, "promtool")}
		}
		res, err := lint.Run(ctx, o)
		if err != nil {
			t.Fatal(err)
		}
		sides["lint"] = res.Findings
	}
	if in == "verify" || in == "both" {
		sides["verify"] = verifyFindings(t, project, dir, fx)
	}
	for side, fs := range sides {
		got := findingsOf(fs, r.ID)
		if !fires {
			for _, f := range got {
				t.Errorf("%s: the near miss fires %s: %s", side, r.ID, f.Text())
			}
			continue
		}
		if len(got) == 0 {
			t.Errorf("%s: %s does not fire; findings:%s", side, r.ID, dump(fs))
			continue
		}
		f, ok := matching(got, fx)
		if !ok {
			t.Errorf("%s: no %s at %q key %q saying %q; got:%s", side, r.ID, deref(fx.At), fx.Key, fx.Says, dump(got))
			continue
		}
		t.Logf("%s: %s", side, f.Text())
		if fx.Severity != "" && string(f.Severity) != fx.Severity {
			t.Errorf("%s: %s is a %s, want a %s: %s", side, r.ID, f.Severity, fx.Severity, f.Text())
		}
		if fx.Blocks != "" && side == "verify" {
			for _, g := range fs {
				if g.BlocksCheck(fx.Blocks) {
					if g.Rule != r.ID {
						t.Errorf("verify: %s's first cause is %s, not %s: %s", fx.Blocks, g.Rule, r.ID, g.Text())
					}
					break
				}
			}
		}
		// Through the catalog, in both languages, and a port stays a port
		// in French (no "4 317").
		fr := msg.For(msg.French).Text(f.Diagnosis())
		if !rawMessages[r.ID] && (f.Message.Key == "" || strings.Contains(fr, "MISSING") || strings.Contains(fr, "%!") || groupedDigits.MatchString(fr)) {
			t.Errorf("%s: not through the catalog, or not in French: %s / %s", side, f.Text(), fr)
		}
	}
}

// defaultSide is where a rule's findings are said: lint for the file
// rules and the validators', verify for the containers', the
// expectations' and the logs', both for a rule that reads what every lab
// has.
func defaultSide(r *rules.Rule) string {
	switch {
	case r.Log != nil || r.Needs&(rules.NeedContainers|rules.NeedExpectations) != 0:
		return "verify"
	case r.Check == nil || r.Needs&rules.NeedFiles != 0:
		return "lint"
	}
	return "both"
}

// verifyFindings builds the lab as verify does for a project on disk:
// discovery on the engine that runs it, the lab's causes with their proof
// from the logs (Diagnose), and what the log watch finds in the logs
// (FromLog, on the lab of the files).
func verifyFindings(t *testing.T, project, dir string, fx fixture) []rules.Finding {
	ctx := context.Background()
	files, err := lint.Load(ctx, project, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	logs := map[string]string{}
	for svc, file := range fx.Logs {
		data, err := os.ReadFile(filepath.Join(dir, file))
		if err != nil {
			t.Fatal(err)
		}
		logs[svc] = string(data)
	}
	// The project is on disk: discovery locates what it reads in its files.
	l, err := discover.Discover(ctx, enginetest.FromFiles(files, "fixture", fx.State, logs), discover.Options{Project: "fixture", Files: files.Files})
	if err != nil {
		t.Fatal(err)
	}
	fs := rules.Diagnose(l, func(service string) []string {
		if s, ok := logs[service]; ok {
			return strings.Split(s, "\n")
		}
		return nil
	})
	names := make([]string, 0, len(logs))
	for svc := range logs {
		names = append(names, svc)
	}
	sort.Strings(names)
	for _, svc := range names {
		fs = append(fs, rules.FromLog(files, svc, logs[svc])...)
	}
	return fs
}

// baseProject is the course's project (test/student/project): every
// fixture is it with a few changes.
var baseProject = filepath.Join("..", "..", "test", "student", "project")

// build lays the case's files over the course's project and applies its
// edits.
func build(t *testing.T, dir string, fx fixture) string {
	t.Helper()
	dst := t.TempDir()
	testutil.CopyTree(t, baseProject, dst, nil)
	testutil.CopyTree(t, dir, dst, func(rel string) bool { return rel == "expect.yaml" || strings.HasSuffix(rel, ".log") })
	for _, e := range fx.Edits {
		testutil.Edit(t, dst, e.File, e.Old, e.New)
	}
	return dst
}

func findingsOf(fs []rules.Finding, id string) []rules.Finding {
	var out []rules.Finding
	for _, f := range fs {
		if f.Rule == id {
			out = append(out, f)
		}
	}
	return out
}

// matching is the finding at fx's place, with its key and its words.
func matching(fs []rules.Finding, fx fixture) (rules.Finding, bool) {
	for _, f := range fs {
		if fx.At != nil && f.Where() != *fx.At || fx.Key != "" && f.Key != fx.Key {
			continue
		}
		text := f.Diagnosis().English() + " " + f.Text()
		ok := true
		for _, w := range fx.Says {
			ok = ok && strings.Contains(text, w)
		}
		if ok {
			return f, true
		}
	}
	return rules.Finding{}, false
}

func dump(fs []rules.Finding) string {
	var b strings.Builder
	for _, f := range fs {
		b.WriteString("\n  " + f.Text())
	}
	if len(fs) == 0 {
		b.WriteString(" none")
	}
	return b.String()
}

func deref(s *string) string {
	if s == nil {
		return "(anywhere)"
	}
	return *s
}

// labctl's own lab, as rendering describes it, shows verify no cause, in
// either topology: the rules read its model as they read a discovered one.
func TestLabctlsOwnLabIsClean(t *testing.T) {
	for _, topo := range []model.Topology{model.TopologyCollector, model.TopologyDirect} {
		cfg := config.Default()
		cfg.Topology = topo
		l, err := render.Describe(cfg)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range rules.OfLab(l) {
			t.Errorf("%s: %s", topo, f.Text())
		}
	}
}
