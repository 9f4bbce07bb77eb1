package discover

import (
	ctypes "github.com/moby/moby/api/types/container"

	"github.com/labctl/labctl/internal/model"
)

// Reach says how this machine reaches port of one inspected container, by
// the rule discovery applies to a lab's services: a published host port
// (on host when Docker binds every address or loopback), else, with
// containerAddrs (a local engine on Linux) and the container running, its
// own address, else not at all. For the commands that read a Compose
// project discovery does not describe (the scenario's demo).
func Reach(in ctypes.InspectResponse, port int, host string, containerAddrs bool) model.Endpoint {
	d := &discoverer{o: Options{Host: host, ContainerAddrs: containerAddrs}}
	c := fromInspect(in)
	return d.reach(&c, port)
}
