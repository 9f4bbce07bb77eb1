package rules

import (
	"fmt"
	"os"

	"github.com/labctl/labctl/internal/model"
)

// readCollectorLayers reads a Collector started with several config
// layers (--config more than once, or with --set) as the Collector does:
// every layer merged in order (model.MergeCollectorLayers). The merged
// config is checked, named by its main file; keys that come from the other
// layers carry no line of it. False when the command has one layer or none
// (readConfigs reads it as before), or its main file is not mounted.
func (p *Project) readCollectorLayers(c *Service) bool {
	a := model.ParseCollectorArgs(c.Entrypoint, c.Command)
	if len(a.URIs()) < 2 {
		return false
	}
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
	merged, err := model.MergeCollectorLayers(layers, a.MergeAppend())
	p.CollectorFile = layers[0].File
	if err == nil {
		p.CollectorDoc = merged.MainDoc()
		p.Collector, err = model.ParseMergedCollector(merged, c.Env)
	}
	p.CollectorErr = err
	return true
}
