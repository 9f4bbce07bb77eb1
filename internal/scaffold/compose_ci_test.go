package scaffold_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/labctl/labctl/internal/scaffold"
)

// In a student's own Compose project, init --ci writes a workflow that
// starts their project with docker compose, verifies it, keeps the logs and
// the JUnit report and always takes it down; and no labctl.yaml, which would
// make labctl check its own lab instead.
func TestComposeProjectWorkflows(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "compose.yml"), []byte("services: {backend: {build: ./backend}}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	files, err := scaffold.Files(scaffold.Options{Dir: dir, CI: scaffold.CIGitHub, Version: "v1.2.3"})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 1 {
		t.Fatalf("want the workflow only, got %d files", len(files))
	}
	gh := fileByPath(t, files, filepath.Join(".github", "workflows", "labctl.yml"))
	for _, e := range actionlintErrors(t, "labctl.yml", gh) {
		t.Errorf("actionlint: %s", e.Error())
	}
	for _, want := range []string{"labctl lint -f compose.yml --sarif labctl.sarif", "docker compose -f compose.yml up -d --build --wait", "labctl verify -f compose.yml --junit labctl-junit.xml",
		"docker compose -f compose.yml logs", "docker compose -f compose.yml down --volumes", "if: always()"} {
		if !bytes.Contains(gh, []byte(want)) {
			t.Errorf("workflow lacks %q", want)
		}
	}
	if bytes.Contains(gh, []byte("labctl up")) {
		t.Error("the workflow starts labctl's lab, not the student's project")
	}

	files, err = scaffold.Files(scaffold.Options{Dir: dir, CI: scaffold.CIGitLab})
	if err != nil {
		t.Fatal(err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(fileByPath(t, files, ".gitlab-ci.yml")))
	dec.KnownFields(true)
	var ci gitlabCI
	if err := dec.Decode(&ci); err != nil {
		t.Fatalf("not valid GitLab CI for this schema: %v", err)
	}
	script := strings.Join(ci.Job.Script, "\n")
	if !strings.Contains(script, "docker compose -f compose.yml up -d --build --wait") || !strings.Contains(script, "labctl verify -f compose.yml --junit "+ci.Job.Artifacts.Reports.JUnit) {
		t.Errorf("script %q", script)
	}
	if lint := "labctl lint -f compose.yml --codequality " + ci.Job.Artifacts.Reports.CodeQuality; ci.Job.Artifacts.Reports.CodeQuality == "" || !strings.HasPrefix(script, lint) {
		t.Errorf("script %q does not lint first into the Code Quality report %q", script, ci.Job.Artifacts.Reports.CodeQuality)
	}
	if !strings.Contains(strings.Join(ci.Job.AfterScript, "\n"), "docker compose -f compose.yml down --volumes") || ci.Job.Variables["LABCTL_HOST"] != "docker" {
		t.Errorf("after_script %v variables %v", ci.Job.AfterScript, ci.Job.Variables)
	}
}

// A project whose checked services are in a Compose profile (the course's
// observability services): both workflows enable it for docker compose and
// labctl through COMPOSE_PROFILES; a service no check reads (tools) is not.
func TestComposeProjectWorkflowsProfiles(t *testing.T) {
	dir := t.TempDir()
	compose := `services:
  backend: {build: ./backend, environment: {OTEL_EXPORTER_OTLP_ENDPOINT: "http://otel-collector:4317"}}
  otel-collector: {image: otel/opentelemetry-collector-contrib:0.145.0, profiles: [observability]}
  jaeger: {image: jaegertracing/all-in-one:1.76.0, profiles: [observability]}
  pgweb: {image: sosedoff/pgweb, profiles: [tools]}
`
	if err := os.WriteFile(filepath.Join(dir, "compose.yml"), []byte(compose), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "backend"), 0o755); err != nil {
		t.Fatal(err)
	}
	files, err := scaffold.Files(scaffold.Options{Dir: dir, CI: scaffold.CIGitHub, Version: "v1.2.3"})
	if err != nil {
		t.Fatal(err)
	}
	gh := fileByPath(t, files, filepath.Join(".github", "workflows", "labctl.yml"))
	for _, e := range actionlintErrors(t, "labctl.yml", gh) {
		t.Errorf("actionlint: %s", e.Error())
	}
	var wf struct {
		Jobs map[string]struct {
			Env map[string]string `yaml:"env"`
		} `yaml:"jobs"`
	}
	if err := yaml.Unmarshal(gh, &wf); err != nil {
		t.Fatal(err)
	}
	if got := wf.Jobs["verify"].Env["COMPOSE_PROFILES"]; got != "observability" {
		t.Errorf("GitHub job env COMPOSE_PROFILES = %q, want observability:\n%s", got, gh)
	}
	files, err = scaffold.Files(scaffold.Options{Dir: dir, CI: scaffold.CIGitLab})
	if err != nil {
		t.Fatal(err)
	}
	var ci gitlabCI
	if err := yaml.Unmarshal(fileByPath(t, files, ".gitlab-ci.yml"), &ci); err != nil {
		t.Fatal(err)
	}
	if got := ci.Job.Variables["COMPOSE_PROFILES"]; got != "observability" {
		t.Errorf("GitLab variables COMPOSE_PROFILES = %q, want observability", got)
	}
	// Without a profile, neither says anything of them.
	if err := os.WriteFile(filepath.Join(dir, "compose.yml"), []byte(strings.ReplaceAll(compose, ", profiles: [observability]", "")), 0o644); err != nil {
		t.Fatal(err)
	}
	files, _ = scaffold.Files(scaffold.Options{Dir: dir, CI: scaffold.CIGitHub})
	if gh := fileByPath(t, files, filepath.Join(".github", "workflows", "labctl.yml")); bytes.Contains(gh, []byte("COMPOSE_PROFILES")) {
		t.Errorf("a project without profiles gets COMPOSE_PROFILES:\n%s", gh)
	}
}
