// Package policy holds the rules for running a Compose project labctl did
// not write, for someone who did not write it either: a student's
// submission on a teacher's machine. It reads the compose-go model only
// (never the host paths a project names) and says what it refuses, key by
// key; what it accepts runs hardened (bind mounts read-only, limits on
// every container, set by the caller through the engine).
package policy

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"github.com/compose-spec/compose-go/v2/types"
)

// Reason says why a key is refused; the checklist words it in its language
// (internal/grade's vocabulary), the terminal in English (Why).
type Reason string

const (
	// Outside: a path outside the submission's folder (a bind mount,
	// env_file, build context, ...): the teacher's files.
	Outside Reason = "outside"
	// DockerSocket: the Docker engine, hence the whole machine.
	DockerSocket Reason = "docker-socket"
	// Privilege: powers over the machine's kernel (privileged,
	// capabilities, devices, kernel settings, security profiles).
	Privilege Reason = "privilege"
	// HostNamespace: the machine's own network, processes, IPC or hostname.
	HostNamespace Reason = "host-namespace"
	// OtherContainer: another container, volume or network than the
	// project's own (volumes_from, external resources, container:...).
	OtherContainer Reason = "other-container"
	// HostDriver: a volume or network driver, or driver options, that
	// reach the machine (a local volume binding a host folder, macvlan).
	HostDriver Reason = "host-driver"
	// HostProgram: something the machine itself would run for the
	// project (a provider service, a build's SSH agent or entitlements).
	HostProgram Reason = "host-program"
	// OwnerLabel: a label of Docker Compose's (com.docker.compose.*) or
	// labctl's (org.labctl.*): they say which project owns a container,
	// network, volume or image, and what a later down or grade removes.
	OwnerLabel Reason = "owner-label"
	// ManyPorts: more published ports than MaxPublishedPorts; each is a
	// process of the machine's (docker-proxy), outside the limits.
	ManyPorts Reason = "many-ports"
)

// Why is each reason in one English line, for the terminal and logs.
var Why = map[Reason]string{
	Outside:        "outside the submission's folder: the grader's own files",
	DockerSocket:   "the Docker engine's socket gives the whole machine",
	Privilege:      "gives the container powers over the machine's kernel",
	HostNamespace:  "shares the machine's own network, processes, IPC or hostname",
	OtherContainer: "reaches a container, volume or network that is not the project's own",
	HostDriver:     "a driver or driver option that reaches the machine",
	HostProgram:    "has the machine itself run something for the project",
	OwnerLabel:     "a label that says which project owns an object: only labctl sets it",
	ManyPorts:      fmt.Sprintf("more published ports than the %d a submission gets: each is a process of the machine's, outside its limits", MaxPublishedPorts),
}

// Refusal is one key of a Compose file the policy does not run.
type Refusal struct {
	// File is the Compose file's name (compose.yml); when the project has
	// several, the first one (the key may come from an override).
	File string `json:"file"`
	// Key is where in it: services.app.volumes[0], volumes.data.driver_opts.
	Key string `json:"key"`
	// Asked is what the key asks for, as written (after interpolation).
	Asked  string `json:"asked"`
	Reason Reason `json:"reason"`
}

func (r Refusal) String() string {
	return fmt.Sprintf("%s: %s asks for %s: %s", r.File, r.Key, r.Asked, Why[r.Reason])
}

// Check returns what the project asks for that an untrusted project may
// not have, in a stable order. root is the submission's folder: every path
// the project names must resolve inside it (symlinks inside the folder
// followed; nothing outside it is read or walked).
func Check(p *types.Project, root string) []Refusal {
	f := newFence(root)
	file := composeFile(p)
	var out []Refusal
	add := func(key, asked string, why Reason) {
		out = append(out, Refusal{File: file, Key: key, Asked: asked, Reason: why})
	}
	c := checker{f: f, p: p, add: add}
	for _, name := range p.ServiceNames() {
		c.service(p.Services[name], "services."+name+".")
	}
	c.publishedPorts()
	for _, name := range sortedKeys(p.Volumes) {
		v := p.Volumes[name]
		key := "volumes." + name + "."
		switch {
		case bool(v.External):
			add(key+"external", "true", OtherContainer)
		case v.Name != OwnName(p.Name, name):
			add(key+"name", v.Name, OtherContainer)
		case v.Driver != "" && v.Driver != "local":
			add(key+"driver", v.Driver, HostDriver)
		case len(v.DriverOpts) > 0:
			add(key+"driver_opts", mapString(v.DriverOpts), HostDriver)
		}
		c.ownerLabels(v.Labels, key+"labels")
	}
	for _, name := range sortedKeys(p.Networks) {
		n := p.Networks[name]
		key := "networks." + name + "."
		switch {
		case bool(n.External):
			add(key+"external", "true", OtherContainer)
		case n.Name != OwnName(p.Name, name):
			add(key+"name", n.Name, OtherContainer)
		case n.Driver != "" && n.Driver != "bridge":
			add(key+"driver", n.Driver, HostDriver)
		case len(n.DriverOpts) > 0:
			add(key+"driver_opts", mapString(n.DriverOpts), HostDriver)
		}
		c.ownerLabels(n.Labels, key+"labels")
	}
	for _, kind := range []struct {
		key  string
		objs map[string]types.FileObjectConfig
	}{{"configs", fileObjects(p.Configs)}, {"secrets", fileObjects(p.Secrets)}} {
		for _, name := range sortedKeys(kind.objs) {
			o := kind.objs[name]
			key := kind.key + "." + name + "."
			switch {
			case bool(o.External):
				add(key+"external", "true", OtherContainer)
			case o.File != "" && !f.inside(o.File):
				add(key+"file", f.show(o.File), Outside)
			}
		}
	}
	return out
}

// composeFile names the project's Compose file in a refusal: the first
// one's base name (compose.yml).
func composeFile(p *types.Project) string {
	if len(p.ComposeFiles) > 0 {
		return filepath.Base(p.ComposeFiles[0])
	}
	return "compose.yml"
}

// fileObjects views the project's configs or secrets (both are
// FileObjectConfig under another name) as one type.
func fileObjects[T ~map[string]V, V types.ConfigObjConfig | types.SecretConfig](m T) map[string]types.FileObjectConfig {
	out := make(map[string]types.FileObjectConfig, len(m))
	for k, v := range m {
		out[k] = types.FileObjectConfig(v)
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func mapString[M ~map[string]string](m M) string {
	var parts []string
	for _, k := range sortedKeys(m) {
		parts = append(parts, k+"="+m[k])
	}
	return strings.Join(parts, ", ")
}
