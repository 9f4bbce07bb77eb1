package policy

import (
	"fmt"
	"strings"

	"github.com/compose-spec/compose-go/v2/types"
)

// OwnName is the name Compose gives a project's network or volume KEY
// when the file names none: PROJECT_KEY. An untrusted project gets no
// other: a `name:` of its own choosing could be the teacher's network, a
// classmate's (labctl-grade-bob_default) or a volume with someone's data.
// The caller makes PROJECT free of '_' so that PROJECT_KEY names one
// project only (see submission.ProjectName).
func OwnName(project, key string) string { return project + "_" + key }

// OwnerLabelPrefixes are the label namespaces that say who owns an object
// on the engine: Docker Compose's (which project, which service, what a
// down removes) and labctl's (what it built, what its data was made from).
// Only labctl writes them; a project that sets them is refused.
var OwnerLabelPrefixes = []string{"com.docker.compose.", "org.labctl."}

// IsOwnerLabel reports whether a label key is in one of the owner
// namespaces.
func IsOwnerLabel(key string) bool {
	for _, p := range OwnerLabelPrefixes {
		if strings.HasPrefix(key, p) {
			return true
		}
	}
	return false
}

// ownerLabels refuses each label of an owner namespace, one line a label.
func (c checker) ownerLabels(labels types.Labels, key string) {
	for _, k := range sortedKeys(labels) {
		if IsOwnerLabel(k) {
			c.add(key+"["+k+"]", k+"="+labels[k], OwnerLabel)
		}
	}
}

// MaxPublishedPorts bounds the ports a project publishes, ranges counted
// port by port. Each published port is a docker-proxy process on the
// machine, outside the container's limits; the lab publishes about six.
const MaxPublishedPorts = 32

// publishedPorts refuses a project that publishes more than
// MaxPublishedPorts (8000-9000:8000-9000 is a thousand processes), on
// the first service that publishes any; asked is the container ports'
// span and count.
func (c checker) publishedPorts() {
	n, first := 0, ""
	lo, hi := uint32(1<<32-1), uint32(0)
	for _, name := range c.p.ServiceNames() {
		ports := c.p.Services[name].Ports
		if len(ports) > 0 && first == "" {
			first = "services." + name + ".ports"
		}
		for _, p := range ports {
			n++
			lo, hi = min(lo, p.Target), max(hi, p.Target)
		}
	}
	if n > MaxPublishedPorts {
		c.add(first, fmt.Sprintf("%d … %d (%d)", lo, hi, n), ManyPorts)
	}
}
