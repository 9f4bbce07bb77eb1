package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/labctl/labctl/internal/checks"
	"github.com/labctl/labctl/internal/testbed"
)

// The broken variants taken from upstream reports (upstream.yaml) and the
// held-out ones (heldout.yaml), which internal/lint checks from the files,
// run here for real: started with Docker Compose v2 from the test bed, then
// `labctl verify`. verify must give the status vector the variant's
// breaks: says (measured by running it) and name, on its own, the rule,
// file and line lint names.

// lintExpect is a variant's expect: (or validator_expect:), as
// internal/lint reads it.
type lintExpect struct {
	File     string `yaml:"file"`
	Line     string `yaml:"line"`
	Rule     string `yaml:"rule"`
	Cause    string `yaml:"cause"`
	Fix      string `yaml:"fix"`
	Severity string `yaml:"severity"`
}

type upstreamVariant struct {
	Name  string `yaml:"name"`
	Edits []edit `yaml:"edits"`
	// Breaks is what the variant really breaks when run (nil: never
	// measured, which fails; empty: nothing, verify passes).
	Breaks *[]string `yaml:"breaks"`
	// CollectorExits: the Collector refuses its config and exits; verify
	// must still give its verdict, saying so from the Collector's log.
	CollectorExits bool        `yaml:"collector_exits"`
	Expect         *lintExpect `yaml:"expect"`
	// ValidatorExpect is what the image's validator names; the
	// Collector's own log says the same when it refuses the config.
	ValidatorExpect *lintExpect `yaml:"validator_expect"`
	// VerifyGap is where verify, measured, falls short of breaks: and
	// expect:; the test asserts what verify gives today, so that it fails
	// once verify is right (then remove the gap).
	VerifyGap *verifyGap `yaml:"verify_gap"`
}

// verifyGap is what verify gives today where it is wrong: the lead's
// list of diagnoses to rework, not a goal.
type verifyGap struct {
	// Said is what verify says instead of what lint names (one line).
	Said string `yaml:"said"`
	// Unnamed: verify does not name expect:'s rule, file and line.
	Unnamed bool `yaml:"unnamed"`
	// Exit is verify's exit code, where it differs from breaks:'s.
	Exit *int `yaml:"exit"`
	// Statuses are the checks whose status differs from breaks:'s vector.
	Statuses map[string]checks.Status `yaml:"statuses"`
}

func loadUpstream(t *testing.T, file string) []upstreamVariant {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(moduleRoot(t), "test", "student", "variants", file))
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Variants []upstreamVariant `yaml:"variants"`
	}
	if err := yaml.Unmarshal(data, &f); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	if len(f.Variants) == 0 {
		t.Fatalf("%s holds no variant", file)
	}
	return f.Variants
}

// nameExpect is what verify must name for v: its expect:, else (a mistake
// only the validator sees) its validator_expect:.
func (v upstreamVariant) nameExpect() *lintExpect {
	if v.Expect != nil {
		return v.Expect
	}
	return v.ValidatorExpect
}

// upstreamStatuses is the vector v's breaks: gives; an empty breaks: is
// the working project's.
func upstreamStatuses(t *testing.T, v upstreamVariant) map[string]checks.Status {
	t.Helper()
	if v.Breaks == nil {
		// Run it all the same: the log says what it breaks.
		t.Errorf("%s has no breaks: (TestUpstreamVariantsVerify logs what it fails, measured:; [] for nothing)", v.Name)
		return nil
	}
	if len(*v.Breaks) == 0 {
		return studentWorking()
	}
	return variantStatuses(t, *v.Breaks)
}

// pullable maps the images a variant writes literally (nothing can be
// pulled here) to the test bed's image of the same version.
var pullable = map[string]string{
	"jaegertracing/jaeger:2.13.0": testbed.ImageJaeger,
}

func TestUpstreamVariantsVerify(t *testing.T) {
	t.Parallel() // its subtests start as the package's gates let them (schedule_test.go)
	for _, file := range []string{"upstream.yaml", "heldout.yaml"} {
		t.Run(strings.TrimSuffix(file, ".yaml"), func(t *testing.T) {
			for _, v := range loadUpstream(t, file) {
				t.Run(v.Name, func(t *testing.T) {
					runUpstreamVariant(t, v)
				})
			}
		})
	}
}

func runUpstreamVariant(t *testing.T, v upstreamVariant) {
	want := upstreamStatuses(t, v)
	exp := v.nameExpect()
	if exp == nil {
		t.Fatalf("%s has neither expect: nor validator_expect:", v.Name)
	}
	t.Parallel()
	takeSlot(t)
	p := newStudentProject(t, v.Name, nil)
	for _, e := range v.Edits {
		p.edit(e)
	}
	for literal, local := range pullable {
		replaceIn(t, filepath.Join(p.dir, "compose.yml"), literal, local)
	}
	p.up(true)
	start := time.Now()
	r, res := p.verify("--timeout", "45s")
	took := time.Since(start)
	t.Logf("measured: exit %d in %s, failing: %v", r.code, took.Round(time.Second), failing(res))

	gap := v.VerifyGap
	if gap == nil {
		gap = &verifyGap{}
	} else {
		t.Logf("known gap: %s", gap.Said)
	}
	wantCode := 1
	if want != nil && len(*v.Breaks) == 0 {
		wantCode = 0
	}
	if gap.Exit != nil {
		wantCode = *gap.Exit
	}
	if r.code != wantCode || res.Passed != (wantCode == 0) {
		t.Errorf("verify exit %d, passed %v; want %d", r.code, res.Passed, wantCode)
	}
	for id, st := range gap.Statuses {
		if want != nil {
			want[id] = st
		}
	}
	// Exit 2 is no verdict: there is no vector to compare.
	if want != nil && wantCode != 2 {
		wantStatuses(t, res, want)
	}

	// verify names, on its own, what lint names.
	line := lineOf(t, p.dir, exp.File, exp.Line)
	said, ok := names(r.stderr, exp, line)
	switch {
	case ok && gap.Unnamed:
		t.Errorf("verify now names %s at %s:%d (%s): remove verify_gap.unnamed", exp.Rule, exp.File, line, said)
	case ok:
		t.Logf("verify names it: %s", said)
	case !gap.Unnamed:
		t.Errorf("verify does not name %s at %s:%d, cause %q, fix %q; it said:\n%s", exp.Rule, exp.File, line, exp.Cause, exp.Fix, findingLines(r.stderr))
	}

	// A Collector that refuses its config still gives a verdict: the rule
	// that names its cause in the files, else its exit with its log's line.
	if v.CollectorExits && wantCode != 2 {
		root := rootDiagnosis(res)
		named := exp.Rule != "" && strings.Contains(root, exp.Rule) || strings.Contains(root, fmt.Sprintf("%s:%d ", exp.File, line))
		exited := strings.Contains(root, "otel-collector") && strings.Contains(root, "exited") && strings.Contains(root, "otel-collector log: ")
		if !named && !exited {
			t.Errorf("the Collector exited, and the root diagnosis neither names the rule lint gives (%q) nor its line (%s:%d) nor says so from its log: %s", exp.Rule, exp.File, line, root)
		}
	}
	if wantCode == 1 && took > 60*time.Second {
		t.Errorf("a red verify took %s", took)
	}
}

// names finds, among verify's progress lines, the finding at file:line
// with exp's rule, severity, cause and fix; it returns the line.
func names(stderr string, exp *lintExpect, line int) (string, bool) {
	sev := exp.Severity
	if sev == "" {
		sev = "error"
	}
	head := fmt.Sprintf("verify: %s:%d: %s ", exp.File, line, sev)
	if exp.Rule != "" {
		head += exp.Rule + ":"
	}
	for _, l := range strings.Split(stderr, "\n") {
		if !strings.HasPrefix(l, head) {
			continue
		}
		fix := ""
		if i := strings.Index(l, "; fix: "); i >= 0 {
			fix = l[i:]
		}
		if strings.Contains(l, exp.Cause) && strings.Contains(fix, exp.Fix) {
			return strings.TrimPrefix(l, "verify: "), true
		}
	}
	return "", false
}

// findingLines are verify's progress lines that carry a rule.
func findingLines(stderr string) string {
	var out []string
	for _, l := range strings.Split(stderr, "\n") {
		if strings.Contains(l, "(labctl explain ") {
			out = append(out, "  "+l)
		}
	}
	if len(out) == 0 {
		return "  none"
	}
	return strings.Join(out, "\n")
}

// rootDiagnosis is the diagnosis of the first failed required check that
// no other check blocks.
func rootDiagnosis(res checks.Result) string {
	for _, c := range res.Checks {
		if c.Status == checks.Fail && c.BlockedBy == "" && c.Level == checks.Required {
			return c.Diagnosis
		}
	}
	return ""
}

func failing(res checks.Result) []string {
	var ids []string
	for _, c := range res.Checks {
		if c.Status != checks.Pass {
			ids = append(ids, c.ID+"="+string(c.Status))
		}
	}
	slices.Sort(ids)
	return ids
}

// lineOf is the first line of file that is text, else that holds it (as
// internal/lint's tests find the line an expect: names).
func lineOf(t *testing.T, dir, file, text string) int {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, file))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	for i, l := range lines {
		if l == text {
			return i + 1
		}
	}
	for i, l := range lines {
		if strings.Contains(l, text) {
			return i + 1
		}
	}
	t.Fatalf("%s has no line with %q", file, text)
	return 0
}

func replaceIn(t *testing.T, path, old, new string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(strings.ReplaceAll(string(data), old, new)), 0o644); err != nil {
		t.Fatal(err)
	}
}

// Every upstream and held-out variant says, without Docker, what it breaks
// (a vector verify can give) and what verify must name; a verify_gap names
// only checks verify has.
func TestUpstreamVariantsHaveVectors(t *testing.T) {
	for _, file := range []string{"upstream.yaml", "heldout.yaml"} {
		for _, v := range loadUpstream(t, file) {
			t.Run(v.Name, func(t *testing.T) {
				upstreamStatuses(t, v)
				if v.nameExpect() == nil {
					t.Errorf("neither expect: nor validator_expect:")
				}
				if g := v.VerifyGap; g != nil {
					if g.Said == "" {
						t.Errorf("verify_gap without said:")
					}
					for id, st := range g.Statuses {
						if !slices.Contains(allChecks, id) || !slices.Contains([]checks.Status{checks.Pass, checks.Fail, checks.Skip}, st) {
							t.Errorf("verify_gap.statuses: %s: %s is no check and status of verify", id, st)
						}
					}
				}
			})
		}
	}
}
