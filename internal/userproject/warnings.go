package userproject

import (
	"io"
	"os"
	"sync"

	"github.com/compose-spec/compose-go/v2/types"
	"github.com/sirupsen/logrus"
)

// MissingEnvFile is an env_file a service names that does not exist.
// docker compose refuses to start such a project ("env file ... not
// found") unless the entry says required: false; labctl loads it with the
// file skipped, as required: false does, so that everything else is still
// checked, and says it (lint: a finding at the env_file's line).
type MissingEnvFile struct {
	Service string
	// Path is as the model has it (absolute); Index its place in the
	// service's env_file list.
	Path  string
	Index int
}

// skipMissingEnvFiles marks every required env_file that does not exist
// as not required, and lists them.
func skipMissingEnvFiles(p *types.Project) []MissingEnvFile {
	var out []MissingEnvFile
	for _, name := range p.ServiceNames() {
		s := p.Services[name]
		for i, e := range s.EnvFiles {
			if _, err := os.Stat(e.Path); os.IsNotExist(err) && bool(e.Required) {
				out = append(out, MissingEnvFile{Service: name, Path: e.Path, Index: i})
				s.EnvFiles[i].Required = false
			}
		}
		for j := range s.PreStart {
			for i, e := range s.PreStart[j].EnvFiles {
				if _, err := os.Stat(e.Path); os.IsNotExist(err) {
					s.PreStart[j].EnvFiles[i].Required = false
				}
			}
		}
		p.Services[name] = s
	}
	return out
}

// compose-go logs its warnings ("the attribute `version` is obsolete",
// "The \"X\" variable is not set") through logrus's standard logger, a
// process-wide one: a load that collects them holds it alone.
var logrusMu sync.Mutex

// collectWarnings runs load with compose-go's warnings collected instead
// of printed.
func collectWarnings(load func() error) ([]string, error) {
	logrusMu.Lock()
	defer logrusMu.Unlock()
	std := logrus.StandardLogger()
	h := &warningHook{}
	out, hooks := std.Out, std.ReplaceHooks(logrus.LevelHooks{})
	std.AddHook(h)
	std.SetOutput(io.Discard)
	defer func() {
		std.SetOutput(out)
		std.ReplaceHooks(hooks)
	}()
	err := load()
	return h.warnings, err
}

type warningHook struct{ warnings []string }

func (h *warningHook) Levels() []logrus.Level {
	return []logrus.Level{logrus.PanicLevel, logrus.FatalLevel, logrus.ErrorLevel, logrus.WarnLevel}
}

func (h *warningHook) Fire(e *logrus.Entry) error {
	for _, w := range h.warnings {
		if w == e.Message {
			return nil // said once
		}
	}
	h.warnings = append(h.warnings, e.Message)
	return nil
}
