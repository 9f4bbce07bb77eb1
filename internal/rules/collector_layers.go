package rules

import (
	"fmt"
	"os"
	"strings"

	"github.com/labctl/labctl/internal/model"
)

// readCollectorLayers reads a Collector started with several config
// layers (--config more than once, or with --set), or whose config reads
// files (${file:PATH}), as the Collector does: every layer merged in order
// (model.MergeCollectorLayers), then the file references expanded. The
// merged config is checked, named by its main file; keys that come from
// the other layers carry no line of it. False when the command has one
// plain layer or none (readConfigs reads it as before), or its main file is
// not mounted.
func (p *Project) readCollectorLayers(c *Service) bool {
	a := model.ParseCollectorArgs(c.Entrypoint, c.Command)
	read := func(path string) (string, []byte, error) {
		m := mountFor(c, path)
		if m == nil || !isFile(m.Source) {
			return "", nil, fmt.Errorf("%s is not mounted from a file of the project", path)
		}
		data, err := os.ReadFile(m.Source)
		return p.rel(m.Source), data, err
	}
	layers, _ := model.CollectorLayers(a.URIs(), c.Env, read)
	if len(layers) == 0 || layers[0].File == "" {
		return false
	}
	if len(a.URIs()) < 2 && !strings.Contains(string(layers[0].Data), "${file:") {
		return false
	}
	merged, err := model.MergeCollectorLayers(layers, a.MergeAppend())
	p.CollectorFile = layers[0].File
	if err == nil {
		merged.ResolveFileRefs(func(path string) ([]byte, error) {
			_, data, err := read(path)
			return data, err
		})
		p.CollectorDoc = merged.MainDoc()
		p.Collector, err = model.ParseMergedCollector(merged, c.Env)
	}
	p.CollectorErr = err
	return true
}
