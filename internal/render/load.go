package render

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/compose-spec/compose-go/v2/loader"
	"github.com/compose-spec/compose-go/v2/types"
	"github.com/labctl/labctl/internal/config"
	"github.com/labctl/labctl/internal/fsutil"
	"github.com/labctl/labctl/internal/model"
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

// DescribeRendered is labctl's lab as render wrote it into dir: Describe's
// description with the Collector's and Prometheus's configurations read
// from dir's otelcol.yaml and prometheus.yml, which are what the
// containers run (the student may have edited them). Each is nil when its
// file does not exist yet; a file labctl can no longer read says to render
// it again.
func DescribeRendered(cfg *config.Config, dir string) (*model.Lab, error) {
	l, err := Describe(cfg)
	if err != nil {
		return nil, err
	}
	colPath, promPath := renderedPath(dir, FileCollector), renderedPath(dir, FilePrometheus)
	l.Collector, l.Prometheus = nil, nil
	if data, ok, err := readRendered(colPath); err != nil {
		return nil, err
	} else if ok {
		if l.Collector, err = model.ParseCollector(data, colPath, nil); err != nil {
			return nil, renderHint(err)
		}
	}
	if data, ok, err := readRendered(promPath); err != nil {
		return nil, err
	} else if ok {
		if l.Prometheus, err = model.ParsePrometheus(data, promPath); err != nil {
			return nil, renderHint(err)
		}
	}
	finish(l, cfg)
	return l, nil
}

// renderedPath names a generated file as people see it: DIR/name with
// forward slashes.
func renderedPath(dir, name string) string { return filepath.ToSlash(filepath.Join(dir, name)) }

// renderHint adds the fix to an error in a file labctl generated.
func renderHint(err error) error {
	return fmt.Errorf("%w; run `labctl render` to regenerate it", err)
}

func readRendered(path string) ([]byte, bool, error) {
	data, err := os.ReadFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, false, nil
	case err != nil:
		return nil, false, fsutil.ReadError("", path, err)
	}
	return data, true, nil
}
