package cli_test

// End to end with the test bed's images of the real components (Jaeger
// 2.13.0, Collector 0.145.0, PostgreSQL 15, Prometheus 2.42, a Python 3.11
// base for the template backend), through labctl.yaml's image overrides.

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/moby/moby/api/types/container"
	"github.com/moby/moby/client"

	"github.com/labctl/labctl/internal/dockerx"
	"github.com/labctl/labctl/internal/engine"
	"github.com/labctl/labctl/internal/engine/enginetest"
	"github.com/labctl/labctl/internal/render"
	"github.com/labctl/labctl/internal/testbed"
)

func bedImages(t *testing.T) map[string]string {
	t.Helper()
	images := map[string]string{"jaeger": testbed.ImageJaeger, "collector": testbed.ImageCollector,
		"postgres": testbed.ImagePostgres, "prometheus": testbed.ImagePrometheus, "python": testbed.ImagePython}
	for _, ref := range images {
		testbed.RequireImage(t, ref)
	}
	return images
}

func TestUpBedEndToEnd(t *testing.T) {
	l := newEngineLab(t, bedImages(t), "")
	r := l.run("up", "--timeout", "5m")
	if r.Code != 0 {
		t.Fatalf("up: exit %d", r.Code)
	}
	for _, svc := range render.LabServices {
		if !strings.Contains(r.Stderr, "ready    "+svc) {
			t.Errorf("no ready line for %s", svc)
		}
	}
	ctx := context.Background()
	first := l.projectContainers()
	if len(first) != 5 {
		t.Fatalf("%d containers", len(first))
	}
	for svc, c := range first {
		ins, err := l.cli.ContainerInspect(ctx, c.ID, client.ContainerInspectOptions{})
		if err != nil {
			t.Fatal(err)
		}
		lb := ins.Container.Config.Labels
		for k, want := range map[string]string{
			engine.LabelProject: l.project, engine.LabelService: svc, engine.LabelOneoff: "False",
			engine.LabelContainerNumber: "1", engine.LabelWorkingDir: filepath.Join(l.dir, ".labctl"),
		} {
			if lb[k] != want {
				t.Errorf("%s: label %s = %q, want %q", svc, k, lb[k], want)
			}
		}
		if lb[engine.LabelConfigHash] == "" || !strings.HasPrefix(lb[engine.LabelImage], "sha256:") {
			t.Errorf("%s: config-hash %q image %q", svc, lb[engine.LabelConfigHash], lb[engine.LabelImage])
		}
		if !ins.Container.State.Running {
			t.Errorf("%s not running", svc)
		}
		// Published on 127.0.0.1 only: both as asked and as bound.
		for port, bs := range ins.Container.NetworkSettings.Ports {
			for _, b := range bs {
				if b.HostIP.String() != "127.0.0.1" {
					t.Errorf("%s: %s bound on %s", svc, port, b.HostIP)
				}
			}
		}
		if ep := ins.Container.NetworkSettings.Networks[l.project+"_default"]; ep == nil || !slices.Contains(ep.Aliases, svc) {
			t.Errorf("%s: no alias %s on %s_default", svc, svc, l.project)
		}
	}
	if img := first["backend"].Image; img != l.project+"-backend" {
		t.Errorf("backend image %s, want %s-backend", img, l.project)
	}

	// Unchanged: same containers, fast.
	r = l.run("up")
	if r.Code != 0 || !strings.Contains(r.Stderr, "nothing changed") {
		t.Errorf("second up: exit %d", r.Code)
	}
	for svc, c := range l.projectContainers() {
		if c.ID != first[svc].ID {
			t.Errorf("%s recreated by an unchanged up", svc)
		}
	}
	// A change that only concerns the Collector recreates the Collector only.
	cfgPath := filepath.Join(l.dir, "labctl.yaml")
	data, err := os.ReadFile(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	newPort := testbed.FreePort(t)
	data = []byte(strings.Replace(string(data), fmt.Sprintf("collector_metrics: %d", l.ports["collector_metrics"]),
		fmt.Sprintf("collector_metrics: %d", newPort), 1))
	if err := os.WriteFile(cfgPath, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if r = l.run("up"); r.Code != 0 || !strings.Contains(r.Stderr, "recreated collector; kept backend, jaeger, postgres, prometheus") {
		t.Errorf("up after a Collector change: exit %d", r.Code)
	}
	after := l.projectContainers()
	for svc, c := range after {
		if recreated := c.ID != first[svc].ID; recreated != (svc == "collector") {
			t.Errorf("%s: recreated = %v", svc, recreated)
		}
	}
	first = after
	if r = l.run("status"); r.Code != 0 {
		t.Errorf("status: exit %d", r.Code)
	}
	if r = l.run("logs", "postgres", "--tail", "20"); r.Code != 0 || !strings.Contains(r.Stdout, "database system is ready to accept connections") {
		t.Errorf("logs postgres: exit %d", r.Code)
	}

	// A container labctl did not create, named like the project's.
	foreign := l.project + "-jaeger-2"
	if _, err := l.cli.ContainerCreate(ctx, client.ContainerCreateOptions{Name: foreign, Config: &container.Config{Image: testbed.ImageJaeger}}); err != nil {
		t.Fatal(err)
	}
	defer l.cli.ContainerRemove(ctx, foreign, client.ContainerRemoveOptions{Force: true})

	if r = l.run("down", "--volumes"); r.Code != 0 {
		t.Fatalf("down: exit %d", r.Code)
	}
	filter := make(client.Filters).Add("label", engine.ProjectFilter(l.project))
	if n := len(l.projectContainers()); n != 0 {
		t.Errorf("%d containers remain", n)
	}
	if nets, _ := l.cli.NetworkList(ctx, client.NetworkListOptions{Filters: filter}); len(nets.Items) != 0 {
		t.Errorf("networks remain: %v", nets.Items)
	}
	if vols, _ := l.cli.VolumeList(ctx, client.VolumeListOptions{Filters: filter}); len(vols.Items) != 0 {
		t.Errorf("volumes remain: %v", vols.Items)
	}
	if _, err := l.cli.ContainerInspect(ctx, foreign, client.ContainerInspectOptions{}); err != nil {
		t.Errorf("down removed %s, which labctl did not create: %v", foreign, err)
	}
	if r = l.run("down", "--volumes"); r.Code != 0 {
		t.Errorf("second down: exit %d", r.Code)
	}
}

func TestUpBedBuildFails(t *testing.T) {
	images := bedImages(t)
	backend := t.TempDir()
	if err := os.WriteFile(filepath.Join(backend, "Dockerfile"), []byte("FROM "+testbed.ImagePython+"\nRUN echo about to fail && false\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	l := newEngineLab(t, images, "backend:\n  path: "+backend+"\n")
	r := l.run("up", "--timeout", "1m")
	line := lastLine(r.Stderr)
	if r.Code != 1 || !strings.Contains(line, "build backend") || !strings.Contains(line, "RUN echo about to fail && false") ||
		!strings.Contains(line, "returned a non-zero code: 1") || !strings.Contains(r.Stderr, "  | about to fail") {
		t.Errorf("exit %d", r.Code)
	}
	if n := len(l.projectContainers()); n != 0 {
		t.Errorf("%d containers created despite the failed build", n)
	}
}

func TestUpBedNeverReady(t *testing.T) {
	images := bedImages(t)
	// A backend that runs but whose health path never answers 2xx.
	ref := "labctl-test/backend-never-ready:1"
	cli, _, err := dockerx.Connect(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer cli.Close()
	if err := enginetest.BuildImage(cli, ref, map[string][]byte{
		"Dockerfile": []byte("FROM " + testbed.ImagePython + "\nCMD [\"python3\", \"-m\", \"http.server\", \"8000\"]\n"),
	}); err != nil {
		t.Fatal(err)
	}
	l := newEngineLab(t, images, "backend:\n  image: "+ref+"\n  health_path: /health\n")
	r := l.run("up", "--timeout", "25s")
	line := lastLine(r.Stderr)
	// "after 25s", or 26s on a loaded machine: the time waited, rounded.
	want := fmt.Sprintf("s (probed: GET http://127.0.0.1:%d/health; last answer: HTTP 404", l.ports["backend"])
	if r.Code != 1 || !strings.Contains(line, "backend is not ready after 2") || !strings.Contains(line, want) ||
		!strings.Contains(r.Stderr, "last ") || !strings.Contains(r.Stderr, "backend | ") {
		t.Errorf("exit %d", r.Code)
	}
}
