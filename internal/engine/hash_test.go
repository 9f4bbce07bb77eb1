package engine

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/compose-spec/compose-go/v2/types"
)

func TestConfigHash(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "otelcol.yaml")
	initdb := filepath.Join(dir, "initdb")
	must(t, os.MkdirAll(initdb, 0o755))
	must(t, os.WriteFile(file, []byte("a: 1\n"), 0o644))
	must(t, os.WriteFile(filepath.Join(initdb, "10.sh"), []byte("echo\n"), 0o755))
	svc := types.ServiceConfig{Name: "collector"}
	svc.Image = "otelcol:1"
	svc.Volumes = []types.ServiceVolumeConfig{
		{Type: types.VolumeTypeBind, Source: file, Target: "/etc/c.yaml"},
		{Type: types.VolumeTypeBind, Source: initdb, Target: "/init"},
	}
	base, err := ConfigHash(svc, "sha256:1")
	must(t, err)
	same := func(what string, want bool, s types.ServiceConfig, image string) {
		t.Helper()
		h, err := ConfigHash(s, image)
		must(t, err)
		if (h == base) != want {
			t.Errorf("%s: hash equal = %v, want %v", what, h == base, want)
		}
	}
	same("identical", true, svc, "sha256:1")
	dep := svc
	dep.DependsOn = types.DependsOnConfig{"jaeger": {Condition: "service_started"}}
	same("depends_on only", true, dep, "sha256:1")
	same("image ID", false, svc, "sha256:2")
	env := svc
	env.Environment = types.MappingWithEquals{"A": strPtr("1")}
	same("environment", false, env, "sha256:1")

	must(t, os.WriteFile(file, []byte("a: 2\n"), 0o644))
	same("bind-mounted file content", false, svc, "sha256:1")
	must(t, os.WriteFile(file, []byte("a: 1\n"), 0o644))
	same("file restored", true, svc, "sha256:1")
	must(t, os.WriteFile(filepath.Join(initdb, "20.sh"), []byte("echo\n"), 0o755))
	same("file added to a bind-mounted directory", false, svc, "sha256:1")
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func strPtr(s string) *string { return &s }

func TestDependsOnLabel(t *testing.T) {
	got := dependsOnLabel(types.DependsOnConfig{
		"postgres":  {Condition: types.ServiceConditionHealthy, Required: true},
		"collector": {Condition: types.ServiceConditionStarted, Restart: true},
	})
	if want := "collector:service_started:true,postgres:service_healthy:false"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// A project labctl did not write (Limits set) hashes its bind mounts by
// path: their content is not read, however large or strange the folder.
func TestConfigHashLimitsReadsNoMount(t *testing.T) {
	dir := t.TempDir()
	must(t, os.WriteFile(filepath.Join(dir, "f"), []byte("1"), 0o644))
	svc := types.ServiceConfig{Name: "app"}
	svc.Volumes = []types.ServiceVolumeConfig{{Type: types.VolumeTypeBind, Source: dir, Target: "/d"}}
	l := &Limits{Memory: 1 << 30, Pids: 256, NanoCPUs: 1e9}
	before, err := configHash(svc, "i", l)
	must(t, err)
	plain, err := configHash(svc, "i", nil)
	must(t, err)
	must(t, os.WriteFile(filepath.Join(dir, "f"), []byte("2"), 0o644))
	after, err := configHash(svc, "i", l)
	must(t, err)
	plainAfter, err := configHash(svc, "i", nil)
	must(t, err)
	if before != after {
		t.Error("with limits, a change inside a bind-mounted folder changed the hash: its content was read")
	}
	if plain == plainAfter {
		t.Error("without limits, the content of a bind-mounted folder is no longer hashed")
	}
	other := *l
	other.Pids = 100
	if h, _ := configHash(svc, "i", &other); h == after {
		t.Error("limits are not in the hash")
	}
	svc.Volumes[0].Source = "/proc"
	if _, err := configHash(svc, "i", l); err != nil {
		t.Errorf("hash with a bind of /proc: %v", err)
	}
}
