package engine

import (
	"fmt"
	"net/netip"
	"sort"
	"strings"
	"time"

	"github.com/compose-spec/compose-go/v2/types"
	"github.com/moby/moby/api/types/container"
	"github.com/moby/moby/api/types/mount"
	"github.com/moby/moby/api/types/network"
	"github.com/moby/moby/client"
)

// containerSpec converts a compose service into the Engine API's create
// request, the way compose does for the fields the lab uses. From API 1.44
// (f.MultiNetworkCreate) every network of the service is in the request;
// before, only its first (API 1.41 takes one), and the others (the keys
// returned) are connected after create.
func containerSpec(p *types.Project, s types.ServiceConfig, image, imageID, hash string, f apiFeatures) (client.ContainerCreateOptions, []string, error) {
	cfg := &container.Config{
		Image:      image,
		Env:        envList(s.Environment),
		Cmd:        []string(s.Command),
		Entrypoint: []string(s.Entrypoint),
		WorkingDir: s.WorkingDir,
		User:       s.User,
		Hostname:   s.Hostname,
		StopSignal: s.StopSignal,
		Labels:     containerLabels(p, s, hash, imageID),
	}
	if s.StopGracePeriod != nil {
		secs := int(time.Duration(*s.StopGracePeriod).Seconds())
		cfg.StopTimeout = &secs
	}
	if hc := s.HealthCheck; hc != nil {
		cfg.Healthcheck = healthConfig(hc, f)
	}
	host := &container.HostConfig{
		RestartPolicy:  restartPolicy(s.Restart),
		ExtraHosts:     s.ExtraHosts.AsList(":"),
		Init:           s.Init,
		ReadonlyRootfs: s.ReadOnly,
	}
	if len(s.Tmpfs) > 0 {
		host.Tmpfs = map[string]string{}
		for _, t := range s.Tmpfs {
			path, opts, _ := strings.Cut(t, ":")
			host.Tmpfs[path] = opts
		}
	}
	exposed, bindings, err := portSpec(s.Ports)
	if err != nil {
		return client.ContainerCreateOptions{}, nil, fmt.Errorf("service %s: %w", s.Name, err)
	}
	cfg.ExposedPorts, host.PortBindings = exposed, bindings
	for _, v := range s.Volumes {
		m, err := mountSpec(p, v)
		if err != nil {
			return client.ContainerCreateOptions{}, nil, fmt.Errorf("service %s: %w", s.Name, err)
		}
		host.Mounts = append(host.Mounts, m)
	}
	nets := serviceNetworks(s)
	var netCfg *network.NetworkingConfig
	var extra []string
	switch {
	case s.NetworkMode != "":
		host.NetworkMode = container.NetworkMode(s.NetworkMode)
	case len(nets) == 0:
		host.NetworkMode = "none"
	default:
		primary := p.Networks[nets[0]].Name
		host.NetworkMode = container.NetworkMode(primary)
		netCfg = &network.NetworkingConfig{EndpointsConfig: map[string]*network.EndpointSettings{
			primary: endpointSettings(s, nets[0]),
		}}
		for _, n := range nets[1:] {
			if f.MultiNetworkCreate {
				netCfg.EndpointsConfig[p.Networks[n].Name] = endpointSettings(s, n)
			} else {
				extra = append(extra, n)
			}
		}
	}
	return client.ContainerCreateOptions{
		Name:             ContainerName(p.Name, s.Name),
		Config:           cfg,
		HostConfig:       host,
		NetworkingConfig: netCfg,
	}, extra, nil
}

// serviceNetworks lists the service's network keys, highest priority first
// (ties by name), as compose orders them.
func serviceNetworks(s types.ServiceConfig) []string {
	keys := make([]string, 0, len(s.Networks))
	for k := range s.Networks {
		keys = append(keys, k)
	}
	prio := func(k string) int {
		if n := s.Networks[k]; n != nil {
			return n.Priority
		}
		return 0
	}
	sort.Slice(keys, func(i, j int) bool {
		if pi, pj := prio(keys[i]), prio(keys[j]); pi != pj {
			return pi > pj
		}
		return keys[i] < keys[j]
	})
	return keys
}

// endpointSettings: the service name is the container's DNS alias on every
// network, plus the aliases the service declares.
func endpointSettings(s types.ServiceConfig, key string) *network.EndpointSettings {
	es := &network.EndpointSettings{Aliases: []string{s.Name}}
	if n := s.Networks[key]; n != nil {
		es.Aliases = append(es.Aliases, n.Aliases...)
	}
	return es
}

func envList(env types.MappingWithEquals) []string {
	out := make([]string, 0, len(env))
	for k, v := range env {
		if v == nil {
			continue
		}
		out = append(out, k+"="+*v)
	}
	sort.Strings(out)
	return out
}

// healthConfig: start_interval only where the API has it (1.44); Up says
// when it is left out (versionNotes).
func healthConfig(hc *types.HealthCheckConfig, f apiFeatures) *container.HealthConfig {
	if hc.Disable {
		return &container.HealthConfig{Test: []string{"NONE"}}
	}
	out := &container.HealthConfig{Test: hc.Test}
	if hc.Interval != nil {
		out.Interval = time.Duration(*hc.Interval)
	}
	if hc.Timeout != nil {
		out.Timeout = time.Duration(*hc.Timeout)
	}
	if hc.StartPeriod != nil {
		out.StartPeriod = time.Duration(*hc.StartPeriod)
	}
	if hc.StartInterval != nil && f.HealthStartInterval {
		out.StartInterval = time.Duration(*hc.StartInterval)
	}
	if hc.Retries != nil {
		out.Retries = int(*hc.Retries)
	}
	return out
}

func restartPolicy(r string) container.RestartPolicy {
	name, _, _ := strings.Cut(r, ":")
	switch name {
	case "always", "unless-stopped", "on-failure":
		return container.RestartPolicy{Name: container.RestartPolicyMode(name)}
	}
	return container.RestartPolicy{Name: container.RestartPolicyDisabled}
}

func portSpec(ports []types.ServicePortConfig) (network.PortSet, network.PortMap, error) {
	if len(ports) == 0 {
		return nil, nil, nil
	}
	exposed := network.PortSet{}
	bindings := network.PortMap{}
	for _, pc := range ports {
		proto := pc.Protocol
		if proto == "" {
			proto = "tcp"
		}
		port, ok := network.PortFrom(uint16(pc.Target), network.IPProtocol(proto))
		if !ok {
			return nil, nil, fmt.Errorf("invalid port %d/%s", pc.Target, proto)
		}
		exposed[port] = struct{}{}
		var ip netip.Addr
		if pc.HostIP != "" {
			a, err := netip.ParseAddr(pc.HostIP)
			if err != nil {
				return nil, nil, fmt.Errorf("port %d: host_ip %q: %w", pc.Target, pc.HostIP, err)
			}
			ip = a
		}
		bindings[port] = append(bindings[port], network.PortBinding{HostIP: ip, HostPort: pc.Published})
	}
	return exposed, bindings, nil
}

func mountSpec(p *types.Project, v types.ServiceVolumeConfig) (mount.Mount, error) {
	switch v.Type {
	case types.VolumeTypeBind:
		return mount.Mount{Type: mount.TypeBind, Source: v.Source, Target: v.Target, ReadOnly: v.ReadOnly}, nil
	case types.VolumeTypeVolume:
		src := v.Source
		if pv, ok := p.Volumes[v.Source]; ok && pv.Name != "" {
			src = pv.Name
		}
		return mount.Mount{Type: mount.TypeVolume, Source: src, Target: v.Target, ReadOnly: v.ReadOnly}, nil
	case types.VolumeTypeTmpfs:
		return mount.Mount{Type: mount.TypeTmpfs, Target: v.Target}, nil
	}
	return mount.Mount{}, fmt.Errorf("volume %s: type %q is not supported by labctl", v.Target, v.Type)
}
