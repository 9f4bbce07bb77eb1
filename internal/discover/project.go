package discover

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/compose-spec/compose-go/v2/cli"
	"github.com/compose-spec/compose-go/v2/loader"
)

// ComposeFileNames are the files `docker compose` looks for, in its order.
var ComposeFileNames = []string{"compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml"}

// FindComposeFile returns the Compose file docker compose would use in
// dir, or "" when there is none.
func FindComposeFile(dir string) string {
	for _, n := range ComposeFileNames {
		if fi, err := os.Stat(filepath.Join(dir, n)); err == nil && !fi.IsDir() {
			return n
		}
	}
	return ""
}

// Project is a Compose project as `docker compose` would name it.
type Project struct {
	Name string
	// Files are the Compose files, as given or found (relative to Dir).
	Files []string
	Dir   string
	// Services are the project's service names (those of disabled profiles
	// too), sorted; nil when only its name is known (-p NAME).
	Services []string
}

// ComposeFilePaths returns files (-f) made absolute against dir, refusing
// one that does not exist: a file the user named is their input to fix.
func ComposeFilePaths(dir string, files []string) ([]string, error) {
	abs := make([]string, len(files))
	for i, f := range files {
		abs[i] = f
		if !filepath.IsAbs(f) {
			abs[i] = filepath.Join(dir, f)
		}
		if _, err := os.Stat(abs[i]); err != nil {
			return nil, fmt.Errorf("compose file %s: %w; check the -f path", f, errors.Unwrap(err))
		}
	}
	return abs, nil
}

// ResolveProject names the project of files (or the folder's default
// Compose file) as Compose does: -p NAME, COMPOSE_PROJECT_NAME (also from
// .env), the top-level name:, else the folder's name, normalised.
func ResolveProject(ctx context.Context, dir string, files []string, name string) (Project, error) {
	if len(files) == 0 && os.Getenv("COMPOSE_FILE") == "" {
		if f := FindComposeFile(dir); f != "" {
			files = []string{f}
		} else if name == "" {
			return Project{}, fmt.Errorf("no Compose file in %s (%s); pass -f FILE or -p NAME", dir, ComposeFileNames[0]+", "+ComposeFileNames[1]+", ...")
		}
	}
	abs, err := ComposeFilePaths(dir, files)
	if err != nil {
		return Project{}, err
	}
	if name != "" && len(files) == 0 {
		return Project{Name: loader.NormalizeProjectName(name), Dir: dir}, nil
	}
	opts, err := cli.NewProjectOptions(abs,
		cli.WithWorkingDirectory(dir), cli.WithOsEnv, cli.WithEnvFiles(), cli.WithDotEnv, cli.WithConfigFileEnv, cli.WithDefaultConfigPath,
		cli.WithName(name), cli.WithLoadOptions(func(o *loader.Options) { o.SkipValidation, o.SkipConsistencyCheck = true, true }),
		cli.WithResolvedPaths(false), cli.WithoutEnvironmentResolution)
	if err != nil {
		return Project{}, fmt.Errorf("read compose file: %w", err)
	}
	p, err := opts.LoadProject(ctx)
	if err != nil {
		return Project{}, fmt.Errorf("read %s: %w", firstOr(files, "the compose file"), err)
	}
	services := p.ServiceNames()
	for name := range p.DisabledServices {
		services = append(services, name)
	}
	sort.Strings(services)
	return Project{Name: p.Name, Files: files, Dir: dir, Services: services}, nil
}

func firstOr(s []string, def string) string {
	if len(s) > 0 {
		return s[0]
	}
	return def
}
