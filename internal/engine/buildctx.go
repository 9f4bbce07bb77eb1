package engine

import (
	"archive/tar"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/moby/patternmatcher"
	"github.com/moby/patternmatcher/ignorefile"
)

// buildContext is a build context packed for the Engine API, with a digest of
// what it holds (names, modes, contents; not times).
type buildContext struct {
	Tar    []byte
	Digest string
	Files  int
}

// packContext tars dir, honouring its .dockerignore as `docker build` does:
// the Dockerfile and .dockerignore are always sent, even when ignored.
// What private tells (labctl's lab directory and its secrets.env) is never
// sent; private may be nil.
func packContext(dir, dockerfile string, private func(path string, d fs.DirEntry) bool) (*buildContext, error) {
	excludes, err := readDockerignore(dir)
	if err != nil {
		return nil, err
	}
	if len(excludes) > 0 {
		excludes = append(excludes, "!.dockerignore", "!"+filepath.ToSlash(filepath.Clean(dockerfile)))
	}
	pm, err := patternmatcher.New(excludes)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Join(dir, ".dockerignore"), err)
	}
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	sum := sha256.New()
	n := 0
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil || rel == "." {
			return err
		}
		rel = filepath.ToSlash(rel)
		if private != nil && private(p, d) {
			// labctl's lab directory holds secrets.env: it never goes into
			// an image, whatever .dockerignore says (backend.path: .).
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		skip, err := pm.MatchesOrParentMatches(rel)
		if err != nil {
			return err
		}
		if skip {
			if d.IsDir() && !pm.Exclusions() {
				return filepath.SkipDir
			}
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		return addToTar(tw, sum, p, rel, info, &n)
	})
	if err != nil {
		return nil, fmt.Errorf("pack build context %s: %w", dir, err)
	}
	if err := tw.Close(); err != nil {
		return nil, err
	}
	return &buildContext{Tar: buf.Bytes(), Digest: hex.EncodeToString(sum.Sum(nil)), Files: n}, nil
}

func addToTar(tw *tar.Writer, sum hash.Hash, path, rel string, info fs.FileInfo, n *int) error {
	link := ""
	if info.Mode()&fs.ModeSymlink != 0 {
		l, err := os.Readlink(path)
		if err != nil {
			return err
		}
		link = l
	}
	hdr, err := tar.FileInfoHeader(info, link)
	if err != nil {
		return err
	}
	hdr.Name = rel
	if info.IsDir() {
		hdr.Name += "/"
	}
	hdr.Uid, hdr.Gid, hdr.Uname, hdr.Gname = 0, 0, "", ""
	fmt.Fprintf(sum, "%s %o %s\x00", hdr.Name, info.Mode(), link)
	if err := tw.WriteHeader(hdr); err != nil {
		return err
	}
	if !info.Mode().IsRegular() {
		return nil
	}
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	*n++
	_, err = io.Copy(io.MultiWriter(tw, sum), f)
	return err
}

func readDockerignore(dir string) ([]string, error) {
	f, err := os.Open(filepath.Join(dir, ".dockerignore"))
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ignorefile.ReadAll(f)
}

// baseImages lists the images a Dockerfile's FROM lines name, with ARG
// defaults and build args substituted; stage names and scratch are left out.
func baseImages(dockerfile []byte, args map[string]string) []string {
	vars := map[string]string{}
	stages := map[string]bool{}
	var out []string
	for _, line := range logicalLines(string(dockerfile)) {
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		switch strings.ToUpper(f[0]) {
		case "ARG":
			name, def, _ := strings.Cut(f[1], "=")
			if v, ok := args[name]; ok {
				vars[name] = v
			} else if _, seen := vars[name]; !seen {
				vars[name] = strings.Trim(def, `"'`)
			}
		case "FROM":
			rest := f[1:]
			for len(rest) > 0 && strings.HasPrefix(rest[0], "--") {
				rest = rest[1:]
			}
			if len(rest) == 0 {
				continue
			}
			img := os.Expand(rest[0], func(k string) string { return vars[k] })
			if len(rest) >= 3 && strings.EqualFold(rest[1], "AS") {
				stages[strings.ToLower(rest[2])] = true
			}
			if img == "" || img == "scratch" || stages[strings.ToLower(img)] {
				continue
			}
			out = append(out, img)
		}
	}
	sort.Strings(out)
	return dedupe(out)
}

// logicalLines joins backslash-continued lines and drops comments.
func logicalLines(s string) []string {
	var out []string
	var cur strings.Builder
	for _, l := range strings.Split(s, "\n") {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "#") {
			continue
		}
		if strings.HasSuffix(t, `\`) {
			cur.WriteString(strings.TrimSuffix(t, `\`) + " ")
			continue
		}
		cur.WriteString(t)
		out = append(out, cur.String())
		cur.Reset()
	}
	if cur.Len() > 0 {
		out = append(out, cur.String())
	}
	return out
}

func dedupe(s []string) []string {
	var out []string
	for i, v := range s {
		if i == 0 || v != s[i-1] {
			out = append(out, v)
		}
	}
	return out
}
