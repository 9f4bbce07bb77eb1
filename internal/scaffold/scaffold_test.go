package scaffold_test

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/rhysd/actionlint"
	"gopkg.in/yaml.v3"

	"github.com/labctl/labctl/internal/config"
	"github.com/labctl/labctl/internal/scaffold"
)

func fileByPath(t *testing.T, files []scaffold.File, path string) []byte {
	t.Helper()
	for _, f := range files {
		if f.Path == path {
			return f.Data
		}
	}
	t.Fatalf("no %s among %d files", path, len(files))
	return nil
}

// actionlintErrors is what actionlint, the reference linter for workflow
// syntax, expressions and well-known actions' inputs, finds in a workflow.
func actionlintErrors(t *testing.T, name string, data []byte) []*actionlint.Error {
	t.Helper()
	linter, err := actionlint.NewLinter(io.Discard, &actionlint.LinterOptions{})
	if err != nil {
		t.Fatal(err)
	}
	errs, err := linter.Lint(name, data, nil)
	if err != nil {
		t.Fatal(err)
	}
	return errs
}

// The starter labctl.yaml must mean exactly the defaults, and name every key.
func TestStarterConfigIsTheDefaults(t *testing.T) {
	dir := t.TempDir()
	files, err := scaffold.Files(scaffold.Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	data := fileByPath(t, files, "labctl.yaml")
	got, err := config.Parse(data, filepath.Join(dir, "labctl.yaml"))
	if err != nil {
		t.Fatalf("starter does not parse: %v\n%s", err, data)
	}
	want, err := config.Parse(nil, filepath.Join(dir, "labctl.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("starter differs from the defaults:\n got %+v\nwant %+v", got, want)
	}
	for _, key := range yamlKeys(reflect.TypeOf(config.Config{})) {
		if !bytes.Contains(data, []byte(key+":")) {
			t.Errorf("starter does not mention key %q", key)
		}
	}
}

func yamlKeys(t reflect.Type) []string {
	var keys []string
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := strings.Split(f.Tag.Get("yaml"), ",")[0]
		if tag == "" || tag == "-" {
			continue
		}
		keys = append(keys, tag)
		ft := f.Type
		for ft.Kind() == reflect.Pointer || ft.Kind() == reflect.Slice {
			ft = ft.Elem()
		}
		if ft.Kind() == reflect.Struct {
			keys = append(keys, yamlKeys(ft)...)
		}
	}
	return keys
}

// The GitHub workflow must pass actionlint, the reference linter for
// workflow syntax, expressions and well-known actions' inputs.
func TestGitHubWorkflowPassesActionlint(t *testing.T) {
	files, err := scaffold.Files(scaffold.Options{Dir: t.TempDir(), CI: scaffold.CIGitHub, Version: "v1.2.3"})
	if err != nil {
		t.Fatal(err)
	}
	data := fileByPath(t, files, filepath.Join(".github", "workflows", "labctl.yml"))
	for _, e := range actionlintErrors(t, "labctl.yml", data) {
		t.Errorf("actionlint: %s", e.Error())
	}
	// The linter really checks: a broken variant must be flagged.
	broken := bytes.Replace(data, []byte("runs-on: ubuntu-24.04"), []byte("runs-on: ubuntu-24.04\n    timeout-minutes: soon"), 1)
	if len(actionlintErrors(t, "broken.yml", broken)) == 0 {
		t.Error("actionlint accepted a workflow with a duplicate, non-numeric timeout-minutes")
	}
	for _, want := range []string{"cmd/labctl@v1.2.3", "labctl up", "labctl verify --junit labctl-junit.xml", "labctl down --volumes", "report_paths: labctl-junit.xml"} {
		if !bytes.Contains(data, []byte(want)) {
			t.Errorf("workflow lacks %q", want)
		}
	}
}

// gitlabJob is the subset of GitLab CI's job keywords the template may use;
// decoding with KnownFields rejects any misspelt or unknown keyword.
type gitlabJob struct {
	Stage    string `yaml:"stage"`
	Image    string `yaml:"image"`
	Services []struct {
		Name  string `yaml:"name"`
		Alias string `yaml:"alias"`
	} `yaml:"services"`
	Variables    map[string]string `yaml:"variables"`
	Timeout      string            `yaml:"timeout"`
	BeforeScript []string          `yaml:"before_script"`
	Script       []string          `yaml:"script"`
	AfterScript  []string          `yaml:"after_script"`
	Artifacts    struct {
		When    string   `yaml:"when"`
		Paths   []string `yaml:"paths"`
		Reports struct {
			JUnit       string `yaml:"junit"`
			CodeQuality string `yaml:"codequality"`
		} `yaml:"reports"`
	} `yaml:"artifacts"`
}

type gitlabCI struct {
	Stages []string  `yaml:"stages"`
	Job    gitlabJob `yaml:"labctl"`
}

func TestGitLabCIIsWellFormed(t *testing.T) {
	files, err := scaffold.Files(scaffold.Options{Dir: t.TempDir(), CI: scaffold.CIGitLab})
	if err != nil {
		t.Fatal(err)
	}
	data := fileByPath(t, files, ".gitlab-ci.yml")
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var ci gitlabCI
	if err := dec.Decode(&ci); err != nil {
		t.Fatalf("not valid GitLab CI for this schema: %v", err)
	}
	j := ci.Job
	if len(ci.Stages) != 1 || j.Stage != ci.Stages[0] {
		t.Errorf("job stage %q not among stages %v", j.Stage, ci.Stages)
	}
	if j.Variables["DOCKER_HOST"] != "tcp://docker:2375" || j.Variables[config.EnvHost] != "docker" || j.Variables[config.EnvPublishAddress] != "0.0.0.0" {
		t.Errorf("dind variables wrong: %v", j.Variables)
	}
	if len(j.Services) != 1 || j.Services[0].Alias != "docker" || !strings.Contains(j.Services[0].Name, "dind") {
		t.Errorf("services = %+v", j.Services)
	}
	if !strings.Contains(strings.Join(j.BeforeScript, "\n"), "cmd/labctl@latest") {
		t.Errorf("dev build should install @latest: %v", j.BeforeScript)
	}
	script := strings.Join(j.Script, "\n")
	if !strings.Contains(script, "labctl up") || !strings.Contains(script, "--junit "+j.Artifacts.Reports.JUnit) {
		t.Errorf("script %q does not write the JUnit report %q", script, j.Artifacts.Reports.JUnit)
	}
	if j.Artifacts.When != "always" || !strings.Contains(strings.Join(j.AfterScript, "\n"), "labctl down") {
		t.Errorf("artifacts/after_script must always run: %+v %v", j.Artifacts, j.AfterScript)
	}
}

func TestWorkflowPinsOnlyReleases(t *testing.T) {
	for version, want := range map[string]string{
		"v1.2.3": "@v1.2.3", "dev": "@latest", "": "@latest",
		"v0.0.0-20261126072109-7a0f20ba4143+dirty": "@latest", "v1.2.4-0.20261126072109-7a0f20ba4143": "@latest",
	} {
		files, err := scaffold.Files(scaffold.Options{Dir: t.TempDir(), CI: scaffold.CIGitLab, Version: version})
		if err != nil {
			t.Fatal(err)
		}
		if got := fileByPath(t, files, ".gitlab-ci.yml"); !bytes.Contains(got, []byte("cmd/labctl"+want+"\n")) {
			t.Errorf("version %q: workflow does not install labctl%s", version, want)
		}
	}
}

func TestWriteRefusesToOverwrite(t *testing.T) {
	dir := t.TempDir()
	mine := []byte("# my own workflow\n")
	wf := filepath.Join(dir, ".github", "workflows", "labctl.yml")
	if err := os.MkdirAll(filepath.Dir(wf), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(wf, mine, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := scaffold.Write(scaffold.Options{Dir: dir, CI: scaffold.CIGitHub})
	if err == nil || !strings.Contains(err.Error(), "already exists") || !strings.Contains(err.Error(), "--force") {
		t.Fatalf("err = %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "labctl.yaml")); !os.IsNotExist(err) {
		t.Error("labctl.yaml was written although the workflow was refused")
	}
	if got, _ := os.ReadFile(wf); !bytes.Equal(got, mine) {
		t.Error("the user's workflow was changed")
	}
	res, err := scaffold.Write(scaffold.Options{Dir: dir, CI: scaffold.CIGitHub, Force: true})
	if err != nil || len(res.Written) != 2 {
		t.Fatalf("force: %v %v", res, err)
	}
}

// init --ci in a folder with the student's labctl.yaml writes the workflow
// alone, and --force never resets labctl.yaml.
func TestWriteCIKeepsTheUsersConfig(t *testing.T) {
	for _, force := range []bool{false, true} {
		dir := t.TempDir()
		mine := []byte("# my lab\nproject: mylab\nbackend:\n  path: ../backend\n")
		cfg := filepath.Join(dir, "labctl.yaml")
		if err := os.WriteFile(cfg, mine, 0o644); err != nil {
			t.Fatal(err)
		}
		res, err := scaffold.Write(scaffold.Options{Dir: dir, CI: scaffold.CIGitHub, Force: force})
		if err != nil {
			t.Fatalf("force=%v: %v", force, err)
		}
		wf := filepath.Join(".github", "workflows", "labctl.yml")
		if len(res.Written) != 1 || res.Written[0] != wf || len(res.Kept) != 1 || res.Kept[0] != "labctl.yaml" {
			t.Errorf("force=%v: %+v, want the workflow written and labctl.yaml kept", force, res)
		}
		if got, _ := os.ReadFile(cfg); !bytes.Equal(got, mine) {
			t.Errorf("force=%v: labctl.yaml overwritten:\n%s", force, got)
		}
		if _, err := os.Stat(filepath.Join(dir, wf)); err != nil {
			t.Errorf("force=%v: no workflow: %v", force, err)
		}
	}
	// Without --ci, labctl.yaml is what init writes: refused, or replaced with --force.
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "labctl.yaml"), []byte("project: x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := scaffold.Write(scaffold.Options{Dir: dir}); err == nil || !strings.Contains(err.Error(), "labctl.yaml already exists") {
		t.Errorf("plain init over labctl.yaml: %v", err)
	}
}
