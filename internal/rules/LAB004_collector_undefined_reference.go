package rules

import (
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
)

var _ = register(&Rule{
	ID: "LAB004", Slug: "collector-undefined-reference",
	Title:  "A pipeline names a component that the config does not define",
	Blocks: allChecks,
	Page: `Each ID in service.pipelines.*.receivers|processors|exporters must be a key of the
matching top-level section, exactly (the part after '/' included). The Collector refuses
the config and exits:
  Error: service::pipelines::traces: references exporter "otlp/jager" which is not configured`,
	Needs: NeedFiles,
	Check: func(r *Rule, l *model.Lab) []Finding {
		var out []Finding
		pipes := valueOf(valueOf(l.Files.Collector.Doc, "service"), "pipelines")
		if pipes == nil || pipes.Kind != yaml.MappingNode {
			return nil
		}
		for i := 0; i+1 < len(pipes.Content); i += 2 {
			name := pipes.Content[i].Value
			for _, section := range []string{"receivers", "processors", "exporters"} {
				list := valueOf(pipes.Content[i+1], section)
				if list == nil || list.Kind != yaml.SequenceNode {
					continue
				}
				defined := definedIDs(l.Files.Collector.Doc, section)
				if section != "processors" {
					defined = append(defined, definedIDs(l.Files.Collector.Doc, "connectors")...)
				}
				for _, item := range list.Content {
					if contains(defined, item.Value) {
						continue
					}
					text := msg.New("rule.LAB004.cause", name, singular(section), item.Value)
					f := r.says(l.Files.Collector.File, item.Line, "service.pipelines."+name+"."+section, text)
					if near := DidYouMean(item.Value, defined); near != "" {
						f.didYouMean(near)
						f.Fix = msg.New("rule.LAB004.fix_near", near, strconv.Itoa(lineOf(l.Files.Collector.Doc, section, near)))
					} else if len(defined) > 0 {
						f.Fix = msg.New("rule.LAB004.fix", strings.Join(defined, ", "), section, item.Value)
					}
					out = append(out, f)
				}
			}
		}
		return out
	},
})
