// Package userproject loads a Compose project labctl did not render (a
// student's own compose.yml) so that labctl's engine can run it: fully, as
// docker compose reads it, narrowed to the services the checks need, and,
// for grading, isolated from every other run on the machine.
package userproject

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/compose-spec/compose-go/v2/cli"
	"github.com/compose-spec/compose-go/v2/loader"
	"github.com/compose-spec/compose-go/v2/types"

	"github.com/labctl/labctl/internal/discover"
	"github.com/labctl/labctl/internal/engine"
	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/policy"
)

// Options say which project to load and how to run it.
type Options struct {
	// Dir is the project's folder; Files its Compose files (relative to
	// Dir), or none for the folder's default compose.yaml, compose.yml, ...
	Dir   string
	Files []string
	// Name is the project's name; "" names it as docker compose does.
	Name string
	// All keeps every service; by default only the services a check reads
	// (backend, Collector, Jaeger, Prometheus, PostgreSQL, a reverse proxy)
	// and what they depend on.
	All bool
	// Isolate publishes every port on 127.0.0.1 at a port the engine picks,
	// so that several projects with the same ports run side by side.
	Isolate bool
	// Roles are labctl.yaml's services mapping.
	Roles map[string]model.Role
	// Env is added to the environment the Compose file is interpolated
	// with (over the process's and .env's), e.g. images for an offline bed.
	Env map[string]string
	// Profiles are the Compose profiles to enable, as docker compose's
	// --profile ("*": all of them). None: COMPOSE_PROFILES (from the
	// environment or .env), as docker compose reads it, unless the
	// project is narrowed (not All): then every service may be chosen
	// whatever its profile, and Project.Profiles says which profiles the
	// services kept need.
	Profiles []string
	// Untrusted loads the project of someone else (a student's submission
	// on a teacher's machine) under internal/policy: files it includes,
	// extends or reads (.env, env_file, label_file) only from inside Dir,
	// interpolated from Env and its own .env but not from labctl's
	// environment (the teacher's tokens), and checked key by key; what the
	// policy refuses is in Refusals, and such a project must not run.
	Untrusted bool
	// CollectWarnings keeps compose-go's own warnings in
	// Project.Warnings instead of printing them on stderr.
	CollectWarnings bool
	// SkipMissingEnvFiles loads a service whose env_file does not exist
	// as required: false would (lint, which says it in a finding);
	// otherwise such a project is refused as docker compose refuses it.
	SkipMissingEnvFiles bool
}

// Project is a loaded project ready for engine.Up.
type Project struct {
	Compose *types.Project
	// Roles are the roles of the services kept.
	Roles map[string]model.Role
	// Skipped are the services left out (no check reads them).
	Skipped []string
	// Notes say, one line each, what labctl changed or does not honour.
	Notes []string
	// Refusals are what the policy refused (Untrusted): when there are
	// any, the project must not be run.
	Refusals []policy.Refusal
	// Changes are the keys run otherwise than asked (Untrusted): a build
	// is tagged only with engine.BuildImageName (policy.Adjust).
	Changes []policy.Change
	// Profiles are the Compose profiles of the services kept, sorted:
	// those a narrowed project enables to run its checks.
	Profiles []string
	// MissingEnvFiles are the env_files that do not exist, loaded as
	// required: false loads them (skipped).
	MissingEnvFiles []MissingEnvFile
	// Warnings are compose-go's own warnings, when collected.
	Warnings []string
}

// needed are the roles whose services the checks read.
var needed = []model.Role{model.RoleBackend, model.RoleCollector, model.RoleJaeger,
	model.RolePrometheus, model.RolePostgres, model.RoleProxy}

// Load reads the project as docker compose would (interpolation from the
// environment and .env, env_file, extends, profiles, absolute paths).
func Load(ctx context.Context, o Options) (*Project, error) {
	dir, err := filepath.Abs(o.Dir)
	if err != nil {
		return nil, fmt.Errorf("resolve %s: %w", o.Dir, err)
	}
	files := o.Files
	if len(files) == 0 {
		f := discover.FindComposeFile(dir)
		if f == "" {
			return nil, fmt.Errorf("no Compose file in %s (compose.yaml, compose.yml, ...); pass -f FILE", o.Dir)
		}
		files = []string{f}
	}
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
	fns := []cli.ProjectOptionsFn{cli.WithWorkingDirectory(dir)}
	var refused []policy.Refusal
	if o.Untrusted {
		fns = append(fns, cli.WithoutEnvironmentResolution, cli.WithoutLabelsResolution,
			cli.WithLoadOptions(func(lo *loader.Options) {
				lo.ResourceLoaders = append([]loader.ResourceLoader{policy.Loader(dir)}, lo.ResourceLoaders...)
			}))
		if !policy.Inside(dir, ".env") {
			refused = append(refused, policy.Refusal{File: ".env", Key: ".env", Asked: "a link out of the folder", Reason: policy.Outside})
		}
	} else {
		// The environment is resolved below, once missing env_files are
		// set aside.
		fns = append(fns, cli.WithOsEnv, cli.WithoutEnvironmentResolution)
	}
	if len(o.Env) > 0 {
		env := make([]string, 0, len(o.Env))
		for k, v := range o.Env {
			env = append(env, k+"="+v)
		}
		fns = append(fns, cli.WithEnv(env))
	}
	if len(refused) == 0 {
		fns = append(fns, cli.WithEnvFiles(), cli.WithDotEnv)
	}
	fns = append(fns, cli.WithName(o.Name), profilesOption(o), cli.WithResolvedPaths(true))
	opts, err := cli.NewProjectOptions(abs, fns...)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", files[0], err)
	}
	var p *types.Project
	load := func() error {
		var err error
		p, err = opts.LoadProject(ctx)
		return err
	}
	var warnings []string
	if o.CollectWarnings {
		warnings, err = collectWarnings(load)
	} else {
		err = load()
	}
	var outside *policy.OutsideFileError
	if errors.As(err, &outside) {
		// Refused before it was read: the submission is graded without
		// its stack, and the checklist says which file it named.
		refused = append(refused, policy.Refusal{File: filepath.Base(files[0]), Key: "include / extends.file", Asked: outside.Path, Reason: policy.Outside})
		return &Project{Refusals: refused}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", files[0], err)
	}
	missing := skipMissingEnvFiles(p)
	if len(missing) > 0 && !o.SkipMissingEnvFiles {
		return nil, fmt.Errorf("read %s: env file %s not found (services.%s.env_file); create it, or mark it required: false", files[0], missing[0].Path, missing[0].Service)
	}
	if o.Untrusted {
		p, err = resolveInside(p, dir)
	} else {
		p, err = p.WithServicesEnvironmentResolved(false)
	}
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", files[0], err)
	}
	out := &Project{Compose: p, Roles: map[string]model.Role{}, Refusals: refused, MissingEnvFiles: missing, Warnings: warnings}
	roles := discover.ServiceRoles(p, o.Roles)
	if !o.All {
		if err := out.narrow(roles, files[0]); err != nil {
			return nil, err
		}
	}
	for name := range out.Compose.Services {
		out.Roles[name] = roles[name]
	}
	out.Profiles = profilesOf(out.Compose)
	if !o.All {
		// The project as docker compose would run it with these profiles
		// enabled (compose up --profile ...), and no others.
		out.Compose.Profiles = out.Profiles
	}
	if o.Isolate {
		out.isolate()
	}
	if o.Untrusted {
		// After narrowing: only what would run is judged.
		out.Refusals = append(out.Refusals, policy.Check(out.Compose, dir)...)
		out.Changes = policy.Adjust(out.Compose, engine.BuildImageName)
		for _, c := range out.Changes {
			out.Notes = append(out.Notes, fmt.Sprintf("%s %s not used: the build is tagged %s", c.Key, c.Asked, c.Gave))
		}
		if n := policy.Harden(out.Compose); n > 0 {
			out.Notes = append(out.Notes, fmt.Sprintf("%d bind mount(s) made read-only (a submission does not write to its folder)", n))
		}
	}
	for _, name := range out.Compose.ServiceNames() {
		for _, key := range engine.Unsupported(out.Compose.Services[name]) {
			out.Notes = append(out.Notes, key+" is not honoured by labctl's engine")
		}
	}
	return out, nil
}

// profilesOption enables o.Profiles; a narrowed project sees every
// service, so that a check's service behind a profile (the course's
// observability services) is found, and narrow then keeps only what the
// checks read; otherwise COMPOSE_PROFILES, as docker compose does.
func profilesOption(o Options) cli.ProjectOptionsFn {
	switch {
	case len(o.Profiles) > 0:
		return cli.WithProfiles(o.Profiles)
	case !o.All:
		return cli.WithProfiles([]string{"*"})
	}
	return cli.WithDefaultProfiles()
}

// profilesOf lists the profiles the project's services declare, sorted.
func profilesOf(p *types.Project) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range p.Services {
		for _, pr := range s.Profiles {
			if !seen[pr] {
				seen[pr] = true
				out = append(out, pr)
			}
		}
	}
	sort.Strings(out)
	return out
}

// resolveInside reads the env_file and label_file of each service that
// are inside dir into its environment and labels; those outside are kept
// in the model unread, for the policy to refuse.
func resolveInside(p *types.Project, dir string) (*types.Project, error) {
	envOut := map[string][]types.EnvFile{}
	labelOut := map[string][]string{}
	for name, s := range p.Services {
		var envIn []types.EnvFile
		for _, e := range s.EnvFiles {
			if policy.Inside(dir, e.Path) {
				envIn = append(envIn, e)
			} else {
				envOut[name] = append(envOut[name], e)
			}
		}
		var labelIn []string
		for _, l := range s.LabelFiles {
			if policy.Inside(dir, l) {
				labelIn = append(labelIn, l)
			} else {
				labelOut[name] = append(labelOut[name], l)
			}
		}
		s.EnvFiles, s.LabelFiles = envIn, labelIn
		for i := range s.PreStart {
			// A hook's files are its service's, merged at load time.
			s.PreStart[i].EnvFiles, s.PreStart[i].LabelFiles = nil, nil
		}
		p.Services[name] = s
	}
	p, err := p.WithServicesEnvironmentResolved(false)
	if err != nil {
		return nil, err
	}
	if p, err = p.WithServicesLabelsResolved(false); err != nil {
		return nil, err
	}
	for name, s := range p.Services {
		s.EnvFiles = append(s.EnvFiles, envOut[name]...)
		s.LabelFiles = append(s.LabelFiles, labelOut[name]...)
		p.Services[name] = s
	}
	return p, nil
}

// narrow keeps the services the checks need and their dependencies.
func (p *Project) narrow(roles map[string]model.Role, file string) error {
	var keep []string
	hasBackend := false
	for name, r := range roles {
		for _, n := range needed {
			if r == n {
				keep = append(keep, name)
			}
		}
		hasBackend = hasBackend || r == model.RoleBackend
	}
	if !hasBackend {
		return fmt.Errorf("%s: no service is recognisably the backend (it sets OTEL_EXPORTER_OTLP_ENDPOINT, or is named backend); name it in labctl.yaml, e.g. services: {api: backend}", file)
	}
	sort.Strings(keep)
	narrowed, err := p.Compose.WithSelectedServices(keep)
	if err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	for name := range p.Compose.Services {
		if _, ok := narrowed.Services[name]; !ok {
			p.Skipped = append(p.Skipped, name)
		}
	}
	sort.Strings(p.Skipped)
	if len(p.Skipped) > 0 {
		p.Notes = append(p.Notes, "not started (no check reads them): "+strings.Join(p.Skipped, ", "))
	}
	p.Compose = narrowed.WithoutUnnecessaryResources()
	return nil
}

// isolate moves every published port to 127.0.0.1 and a port the engine
// picks: two submissions that both publish 8000 run side by side, and
// nothing is reachable from the network. Discovery reads the real ports
// back from the containers.
func (p *Project) isolate() {
	moved := 0
	for name, s := range p.Compose.Services {
		for i := range s.Ports {
			s.Ports[i].HostIP = "127.0.0.1"
			s.Ports[i].Published = ""
			moved++
		}
		p.Compose.Services[name] = s
	}
	if moved > 0 {
		p.Notes = append(p.Notes, "published ports moved to free ports on 127.0.0.1 (runs side by side)")
	}
}

// Hints are what the engine is told of a user's project: which key of which
// file sets each image, for the messages that say what to change.
func Hints(p *Project) engine.Hints {
	h := engine.Hints{ImageKeys: map[string]string{}}
	file := "the Compose file"
	if len(p.Compose.ComposeFiles) > 0 {
		file = filepath.Base(p.Compose.ComposeFiles[0])
	}
	for name, s := range p.Compose.Services {
		key := "services." + name + ".image in " + file
		if s.Build != nil {
			key = "the base image of services." + name + ".build in " + file + " (its Dockerfile's FROM, or build.args)"
		}
		h.ImageKeys[name] = key
	}
	return h
}
