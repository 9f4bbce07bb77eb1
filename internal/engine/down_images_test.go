package engine_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/labctl/labctl/internal/engine"
	"github.com/labctl/labctl/internal/engine/enginetest"
	"github.com/labctl/labctl/internal/render"
)

// Down with BuiltImages removes the image labctl built for the project's
// backend, and only that: the images the project pulled or was given (the
// fake images here) stay, as does the image it was built FROM.
func TestEngineDownRemovesBuiltImages(t *testing.T) {
	ctxDir := t.TempDir()
	if err := os.WriteFile(filepath.Join(ctxDir, "Dockerfile"), []byte("FROM "+enginetest.FakeOK+"\nLABEL test=down-images\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	l := newFakeLab(t, "backend:\n  path: "+ctxDir+"\n")
	if _, err := l.up(time.Minute); err != nil {
		t.Fatal(err)
	}
	built := l.cfg.Project + "-" + render.SvcBackend
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	res, err := l.engine().Down(ctx, l.cfg.Project, engine.DownOptions{Volumes: true, BuiltImages: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Images) != 1 || res.Images[0] != built {
		t.Errorf("removed images %v, want [%s]", res.Images, built)
	}
	if _, err := l.cli.ImageInspect(ctx, built); err == nil {
		t.Errorf("%s is still there", built)
	}
	if _, err := l.cli.ImageInspect(ctx, enginetest.FakeOK); err != nil {
		t.Errorf("the base image %s went too: %v", enginetest.FakeOK, err)
	}
}
