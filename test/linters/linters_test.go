// Package linters checks where labctl lint lives outside this repository:
// the pre-commit hooks (.pre-commit-hooks.yaml), the GitHub Action
// (action.yml and scripts/action-install.sh) against the archives
// .goreleaser.yaml publishes, and the README's snippets that use them.
package linters

import (
	"bytes"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"text/template"

	"github.com/rhysd/actionlint"
	"gopkg.in/yaml.v3"

	"github.com/labctl/labctl/internal/cli"
)

func root(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

func readYAML(t *testing.T, name string, into any) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(root(t), name))
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(data, into); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

// goreleaser is the part of .goreleaser.yaml the action depends on.
type goreleaser struct {
	ProjectName string `yaml:"project_name"`
	Builds      []struct {
		Main   string   `yaml:"main"`
		Binary string   `yaml:"binary"`
		Goos   []string `yaml:"goos"`
		Goarch []string `yaml:"goarch"`
	} `yaml:"builds"`
	Archives []struct {
		NameTemplate    string   `yaml:"name_template"`
		Formats         []string `yaml:"formats"`
		FormatOverrides []struct {
			Goos    string   `yaml:"goos"`
			Formats []string `yaml:"formats"`
		} `yaml:"format_overrides"`
	} `yaml:"archives"`
	Release struct {
		GitHub struct{ Owner, Name string } `yaml:"github"`
	} `yaml:"release"`
	Checksum struct {
		NameTemplate string `yaml:"name_template"`
	} `yaml:"checksum"`
}

// The runner's names (RUNNER_OS, RUNNER_ARCH) for GoReleaser's targets.
var runnerOS = map[string]string{"linux": "Linux", "darwin": "macOS", "windows": "Windows"}
var runnerArch = map[string]string{"amd64": "X64", "arm64": "ARM64"}

// TestActionDownloadsWhatGoreleaserPublishes runs the install script in
// dry-run mode for every target .goreleaser.yaml builds and compares the
// archive it would fetch with the name_template and format GoReleaser
// gives it.
func TestActionDownloadsWhatGoreleaserPublishes(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Fatal("bash is needed to run scripts/action-install.sh")
	}
	var g goreleaser
	readYAML(t, ".goreleaser.yaml", &g)
	if len(g.Builds) != 1 || len(g.Archives) != 1 {
		t.Fatalf("the action knows one build and one archive; .goreleaser.yaml has %d and %d", len(g.Builds), len(g.Archives))
	}
	tmpl, err := template.New("name").Parse(g.Archives[0].NameTemplate)
	if err != nil {
		t.Fatal(err)
	}
	script := filepath.Join(root(t), "scripts", "action-install.sh")
	data, err := os.ReadFile(script)
	if err != nil {
		t.Fatal(err)
	}
	if want := "repo=" + g.Release.GitHub.Owner + "/" + g.Release.GitHub.Name + "\n"; !bytes.Contains(data, []byte(want)) {
		t.Errorf("the install script does not download from the release repository (%q)", strings.TrimSpace(want))
	}
	if g.Checksum.NameTemplate != "checksums.txt" || !bytes.Contains(data, []byte("/checksums.txt")) {
		t.Errorf("the script checks checksums.txt; .goreleaser.yaml writes %q", g.Checksum.NameTemplate)
	}
	for _, goos := range g.Builds[0].Goos {
		for _, goarch := range g.Builds[0].Goarch {
			var name bytes.Buffer
			if err := tmpl.Execute(&name, map[string]string{"ProjectName": g.ProjectName, "Version": "1.2.3", "Os": goos, "Arch": goarch}); err != nil {
				t.Fatal(err)
			}
			format := g.Archives[0].Formats[0]
			for _, o := range g.Archives[0].FormatOverrides {
				if o.Goos == goos {
					format = o.Formats[0]
				}
			}
			want := "v1.2.3 " + name.String() + "." + format
			for _, version := range []string{"v1.2.3", "1.2.3"} {
				cmd := exec.Command("bash", script)
				cmd.Env = append(os.Environ(), "RUNNER_OS="+runnerOS[goos], "RUNNER_ARCH="+runnerArch[goarch],
					"LABCTL_VERSION="+version, "LABCTL_ACTION_DRY_RUN=1")
				out, err := cmd.CombinedOutput()
				if got := strings.TrimSpace(string(out)); err != nil || got != want {
					t.Errorf("%s/%s, version %s: the action fetches %q (%v); GoReleaser publishes %q", goos, goarch, version, got, err, want)
				}
			}
		}
	}
	// A runner with no release is refused by name, not downloaded.
	cmd := exec.Command("bash", script)
	cmd.Env = append(os.Environ(), "RUNNER_OS=Linux", "RUNNER_ARCH=ARM", "LABCTL_ACTION_DRY_RUN=1")
	if out, err := cmd.CombinedOutput(); err == nil || !strings.Contains(string(out), "::error") {
		t.Errorf("an unknown architecture: exit %v, %q", err, out)
	}
}

// TestActionMetadata: action.yml is a composite action whose first step
// runs the install script from the action's own folder and whose second
// runs labctl with the inputs.
func TestActionMetadata(t *testing.T) {
	var a struct {
		Name   string
		Inputs map[string]struct {
			Description string
			Default     *string
		}
		Runs struct {
			Using string
			Steps []struct {
				ID, Shell, Run string
				Env            map[string]string
			}
		}
	}
	readYAML(t, "action.yml", &a)
	if a.Runs.Using != "composite" || len(a.Runs.Steps) != 2 {
		t.Fatalf("runs: %+v", a.Runs)
	}
	for _, in := range []string{"command", "args", "working-directory", "version"} {
		if i, ok := a.Inputs[in]; !ok || i.Description == "" || i.Default == nil {
			t.Errorf("input %s: missing, or without a description or a default", in)
		}
	}
	if d := a.Inputs["command"].Default; d == nil || *d != "lint" {
		t.Errorf("the default command is not lint")
	}
	install, run := a.Runs.Steps[0], a.Runs.Steps[1]
	if !strings.Contains(install.Run, "$GITHUB_ACTION_PATH/scripts/action-install.sh") {
		t.Errorf("the first step does not run the install script: %q", install.Run)
	}
	if fi, err := os.Stat(filepath.Join(root(t), "scripts", "action-install.sh")); err != nil || fi.Mode()&0o111 == 0 {
		t.Errorf("scripts/action-install.sh must exist and be executable: %v", err)
	}
	if !strings.Contains(run.Run, `labctl "$LABCTL_COMMAND" $LABCTL_ARGS`) || run.Env["LABCTL_COMMAND"] != "${{ inputs.command }}" {
		t.Errorf("the second step does not run labctl with the inputs: %+v", run)
	}
}

// TestPreCommitHooks: each hook's entry is the labctl that GoReleaser
// builds (and `go install ./...`, pre-commit's golang install, installs)
// with a subcommand that exists.
func TestPreCommitHooks(t *testing.T) {
	var hooks []struct {
		ID            string `yaml:"id"`
		Name          string `yaml:"name"`
		Language      string `yaml:"language"`
		Entry         string `yaml:"entry"`
		PassFilenames *bool  `yaml:"pass_filenames"`
		Files         string `yaml:"files"`
	}
	readYAML(t, ".pre-commit-hooks.yaml", &hooks)
	var g goreleaser
	readYAML(t, ".goreleaser.yaml", &g)
	main, err := os.ReadFile(filepath.Join(root(t), filepath.FromSlash(g.Builds[0].Main), "main.go"))
	if err != nil || !bytes.HasPrefix(bytes.TrimSpace(regexp.MustCompile(`(?m)^//.*\n`).ReplaceAll(main, nil)), []byte("package main")) {
		t.Fatalf("%s is not a main package (go install ./... would not install labctl): %v", g.Builds[0].Main, err)
	}
	if filepath.Base(g.Builds[0].Main) != g.Builds[0].Binary {
		t.Errorf("go install names the binary %s, GoReleaser %s", filepath.Base(g.Builds[0].Main), g.Builds[0].Binary)
	}
	ids := map[string]bool{}
	for _, h := range hooks {
		ids[h.ID] = true
		if h.Language != "golang" && h.Language != "system" {
			t.Errorf("%s: language %s", h.ID, h.Language)
		}
		words := strings.Fields(h.Entry)
		if len(words) < 2 || words[0] != g.Builds[0].Binary {
			t.Errorf("%s: entry %q is not %s SUBCOMMAND", h.ID, h.Entry, g.Builds[0].Binary)
			continue
		}
		var out, errb bytes.Buffer
		if code := cli.Run(context.Background(), append(words[1:], "--help"), cli.Stdio{In: strings.NewReader(""), Out: &out, Err: &errb}); code != 0 {
			t.Errorf("%s: %q is no labctl command (exit %d): %s", h.ID, h.Entry, code, errb.String())
		}
		if h.PassFilenames == nil || *h.PassFilenames {
			t.Errorf("%s: lint reads the whole project; pass_filenames must be false", h.ID)
		}
		files, err := regexp.Compile(h.Files)
		if err != nil {
			t.Errorf("%s: files: %v", h.ID, err)
			continue
		}
		for _, p := range []string{"compose.yml", "docker-compose.yaml", "otel-collector-config.yaml", "deploy/prometheus.yml", ".env", "backend/Dockerfile"} {
			if !files.MatchString(p) {
				t.Errorf("%s: a change to %s does not run the hook", h.ID, p)
			}
		}
		if files.MatchString("backend/main.py") {
			t.Errorf("%s: a change to main.py runs the hook", h.ID)
		}
	}
	if !ids["labctl-lint"] {
		t.Error("no hook labctl-lint")
	}
}

// readmeBlocks are the README's ```yaml blocks that hold want.
func readmeBlocks(t *testing.T, want string) [][]byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(root(t), "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	var out [][]byte
	for _, m := range regexp.MustCompile("(?s)```yaml\n(.*?)```").FindAllSubmatch(data, -1) {
		if bytes.Contains(m[1], []byte(want)) {
			out = append(out, m[1])
		}
	}
	return out
}

// TestReadmeWorkflowPassesActionlint: the README's workflow that uses the
// action passes actionlint, with `uses: labctl/labctl@TAG` read as this
// repository's own action.yml (so its inputs are checked).
func TestReadmeWorkflowPassesActionlint(t *testing.T) {
	blocks := readmeBlocks(t, "uses: labctl/labctl@")
	if len(blocks) == 0 {
		t.Fatal("the README shows no workflow using the action")
	}
	proj, err := actionlint.NewProject(root(t))
	if err != nil {
		t.Fatal(err)
	}
	for i, b := range blocks {
		local := regexp.MustCompile(`uses: labctl/labctl@\S+`).ReplaceAll(b, []byte("uses: ./"))
		linter, err := actionlint.NewLinter(io.Discard, &actionlint.LinterOptions{})
		if err != nil {
			t.Fatal(err)
		}
		errs, err := linter.Lint(filepath.Join(root(t), ".github", "workflows", "readme.yml"), local, proj)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range errs {
			t.Errorf("README workflow %d: actionlint: %s", i+1, e.Error())
		}
	}
}

// TestReadmePreCommitConfig: the README's .pre-commit-config.yaml names
// this repository and hooks it ships.
func TestReadmePreCommitConfig(t *testing.T) {
	blocks := readmeBlocks(t, "repo: https://github.com/labctl/labctl")
	if len(blocks) == 0 {
		t.Fatal("the README shows no .pre-commit-config.yaml")
	}
	var hooks []struct{ ID string }
	readYAML(t, ".pre-commit-hooks.yaml", &hooks)
	ids := map[string]bool{}
	for _, h := range hooks {
		ids[h.ID] = true
	}
	for _, b := range blocks {
		var cfg struct {
			Repos []struct {
				Repo, Rev string
				Hooks     []struct{ ID string }
			}
		}
		if err := yaml.Unmarshal(b, &cfg); err != nil {
			t.Fatal(err)
		}
		for _, r := range cfg.Repos {
			for _, h := range r.Hooks {
				if !ids[h.ID] {
					t.Errorf("the README uses hook %q, which .pre-commit-hooks.yaml does not define", h.ID)
				}
			}
		}
	}
}
