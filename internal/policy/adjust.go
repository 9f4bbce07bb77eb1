package policy

import (
	"strings"

	"github.com/compose-spec/compose-go/v2/types"
)

// Did says what labctl changed in a key of an untrusted project before it
// ran it; the checklist words it in its language (grade.change.KIND).
type Did string

const (
	// BuildNameIgnored: a built image is tagged PROJECT-SERVICE, the name
	// labctl gives it; the `image:` beside `build:` (which Compose would
	// tag it with) is not used, so that a build never takes the name of
	// an image of someone else's (TEACHER/tool:1), nor grade's cleanup
	// removes it.
	BuildNameIgnored Did = "build-name-ignored"
	// BuildTagsIgnored: build.tags are not given either.
	BuildTagsIgnored Did = "build-tags-ignored"
)

// Change is one key of an untrusted project that labctl ran otherwise
// than asked, with what it gave instead.
type Change struct {
	File  string `json:"file"`
	Key   string `json:"key"`
	Asked string `json:"asked"`
	Gave  string `json:"gave"`
	Did   Did    `json:"did"`
}

// Adjust gives every built image the name labctl chooses, PROJECT-SERVICE
// (buildName), and nothing else: an `image:` beside `build:` is cleared
// and build.tags dropped. What it changed is returned, for the checklist.
func Adjust(p *types.Project, buildName func(project, service string) string) []Change {
	file := composeFile(p)
	var out []Change
	for _, name := range p.ServiceNames() {
		s := p.Services[name]
		if s.Build == nil {
			continue
		}
		gave := buildName(p.Name, name)
		if s.Image != "" && s.Image != gave {
			out = append(out, Change{File: file, Key: "services." + name + ".image", Asked: s.Image, Gave: gave, Did: BuildNameIgnored})
		}
		s.Image = ""
		if len(s.Build.Tags) > 0 {
			out = append(out, Change{File: file, Key: "services." + name + ".build.tags", Asked: strings.Join(s.Build.Tags, ", "), Gave: gave, Did: BuildTagsIgnored})
			s.Build.Tags = nil
		}
		p.Services[name] = s
	}
	return out
}
