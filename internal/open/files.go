package open

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/labctl/labctl/internal/config"
	"github.com/labctl/labctl/internal/lint"
	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/render"
)

// Files is a lab's Compose project on disk, as the rules read it (lint,
// and verify's file and log rules).
type Files struct {
	// Dir is the project's folder; Files its Compose files (none: the
	// folder's default one).
	Dir   string
	Files []string
	// Env is added to the environment the Compose files are interpolated
	// with (a grader's --env, an offline test bed's images).
	Env map[string]string
	// Roles maps service names to roles, over what their images say:
	// labctl.yaml's services mapping, or the roles of labctl's own lab.
	Roles map[string]model.Role
	// Rendered says the files are labctl's own lab as render wrote them:
	// the log rules point into them, the file rules (which judge a
	// student's files, not labctl's) are not run on them.
	Rendered bool
	// Untrusted reads a stranger's files (a graded submission) as the
	// grader runs them: no process environment, nothing from outside the
	// folder.
	Untrusted bool
}

// OnDisk opens the Compose project in folder for the commands that read
// only its files (lint): labctl.yaml (f.Config, else the folder's
// labctl.yaml when there is one) gives its services' roles.
func OnDisk(folder string, f Flags) (*Files, error) {
	path := f.Config
	if path == "" {
		path = filepath.Join(folder, config.DefaultConfigFile)
		if _, err := os.Lstat(path); errors.Is(err, fs.ErrNotExist) {
			return &Files{Dir: folder, Files: f.Files}, nil
		}
	}
	cfg, err := config.Load(path)
	if err != nil {
		return nil, err
	}
	roles, err := cfg.Roles()
	if err != nil {
		return nil, err
	}
	return &Files{Dir: folder, Files: f.Files, Roles: roles}, nil
}

// Files is the opened lab's Compose project on disk: a project's own
// files (nil when it is known only from its containers), or for labctl's
// own lab the compose.yaml render wrote into labDir (nil before it was
// rendered), so that a backend's log proves the same causes in both labs.
func (o *Opened) Files(labDir string) *Files {
	if o.Project != nil {
		if o.Project.Dir == "" || len(o.Project.Files) == 0 {
			return nil
		}
		roles, _ := o.Config.Roles() // checked when the lab was opened
		return &Files{Dir: o.Project.Dir, Files: o.Project.Files, Roles: roles}
	}
	dir, err := filepath.Abs(labDir)
	if err != nil || o.Lab == nil {
		return nil
	}
	if _, err := os.Stat(filepath.Join(dir, render.FileCompose)); err != nil {
		return nil
	}
	roles := map[string]model.Role{}
	for _, s := range o.Lab.Services {
		roles[s.Name] = s.Role
	}
	// Files are relative to Dir, as -f is to the folder.
	return &Files{Dir: dir, Files: []string{render.FileCompose}, Roles: roles, Rendered: true}
}

// Lab reads the files as the rules read them (lint.LoadFor, under the
// policy for untrusted projects when f.Untrusted): a lab with its files
// (Lab.Files) and no container. Discovery locates what it reads from the
// containers in those files (discover.Options.Files).
func (f *Files) Lab(ctx context.Context) (*model.Lab, error) {
	return lint.LoadFor(ctx, lint.Options{Dir: f.Dir, Files: f.Files, Env: f.Env, Roles: f.Roles, Untrusted: f.Untrusted})
}

// onDiskFiles are the files of a project on disk, for discovery to locate
// its facts in (lines in diagnoses); nil when it is not on disk or its
// files cannot be read (verify says why, later).
func onDiskFiles(ctx context.Context, f *Files) *model.Files {
	if f == nil {
		return nil
	}
	l, err := f.Lab(ctx)
	if err != nil {
		return nil
	}
	return l.Files
}
