package lint

import (
	"context"

	"github.com/labctl/labctl/internal/discover"
	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/userproject"
)

// Load reads a project from its folder (files: its Compose files, or none
// for the default one) as docker compose would, with env added to the
// environment the Compose file is interpolated with (over the process's
// and .env's), then the configs its services mount: the lab the rules
// read, with its files (Lab.Files) and no container.
func Load(ctx context.Context, dir string, files []string, env map[string]string) (*model.Lab, error) {
	up, err := userproject.Load(ctx, userproject.Options{Dir: dir, Files: files, All: true, Env: env})
	if err != nil {
		return nil, err
	}
	return discover.FromCompose(dir, up.Compose, discover.ServiceRoles(up.Compose, nil)), nil
}
