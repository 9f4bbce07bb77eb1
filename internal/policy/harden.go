package policy

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/compose-spec/compose-go/v2/loader"
	"github.com/compose-spec/compose-go/v2/types"
)

// Harden makes what Check accepted safer to run: every bind mount (all
// inside the submission's folder by then) is read-only, so that a
// submission cannot change its own files, nor leave root-owned files in
// the teacher's copy of them. It returns how many it made read-only.
func Harden(p *types.Project) int {
	n := 0
	for name, s := range p.Services {
		for i := range s.Volumes {
			if v := &s.Volumes[i]; v.Type == types.VolumeTypeBind && !v.ReadOnly {
				v.ReadOnly = true
				n++
			}
		}
		p.Services[name] = s
	}
	return n
}

// OutsideFileError is a Compose file a project includes or extends from
// outside the submission's folder: the loader stops before reading it.
type OutsideFileError struct{ Path string }

func (e *OutsideFileError) Error() string {
	return fmt.Sprintf("%s is outside the submission's folder: an untrusted project may include or extend only its own files", e.Path)
}

// Loader is a compose-go resource loader that refuses the Compose files a
// project pulls in (include, extends.file) from outside root, before the
// loader reads them; the files inside are left to compose-go's own loader.
func Loader(root string) loader.ResourceLoader { return fenceLoader{newFence(root)} }

type fenceLoader struct{ f fence }

// Accept takes the paths it refuses; relative ones are taken against the
// folder (compose-go resolves them against the including file, which is
// inside it when this loader is in place).
func (l fenceLoader) Accept(p string) bool { return !l.f.inside(p) }

func (l fenceLoader) Load(_ context.Context, p string) (string, error) {
	return "", &OutsideFileError{Path: p}
}

func (l fenceLoader) Dir(p string) string { return filepath.Dir(p) }
