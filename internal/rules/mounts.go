package rules

import (
	"fmt"
	"os"
	"strings"

	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
)

// configNotRead says a process does not read the config its service
// mounts. imageKnown says labctl knows the path the image's own command
// passes: without a flag in the Compose command and with an image it does
// not know, what the process reads is unknown and nothing is said.
func configNotRead(l *model.Lab, s *model.Service, r *Rule, who msg.Message, reads, flag string, imageKnown bool) []Finding {
	args := append(append([]string{}, s.Entrypoint...), s.Command...)
	byFlag := model.ArgValue(args, flag) != ""
	if !byFlag && !imageKnown {
		return nil
	}
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
	how := msg.New("rule.config_not_read.how_default")
	if byFlag {
		how = msg.New("rule.config_not_read.how_flag", flag)
	} else if len(s.Command) > 0 {
		how = msg.New("rule.config_not_read.how_workdir", flag)
	}
	if len(yamls) == 0 {
		// A folder of configs mounted elsewhere: the mistake is that
		// volume's line, not the service's.
		if m, names := yamlFolderMount(s); m != nil {
			f := r.says(l.Files.Compose, m.Line, fmt.Sprintf("services.%s.volumes", s.Name),
				msg.New("rule.config_not_read.folder_elsewhere", l.Files.Rel(m.Source), strings.Join(names, ", "), m.Target, who, reads, how))
			f.Fix = msg.New("rule.config_not_read.folder_fix", flag, strings.TrimSuffix(m.Target, "/")+"/"+names[0], l.Files.Rel(m.Source), names[0], reads)
			return []Finding{f}
		}
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

// yamlFolderMount is the first bind-mounted folder holding YAML files, and
// their names.
func yamlFolderMount(s *model.Service) (*model.Mount, []string) {
	for i, m := range s.Mounts {
		if !m.Bind || model.IsFile(m.Source) {
			continue
		}
		if names := yamlFiles(m.Source); len(names) > 0 {
			return &s.Mounts[i], names
		}
	}
	return nil, nil
}
