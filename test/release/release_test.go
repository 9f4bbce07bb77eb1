// Package release checks .goreleaser.yaml with the real GoReleaser (built
// from the Go module proxy by test/bed/build): the config validates, and a
// snapshot build for this machine's target produces a working, stamped labctl.
package release

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/labctl/labctl/internal/testbed"
)

func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	return root
}

func TestGoreleaserConfigTargets(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(repoRoot(t), ".goreleaser.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var cfg struct {
		Version int `yaml:"version"`
		Builds  []struct {
			Env     []string `yaml:"env"`
			Goos    []string `yaml:"goos"`
			Goarch  []string `yaml:"goarch"`
			Ldflags []string `yaml:"ldflags"`
		} `yaml:"builds"`
	}
	if err := yaml.Unmarshal(data, &cfg); err != nil {
		t.Fatal(err)
	}
	if cfg.Version != 2 || len(cfg.Builds) != 1 {
		t.Fatalf("want a GoReleaser v2 config with one build, got %+v", cfg)
	}
	b := cfg.Builds[0]
	if strings.Join(b.Goos, ",") != "linux,darwin,windows" || strings.Join(b.Goarch, ",") != "amd64,arm64" {
		t.Errorf("targets %v × %v", b.Goos, b.Goarch)
	}
	if !contains(b.Env, "CGO_ENABLED=0") {
		t.Error("binaries must be static (CGO_ENABLED=0)")
	}
	flags := strings.Join(b.Ldflags, " ")
	for _, v := range []string{"cli.version=", "cli.commit=", "cli.date="} {
		if !strings.Contains(flags, v) {
			t.Errorf("ldflags do not stamp %s", v)
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestGoreleaserCheckAndSnapshot(t *testing.T) {
	goreleaser := testbed.Bin(t, "goreleaser")
	root := repoRoot(t)
	check := exec.Command(goreleaser, "check")
	check.Dir = root
	if out, err := check.CombinedOutput(); err != nil {
		t.Fatalf("goreleaser check: %v\n%s", err, out)
	}
	build := exec.Command(goreleaser, "build", "--snapshot", "--single-target", "--clean")
	build.Dir = root
	build.Env = append(os.Environ(), "GOOS="+runtime.GOOS, "GOARCH="+runtime.GOARCH)
	out, err := build.CombinedOutput()
	if err != nil {
		t.Fatalf("goreleaser build --snapshot: %v\n%s", err, out)
	}
	bins, _ := filepath.Glob(filepath.Join(root, "dist", "labctl_"+runtime.GOOS+"_"+runtime.GOARCH+"*", "labctl"))
	if len(bins) != 1 {
		t.Fatalf("snapshot binary not found in dist/: %v\n%s", bins, out)
	}
	version, err := exec.Command(bins[0], "version").Output()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(version), "-next") || !strings.Contains(string(version), "built ") {
		t.Errorf("labctl version = %q, want the snapshot version and build date stamped", version)
	}
	for _, sh := range []string{"bash", "zsh", "fish", "powershell"} {
		if st, err := os.Stat(filepath.Join(root, "completions", "labctl."+sh)); err != nil || st.Size() == 0 {
			t.Errorf("completion for %s not generated: %v", sh, err)
		}
	}
}
