package engine_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/moby/moby/client"

	"github.com/labctl/labctl/internal/engine"
	"github.com/labctl/labctl/internal/engine/enginetest"
	"github.com/labctl/labctl/internal/userproject"
)

// network_mode: service:NAME, the one network mode an untrusted project
// keeps besides none, runs: the container joins NAME's container's
// network, created once NAME's has started.
func TestEngineNetworkModeOfAService(t *testing.T) {
	cli := dockerClient(t)
	dir := t.TempDir()
	// One network namespace: app listens on a port db does not.
	compose := "services:\n  db:\n    image: " + enginetest.FakeOK + "\n  app:\n    image: " + enginetest.FakeOK +
		"\n    network_mode: service:db\n    environment: {FAKE_PORTS: \"18081\"}\n"
	if err := os.WriteFile(filepath.Join(dir, "compose.yml"), []byte(compose), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	project := enginetest.ProjectName(t, "nm")
	p, err := userproject.Load(ctx, userproject.Options{Dir: dir, Name: project, All: true})
	if err != nil {
		t.Fatal(err)
	}
	eng := engine.NewEngine(cli, true, nil)
	t.Cleanup(func() { _, _ = eng.Down(context.Background(), project, engine.DownOptions{Volumes: true}) })
	if _, err := eng.Up(ctx, p.Compose, userproject.Hints(p), engine.UpOptions{Pull: engine.PullNever, Timeout: time.Minute}); err != nil {
		t.Fatal(err)
	}
	cs := enginetest.Containers(t, cli, project)
	app, err := cli.ContainerInspect(ctx, cs["app"].ID, client.ContainerInspectOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(app.Container.HostConfig.NetworkMode), "container:"+cs["db"].ID; got != want {
		t.Errorf("app's network mode %q, want %q", got, want)
	}
	if app.Container.State == nil || !app.Container.State.Running {
		t.Errorf("app is not running: %+v", app.Container.State)
	}
}
