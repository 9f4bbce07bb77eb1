package discover

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/compose-spec/compose-go/v2/cli"
	"github.com/compose-spec/compose-go/v2/loader"

	"github.com/labctl/labctl/internal/model"
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
	// Profiled are the services in Compose profiles that play a role
	// verify checks (backend, Collector, Jaeger, ...), with their profiles;
	// Enabled the profiles enabled as docker compose takes them
	// (--profile, else COMPOSE_PROFILES from the environment or .env).
	Profiled map[string][]string
	Enabled  []string
}

// NotEnabled lists the services in profiles that are not enabled and
// that running says are not running, with their profiles, sorted: what
// `docker compose up` left out, for a note that says how to start them.
func (p Project) NotEnabled(running func(service string) bool) (services, profiles []string) {
	for _, name := range p.Services {
		prs := p.Profiled[name]
		if len(prs) == 0 || running(name) || slices.ContainsFunc(prs, func(pr string) bool {
			return slices.Contains(p.Enabled, pr) || slices.Contains(p.Enabled, "*")
		}) {
			continue
		}
		services = append(services, name)
		for _, pr := range prs {
			if !slices.Contains(profiles, pr) {
				profiles = append(profiles, pr)
			}
		}
	}
	sort.Strings(profiles)
	return services, profiles
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
// .env), the top-level name:, else the folder's name, normalised; its
// profiles enabled as Compose takes them: profiles (--profile), else
// COMPOSE_PROFILES.
func ResolveProject(ctx context.Context, dir string, files []string, name string, profiles ...string) (Project, error) {
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
		cli.WithResolvedPaths(false), cli.WithoutEnvironmentResolution, profilesOption(profiles))
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
	// Only the services a check reads: a tool behind a profile of its
	// own (pgweb under tools) is none of verify's business.
	profiled := map[string][]string{}
	if all, err := p.WithProfiles([]string{"*"}); err == nil {
		roles := ServiceRoles(all, nil)
		for name, s := range all.Services {
			if r := roles[name]; len(s.Profiles) > 0 && r != "" && r != model.RoleOther {
				profiled[name] = s.Profiles
			}
		}
	}
	var enabled []string
	for _, pr := range p.Profiles {
		if pr = strings.TrimSpace(pr); pr != "" {
			enabled = append(enabled, pr)
		}
	}
	return Project{Name: p.Name, Files: files, Dir: dir, Services: services, Profiled: profiled, Enabled: enabled}, nil
}

// profilesOption enables profiles when given (--profile), else those
// COMPOSE_PROFILES names, as docker compose does.
func profilesOption(profiles []string) cli.ProjectOptionsFn {
	if len(profiles) > 0 {
		return cli.WithProfiles(profiles)
	}
	return cli.WithDefaultProfiles()
}

func firstOr(s []string, def string) string {
	if len(s) > 0 {
		return s[0]
	}
	return def
}
