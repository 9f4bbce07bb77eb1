package discover

import (
	"sort"
	"strconv"
	"strings"

	"github.com/compose-spec/compose-go/v2/types"

	"github.com/labctl/labctl/internal/model"
)

// ServiceRoles gives each service of a Compose project its role before any
// container runs, by the same rules discovery applies to containers (image,
// program, environment, ports, name), so that labctl can start only the
// services its checks need. overrides are labctl.yaml's services mapping.
func ServiceRoles(p *types.Project, overrides map[string]model.Role) map[string]model.Role {
	names := make([]string, 0, len(p.Services))
	for name := range p.Services {
		names = append(names, name)
	}
	sort.Strings(names)
	cs := make([]container, 0, len(names))
	for _, name := range names {
		cs = append(cs, serviceAsContainer(p.Name, p.Services[name]))
	}
	out := map[string]model.Role{}
	for _, s := range assignRoles(cs, overrides) {
		out[s.Name] = s.Role
	}
	return out
}

// serviceAsContainer is what a service's container will show of itself,
// as far as the Compose file says (an image's own entrypoint is unknown).
func serviceAsContainer(project string, s types.ServiceConfig) container {
	c := container{Service: s.Name, Name: s.Name, Image: s.Image, Env: map[string]string{},
		Labels: map[string]string{model.LabelProject: project}}
	c.Args = append(append(c.Args, s.Entrypoint...), s.Command...)
	for k, v := range s.Environment {
		if v != nil {
			c.Env[k] = *v
		} else {
			c.Env[k] = ""
		}
	}
	for _, pc := range s.Ports {
		c.Exposed = append(c.Exposed, int(pc.Target))
	}
	for _, e := range s.Expose {
		port, _, _ := strings.Cut(e, "/")
		if n, err := strconv.Atoi(port); err == nil {
			c.Exposed = append(c.Exposed, n)
		}
	}
	return c
}
