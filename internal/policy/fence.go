package policy

import (
	"os"
	"path/filepath"
	"strings"
)

// fence decides whether a path a project names stays inside the
// submission's folder. It resolves symlinks one component at a time with
// Lstat and Readlink, and only inside the folder: the first step that
// leaves it is the answer, so no host path outside is ever stat'ed, read
// or walked.
type fence struct {
	root string // the folder as given, absolute and clean
	real string // the folder with its own symlinks resolved (/tmp -> /private/tmp)
}

func newFence(root string) fence {
	abs, err := filepath.Abs(root)
	if err != nil {
		abs = root
	}
	f := fence{root: filepath.Clean(abs), real: filepath.Clean(abs)}
	// The folder itself is the teacher's choice: resolving it reads
	// nothing a submission chose.
	if r, err := filepath.EvalSymlinks(f.root); err == nil {
		f.real = r
	}
	return f
}

// Inside reports whether path, absolute or relative to root, resolves to
// root or below it, following the symlinks found inside root and stopping
// at the first one that points out.
func Inside(root, path string) bool {
	return newFence(root).inside(path)
}

func (f fence) inside(p string) bool {
	if p == "" {
		return false
	}
	if !filepath.IsAbs(p) {
		p = filepath.Join(f.root, p)
	}
	p = filepath.Clean(p)
	// Lexically outside: decided without looking at the disk.
	rel, ok := f.rel(p)
	if !ok {
		return false
	}
	cur, hops := f.real, 0
	queue := split(rel)
	for len(queue) > 0 {
		part := queue[0]
		queue = queue[1:]
		switch part {
		case "", ".":
			continue
		case "..":
			cur = filepath.Dir(cur)
			if !within(f.real, cur) {
				return false
			}
			continue
		}
		next := filepath.Join(cur, part)
		fi, err := os.Lstat(next)
		if err != nil || fi.Mode()&os.ModeSymlink == 0 {
			// A missing component stays where it is named: Docker
			// refuses a missing bind source, and nothing else is there.
			cur = next
			continue
		}
		if hops++; hops > 40 {
			return false
		}
		target, err := os.Readlink(next)
		if err != nil {
			return false
		}
		if filepath.IsAbs(target) {
			r, ok := f.rel(filepath.Clean(target))
			if !ok {
				return false
			}
			cur, queue = f.real, append(split(r), queue...)
			continue
		}
		queue = append(split(target), queue...)
	}
	return within(f.real, cur)
}

// rel is p relative to the folder (as given or resolved), false when p is
// not under it.
func (f fence) rel(p string) (string, bool) {
	for _, root := range []string{f.real, f.root} {
		if within(root, p) {
			r, err := filepath.Rel(root, p)
			return r, err == nil
		}
	}
	return "", false
}

func within(root, p string) bool {
	return p == root || strings.HasPrefix(p, strings.TrimSuffix(root, string(filepath.Separator))+string(filepath.Separator))
}

func split(p string) []string {
	return strings.Split(filepath.ToSlash(p), "/")
}

// show writes a path as the submission's Compose file likely named it:
// relative to the folder when it is in it or near it (./escape,
// ../../outside), absolute otherwise (/var/run/docker.sock), so that the
// checklist a student reads does not spell the grader's folders.
func (f fence) show(p string) string {
	if !filepath.IsAbs(p) {
		return p
	}
	rel, err := filepath.Rel(f.root, filepath.Clean(p))
	if err != nil {
		return p
	}
	ups := 0
	for _, part := range split(rel) {
		if part != ".." {
			break
		}
		ups++
	}
	switch {
	case ups == 0:
		return "./" + filepath.ToSlash(rel)
	case ups <= 2:
		return filepath.ToSlash(rel)
	}
	return p
}
