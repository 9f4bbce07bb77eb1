package engine

import "io/fs"

// Hints are what the engine is told about a lab beyond its Compose project,
// by what rendered it (render.EngineHints for labctl's lab): how each service
// is probed and reached, which key of the user's configuration sets an image
// or a host port, for the messages that say what to change, and which files
// never go into a build context. The zero value probes nothing beyond a
// running container and names no key.
type Hints struct {
	// Probes are the services' readiness probes, by service; a service
	// without one is ready once its container runs.
	Probes map[string]Probe
	// URLs are where a person reaches each service from the host, by
	// service (ServiceStatus.URL).
	URLs map[string]string
	// ImageKeys are the configuration keys that set each service's image,
	// by service, e.g. images.collector.
	ImageKeys map[string]string
	// PortKeys are the configuration keys that set each host port, by
	// port, e.g. ports.jaeger_ui.
	PortKeys map[int]string
	// Private tells the files and directories of a build context that are
	// never sent, whatever its .dockerignore says (labctl's lab directory
	// and the secrets.env it generated); nil: none.
	Private func(path string, d fs.DirEntry) bool
	// VolumeFingerprints are, by volume key, what a volume's data was made
	// from (a hash of the passwords PostgreSQL was initialised with): a new
	// volume carries it as the label LabelFingerprint, and an existing one
	// whose label differs is refused with VolumeFix, rather than started
	// with passwords its data does not know.
	VolumeFingerprints map[string]string
	// VolumeFix says how to resolve a fingerprint mismatch.
	VolumeFix string
}

// imageKey is the key that sets a service's image, for ImageError.
func (h Hints) imageKey(service string) string {
	if k := h.ImageKeys[service]; k != "" {
		return k
	}
	return "the image of " + service
}

// portKey is the key that sets a host port, for PortInUseError; "" when
// none is known.
func (h Hints) portKey(port int) string { return h.PortKeys[port] }
