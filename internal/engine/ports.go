package engine

import (
	"errors"
	"fmt"
	"net"
	"regexp"
	"strconv"
	"syscall"

	"github.com/compose-spec/compose-go/v2/types"
)

// PortInUseError is a host port the lab publishes that something else holds.
type PortInUseError struct {
	Port    int
	HostIP  string
	Service string
	Key     string // labctl.yaml key, e.g. ports.jaeger_ui
}

func (e *PortInUseError) Error() string {
	key := e.Key
	if key == "" {
		key = "the matching ports.* key"
	}
	return fmt.Sprintf("port %d on %s is already in use, so %s cannot publish it; stop what listens there, or set %s in labctl.yaml to a free port",
		e.Port, e.HostIP, e.Service, key)
}

// checkPorts tries to listen on every host port the project publishes,
// except those that the project's own containers hold already. It runs
// before anything is created, so a taken port leaves nothing half-started.
func checkPorts(p *types.Project, h Hints, held map[int]bool) error {
	for _, name := range p.ServiceNames() { // sorted
		s := p.Services[name]
		for _, pc := range s.Ports {
			port, err := strconv.Atoi(pc.Published)
			if err != nil || port == 0 || held[port] {
				continue
			}
			ip := pc.HostIP
			if ip == "" {
				ip = "0.0.0.0"
			}
			network := "tcp"
			if pc.Protocol == "udp" {
				network = "udp"
			}
			if portFree(network, net.JoinHostPort(ip, pc.Published)) {
				continue
			}
			return &PortInUseError{Port: port, HostIP: ip, Service: name, Key: h.portKey(port)}
		}
	}
	return nil
}

func portFree(network, addr string) bool {
	var err error
	if network == "udp" {
		var c net.PacketConn
		if c, err = net.ListenPacket(network, addr); err == nil {
			_ = c.Close()
		}
	} else {
		var l net.Listener
		if l, err = net.Listen(network, addr); err == nil {
			_ = l.Close()
		}
	}
	// Only "in use" counts; anything else (no such address, permission) is
	// left for the engine to report.
	return !errors.Is(err, syscall.EADDRINUSE)
}

var bindErrRe = regexp.MustCompile(`(?:listen \w+4?6? |Bind for )\[?([0-9a-fA-F.:]*?)\]?:(\d+)(?: failed: port is already allocated|: bind: address already in use)`)

// portErrorFromStart recognises the engine's "port taken" start errors.
func portErrorFromStart(err error, h Hints, service string) *PortInUseError {
	m := bindErrRe.FindStringSubmatch(err.Error())
	if m == nil {
		return nil
	}
	port, _ := strconv.Atoi(m[2])
	return &PortInUseError{Port: port, HostIP: m[1], Service: service, Key: h.portKey(port)}
}
