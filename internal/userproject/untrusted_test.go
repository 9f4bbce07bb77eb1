package userproject

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// An untrusted project: interpolated from its own .env and Options.Env,
// not from labctl's environment; its env_file read when inside its folder
// and left unread (for the policy to refuse) when not; bind mounts made
// read-only; what the policy refuses only in services that would run.
func TestUntrusted(t *testing.T) {
	root := t.TempDir()
	dir, teacher := filepath.Join(root, "sub"), filepath.Join(root, "teacher")
	// A folder where an env file is expected: reading it would fail the load.
	for _, d := range []string{dir, filepath.Join(teacher, "secret.env")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	compose := `
services:
  backend:
    image: ${IMG}
    env_file: [app.env, ../teacher/secret.env]
    environment:
      OTEL_EXPORTER_OTLP_ENDPOINT: http://otel-collector:4317
      TOKEN: ${LABCTL_TEST_TEACHER_TOKEN:-none}
    volumes: [./conf:/conf]
  cadvisor:
    image: cadvisor
    volumes: [/var/run/docker.sock:/var/run/docker.sock]
`
	for name, data := range map[string]string{"compose.yml": compose, ".env": "IMG=python:3\n", "app.env": "FROM_FILE=1\n"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("LABCTL_TEST_TEACHER_TOKEN", "teacher-secret")
	p, err := Load(context.Background(), Options{Dir: dir, Untrusted: true, Isolate: true})
	if err != nil {
		t.Fatal(err)
	}
	b := p.Compose.Services["backend"]
	if got := deref(b.Environment["TOKEN"]); got != "none" {
		t.Errorf("TOKEN = %q: the teacher's environment was interpolated", got)
	}
	if b.Image != "python:3" || deref(b.Environment["FROM_FILE"]) != "1" {
		t.Errorf("image %q, FROM_FILE %q: the folder's .env and env_file should be read", b.Image, deref(b.Environment["FROM_FILE"]))
	}
	if len(b.Volumes) != 1 || !b.Volumes[0].ReadOnly {
		t.Errorf("volumes %+v, want the bind mount read-only", b.Volumes)
	}
	var keys []string
	for _, r := range p.Refusals {
		keys = append(keys, r.Key)
	}
	if strings.Join(keys, ",") != "services.backend.env_file[1]" {
		t.Errorf("refused %q, want only the backend's outside env_file (cadvisor does not run)", keys)
	}

	// A .env that links out is refused, not read.
	if err := os.Remove(filepath.Join(dir, ".env")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(teacher, "secret.env"), filepath.Join(dir, ".env")); err != nil {
		t.Fatal(err)
	}
	p, err = Load(context.Background(), Options{Dir: dir, Untrusted: true, Env: map[string]string{"IMG": "x"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Refusals) == 0 || p.Refusals[0].Key != ".env" {
		t.Errorf("refusals %+v, want .env first", p.Refusals)
	}
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// What an untrusted project names is its own: its `name:` does not rename
// the project (it would take a classmate's), an `image:` beside `build:`
// is not the built image's name (it would replace the teacher's), and
// build.tags are dropped; the checklist is told (Changes).
func TestUntrustedNamesItsOwn(t *testing.T) {
	dir := t.TempDir()
	compose := `
name: labctl-grade-bob
services:
  backend:
    image: teacher/tool:1
    build: {context: ., tags: ["teacher/other:2"]}
    environment: {OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4317"}
  db:
    image: postgres:16
`
	if err := os.WriteFile(filepath.Join(dir, "compose.yml"), []byte(compose), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "Dockerfile"), []byte("FROM scratch\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := Load(context.Background(), Options{Dir: dir, Name: "labctl-grade-eve", Untrusted: true, Isolate: true, All: true})
	if err != nil {
		t.Fatal(err)
	}
	if p.Compose.Name != "labctl-grade-eve" {
		t.Errorf("project %q: the file's name: took over", p.Compose.Name)
	}
	b := p.Compose.Services["backend"]
	if b.Image != "" || len(b.Build.Tags) != 0 {
		t.Errorf("backend image %q, tags %v: want the engine's own name only", b.Image, b.Build.Tags)
	}
	if db := p.Compose.Services["db"]; db.Image != "postgres:16" {
		t.Errorf("db image %q: an image without build is run as named", db.Image)
	}
	var got []string
	for _, c := range p.Changes {
		got = append(got, c.Key+" "+c.Asked+" -> "+c.Gave)
	}
	want := "services.backend.image teacher/tool:1 -> labctl-grade-eve-backend\nservices.backend.build.tags teacher/other:2 -> labctl-grade-eve-backend"
	if strings.Join(got, "\n") != want {
		t.Errorf("changes:\n%s\nwant:\n%s", strings.Join(got, "\n"), want)
	}
	if len(p.Refusals) != 0 {
		t.Errorf("refused %+v", p.Refusals)
	}
	if n := p.Compose.Networks["default"]; n.Name != "labctl-grade-eve_default" {
		t.Errorf("default network %q", n.Name)
	}
}
