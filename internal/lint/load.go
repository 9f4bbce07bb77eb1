package lint

import (
	"context"

	"github.com/labctl/labctl/internal/discover"
	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/rules"
	"github.com/labctl/labctl/internal/userproject"
)

// Load reads a project from its folder (files: its Compose files, or none
// for the default one) as docker compose would, with env added to the
// environment the Compose file is interpolated with (over the process's
// and .env's), then the configs its services mount.
func Load(ctx context.Context, dir string, files []string, env map[string]string) (*rules.Project, error) {
	return LoadWithRoles(ctx, dir, files, env, nil)
}

// LoadWithRoles is Load with labctl.yaml's services mapping (roles), which
// wins over what a service's image and command say of its role.
func LoadWithRoles(ctx context.Context, dir string, files []string, env map[string]string, roles map[string]model.Role) (*rules.Project, error) {
	up, err := userproject.Load(ctx, userproject.Options{Dir: dir, Files: files, All: true, Env: env})
	if err != nil {
		return nil, err
	}
	return rules.FromCompose(dir, up.Compose, discover.ServiceRoles(up.Compose, roles)), nil
}
