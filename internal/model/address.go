package model

import (
	"net"
	"net/netip"
	"strconv"
	"strings"
)

// The one reading of an address as the lab's tools write them (a
// Collector's endpoint, an SDK's OTLP variable, a Prometheus target, a
// published port's host IP): every package asks these, none keeps its own
// list of what loopback or "every interface" is.

// The hosts labctl writes: every interface (where a server in a container
// must listen for the others), and loopback (where labctl publishes and
// reaches ports by default, safe by default).
const (
	AnyHost      = "0.0.0.0"
	LoopbackHost = "127.0.0.1"
)

// Address is an endpoint split into its parts.
type Address struct {
	// Scheme is "http", "https", "grpc" (or any other written, lower
	// case), "" when none is written.
	Scheme string
	// Host has no brackets ("::1" for "[::1]:4317"), "" when absent.
	Host string
	// Port is 0 when absent.
	Port int
	// Path is what follows host:port ("/v1/traces"), "" when none.
	Path string
}

// ParseAddress splits an endpoint as the Collector, the OpenTelemetry SDKs
// and Prometheus write it: host:port, scheme://host:port/path,
// dns:///host:port, [::1]:4317, user:password@host:port, unix:///socket
// (a path, no host). It never fails:
// what it cannot read stays in Host.
func ParseAddress(ep string) Address {
	var a Address
	s := strings.TrimSpace(ep)
	if scheme, rest, ok := strings.Cut(s, "://"); ok && !strings.ContainsAny(scheme, "/@[:") {
		a.Scheme, s = strings.ToLower(scheme), rest
	}
	if a.Scheme == "unix" {
		// unix:///var/run/docker.sock is a socket's path: no host
		a.Path = "/" + strings.TrimPrefix(s, "/")
		return a
	}
	s = strings.TrimPrefix(s, "/") // dns:///host:port
	if i := strings.IndexAny(s, "/?"); i >= 0 {
		a.Path, s = s[i:], s[:i]
		if q := strings.Index(a.Path, "?"); q >= 0 {
			a.Path = a.Path[:q]
		}
	}
	if at := strings.LastIndex(s, "@"); at >= 0 {
		s = s[at+1:]
	}
	h, p, err := net.SplitHostPort(s)
	if err != nil {
		a.Host = strings.Trim(s, "[]")
		return a
	}
	a.Host = h
	a.Port, _ = strconv.Atoi(p)
	return a
}

// OrPort is the address with port def when it has none.
func (a Address) OrPort(def int) Address {
	if a.Port == 0 {
		a.Port = def
	}
	return a
}

// HostPort is host:port (brackets around an IPv6 host), the host alone
// without a port.
func (a Address) HostPort() string {
	if a.Port == 0 {
		return a.Host
	}
	return HostPort(a.Host, a.Port)
}

// SplitEndpoint is ParseAddress's host and port.
func SplitEndpoint(ep string) (host string, port int) {
	a := ParseAddress(ep)
	return a.Host, a.Port
}

// HostPort joins a host and a port.
func HostPort(host string, port int) string { return net.JoinHostPort(host, strconv.Itoa(port)) }

// IsLoopback reports whether host means "this container" inside a
// container: localhost in any case, 127.0.0.0/8, ::1 (bracketed or not).
func IsLoopback(host string) bool {
	h := strings.ToLower(strings.Trim(strings.TrimSpace(host), "[]"))
	if h == "localhost" {
		return true
	}
	a, err := netip.ParseAddr(h)
	return err == nil && a.Unmap().IsLoopback()
}

// IsAnyAddress reports whether host means every interface, as a listener
// binds it: 0.0.0.0, :: (bracketed or not). An empty host is one too
// (":4317"), as Go's listeners read it.
func IsAnyAddress(host string) bool {
	h := strings.Trim(strings.TrimSpace(host), "[]")
	if h == "" {
		return true
	}
	a, err := netip.ParseAddr(h)
	return err == nil && a.IsUnspecified()
}

// IsIP reports whether host is an IP address rather than a name.
func IsIP(host string) bool {
	_, err := netip.ParseAddr(strings.Trim(host, "[]"))
	return err == nil
}
