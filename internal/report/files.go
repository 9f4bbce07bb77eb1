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
)

// Generated is what the report reads from the directory labctl renders
// into; each part is nil when its file does not exist yet.
type Generated struct {
	Collector *Collector
	Scrapes   *Scrapes
	Verify    *checks.Result
	// Secrets are the values of secrets.env, only used to keep them out of the report.
	Secrets []string
}

// ReadGenerated reads DIR/otelcol.yaml, DIR/prometheus.yml, DIR/verify.json
// and DIR/secrets.env. Missing files are fine; unreadable ones are errors.
func ReadGenerated(dir string) (Generated, error) {
	var g Generated
	var err error
	if data, ok, rerr := readOptional(filepath.Join(dir, "otelcol.yaml")); rerr != nil {
		return g, rerr
	} else if ok {
		if g.Collector, err = ParseCollector(data, filepath.Join(dir, "otelcol.yaml")); err != nil {
			return g, err
		}
	}
	if data, ok, rerr := readOptional(filepath.Join(dir, "prometheus.yml")); rerr != nil {
		return g, rerr
	} else if ok {
		if g.Scrapes, err = ParseScrapes(data, filepath.Join(dir, "prometheus.yml")); err != nil {
			return g, err
		}
	}
	if g.Verify, err = LoadVerify(filepath.Join(dir, "verify.json")); err != nil {
		return g, err
	}
	if data, ok, rerr := readOptional(filepath.Join(dir, "secrets.env")); rerr != nil {
		return g, rerr
	} else if ok {
		g.Secrets = envValues(data)
	}
	return g, nil
}

func readOptional(path string) ([]byte, bool, error) {
	data, err := os.ReadFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, false, nil
	case err != nil:
		return nil, false, fmt.Errorf("read %s: %w", path, err)
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
