package verify

import (
	"fmt"
	"strings"

	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/rules"
)

// LogWatch reads the logs of the services on the path of the data (the
// Collector, the backend) with the file rules' log rules, and returns the
// error findings they prove that it has not returned before. Not safe for
// concurrent use.
type LogWatch struct {
	// Lab is the project read from its files (lint.Load: Lab.Files set),
	// what the findings point into; nil: the watch sees nothing.
	Lab  *model.Lab
	seen map[string]bool
}

// New reads the logs once (logs: one reading, shared with the lab model's
// log rules: checks.TickLogs) and returns the errors not seen before.
func (w *LogWatch) New(logs rules.Logs) []rules.Finding {
	if w == nil || w.Lab == nil || w.Lab.Files == nil || logs == nil {
		return nil
	}
	if w.seen == nil {
		w.seen = map[string]bool{}
	}
	var out []rules.Finding
	for _, role := range []model.Role{model.RoleCollector, model.RoleBackend} {
		s := w.Lab.Service(role)
		if s == nil {
			continue
		}
		name := s.Name
		for _, f := range rules.FromLog(w.Lab, name, strings.Join(logs(name), "\n")) {
			k := strings.Join([]string{f.Rule, f.File, fmt.Sprint(f.Line), f.Key, f.Message.English()}, "\x00")
			if f.Severity != rules.Error || w.seen[k] {
				continue
			}
			w.seen[k] = true
			out = append(out, f)
		}
	}
	return out
}
