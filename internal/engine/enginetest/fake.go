// Package enginetest builds tiny local images that stand in for the lab's
// services in engine tests: FROM scratch plus one static Go binary
// (fakesvc), built with the classic builder in about a second. Nothing is
// pulled.
package enginetest

import (
	"archive/tar"
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/moby/moby/api/types/build"
	"github.com/moby/moby/client"
)

// Fake image variants.
const (
	FakeOK         = "labctl-fake/svc:ok"          // ready at once
	FakeNeverReady = "labctl-fake/svc:never-ready" // answers 503, healthcheck fails
	FakeCrash      = "labctl-fake/svc:crash"       // exits 3 at start
	FakeSlow       = "labctl-fake/svc:slow"        // listens after 2 s
)

var variants = map[string]string{
	FakeOK:         "",
	FakeNeverReady: "ENV FAKE_HEALTH=fail\n",
	FakeCrash:      "ENV FAKE_EXIT=3\n",
	FakeSlow:       "ENV FAKE_DELAY=2s\n",
}

// keyLabel marks a fake image with a digest of what it was built from.
const keyLabel = "org.labctl.fakesvc.key"

var once struct {
	sync.Once
	err error
}

// FakeImages builds every fake variant once per test binary.
func FakeImages(t testing.TB, cli *client.Client) {
	t.Helper()
	once.Do(func() { once.err = buildFakes(cli) })
	if once.err != nil {
		t.Fatalf("build fake images: %v", once.err)
	}
}

func buildFakes(cli *client.Client) error {
	dir, err := os.MkdirTemp("", "labctl-fakesvc-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	bin := filepath.Join(dir, "fakesvc")
	// By import path: tests run inside the module, whatever their directory.
	cmd := exec.Command("go", "build", "-trimpath", "-ldflags=-s -w", "-o", bin, "github.com/labctl/labctl/internal/engine/enginetest/fakesvc")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go build fakesvc: %v\n%s", err, out)
	}
	data, err := os.ReadFile(bin)
	if err != nil {
		return err
	}
	for ref, extra := range variants {
		df := "FROM scratch\nCOPY fakesvc /fakesvc\nCOPY fakesvc /usr/bin/pg_isready\nCOPY fakesvc /usr/bin/python\n" +
			"COPY fakesvc /usr/bin/wget\nCOPY tmp /tmp\nENV PATH=/usr/bin\n" + extra + "ENTRYPOINT [\"/fakesvc\"]\n"
		// Rebuilt only when the binary or the Dockerfile changed (concurrent
		// test binaries would otherwise retag the images under each other).
		sum := sha256.Sum256(append([]byte(df), data...))
		key := hex.EncodeToString(sum[:8])
		df += "LABEL " + keyLabel + "=" + key + "\n"
		if res, err := cli.ImageInspect(context.Background(), ref); err == nil && res.Config != nil && res.Config.Labels[keyLabel] == key {
			continue
		}
		if err := BuildImage(cli, ref, map[string][]byte{"Dockerfile": []byte(df), "fakesvc": data, "tmp/.keep": nil}); err != nil {
			return fmt.Errorf("%s: %w", ref, err)
		}
	}
	return nil
}

// BuildImage builds ref from in-memory files with the classic builder.
func BuildImage(cli *client.Client, ref string, files map[string][]byte) error {
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for name, data := range files {
		mode := int64(0o644)
		if !strings.Contains(name, ".") && name != "Dockerfile" {
			mode = 0o755
		}
		if err := tw.WriteHeader(&tar.Header{Name: name, Mode: mode, Size: int64(len(data)), ModTime: time.Unix(0, 0)}); err != nil {
			return err
		}
		if _, err := tw.Write(data); err != nil {
			return err
		}
	}
	if err := tw.Close(); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	res, err := cli.ImageBuild(ctx, &buf, client.ImageBuildOptions{Tags: []string{ref}, Remove: true, ForceRemove: true, Version: build.BuilderV1})
	if err != nil {
		return err
	}
	defer res.Body.Close()
	dec := json.NewDecoder(res.Body)
	for {
		var m struct {
			Error string `json:"error"`
		}
		if err := dec.Decode(&m); err == io.EOF {
			return nil
		} else if err != nil {
			return err
		}
		if m.Error != "" {
			return fmt.Errorf("%s", m.Error)
		}
	}
}

// ProjectName is a project name unique to this test and this run (tests
// of concurrent `go test` runs share the engine): prefix, the test's name
// and a random suffix.
func ProjectName(t testing.TB, prefix string) string {
	name := strings.ToLower(strings.NewReplacer("/", "-", "_", "-").Replace(t.Name()))
	name = strings.TrimPrefix(name, "test")
	if len(name) > 30 {
		name = name[:30]
	}
	b := make([]byte, 3)
	_, _ = rand.Read(b)
	return fmt.Sprintf("%s-%s-%x", prefix, name, b)
}
