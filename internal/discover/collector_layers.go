package discover

import (
	"context"
	"strings"
	"time"

	"github.com/labctl/labctl/internal/model"
)

// collectorLayered reads, from the container, a Collector started with
// several config layers (--config more than once, --set) or whose config
// reads files (${file:PATH}), merged as the Collector merges them; ok is
// false when its command has one plain layer (readConfigs reads that
// file) or its main file cannot be read.
func (d *discoverer) collectorLayered(ctx context.Context, c *container) (*model.Collector, bool, error) {
	a := model.ParseCollectorArgs(nil, c.Args)
	read := func(path string) (string, []byte, error) {
		c2, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		data, err := readFile(c2, d.api, c.ID, path)
		return d.hostName(c, path), data, err
	}
	layers, _ := model.CollectorLayers(a.URIs(), c.Env, read)
	if len(layers) == 0 || layers[0].File == "" {
		return nil, false, nil
	}
	if len(a.URIs()) < 2 && !strings.Contains(string(layers[0].Data), "${file:") {
		return nil, false, nil
	}
	merged, err := model.MergeCollectorLayers(layers, a.MergeAppend())
	if err != nil {
		return nil, true, err
	}
	merged.ResolveFileRefs(func(path string) ([]byte, error) {
		_, data, err := read(path)
		return data, err
	})
	col, err := model.ParseMergedCollector(merged, c.Env)
	return col, true, err
}
