package engine

import (
	"sort"

	"github.com/compose-spec/compose-go/v2/types"
)

// Unsupported lists the keys of a service that the engine does not carry
// into its container, as "services.NAME.KEY": labctl runs a project it did
// not render (labctl up -f, labctl grade) and says what it leaves out
// rather than running something else silently. The keys it honours are
// those of containerSpec, build and the dependency waits.
func Unsupported(s types.ServiceConfig) []string {
	set := map[string]bool{
		"cap_add":        len(s.CapAdd) > 0,
		"cap_drop":       len(s.CapDrop) > 0,
		"configs":        len(s.Configs) > 0,
		"container_name": s.ContainerName != "",
		"cpus":           s.CPUS > 0,
		"devices":        len(s.Devices) > 0,
		"dns":            len(s.DNS) > 0,
		"develop":        s.Develop != nil,
		"expose":         len(s.Expose) > 0,
		"external_links": len(s.ExternalLinks) > 0,
		"group_add":      len(s.GroupAdd) > 0,
		"ipc":            s.Ipc != "",
		"links":          len(s.Links) > 0,
		"logging":        s.Logging != nil,
		"mem_limit":      s.MemLimit > 0,
		"pid":            s.Pid != "",
		"platform":       s.Platform != "",
		"post_start":     len(s.PostStart) > 0,
		"privileged":     s.Privileged,
		"runtime":        s.Runtime != "",
		"secrets":        len(s.Secrets) > 0,
		"security_opt":   len(s.SecurityOpt) > 0,
		"shm_size":       s.ShmSize > 0,
		"sysctls":        len(s.Sysctls) > 0,
		"ulimits":        len(s.Ulimits) > 0,
		"userns_mode":    s.UserNSMode != "",
	}
	if d := s.Deploy; d != nil {
		set["deploy.resources"] = d.Resources.Limits != nil || d.Resources.Reservations != nil
		set["deploy.replicas"] = d.Replicas != nil && *d.Replicas != 1
	}
	if s.Scale != nil && *s.Scale != 1 {
		set["scale"] = true
	}
	var out []string
	for k, on := range set {
		if on {
			out = append(out, "services."+s.Name+"."+k)
		}
	}
	sort.Strings(out)
	return out
}
