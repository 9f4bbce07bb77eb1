package open

import (
	"path/filepath"

	"github.com/labctl/labctl/internal/config"
	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/render"
)

// Rendered is labctl's lab as render wrote it in dir, with the passwords it
// generated there (secrets.env): what the report says about labctl's own
// lab, read from the files the containers run, not re-derived.
type Rendered struct {
	Lab         *model.Lab
	Secrets     []string
	SecretsFile string
}

// ReadRendered reads labctl's rendered lab in dir. A file labctl can no
// longer read says so, whichever lab the caller goes on to describe.
func ReadRendered(cfg *LabConfig, dir string) (*Rendered, error) {
	lab, err := render.DescribeRendered(cfg, dir)
	if err != nil {
		return nil, err
	}
	file := filepath.Join(dir, render.FileSecrets)
	secrets, err := config.SecretValues(file)
	if err != nil {
		return nil, err
	}
	return &Rendered{Lab: lab, Secrets: secrets, SecretsFile: file}, nil
}
