package engine

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"

	"github.com/compose-spec/compose-go/v2/types"
)

// ConfigHash is the value of com.docker.compose.config-hash for a service's
// container. Like compose's ServiceHash it digests the service definition
// without build, pull_policy, scale, depends_on and profiles; unlike it, it
// also digests the content of bind-mounted files and directories (otelcol.yaml,
// prometheus.yml, initdb/) and the image ID, so a regenerated Collector config
// or a rebuilt backend recreates exactly the containers that use them.
func ConfigHash(s types.ServiceConfig, imageID string) (string, error) {
	return configHash(s, imageID, nil)
}

// configHash is ConfigHash; with limits (a project labctl did not write)
// they are digested too, and bind mounts are digested by path alone: the
// project named them, and walking an arbitrary host folder (/, with its
// /proc) is a cost it must not be able to choose.
func configHash(s types.ServiceConfig, imageID string, limits *Limits) (string, error) {
	h := sha256.New()
	o := s
	o.Build = nil
	o.PullPolicy = ""
	o.Scale = nil
	if o.Deploy != nil {
		d := *o.Deploy
		d.Replicas = nil
		o.Deploy = &d
	}
	o.DependsOn = nil
	o.Profiles = nil
	data, err := json.Marshal(o)
	if err != nil {
		return "", fmt.Errorf("hash service %s: %w", s.Name, err)
	}
	h.Write(data)
	fmt.Fprintf(h, "\x00image=%s\x00", imageID)
	if limits != nil {
		fmt.Fprintf(h, "limits=%d/%d/%d\x00", limits.Memory, limits.Pids, limits.NanoCPUs)
	}
	for _, v := range s.Volumes {
		if v.Type != types.VolumeTypeBind {
			continue
		}
		fmt.Fprintf(h, "bind=%s\x00", v.Target)
		if limits != nil {
			fmt.Fprintf(h, "source=%s\x00", v.Source)
			continue
		}
		if err := hashPath(h, v.Source); err != nil {
			return "", fmt.Errorf("hash service %s: %w", s.Name, err)
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// hashPath digests the names, modes and contents of a file or of the files
// under a directory. A missing path hashes as missing: Docker reports it at
// create time with a clearer message than a hash could.
func hashPath(h hash.Hash, root string) error {
	info, err := os.Stat(root)
	if os.IsNotExist(err) {
		h.Write([]byte("missing\x00"))
		return nil
	}
	if err != nil {
		return err
	}
	if !info.IsDir() {
		return hashFile(h, root, ".", info.Mode())
	}
	var paths []string
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			paths = append(paths, p)
		}
		return nil
	})
	if err != nil {
		return err
	}
	sort.Strings(paths)
	for _, p := range paths {
		fi, err := os.Stat(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		if fi.IsDir() {
			continue
		}
		if err := hashFile(h, p, filepath.ToSlash(rel), fi.Mode()); err != nil {
			return err
		}
	}
	return nil
}

func hashFile(h hash.Hash, path, name string, mode fs.FileMode) error {
	fmt.Fprintf(h, "file=%s mode=%o\x00", name, mode.Perm())
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = io.Copy(h, f)
	h.Write([]byte{0})
	return err
}
