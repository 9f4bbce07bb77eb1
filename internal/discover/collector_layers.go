package discover

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/labctl/labctl/internal/model"
)

// collectorLayered reads, from the container, a Collector started with
// several config layers (--config more than once, --set) or whose config
// reads files (${file:PATH}), merged as the Collector merges them; ok is
// false when its command has one plain layer (readConfigs reads that
// file) or its main file cannot be read.
func (d *discoverer) collectorLayered(ctx context.Context, c *container) (*model.Collector, bool, error) {
	read := func(path string) (string, []byte, error) {
		c2, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		data, err := readFile(c2, d.api, c.ID, path)
		return d.hostName(c, path), data, err
	}
	merged, ok, err := model.ReadLayeredCollector(model.ParseCollectorArgs(nil, c.Args), c.Env, read)
	if !ok || err != nil {
		return nil, ok, err
	}
	col, err := model.ParseMergedCollector(merged, c.Env)
	return col, true, err
}

// readCollectorLayers reads, from the project's files, a Collector started
// with several config layers (--config more than once, or with --set), or
// whose config reads files (${file:PATH}), as the Collector does
// (model.ReadLayeredCollector). The merged config is the lab's Collector,
// named by its main file (Files.Collector, its Doc the merged tree where
// keys from the other layers carry no line of it; Files.CollectorLayers
// the merge). False when the command has one plain layer or none
// (readConfigs reads it as before), or its main file is not mounted.
func readCollectorLayers(l *model.Lab, c *model.Service) bool {
	f := l.Files
	read := func(path string) (string, []byte, error) {
		m := model.MountFor(c, path)
		if m == nil || !model.IsFile(m.Source) {
			return "", nil, fmt.Errorf("%s is not mounted from a file of the project", path)
		}
		data, err := os.ReadFile(m.Source)
		return f.Rel(m.Source), data, err
	}
	a := model.ParseCollectorArgs(c.Entrypoint, c.Command)
	merged, ok, err := model.ReadLayeredCollector(a, c.Env, read)
	if !ok {
		return false
	}
	if files := a.Files(); len(files) > 0 {
		if m := model.MountFor(c, files[0]); m != nil {
			f.Collector.File = f.Rel(m.Source)
		}
	}
	if err == nil {
		f.CollectorLayers = merged
		f.Collector.File = merged.MainFile()
		f.Collector.Doc = merged.MainDoc()
		l.Collector, err = model.ParseMergedCollector(merged, c.Env)
	}
	f.Collector.Err = err
	return true
}
