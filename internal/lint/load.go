package lint

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

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
// course's observability services) is still the student's to get right. A
// missing env_file does not stop it (the rest is checked; LAB078 says it),
// and compose's own warnings become facts of the lab (LAB079) instead of
// stderr lines.
func Load(ctx context.Context, dir string, files []string, env map[string]string) (*model.Lab, error) {
	return LoadFor(ctx, Options{Dir: dir, Files: files, Env: env})
}

// LoadFor is Load as o says: with labctl.yaml's services mapping
// (o.Roles), which wins over what a service's image and command say of its
// role, and for a stranger's project (o.Untrusted) under the policy for
// untrusted projects (no process environment, nothing read from outside
// its folder): a refused project is an error.
func LoadFor(ctx context.Context, o Options) (*model.Lab, error) {
	dir, files := o.Dir, o.Files
	up, err := userproject.Load(ctx, userproject.Options{Dir: dir, Files: files, All: true, Env: o.Env, Untrusted: o.Untrusted, Profiles: []string{"*"},
		CollectWarnings: true, SkipMissingEnvFiles: true})
	if err != nil {
		if yerr := composeSyntaxError(dir, files); yerr != nil && strings.Contains(err.Error(), "yaml:") {
			return nil, yerr
		}
		return nil, err
	}
	if len(up.Refusals) > 0 {
		return nil, fmt.Errorf("%s: %s refused for an untrusted project", dir, up.Refusals[0].String())
	}
	l := discover.FromCompose(dir, up.Compose, discover.ServiceRoles(up.Compose, o.Roles))
	for _, m := range up.MissingEnvFiles {
		l.MissingEnvFiles = append(l.MissingEnvFiles, missingEnvFile(l.Files, m))
	}
	for _, w := range up.Warnings {
		l.ComposeWarnings = append(l.ComposeWarnings, composeWarning(l.Files, up.Compose.ComposeFiles, w))
	}
	return l, nil
}

// missingEnvFile locates a missing env_file at its entry in the Compose
// file, with the template beside it the project gives, if any.
func missingEnvFile(f *model.Files, m userproject.MissingEnvFile) model.MissingEnvFile {
	key := "services." + m.Service + ".env_file"
	line := f.Line("services", m.Service, "env_file", fmt.Sprintf("[%d]", m.Index))
	if line == 0 {
		line = f.Line("services", m.Service, "env_file")
	}
	out := model.MissingEnvFile{Service: m.Service, Path: f.Rel(m.Path), At: model.Fact{File: f.Compose, Line: line, Key: key}}
	for _, suffix := range []string{".example", ".template", ".sample", ".dist", ".tmpl"} {
		if model.IsFile(m.Path + suffix) {
			out.Template = f.Rel(m.Path + suffix)
			break
		}
	}
	return out
}

var unsetVariable = regexp.MustCompile(`^The "([A-Za-z_][A-Za-z0-9_]*)" variable is not set`)

// composeWarning locates one of compose-go's warnings: one that starts
// with a Compose file's path is that file's (the `version` attribute at
// its key); an unset variable is where a Compose file first uses it; any
// other is the Compose file's, with no line.
func composeWarning(f *model.Files, composeFiles []string, text string) model.ComposeWarning {
	w := model.ComposeWarning{Text: text, At: model.Fact{File: f.Compose}}
	for _, cf := range composeFiles {
		if rest, ok := strings.CutPrefix(text, cf+": "); ok {
			w.Text, w.At.File = rest, f.Rel(cf)
			if strings.Contains(rest, "`version`") {
				w.At.Line, w.At.Key = firstLine(cf, regexp.MustCompile(`^version\s*:`)), "version"
			}
			return w
		}
	}
	if m := unsetVariable.FindStringSubmatch(text); m != nil {
		use := regexp.MustCompile(`\$\{` + m[1] + `\b|\$` + m[1] + `\b`)
		for _, cf := range composeFiles {
			if line := firstLine(cf, use); line > 0 {
				w.At.File, w.At.Line = f.Rel(cf), line
				break
			}
		}
	}
	return w
}

// firstLine is the first line of a file that matches re, 0 if none
// (comments skipped).
func firstLine(path string, re *regexp.Regexp) int {
	data, err := os.ReadFile(filepath.Clean(path))
	if err != nil {
		return 0
	}
	for i, l := range strings.Split(string(data), "\n") {
		if t := strings.TrimSpace(l); strings.HasPrefix(t, "#") {
			continue
		}
		if re.MatchString(l) {
			return i + 1
		}
	}
	return 0
}

// composeSyntaxError is the first Compose file's YAML error at the line of
// the mistake (compose-go names the line of the enclosing mapping, and a
// second one off by one), nil when every file parses.
func composeSyntaxError(dir string, files []string) error {
	if len(files) == 0 {
		if f := discover.FindComposeFile(dir); f != "" {
			files = []string{f}
		}
	}
	for _, f := range files {
		path := f
		if !filepath.IsAbs(path) {
			path = filepath.Join(dir, f)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			continue
		}
		if err := model.YAMLSyntaxError(filepath.ToSlash(f), data); err != nil {
			return fmt.Errorf("%w; fix the YAML on that line", err)
		}
	}
	return nil
}
