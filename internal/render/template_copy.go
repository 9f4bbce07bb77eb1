package render

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/labctl/labctl/internal/fsutil"
)

// templateManifest, in DIR/backend, records the hash of each template file
// labctl wrote there, so that a student's edit is noticed instead of being
// silently replaced by the next render.
const templateManifest = ".labctl-template"

// templateCopy is the backend template, checked against what is on disk and
// ready to be written.
type templateCopy struct {
	dst   string
	names []string // sorted, slash-separated
	files map[string][]byte
}

// planTemplateCopy reads the template and refuses, before anything is
// written, when a file in dst was changed since labctl wrote it.
func planTemplateCopy(src fs.FS, dst string) (*templateCopy, error) {
	c := &templateCopy{dst: dst, files: map[string][]byte{}}
	err := fs.WalkDir(src, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(src, p)
		if err != nil {
			return err
		}
		c.files[p] = data
		c.names = append(c.names, p)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read backend template: %w", err)
	}
	sort.Strings(c.names)
	written := readManifest(filepath.Join(dst, templateManifest))
	for _, name := range c.names {
		path := filepath.Join(dst, filepath.FromSlash(name))
		cur, err := os.ReadFile(path)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			continue
		case err != nil:
			return nil, fsutil.ReadError("", path, err)
		case bytes.Equal(cur, c.files[name]) || written[name] == sha256Hex(cur):
			continue
		}
		return nil, fmt.Errorf("%s was edited by hand and labctl would replace it with its template; "+
			"to keep your changes, move %s elsewhere and set backend.path in labctl.yaml to it (or delete the file to get the template back)",
			path, dst)
	}
	return c, nil
}

// write copies the template and records what it wrote.
func (c *templateCopy) write() error {
	var manifest strings.Builder
	for _, name := range c.names {
		path := filepath.Join(c.dst, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := fsutil.WriteFile(path, c.files[name], 0o644); err != nil {
			return err
		}
		fmt.Fprintf(&manifest, "%s  %s\n", sha256Hex(c.files[name]), name)
	}
	return fsutil.WriteFile(filepath.Join(c.dst, templateManifest), []byte(manifest.String()), 0o644)
}

func readManifest(path string) map[string]string {
	out := map[string]string{}
	data, err := os.ReadFile(path)
	if err != nil {
		return out
	}
	for _, line := range strings.Split(string(data), "\n") {
		if sum, name, ok := strings.Cut(line, "  "); ok {
			out[name] = sum
		}
	}
	return out
}

func sha256Hex(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}
