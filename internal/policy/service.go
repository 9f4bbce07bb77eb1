package policy

import (
	"fmt"
	"path"
	"path/filepath"
	"strings"

	"github.com/compose-spec/compose-go/v2/types"
)

// containerRules is what a container may not ask for, one row per key of
// a service (and of a pre_start hook, which is a container too). A row
// returns what the key asks for when it is refused, "" when it is not.
// Paths (volumes, env_file, label_file) are checked by containerPaths.
var containerRules = []struct {
	key   string
	why   Reason
	asked func(c *types.ContainerSpec) string
}{
	{"privileged", Privilege, func(c *types.ContainerSpec) string { return ifTrue(c.Privileged) }},
	{"cap_add", Privilege, func(c *types.ContainerSpec) string { return strings.Join(c.CapAdd, ", ") }},
	{"devices", Privilege, func(c *types.ContainerSpec) string {
		return list(c.Devices, func(d types.DeviceMapping) string { return d.Source })
	}},
	{"device_cgroup_rules", Privilege, func(c *types.ContainerSpec) string { return strings.Join(c.DeviceCgroupRules, ", ") }},
	{"gpus", Privilege, func(c *types.ContainerSpec) string {
		return list(c.Gpus, func(d types.DeviceRequest) string { return d.Driver + "gpu" })
	}},
	{"security_opt", Privilege, func(c *types.ContainerSpec) string { return strings.Join(c.SecurityOpt, ", ") }},
	{"sysctls", Privilege, func(c *types.ContainerSpec) string { return mapString(c.Sysctls) }},
	{"cgroup_parent", Privilege, func(c *types.ContainerSpec) string { return c.CgroupParent }},
	{"runtime", Privilege, func(c *types.ContainerSpec) string { return c.Runtime }},
	{"oom_kill_disable", Privilege, func(c *types.ContainerSpec) string { return ifTrue(c.OomKillDisable) }},
	{"oom_score_adj", Privilege, func(c *types.ContainerSpec) string {
		// Below 0 the machine's other processes die first when memory runs out.
		if c.OomScoreAdj < 0 {
			return fmt.Sprint(c.OomScoreAdj)
		}
		return ""
	}},
	{"userns_mode", HostNamespace, func(c *types.ContainerSpec) string { return c.UserNSMode }},
	{"cgroup", HostNamespace, func(c *types.ContainerSpec) string { return ifEq(c.Cgroup, "host") }},
	{"pid", HostNamespace, func(c *types.ContainerSpec) string { return ifEq(c.Pid, "host") }},
	{"pid", OtherContainer, func(c *types.ContainerSpec) string { return ifPrefix(c.Pid, "container:") }},
	{"ipc", HostNamespace, func(c *types.ContainerSpec) string { return ifEq(c.Ipc, "host") }},
	{"ipc", OtherContainer, func(c *types.ContainerSpec) string { return ifPrefix(c.Ipc, "container:") }},
	{"uts", HostNamespace, func(c *types.ContainerSpec) string { return ifEq(c.Uts, "host") }},
	{"volumes_from", OtherContainer, func(c *types.ContainerSpec) string { return strings.Join(c.VolumesFrom, ", ") }},
	{"use_api_socket", DockerSocket, func(c *types.ContainerSpec) string { return ifTrue(c.UseAPISocket) }},
}

// checker runs the rules over one project, adding each refusal.
type checker struct {
	f   fence
	p   *types.Project
	add func(key, asked string, why Reason)
}

// service adds what one service asks for that is refused.
func (c checker) service(s types.ServiceConfig, prefix string) {
	c.container(&s.ContainerSpec, prefix)
	if s.Net == "host" {
		c.add(prefix+"net", s.Net, HostNamespace)
	}
	if len(s.ExternalLinks) > 0 {
		c.add(prefix+"external_links", strings.Join(s.ExternalLinks, ", "), OtherContainer)
	}
	if s.Provider != nil {
		c.add(prefix+"provider", s.Provider.Type, HostProgram)
	}
	for i, h := range s.PreStart {
		c.container(&h.ContainerSpec, fmt.Sprintf("%spre_start[%d].", prefix, i))
	}
	for _, hooks := range []struct {
		key string
		hs  []types.ServiceHook
	}{{"post_start", s.PostStart}, {"pre_stop", s.PreStop}} {
		for i, h := range hooks.hs {
			if h.Privileged {
				c.add(fmt.Sprintf("%s%s[%d].privileged", prefix, hooks.key, i), "true", Privilege)
			}
		}
	}
	if s.Build != nil {
		checkBuild(s.Build, prefix+"build.", c.f, c.add)
		c.ownerLabels(s.Build.Labels, prefix+"build.labels")
	}
}

func (c checker) container(cs *types.ContainerSpec, prefix string) {
	for _, r := range containerRules {
		if a := r.asked(cs); a != "" {
			c.add(prefix+r.key, a, r.why)
		}
	}
	if why, ok := c.networkMode(cs.NetworkMode); !ok {
		c.add(prefix+"network_mode", cs.NetworkMode, why)
	}
	c.ownerLabels(cs.Labels, prefix+"labels")
	for i, v := range cs.Volumes {
		key := fmt.Sprintf("%svolumes[%d]", prefix, i)
		switch v.Type {
		case types.VolumeTypeBind:
			if !c.f.inside(v.Source) {
				c.add(key, c.f.show(v.Source)+":"+v.Target, outsideReason(v.Source))
			}
		case types.VolumeTypeVolume, types.VolumeTypeTmpfs, types.VolumeTypeImage:
			// The project's own named volumes (checked at the top level),
			// anonymous volumes, tmpfs and image contents stay in Docker.
		default:
			c.add(key, v.Type+" "+v.Source+":"+v.Target, OtherContainer)
		}
	}
	for i, e := range cs.EnvFiles {
		if !c.f.inside(e.Path) {
			c.add(fmt.Sprintf("%senv_file[%d]", prefix, i), c.f.show(e.Path), Outside)
		}
	}
	for i, l := range cs.LabelFiles {
		if !c.f.inside(l) {
			c.add(fmt.Sprintf("%slabel_file[%d]", prefix, i), c.f.show(l), Outside)
		}
	}
}

// networkMode accepts only what keeps a container among the project's
// own: no network at all, or the network of one of its own services.
// Anything else names a network or container it does not own: the
// machine's (host), the engine's default bridge that every container
// started without a network shares, another container, another
// project's network (labctl-grade-bob_default, a classmate's graded
// beside it).
func (c checker) networkMode(mode string) (Reason, bool) {
	switch {
	case mode == "", mode == "none":
		return "", true
	case mode == "host":
		return HostNamespace, false
	case strings.HasPrefix(mode, types.ServicePrefix):
		_, own := c.p.Services[strings.TrimPrefix(mode, types.ServicePrefix)]
		return OtherContainer, own
	}
	return OtherContainer, false
}

func checkBuild(b *types.BuildConfig, prefix string, f fence, add func(key, asked string, why Reason)) {
	ctx := b.Context
	if ctx == "" {
		ctx = "."
	}
	if !f.inside(ctx) {
		add(prefix+"context", f.show(b.Context), Outside)
	} else if b.Dockerfile != "" && b.DockerfileInline == "" {
		df := b.Dockerfile
		if !filepath.IsAbs(df) {
			df = filepath.Join(ctx, df)
		}
		if !f.inside(df) {
			add(prefix+"dockerfile", f.show(b.Dockerfile), Outside)
		}
	}
	for _, name := range sortedKeys(b.AdditionalContexts) {
		v := b.AdditionalContexts[name]
		switch {
		case strings.HasPrefix(v, "docker-image://"), strings.HasPrefix(v, "service:"), strings.HasPrefix(v, "target:"):
		case strings.Contains(v, "://") || !f.inside(v):
			add(prefix+"additional_contexts."+name, f.show(v), Outside)
		}
	}
	if len(b.SSH) > 0 {
		add(prefix+"ssh", list(b.SSH, func(k types.SSHKey) string { return k.ID }), HostProgram)
	}
	if b.Privileged {
		add(prefix+"privileged", "true", Privilege)
	}
	if len(b.Entitlements) > 0 {
		add(prefix+"entitlements", strings.Join(b.Entitlements, ", "), Privilege)
	}
	if b.Network == "host" {
		add(prefix+"network", b.Network, HostNamespace)
	}
}

// outsideReason names the Docker socket for what it is: a bind of it is
// the machine, not a folder.
func outsideReason(src string) Reason {
	if path.Base(filepath.ToSlash(src)) == "docker.sock" {
		return DockerSocket
	}
	return Outside
}

func ifTrue(b bool) string {
	if b {
		return "true"
	}
	return ""
}

func ifEq(v, want string) string {
	if v == want {
		return v
	}
	return ""
}

func ifPrefix(v, prefix string) string {
	if strings.HasPrefix(v, prefix) {
		return v
	}
	return ""
}

func list[T any](xs []T, name func(T) string) string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = name(x)
	}
	return strings.Join(out, ", ")
}
