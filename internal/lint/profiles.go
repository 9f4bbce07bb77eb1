package lint

import (
	"strings"

	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
	"github.com/labctl/labctl/internal/rules"
)

// sayProfiles adds to each finding about a service in a Compose profile
// which profile it is in: a student who runs `docker compose up` without
// --profile does not start that service, and the finding says why it
// still counts. Every output (text, annotations, SARIF, Code Quality)
// carries it, as part of the message.
func sayProfiles(l *model.Lab, fs []rules.Finding) {
	for i := range fs {
		s := serviceOf(l, fs[i])
		if s == nil || len(s.Profiles) == 0 {
			continue
		}
		fs[i].Message = msg.New("course.lint.in_profile", fs[i].Message, s.Name, strings.Join(s.Profiles, ", "))
	}
}

// serviceOf is the service a finding is about: the one whose log it
// quotes, whose Compose key it names, or whose config file it is in.
func serviceOf(l *model.Lab, f rules.Finding) *model.Service {
	name := f.Service
	if rest, ok := strings.CutPrefix(f.Key, "services."); ok && name == "" {
		name, _, _ = strings.Cut(rest, ".")
	}
	if name == "" && f.File != "" && l.Files != nil {
		var role model.Role
		switch f.File {
		case l.Files.Collector.File:
			role = model.RoleCollector
		case l.Files.Prometheus.File:
			role = model.RolePrometheus
		}
		if s := l.Service(role); role != "" && s != nil {
			name = s.Name
		}
	}
	if name == "" {
		return nil
	}
	return l.ServiceNamed(name)
}
