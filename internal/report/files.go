package report

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/labctl/labctl/internal/checks"
	"github.com/labctl/labctl/internal/fsutil"
	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/scenario"
)

// Generated is what the report reads from the directory labctl renders
// into; each part is nil when its file does not exist yet.
type Generated struct {
	// Collector and Prometheus are the configurations render wrote, as
	// the containers of labctl's lab read them.
	Collector  *model.Collector
	Prometheus *model.Prometheus
	Verify     *checks.Result
	// Scenario is the evidence of labctl scenario recommendation-cache.
	Scenario *scenario.Evidence
	// Secrets are the values of secrets.env, only used to keep them out of the report.
	Secrets []string
}

// ReadGenerated reads DIR/otelcol.yaml, DIR/prometheus.yml, DIR/verify.json,
// DIR/scenario.json and DIR/secrets.env. Missing files are fine; unreadable ones are errors,
// and a configuration labctl can no longer read says to render it again.
func ReadGenerated(dir string) (Generated, error) {
	var g Generated
	var err error
	colPath, promPath := generated(dir, "otelcol.yaml"), generated(dir, "prometheus.yml")
	if data, ok, rerr := readOptional(colPath); rerr != nil {
		return g, rerr
	} else if ok {
		if g.Collector, err = model.ParseCollector(data, colPath, nil); err != nil {
			return g, renderHint(err)
		}
	}
	if data, ok, rerr := readOptional(promPath); rerr != nil {
		return g, rerr
	} else if ok {
		if g.Prometheus, err = model.ParsePrometheus(data, promPath); err != nil {
			return g, renderHint(err)
		}
	}
	if g.Verify, err = LoadVerify(filepath.Join(dir, "verify.json")); err != nil {
		return g, err
	}
	if g.Scenario, err = scenario.LoadEvidence(dir); err != nil {
		return g, err
	}
	if data, ok, rerr := readOptional(filepath.Join(dir, "secrets.env")); rerr != nil {
		return g, rerr
	} else if ok {
		g.Secrets = envValues(data)
	}
	return g, nil
}

// generated names a generated file as the report shows it: DIR/name with
// forward slashes.
func generated(dir, name string) string { return filepath.ToSlash(filepath.Join(dir, name)) }

// renderHint adds the fix to an error in a file labctl generated.
func renderHint(err error) error {
	return fmt.Errorf("%w; run `labctl render` to regenerate it", err)
}

func readOptional(path string) ([]byte, bool, error) {
	data, err := os.ReadFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, false, nil
	case err != nil:
		return nil, false, fsutil.ReadError("", path, err)
	}
	return data, true, nil
}

// envValues returns the values of KEY=VALUE lines, quotes removed.
func envValues(data []byte) []string {
	var out []string
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if _, v, ok := strings.Cut(line, "="); ok {
			v = strings.Trim(strings.TrimSpace(v), `"'`)
			if v != "" {
				out = append(out, v)
			}
		}
	}
	return out
}
