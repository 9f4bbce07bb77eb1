package rules

import (
	"fmt"
	"os"
	"strings"

	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
)

func configNotRead(l *model.Lab, s *model.Service, r *Rule, who msg.Message, reads, flag string) []Finding {
	var yamls []model.Mount
	for _, m := range s.Mounts {
		if m.Bind && model.IsYAML(m.Source) {
			yamls = append(yamls, m)
		}
	}
	if reads == "" {
		f := r.says(l.Files.Compose, l.Files.Line("services", s.Name, "command"), "services."+s.Name+".command",
			msg.New("rule.config_not_read.no_flag", s.Name, flag, who))
		if len(yamls) > 0 {
			f.Fix = msg.New("rule.config_not_read.add_flag", flag, yamls[0].Target)
		}
		return []Finding{f}
	}
	if m := model.MountFor(s, reads); m != nil {
		if model.IsFile(m.Source) || directMount(s, reads) {
			return nil // a missing file mounted directly is LAB022's
		}
		// A folder mounted over the config's directory, without the file
		// the process reads in it.
		dir := strings.TrimSuffix(m.Source, "/"+pathBase(reads))
		f := r.says(l.Files.Compose, m.Line, "services."+s.Name+".volumes",
			msg.New("rule.config_not_read.folder", l.Files.Rel(dir), strings.TrimSuffix(reads, "/"+pathBase(reads)), pathBase(reads), who, reads))
		if names := yamlFiles(dir); len(names) > 0 {
			f.Message = msg.New("rule.config_not_read.holds", f.Message, strings.Join(names, ", "))
			f.Fix = msg.New("rule.config_not_read.rename", l.Files.Rel(dir), names[0], pathBase(reads), flag, strings.TrimSuffix(reads, "/"+pathBase(reads)), names[0])
		}
		return []Finding{f}
	}
	how, byFlag := msg.New("rule.config_not_read.how_default"), false
	if args := append(append([]string{}, s.Entrypoint...), s.Command...); model.ArgValue(args, flag) != "" {
		how, byFlag = msg.New("rule.config_not_read.how_flag", flag), true
	} else if len(s.Command) > 0 {
		how = msg.New("rule.config_not_read.how_workdir", flag)
	}
	if len(yamls) == 0 {
		f := r.says(l.Files.Compose, s.Line, "services."+s.Name+".volumes",
			msg.New("rule.config_not_read.no_volume", who, reads, how, s.Name))
		f.Fix = msg.New("rule.config_not_read.add_volume", reads, s.Name)
		return []Finding{f}
	}
	m := yamls[0]
	f := r.says(l.Files.Compose, m.Line, fmt.Sprintf("services.%s.volumes", s.Name),
		msg.New("rule.config_not_read.elsewhere", l.Files.Rel(m.Source), m.Target, who, reads, how))
	f.Fix = msg.New("rule.config_not_read.mount_at", reads, "./"+l.Files.Rel(m.Source), reads, flag, m.Target)
	if len(s.Command) > 0 && !byFlag {
		f.Fix = msg.New("rule.config_not_read.add_flag_command", flag, m.Target)
	}
	return []Finding{f}
}

func pathBase(p string) string {
	if i := strings.LastIndex(p, "/"); i >= 0 {
		return p[i+1:]
	}
	return p
}

// yamlFiles lists the YAML files of a folder.
func yamlFiles(dir string) []string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range entries {
		if !e.IsDir() && model.IsYAML(e.Name()) {
			out = append(out, e.Name())
		}
	}
	return out
}

// directMount says whether a volume targets path itself (not a folder above it).
func directMount(s *model.Service, path string) bool {
	for _, m := range s.Mounts {
		if m.Bind && m.Target == path {
			return true
		}
	}
	return false
}
