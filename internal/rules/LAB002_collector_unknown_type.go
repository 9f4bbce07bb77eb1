package rules

import (
	"strings"

	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
)

var _ = register(&Rule{
	ID: "LAB002", Slug: "collector-unknown-type",
	Title:  "A Collector component's type matches no known component",
	Blocks: allChecks,
	Page: `The part of an ID before '/' is the component's type; the part after is a name of your
choice. A type that is not in the image (a typo, or a component of another distribution)
makes the Collector refuse its config:
  'exporters' unknown type: "otpl" for id: "otpl/jaeger" (valid values: [...])
Without Docker labctl compares with the types and aliases of the image's release (generated
from upstream, internal/collectorknow; every release's names when the tag does not say);
with Docker, the image's own validator answers (LAB050).`,
	Needs: NeedFiles,
	Check: func(r *Rule, l *model.Lab) []Finding {
		var out []Finding
		for _, section := range componentSections {
			known := knownTypesFor(collectorImage(l), section)
			for _, id := range definedIDs(l.Files.Collector.Doc, section) {
				typ, _, _ := strings.Cut(id, "/")
				if _, changed := ChangeFor(section, typ); changed || contains(known, typ) {
					continue
				}
				if near := DidYouMean(typ, known); near != "" {
					f := r.says(l.Files.Collector.File, lineOf(l.Files.Collector.Doc, section, id), section+"."+id,
						msg.New("rule.LAB002.cause", singular(section), typ, near))
					f.Fix = msg.New("rule.fix.write", strings.Replace(id, typ, near, 1))
					out = append(out, f)
				}
			}
		}
		return out
	},
})
