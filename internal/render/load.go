package render

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/compose-spec/compose-go/v2/loader"
	"github.com/compose-spec/compose-go/v2/types"
)

// LoadProject loads DIR/compose.yaml with compose-go's loader, exactly as
// docker compose would: paths become absolute and env_file values are
// resolved. `up` runs what this returns, so what runs is what the student
// can read.
func LoadProject(ctx context.Context, dir, name string) (*types.Project, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("resolve %s: %w", dir, err)
	}
	file := filepath.Join(abs, FileCompose)
	p, err := loader.LoadWithContext(ctx, types.ConfigDetails{
		WorkingDir:  abs,
		ConfigFiles: []types.ConfigFile{{Filename: file}},
		Environment: types.Mapping{},
	}, func(o *loader.Options) {
		o.SetProjectName(name, true)
	})
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", file, err)
	}
	// As docker compose records it in com.docker.compose.project.config_files.
	p.ComposeFiles = []string{file}
	return p, nil
}
