package engine_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/moby/moby/client"

	"github.com/labctl/labctl/internal/engine"
	"github.com/labctl/labctl/internal/engine/enginetest"
	"github.com/labctl/labctl/internal/render"
	"github.com/labctl/labctl/internal/userproject"
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

// Another project's image stays: a labctl-built image of the teacher's own
// lab, named by `image:` in a second project, is not removed by that
// project's Down(BuiltImages), even when the second project's Dockerfile
// and Compose file claim the teacher's project in their labels; labctl's
// labels, applied last, say whose each object is.
func TestEngineDownRemovesOnlyItsOwnBuiltImages(t *testing.T) {
	ctxDir := t.TempDir()
	if err := os.WriteFile(filepath.Join(ctxDir, "Dockerfile"), []byte("FROM "+enginetest.FakeOK+"\nLABEL test=teacher\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	teacher := newFakeLab(t, "backend:\n  path: "+ctxDir+"\n")
	if _, err := teacher.up(time.Minute); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	teacherImage := engine.BuildImageName(teacher.cfg.Project, render.SvcBackend)
	before, err := teacher.cli.ImageInspect(ctx, teacherImage)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := teacher.engine().Down(ctx, teacher.cfg.Project, engine.DownOptions{Volumes: true}); err != nil {
		t.Fatal(err)
	}

	dir := t.TempDir()
	claim := "{" + engine.LabelProject + ": " + teacher.cfg.Project + ", " + engine.LabelBuiltFor + ": " + teacher.cfg.Project + "}"
	files := map[string]string{
		"Dockerfile": "FROM " + enginetest.FakeOK + "\nLABEL " + engine.LabelBuiltFor + "=" + teacher.cfg.Project + "\n",
		"compose.yml": "services:\n  borrowed:\n    image: " + teacherImage + "\n    labels: " + claim + "\n" +
			"  own:\n    build: {context: ., labels: " + claim + "}\n" +
			"networks:\n  default:\n    labels: " + claim + "\n",
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	project := enginetest.ProjectName(t, "own")
	p, err := userproject.Load(ctx, userproject.Options{Dir: dir, Name: project, All: true})
	if err != nil {
		t.Fatal(err)
	}
	eng := teacher.engine()
	t.Cleanup(func() {
		_, _ = eng.Down(context.Background(), project, engine.DownOptions{Volumes: true, BuiltImages: true})
	})
	if _, err := eng.Up(ctx, p.Compose, userproject.Hints(p), engine.UpOptions{Pull: engine.PullNever, Timeout: time.Minute}); err != nil {
		t.Fatal(err)
	}
	for svc, c := range enginetest.Containers(t, teacher.cli, project) {
		if got := c.Labels[engine.LabelProject]; got != project {
			t.Errorf("container %s: project label %q, want %q (labctl's labels last)", svc, got, project)
		}
	}
	nets, err := teacher.cli.NetworkList(ctx, client.NetworkListOptions{Filters: make(client.Filters).Add("name", project+"_default")})
	if err != nil || len(nets.Items) != 1 || nets.Items[0].Labels[engine.LabelProject] != project {
		t.Errorf("network %s: %+v, %v; want labelled with its own project", project+"_default", nets.Items, err)
	}
	own := engine.BuildImageName(project, "own")
	img, err := teacher.cli.ImageInspect(ctx, own)
	if err != nil || img.Config.Labels[engine.LabelBuiltFor] != project {
		t.Errorf("built image %s: %v; want %s=%s over the Dockerfile's and the file's", own, err, engine.LabelBuiltFor, project)
	}
	res, err := eng.Down(ctx, project, engine.DownOptions{Volumes: true, BuiltImages: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Images) != 1 || res.Images[0] != own {
		t.Errorf("removed images %v, want only [%s]", res.Images, own)
	}
	after, err := teacher.cli.ImageInspect(ctx, teacherImage)
	if err != nil || after.ID != before.ID {
		t.Errorf("the teacher's image %s: %v, id %s, want %s unchanged", teacherImage, err, after.ID, before.ID)
	}
}

// An up that fails after its builds (here on a network of the project's
// name that is not the project's, OwnedOnly) leaves a built image no
// container ran: Down(BuiltImages) removes it too, and the network that
// was not the project's stays.
func TestEngineDownRemovesBuildsNoContainerRan(t *testing.T) {
	cli := dockerClient(t)
	dir := t.TempDir()
	files := map[string]string{
		"Dockerfile":  "FROM " + enginetest.FakeOK + "\nLABEL test=orphan\n",
		"compose.yml": "services:\n  own:\n    build: .\n",
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	project := enginetest.ProjectName(t, "orphan")
	net := project + "_default"
	if _, err := cli.NetworkCreate(ctx, net, client.NetworkCreateOptions{Driver: "bridge"}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _, _ = cli.NetworkRemove(context.Background(), net, client.NetworkRemoveOptions{}) })
	p, err := userproject.Load(ctx, userproject.Options{Dir: dir, Name: project, All: true})
	if err != nil {
		t.Fatal(err)
	}
	eng := engine.NewEngine(cli, true, nil)
	_, err = eng.Up(ctx, p.Compose, userproject.Hints(p), engine.UpOptions{Pull: engine.PullNever, Timeout: time.Minute, OwnedOnly: true})
	var no *engine.NotOwnedError
	if !errors.As(err, &no) {
		t.Fatalf("up: %v, want a NotOwnedError for %s", err, net)
	}
	built := engine.BuildImageName(project, "own")
	if _, err := cli.ImageInspect(ctx, built); err != nil {
		t.Fatalf("%s was not built before the failure: %v", built, err)
	}
	res, err := eng.Down(ctx, project, engine.DownOptions{Volumes: true, BuiltImages: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Images) != 1 || res.Images[0] != built {
		t.Errorf("removed images %v, want [%s]", res.Images, built)
	}
	if _, err := cli.ImageInspect(ctx, built); err == nil {
		t.Errorf("%s is still there", built)
		_, _ = cli.ImageRemove(ctx, built, client.ImageRemoveOptions{})
	}
	if _, err := cli.NetworkInspect(ctx, net, client.NetworkInspectOptions{}); err != nil {
		t.Errorf("the network that was not the project's went: %v", err)
	}
}
