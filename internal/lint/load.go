package lint

import (
	"context"
	"fmt"

	"github.com/labctl/labctl/internal/discover"
	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/userproject"
)

// Load reads a project from its folder (files: its Compose files, or none
// for the default one) as docker compose would, with env added to the
// environment the Compose file is interpolated with (over the process's
// and .env's), then the configs its services mount: the lab the rules
// read, with its files (Lab.Files) and no container. Every service is read
// whatever its Compose profile ("*"): a service behind a profile (the
// course's observability services) is still the student's to get right.
func Load(ctx context.Context, dir string, files []string, env map[string]string) (*model.Lab, error) {
	return LoadFor(ctx, Options{Dir: dir, Files: files, Env: env})
}

// LoadFor is Load as o says: with labctl.yaml's services mapping
// (o.Roles), which wins over what a service's image and command say of its
// role, and for a stranger's project (o.Untrusted) under the policy for
// untrusted projects (no process environment, nothing read from outside
// its folder): a refused project is an error.
func LoadFor(ctx context.Context, o Options) (*model.Lab, error) {
	up, err := userproject.Load(ctx, userproject.Options{Dir: o.Dir, Files: o.Files, All: true, Env: o.Env, Untrusted: o.Untrusted, Profiles: []string{"*"}})
	if err != nil {
		return nil, err
	}
	if len(up.Refusals) > 0 {
		return nil, fmt.Errorf("%s: %s refused for an untrusted project", o.Dir, up.Refusals[0].String())
	}
	return discover.FromCompose(o.Dir, up.Compose, discover.ServiceRoles(up.Compose, o.Roles)), nil
}
