// Package templates holds the files labctl copies verbatim or fills in: the
// FastAPI backend template, the starter labctl.yaml and the CI workflows.
// Generated lab YAML (compose, Collector, Prometheus) is built from typed
// values in internal/render, not from text templates.
package templates

import (
	"embed"
	"io/fs"
)

//go:embed all:backend
var backendFS embed.FS

//go:embed starter/labctl.yaml.tmpl
var StarterConfig string

//go:embed ci/github.yml.tmpl
var GitHubWorkflow string

//go:embed ci/gitlab-ci.yml.tmpl
var GitLabCI string

// GitHubClassroomWorkflow makes a GitHub Classroom assignment grade itself
// with labctl grade on each push.
//
//go:embed ci/github-classroom.yml.tmpl
var GitHubClassroomWorkflow string

// GitHubComposeWorkflow and GitLabComposeCI check a student's own Compose
// project (started with docker compose) instead of labctl's lab.
//
//go:embed ci/github-compose.yml.tmpl
var GitHubComposeWorkflow string

//go:embed ci/gitlab-compose-ci.yml.tmpl
var GitLabComposeCI string

// Backend returns the backend template, rooted at its build context.
func Backend() fs.FS {
	sub, err := fs.Sub(backendFS, "backend")
	if err != nil { // impossible: the directory is embedded at build time
		panic(err)
	}
	return sub
}
