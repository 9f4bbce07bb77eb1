// Package scaffold writes the starter files of `labctl init`: a commented
// labctl.yaml with every key at its default and, on request, a CI workflow
// that runs up, verify and down.
package scaffold

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"text/template"

	"github.com/labctl/labctl/internal/config"
	"github.com/labctl/labctl/internal/discover"
	"github.com/labctl/labctl/internal/expect"
	"github.com/labctl/labctl/internal/fsutil"
	"github.com/labctl/labctl/internal/grade"
	"github.com/labctl/labctl/internal/userproject"
	"github.com/labctl/labctl/templates"
)

// CI names a CI system labctl writes a workflow for.
type CI string

const (
	CINone   CI = ""
	CIGitHub CI = "github"
	CIGitLab CI = "gitlab"
)

// Module is labctl's Go module path, installed by the CI workflows.
const Module = "github.com/labctl/labctl"

// GoVersion is the Go toolchain the workflows install labctl with.
const GoVersion = "1.26"

// RubricFile is where labctl init --rubric writes the default rubric.
const RubricFile = "rubric.yaml"

// releaseVersion matches a release tag such as v1.2.3.
var releaseVersion = regexp.MustCompile(`^v\d+\.\d+\.\d+$`)

// Options say what to write and where.
type Options struct {
	Dir string // the project root
	CI  CI
	// Classroom makes the GitHub workflow a GitHub Classroom autograding
	// one (labctl grade --classroom); CI must be github.
	Classroom bool
	// Rubric writes only the default grading rubric, for a teacher to edit,
	// in Scheme (grade.SchemeCount, the default, or grade.SchemeBase).
	Rubric bool
	Scheme string
	// Expect writes only the example expectations file (labctl-expect.yaml).
	Expect bool
	Force  bool // overwrite existing files
	// Version of labctl the workflow installs: a release tag (v1.2.3), else @latest.
	Version string
}

// File is one starter file.
type File struct {
	Path string // relative to Options.Dir
	Data []byte
}

// Files renders the starter files without writing them.
func Files(opts Options) ([]File, error) {
	switch {
	case opts.Expect && (opts.Rubric || opts.CI != CINone || opts.Classroom):
		return nil, fmt.Errorf("--expect writes the example expectations alone; run labctl init --ci or --rubric separately")
	case opts.Expect:
		return []File{{Path: expect.DefaultFile, Data: expect.ExampleYAML}}, nil
	case opts.Rubric && (opts.CI != CINone || opts.Classroom):
		return nil, fmt.Errorf("--rubric writes the grading rubric alone; run labctl init --ci separately")
	case opts.Scheme != "" && !opts.Rubric:
		return nil, fmt.Errorf("--scheme chooses the grading scheme of the rubric; use it with --rubric")
	case opts.Rubric:
		data, err := grade.RubricYAML(opts.Scheme)
		if err != nil {
			return nil, err
		}
		return []File{{Path: RubricFile, Data: data}}, nil
	case opts.Classroom && opts.CI != CIGitHub:
		return nil, fmt.Errorf("--classroom is GitHub Classroom's autograding; use it with --ci github")
	}
	cfg, err := config.Parse(nil, filepath.Join(opts.Dir, config.DefaultConfigFile))
	if err != nil {
		return nil, err
	}
	starter, err := fill("labctl.yaml", templates.StarterConfig, struct {
		*config.Config
		JaegerV1Image string
	}{cfg, config.DefaultJaegerV1Image})
	if err != nil {
		return nil, err
	}
	files := []File{{Path: config.DefaultConfigFile, Data: starter}}
	// Pin the workflow to a release; a dev or pseudo-version build installs @latest.
	version := opts.Version
	if !releaseVersion.MatchString(version) {
		version = "latest"
	}
	vars := map[string]string{"Module": Module, "Version": version, "GoVersion": GoVersion}
	github, gitlab := templates.GitHubWorkflow, templates.GitLabCI
	// In a student's own Compose project, the workflow starts *their*
	// project with docker compose and verifies it; no labctl.yaml is
	// written, since one would make labctl check its own lab instead.
	if f := discover.FindComposeFile(opts.Dir); f != "" && opts.CI != CINone {
		vars["ComposeFile"] = f
		vars["Profiles"] = checkedProfiles(opts.Dir, f)
		github, gitlab = templates.GitHubComposeWorkflow, templates.GitLabComposeCI
		files = nil
	}
	switch opts.CI {
	case CINone:
	case CIGitHub:
		if opts.Classroom {
			// The assignment's repository: report.md, and the project when
			// the course hands it in there too.
			vars["ComposeFile"] = discover.FindComposeFile(opts.Dir)
			data, err := fill("github classroom workflow", templates.GitHubClassroomWorkflow, vars)
			if err != nil {
				return nil, err
			}
			return []File{{Path: filepath.Join(".github", "workflows", "classroom.yml"), Data: data}}, nil
		}
		data, err := fill("github workflow", github, vars)
		if err != nil {
			return nil, err
		}
		files = append(files, File{Path: filepath.Join(".github", "workflows", "labctl.yml"), Data: data})
	case CIGitLab:
		data, err := fill("gitlab ci", gitlab, vars)
		if err != nil {
			return nil, err
		}
		files = append(files, File{Path: ".gitlab-ci.yml", Data: data})
	default:
		return nil, fmt.Errorf("unknown CI %q; use --ci github or --ci gitlab", opts.CI)
	}
	return files, nil
}

// checkedProfiles are the Compose profiles of the services labctl's checks
// read (comma-separated, as COMPOSE_PROFILES takes them), "" when none or
// when the project does not load: the workflow then runs it as it is.
func checkedProfiles(dir, file string) string {
	p, err := userproject.Load(context.Background(), userproject.Options{Dir: dir, Files: []string{file}})
	if err != nil {
		return ""
	}
	return strings.Join(p.Profiles, ",")
}

// Result says what Write did, relative to Options.Dir.
type Result struct {
	Written []string
	// Kept are existing files left as they are: a labctl.yaml when only a
	// CI workflow was asked for.
	Kept []string
}

// Write writes the starter files; nothing is written unless every file can
// be. An existing file is refused unless Force, except that with a CI
// workflow an existing labctl.yaml is always kept: it is the student's
// configuration, the workflow reads it, and --force (to replace an old
// workflow) must not reset it to the defaults.
func Write(opts Options) (Result, error) {
	var res Result
	files, err := Files(opts)
	if err != nil {
		return res, err
	}
	var todo []File
	for _, f := range files {
		_, err := os.Lstat(filepath.Join(opts.Dir, f.Path))
		switch {
		case errors.Is(err, fs.ErrNotExist):
			todo = append(todo, f)
		case err != nil:
			return res, fmt.Errorf("check %s: %w", f.Path, err)
		case f.Path == config.DefaultConfigFile && opts.CI != CINone:
			res.Kept = append(res.Kept, f.Path)
		case !opts.Force:
			return res, fmt.Errorf("%s already exists; keep it, or rerun with --force to replace it", f.Path)
		default:
			todo = append(todo, f)
		}
	}
	for _, f := range todo {
		path := filepath.Join(opts.Dir, f.Path)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return res, fmt.Errorf("create %s: %w", filepath.Dir(path), err)
		}
		if err := fsutil.WriteFile(path, f.Data, 0o644); err != nil {
			return res, err
		}
		res.Written = append(res.Written, f.Path)
	}
	return res, nil
}

func fill(name, text string, data any) ([]byte, error) {
	t, err := template.New(name).Option("missingkey=error").Parse(text)
	if err != nil {
		return nil, fmt.Errorf("parse %s template: %w", name, err)
	}
	var b bytes.Buffer
	if err := t.Execute(&b, data); err != nil {
		return nil, fmt.Errorf("fill %s template: %w", name, err)
	}
	return b.Bytes(), nil
}
