package engine_test

// The ways that differ by API version (apiversion.go), on the fake engine
// reporting each version; apiversion_docker_test.go runs the same project on
// the real engine (Debian's 20.10 speaks 1.41, test/bed/engine29 1.5x).

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/compose-spec/compose-go/v2/loader"
	"github.com/compose-spec/compose-go/v2/types"
	"github.com/moby/moby/client"

	"github.com/labctl/labctl/internal/engine"
)

// versionedFake is the fake engine with a negotiated API version, recording
// the create requests and the connects after create.
type versionedFake struct {
	*fakeDocker
	version string

	vmu      sync.Mutex
	creates  map[string]client.ContainerCreateOptions // by service
	connects []string                                 // "service→network"
}

func (v *versionedFake) ClientVersion() string { return v.version }

func (v *versionedFake) ContainerCreate(ctx context.Context, o client.ContainerCreateOptions) (client.ContainerCreateResult, error) {
	res, err := v.fakeDocker.ContainerCreate(ctx, o)
	v.vmu.Lock()
	defer v.vmu.Unlock()
	if v.creates == nil {
		v.creates = map[string]client.ContainerCreateOptions{}
	}
	v.creates[o.Config.Labels[engine.LabelService]] = o
	return res, err
}

func (v *versionedFake) NetworkConnect(_ context.Context, network string, o client.NetworkConnectOptions) (client.NetworkConnectResult, error) {
	v.fakeDocker.mu.Lock()
	var svc string
	if c := v.fakeDocker.ctrs[o.Container]; c != nil {
		svc = c.labels[engine.LabelService]
	}
	v.fakeDocker.mu.Unlock()
	v.vmu.Lock()
	defer v.vmu.Unlock()
	v.connects = append(v.connects, svc+"→"+network)
	return client.NetworkConnectResult{}, nil
}

// versionProject: api is on two networks (front first, by priority) and has
// a healthcheck with start_interval; worker is on one network and waits for
// api to be healthy.
func versionProject(t *testing.T, name, image string) *types.Project {
	t.Helper()
	dir := t.TempDir()
	yaml := fmt.Sprintf(`name: %[1]s
services:
  api:
    image: %[2]s
    networks:
      front: {priority: 10, aliases: [api-front]}
      back: {aliases: [api-back]}
    healthcheck:
      test: ["CMD", "wget"]
      interval: 10s
      start_period: 60s
      start_interval: 250ms
  worker:
    image: %[2]s
    networks: [back]
    depends_on:
      api: {condition: service_healthy}
networks:
  front: {}
  back: {}
`, name, image)
	file := filepath.Join(dir, "compose.yaml")
	if err := os.WriteFile(file, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := loader.LoadWithContext(context.Background(), types.ConfigDetails{
		WorkingDir: dir, ConfigFiles: []types.ConfigFile{{Filename: file}}, Environment: types.Mapping{},
	}, func(o *loader.Options) { o.SetProjectName(name, true) })
	if err != nil {
		t.Fatal(err)
	}
	p.ComposeFiles = []string{file}
	return p
}

func TestFakeAPIVersionNetworksAndStartInterval(t *testing.T) {
	for _, tc := range []struct {
		version string
		new     bool // the 1.44 way
	}{
		{"1.41", false},
		{"1.43", false},
		{"1.44", true},
		{"1.52", true},
		{"1.56", true},
		{"", false}, // a client that does not say: the way every engine takes
	} {
		t.Run("api-"+tc.version, func(t *testing.T) {
			f := &versionedFake{fakeDocker: newFakeDocker(), version: tc.version}
			p := versionProject(t, "vp", "fake:1")
			var events []engine.Event
			var mu sync.Mutex
			e := engine.NewEngine(f, false, func(ev engine.Event) { mu.Lock(); events = append(events, ev); mu.Unlock() })
			if got := e.APIVersion(); got != tc.version {
				t.Errorf("APIVersion() = %q, want %q", got, tc.version)
			}
			if _, err := e.Up(context.Background(), p, engine.Hints{}, engine.UpOptions{Pull: engine.PullNever, Timeout: 10 * time.Second}); err != nil {
				t.Fatal(err)
			}
			api := f.creates["api"]
			eps := api.NetworkingConfig.EndpointsConfig
			if string(api.HostConfig.NetworkMode) != "vp_front" || eps["vp_front"] == nil ||
				fmt.Sprint(eps["vp_front"].Aliases) != "[api api-front]" {
				t.Errorf("primary network: mode %s, endpoints %+v", api.HostConfig.NetworkMode, eps)
			}
			hc := api.Config.Healthcheck
			if hc == nil || hc.Interval != 10*time.Second || hc.StartPeriod != time.Minute {
				t.Fatalf("healthcheck %+v", hc)
			}
			var note string
			for _, ev := range events {
				if ev.Kind == engine.EventInfo && strings.Contains(ev.Text, "start_interval") {
					note = ev.Text
				}
			}
			if tc.new {
				if len(eps) != 2 || eps["vp_back"] == nil || fmt.Sprint(eps["vp_back"].Aliases) != "[api api-back]" {
					t.Errorf("API %s: create should carry both networks: %+v", tc.version, eps)
				}
				if len(f.connects) != 0 {
					t.Errorf("API %s: connected after create: %v", tc.version, f.connects)
				}
				if hc.StartInterval != 250*time.Millisecond {
					t.Errorf("API %s: start interval %s, want 250ms", tc.version, hc.StartInterval)
				}
				if note != "" {
					t.Errorf("API %s: unexpected note %q", tc.version, note)
				}
			} else {
				if len(eps) != 1 {
					t.Errorf("API %q: create carries %d networks, the engine takes one: %+v", tc.version, len(eps), eps)
				}
				if fmt.Sprint(f.connects) != "[api→vp_back]" {
					t.Errorf("API %q: connects after create %v, want [api→vp_back]", tc.version, f.connects)
				}
				if hc.StartInterval != 0 {
					t.Errorf("API %q: start interval %s sent to an engine without it", tc.version, hc.StartInterval)
				}
				if !strings.Contains(note, "services.api.healthcheck.start_interval needs Docker API 1.44") ||
					(tc.version != "" && !strings.Contains(note, "speaks "+tc.version)) {
					t.Errorf("API %q: note %q", tc.version, note)
				}
			}
			if w := f.creates["worker"].NetworkingConfig.EndpointsConfig; len(w) != 1 || w["vp_back"] == nil {
				t.Errorf("worker endpoints %+v", w)
			}
		})
	}
}
