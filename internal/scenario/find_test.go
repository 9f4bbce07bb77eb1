package scenario

import (
	"context"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/labctl/labctl/internal/model"
	ctypes "github.com/moby/moby/api/types/container"
	"github.com/moby/moby/api/types/network"
	"github.com/moby/moby/client"
)

// fakeDocker answers ContainerList by label and ContainerInspect by id.
type fakeDocker struct{ cs []ctypes.InspectResponse }

func (f *fakeDocker) ContainerList(_ context.Context, o client.ContainerListOptions) (client.ContainerListResult, error) {
	var res client.ContainerListResult
	for _, c := range f.cs {
		ok := true
		for want := range o.Filters["label"] {
			k, v, _ := strings.Cut(want, "=")
			if c.Config.Labels[k] != v {
				ok = false
			}
		}
		if ok {
			res.Items = append(res.Items, ctypes.Summary{ID: c.ID, Labels: c.Config.Labels})
		}
	}
	return res, nil
}

func (f *fakeDocker) ContainerInspect(_ context.Context, id string, _ client.ContainerInspectOptions) (client.ContainerInspectResult, error) {
	for _, c := range f.cs {
		if c.ID == id {
			return client.ContainerInspectResult{Container: c}, nil
		}
	}
	return client.ContainerInspectResult{}, os.ErrNotExist
}

func demoContainer(service string, ports map[string]string, mutate func(*ctypes.InspectResponse)) ctypes.InspectResponse {
	pm := network.PortMap{}
	for p, b := range ports {
		host, port, _ := strings.Cut(b, ":")
		pm[network.MustParsePort(p)] = []network.PortBinding{{HostIP: netip.MustParseAddr(host), HostPort: port}}
	}
	c := ctypes.InspectResponse{
		ID:    "id-" + service,
		State: &ctypes.State{Running: true},
		Config: &ctypes.Config{Labels: map[string]string{model.LabelProject: "opentelemetry-demo", model.LabelService: service},
			WorkingDir: "/"},
		NetworkSettings: &ctypes.NetworkSettings{Ports: pm, Networks: map[string]*network.EndpointSettings{
			"opentelemetry-demo": {IPAddress: netip.MustParseAddr("172.18.0.9")},
		}},
	}
	if mutate != nil {
		mutate(&c)
	}
	return c
}

// TestFindThroughDocker: the demo's Compose project as docker compose runs
// it: flagd's --uri file:./etc/flagd/demo.flagd.json through its bind mount
// of ./src/flagd, Jaeger behind frontend-proxy's published 8080.
func TestFindThroughDocker(t *testing.T) {
	clone := demoCheckout(t, "flagd-3.x.json", false)
	d := &fakeDocker{cs: []ctypes.InspectResponse{
		demoContainer("recommendation", nil, func(c *ctypes.InspectResponse) { c.RestartCount = 2 }),
		demoContainer("flagd", nil, func(c *ctypes.InspectResponse) {
			c.Path, c.Args = "/flagd-build", []string{"start", "--uri", "file:./etc/flagd/demo.flagd.json"}
			c.Mounts = []ctypes.MountPoint{{Source: filepath.Join(clone, "src", "flagd"), Destination: "/etc/flagd"}}
		}),
		demoContainer("frontend-proxy", map[string]string{"8080/tcp": "0.0.0.0:8080"}, nil),
		demoContainer("jaeger", nil, nil),
		demoContainer("prometheus", nil, nil),
	}}
	demo, err := Find(context.Background(), d, FindOptions{ContainerAddrs: true})
	if err != nil {
		t.Fatal(err)
	}
	if demo.Project != "opentelemetry-demo" || demo.JaegerURL != "http://127.0.0.1:8080/jaeger/ui" ||
		demo.Recommendation != "id-recommendation" || demo.PrometheusURL != "http://172.18.0.9:9090" {
		t.Errorf("demo = %+v", demo)
	}
	if fs, ok := demo.Flags.(FileStore); !ok || fs.Path != FlagFileIn(clone) {
		t.Errorf("flags = %#v, want the file %s", demo.Flags, FlagFileIn(clone))
	}

	// A remote engine: the mount's source is not on this machine, so the
	// flag goes through the proxy's flag API; Jaeger without the proxy is
	// reached on its own published port.
	d.cs[1].Mounts[0].Source = "/elsewhere/src/flagd"
	d.cs[2] = demoContainer("frontend-proxy", nil, nil)
	d.cs[3] = demoContainer("jaeger", map[string]string{"16686/tcp": "127.0.0.1:16686"}, nil)
	demo, err = Find(context.Background(), d, FindOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if demo.JaegerURL != "http://127.0.0.1:16686" || demo.Flags != nil || demo.PrometheusURL != "" {
		t.Errorf("without the proxy: %+v", demo)
	}
}

func TestFindErrors(t *testing.T) {
	ctx := context.Background()
	if _, err := Find(ctx, &fakeDocker{}, FindOptions{}); err == nil || !strings.Contains(err.Error(), "no container of a Compose service recommendation") {
		t.Errorf("no demo: %v", err)
	}
	if _, err := Find(ctx, nil, FindOptions{}); err == nil || !strings.Contains(err.Error(), "--jaeger") {
		t.Errorf("no Docker: %v", err)
	}
	d := &fakeDocker{cs: []ctypes.InspectResponse{demoContainer("recommendationservice", nil, nil)}}
	if _, err := Find(ctx, d, FindOptions{}); err == nil || !strings.Contains(err.Error(), "publish frontend-proxy's 8080") {
		t.Errorf("no way to Jaeger: %v", err)
	}
	if _, err := Find(ctx, nil, FindOptions{DemoDir: t.TempDir()}); err == nil || !strings.Contains(err.Error(), "no flag file") {
		t.Errorf("--demo without a flag file: %v", err)
	}
	demo, err := Find(ctx, nil, FindOptions{Jaeger: "http://cluster.example/jaeger/ui"})
	if api, ok := demo.Flags.(FlagAPI); err != nil || !ok || api.Base != "http://cluster.example" {
		t.Errorf("--jaeger under /jaeger/ui: %+v, %v; want the flag API at http://cluster.example", demo, err)
	}
}

func TestReleaseFor(t *testing.T) {
	for v, want := range map[string]string{
		"1.9.0": "1.9–1.10", "1.10.0": "1.9–1.10", "1.11.1": "1.11–1.12", "v1.12.0": "1.11–1.12",
		"2.0.2": "2.0–2.1", "2.1.3": "2.0–2.1", "2.2.0": "2.2", "2.2.0-rc.1": "2.2", "3.0.0": "3.0",
		"1.8.0": "", "3.1.0": "", "latest": "", "": "",
	} {
		r, ok := ReleaseFor(v)
		if ok != (want != "") || r.Versions != want {
			t.Errorf("ReleaseFor(%q) = %q, %v; want %q", v, r.Versions, ok, want)
		}
	}
}
