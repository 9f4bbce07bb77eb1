package engine_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/moby/moby/client"
	"github.com/moby/moby/client/pkg/versions"

	"github.com/labctl/labctl/internal/engine"
	"github.com/labctl/labctl/internal/engine/enginetest"
)

// The version-dependent ways on the real engine, whichever it is (test/run
// runs this package on Debian's 20.10, API 1.41, and again on Engine 29,
// API 1.5x): a service on two networks is on both with its aliases, and a
// healthcheck's start_interval is honoured where the API has it (the
// dependent service starts well before the first 10 s interval) and said to
// be left out where it has not.
func TestEngineAPIVersionNetworksAndStartInterval(t *testing.T) {
	cli := dockerClient(t)
	name := enginetest.ProjectName(t, "lt")
	p := versionProject(t, name, enginetest.FakeOK)
	var events []engine.Event
	var mu sync.Mutex
	e := engine.NewEngine(cli, true, func(ev engine.Event) { mu.Lock(); events = append(events, ev); mu.Unlock() })
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if _, err := e.Down(ctx, name, engine.DownOptions{Volumes: true}); err != nil {
			t.Errorf("cleanup down: %v", err)
		}
	})
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	res, err := e.Up(ctx, p, engine.Hints{}, engine.UpOptions{Pull: engine.PullNever, Timeout: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	version := e.APIVersion()
	if version == "" || version != cli.ClientVersion() {
		t.Fatalf("APIVersion() = %q, client %q", version, cli.ClientVersion())
	}
	modern := versions.GreaterThanOrEqualTo(version, engine.APIMultiNetworkCreate)
	t.Logf("engine API %s (1.44 ways: %v): up in %s", version, modern, res.Elapsed)

	ctrs := enginetest.Containers(t, cli, name)
	ins, err := cli.ContainerInspect(ctx, ctrs["api"].ID, client.ContainerInspectOptions{})
	if err != nil {
		t.Fatal(err)
	}
	nets := ins.Container.NetworkSettings.Networks
	for net, alias := range map[string]string{name + "_front": "api-front", name + "_back": "api-back"} {
		ep := nets[net]
		if ep == nil || !contains(ep.Aliases, "api") || !contains(ep.Aliases, alias) {
			t.Errorf("api on %s: %+v (all: %v)", net, ep, keys(nets))
		}
	}
	if len(nets) != 2 {
		t.Errorf("api is on %v, want its two networks", keys(nets))
	}

	var note string
	for _, ev := range events {
		if ev.Kind == engine.EventInfo && strings.Contains(ev.Text, "start_interval") {
			note = ev.Text
		}
	}
	hc := ins.Container.Config.Healthcheck
	if modern {
		if hc == nil || hc.StartInterval != 250*time.Millisecond {
			t.Errorf("API %s: healthcheck %+v, want start interval 250ms", version, hc)
		}
		if note != "" {
			t.Errorf("API %s: unexpected note %q", version, note)
		}
		// api is healthy at its first start-interval probe, so worker starts
		// long before the 10 s interval.
		if res.Elapsed > 8*time.Second {
			t.Errorf("API %s: up took %s: start_interval not honoured (interval 10s)", version, res.Elapsed)
		}
	} else {
		if !strings.Contains(note, "speaks "+version) {
			t.Errorf("API %s: no note that start_interval is left out (%q)", version, note)
		}
		// The first probe runs after one interval.
		if res.Elapsed < 9*time.Second {
			t.Errorf("API %s: up took only %s with a 10 s interval", version, res.Elapsed)
		}
	}
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}
