package rules

import (
	"github.com/labctl/labctl/internal/model"
)

// promExporterPort is the port of the Collector's prometheus exporter.
func promExporterPort(l *model.Lab) (int, *model.Component) {
	if l.Collector == nil {
		return 0, nil
	}
	for _, e := range l.Collector.ExportersOfType("prometheus") {
		if len(e.Endpoints) > 0 {
			_, port := model.SplitEndpoint(e.Endpoints[0])
			return port, &e
		}
	}
	return 0, nil
}

// targetLine finds the line of a target in the Prometheus file.
func targetLine(l *model.Lab, target string) int {
	line := 0
	walk(l.Files.Prometheus.Doc, func(v string, l int) {
		if line == 0 && v == target {
			line = l
		}
	})
	return line
}
