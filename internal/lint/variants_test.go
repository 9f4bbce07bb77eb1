package lint

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/labctl/labctl/internal/rules"
	"github.com/labctl/labctl/internal/testutil"
)

// edit is one change of a variant (test/student/variants/*.yaml).
type edit struct {
	File string `yaml:"file"`
	Old  string `yaml:"old"`
	New  string `yaml:"new"`
	Copy string `yaml:"copy"`
}

// expect is what a right diagnosis names.
type expect struct {
	File     string `yaml:"file"`
	Line     string `yaml:"line"`
	Rule     string `yaml:"rule"`
	Cause    string `yaml:"cause"`
	Fix      string `yaml:"fix"`
	Severity string `yaml:"severity"`
}

type variant struct {
	Name            string  `yaml:"name"`
	Source          string  `yaml:"source"`
	Edits           []edit  `yaml:"edits"`
	Expect          *expect `yaml:"expect"`
	ValidatorExpect *expect `yaml:"validator_expect"`
}

func root(t *testing.T) string {
	t.Helper()
	dir, _ := os.Getwd()
	return filepath.Join(dir, "..", "..")
}

func loadVariants(t *testing.T, name string) []variant {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(root(t), "test", "student", "variants", name))
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Variants []variant `yaml:"variants"`
	}
	if err := yaml.Unmarshal(data, &f); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return f.Variants
}

// project copies test/student/project into a temporary folder and applies
// the edits, as test/student's variants are applied.
func project(t *testing.T, edits []edit) string {
	t.Helper()
	dst := t.TempDir()
	testutil.CopyTree(t, filepath.Join(root(t), "test", "student", "project"), dst, nil)
	for _, e := range edits {
		if e.Copy != "" {
			testutil.Edit(t, dst, e.File, "", testutil.Read(t, filepath.Join(dst, e.Copy)))
			continue
		}
		testutil.Edit(t, dst, e.File, e.Old, e.New)
	}
	return dst
}

// lineNumber is the first line of file holding text.
func lineNumber(t *testing.T, dir, file, text string) int {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, file))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	for i, l := range lines { // a whole line first, then a part of one
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

// match finds the finding that fulfils e, or says what came instead.
func match(t *testing.T, dir string, fs []rules.Finding, e *expect) (rules.Finding, bool) {
	t.Helper()
	line := lineNumber(t, dir, e.File, e.Line)
	sev := rules.Error
	if e.Severity != "" {
		sev = rules.Severity(e.Severity)
	}
	for _, f := range fs {
		if f.File == e.File && f.Line == line && (e.Rule == "" || f.Rule == e.Rule) && f.Severity == sev &&
			strings.Contains(f.Message.English()+" "+f.Quote, e.Cause) && strings.Contains(f.Fix.English(), e.Fix) {
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

// TestUpstreamVariants: each mistake from an upstream report is named by
// lint without Docker: its file, its line, its cause and its fix.
func TestUpstreamVariants(t *testing.T) {
	for _, v := range loadVariants(t, "upstream.yaml") {
		if v.Expect == nil {
			continue
		}
		t.Run(v.Name, func(t *testing.T) {
			dir := project(t, v.Edits)
			res, err := Run(context.Background(), Options{Dir: dir})
			if err != nil {
				t.Fatal(err)
			}
			if f, ok := match(t, dir, res.Findings, v.Expect); ok {
				t.Log(f.Text())
			} else {
				t.Errorf("want %s at %s line %q, cause %q, fix %q; got:%s", v.Expect.Rule, v.Expect.File, v.Expect.Line, v.Expect.Cause, v.Expect.Fix, dump(res.Findings))
			}
		})
	}
}

// TestWorkingProjectIsClean: the course's project has no error (warnings
// and notes are allowed: Jaeger v1, the otlp alias).
func TestWorkingProjectIsClean(t *testing.T) {
	dir := project(t, nil)
	res, err := Run(context.Background(), Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if rules.HasError(res.Findings) {
		t.Errorf("the working project has errors:%s", dump(res.Findings))
	}
}
