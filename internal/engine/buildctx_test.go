package engine

import (
	"archive/tar"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"testing"
	"time"
)

func tarNames(t *testing.T, data []byte) []string {
	t.Helper()
	var names []string
	tr := tar.NewReader(bytes.NewReader(data))
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		must(t, err)
		if h.Typeflag != tar.TypeDir {
			names = append(names, h.Name)
		}
	}
	sort.Strings(names)
	return names
}

func TestPackContextHonoursDockerignore(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"Dockerfile":                   "FROM x\n",
		".dockerignore":                "**/__pycache__\n**/*.pyc\n.venv\nDockerfile\n.dockerignore\ndocs/\n!docs/keep.md\n",
		"requirements.txt":             "fastapi\n",
		"backend/main.py":              "print()\n",
		"backend/__pycache__/main.pyc": "x",
		"backend/x.pyc":                "x",
		".venv/bin/python":             "x",
		"docs/a.md":                    "x",
		"docs/keep.md":                 "x",
	}
	for name, data := range files {
		p := filepath.Join(dir, name)
		must(t, os.MkdirAll(filepath.Dir(p), 0o755))
		must(t, os.WriteFile(p, []byte(data), 0o644))
	}
	bc, err := packContext(dir, "Dockerfile", nil)
	must(t, err)
	want := []string{".dockerignore", "Dockerfile", "backend/main.py", "docs/keep.md", "requirements.txt"}
	if got := tarNames(t, bc.Tar); !reflect.DeepEqual(got, want) {
		t.Errorf("context holds %v, want %v", got, want)
	}
	// Times do not count; content does.
	old := time.Now().Add(-time.Hour)
	must(t, os.Chtimes(filepath.Join(dir, "requirements.txt"), old, old))
	again, err := packContext(dir, "Dockerfile", nil)
	must(t, err)
	if again.Digest != bc.Digest {
		t.Error("digest changed with a file's mtime")
	}
	must(t, os.WriteFile(filepath.Join(dir, "backend", "x.pyc"), []byte("changed"), 0o644))
	if again, _ = packContext(dir, "Dockerfile", nil); again.Digest != bc.Digest {
		t.Error("digest changed with an ignored file")
	}
	must(t, os.WriteFile(filepath.Join(dir, "backend", "main.py"), []byte("print(1)\n"), 0o644))
	if again, _ = packContext(dir, "Dockerfile", nil); again.Digest == bc.Digest {
		t.Error("digest did not change with the code")
	}
}

func TestBaseImages(t *testing.T) {
	df := `# syntax
ARG PYTHON_IMAGE=python:3.12-slim
ARG OTHER="alpine:3"
FROM --platform=linux/amd64 ${PYTHON_IMAGE} AS build
RUN echo \
  FROM not-an-image
FROM $OTHER
FROM build AS final
FROM scratch
`
	got := baseImages([]byte(df), map[string]string{"PYTHON_IMAGE": "labctl-bed/python:3.11"})
	if want := []string{"alpine:3", "labctl-bed/python:3.11"}; !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}
