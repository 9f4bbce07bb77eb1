package checks

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// Each hand-built diagnosis case (walkCases) names the run on real
// components that shows the same diagnosis: a broken variant of the student
// project (test/student/variants), a subtest of TestVerifyRealLab (real
// processes) or an end-to-end test. Those runs assert the diagnosis; this
// keeps the names true when a test is renamed or a variant removed.
func TestRealRunsBackTheDiagnoses(t *testing.T) {
	real := realRuns(t)
	for _, c := range walkCases() {
		switch {
		case c.real == "":
			t.Errorf("%q names no real run: add one (a variant, a TestVerifyRealLab subtest) and name it", c.name)
		case !real(c.real):
			t.Errorf("%q is backed by %q: no such variant (variants.yaml), TestVerifyRealLab subtest or e2e test", c.name, c.real)
		}
	}
}

// realRuns says whether a name ("variant NAME", "TestVerifyRealLab/SUB[/SUB]",
// "e2e TestNAME") is a real run in this repository.
func realRuns(t *testing.T) func(string) bool {
	t.Helper()
	read := func(path string) string {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	var vf struct {
		Variants []struct{ Name string } `yaml:"variants"`
	}
	if err := yaml.Unmarshal([]byte(read("../../test/student/variants/variants.yaml")), &vf); err != nil {
		t.Fatal(err)
	}
	variants := map[string]bool{}
	for _, v := range vf.Variants {
		variants[v.Name] = true
	}
	subtests := map[string]bool{}
	src := read("verify_real_test.go")
	for _, m := range regexp.MustCompile(`t\.Run\("([^"]+)"`).FindAllStringSubmatch(src, -1) {
		subtests[strings.ReplaceAll(m[1], " ", "_")] = true
	}
	e2e := map[string]bool{}
	files, _ := filepath.Glob("../../test/e2e/*_test.go")
	for _, f := range files {
		for _, m := range regexp.MustCompile(`(?m)^func (Test\w+)\(t \*testing\.T\)`).FindAllStringSubmatch(read(f), -1) {
			e2e[m[1]] = true
		}
	}
	if len(variants) == 0 || len(subtests) == 0 || len(e2e) == 0 {
		t.Fatalf("found %d variants, %d subtests, %d e2e tests: the layout changed", len(variants), len(subtests), len(e2e))
	}
	return func(name string) bool {
		switch kind, rest, _ := strings.Cut(name, " "); {
		case kind == "variant":
			return variants[rest]
		case kind == "e2e":
			return e2e[rest]
		}
		parts := strings.Split(name, "/")
		if parts[0] != "TestVerifyRealLab" || len(parts) < 2 {
			return false
		}
		for _, p := range parts[1:] {
			if !subtests[strings.ReplaceAll(p, " ", "_")] {
				return false
			}
		}
		return true
	}
}
