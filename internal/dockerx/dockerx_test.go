package dockerx

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestResolve(t *testing.T) {
	cfg := t.TempDir()
	sum := sha256.Sum256([]byte("remote"))
	meta := filepath.Join(cfg, "contexts", "meta", hex.EncodeToString(sum[:]))
	if err := os.MkdirAll(meta, 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(p, s string) {
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(meta, "meta.json"), `{"Name":"remote","Endpoints":{"docker":{"Host":"tcp://10.0.0.9:2375"}}}`)
	write(filepath.Join(cfg, "config.json"), `{"currentContext":"remote"}`)
	t.Setenv("DOCKER_CONFIG", cfg)
	t.Setenv("DOCKER_CONTEXT", "")

	t.Setenv("DOCKER_HOST", "unix:///x.sock")
	if ep, _ := Resolve(); ep.Host != "unix:///x.sock" || ep.Source != "DOCKER_HOST" || !ep.Local() {
		t.Errorf("DOCKER_HOST: %+v", ep)
	}
	t.Setenv("DOCKER_HOST", "")
	if ep, _ := Resolve(); ep.Host != "tcp://10.0.0.9:2375" || ep.Source != "context remote" || ep.Local() || ep.TLSDir != "" {
		t.Errorf("current context: %+v", ep)
	}
	tlsDir := filepath.Join(cfg, "contexts", "tls", hex.EncodeToString(sum[:]), "docker")
	if err := os.MkdirAll(tlsDir, 0o700); err != nil {
		t.Fatal(err)
	}
	if ep, _ := Resolve(); ep.TLSDir != tlsDir {
		t.Errorf("context with TLS material: %+v", ep)
	}
	t.Setenv("DOCKER_CONTEXT", "default")
	if ep, _ := Resolve(); ep.Host != DefaultHost {
		t.Errorf("DOCKER_CONTEXT=default: %+v", ep)
	}
	t.Setenv("DOCKER_CONTEXT", "gone")
	if _, err := Resolve(); err == nil || !strings.Contains(err.Error(), `docker context "gone"`) {
		t.Errorf("missing context: %v", err)
	}
}

func TestConnectUnreachable(t *testing.T) {
	t.Setenv("DOCKER_HOST", "unix:///nonexistent.sock")
	_, _, err := Connect(context.Background())
	var ue *UnreachableError
	if !errors.As(err, &ue) {
		t.Fatalf("err = %v", err)
	}
	want := "cannot reach the Docker engine at unix:///nonexistent.sock (DOCKER_HOST): dial unix /nonexistent.sock: connect: no such file or directory; is it running? set DOCKER_HOST or start dockerd"
	if err.Error() != want {
		t.Errorf("got  %q\nwant %q", err, want)
	}
}
