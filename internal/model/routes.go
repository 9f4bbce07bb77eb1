package model

import (
	"net"
	"strings"

	"gopkg.in/yaml.v3"
)

// exporterRoutes are where an exporter sends besides its endpoint key: the
// loadbalancing exporter (collector-contrib exporter/loadbalancingexporter)
// has no endpoint of its own; its resolver names the backends, each a
// host[:port] whose port defaults to 4317 (loadbalancer.go's
// endpointWithPort adds defaultPort "4317" to a name without ':'): resolver.static.hostnames, or resolver.dns.hostname with
// resolver.dns.port (default 4317). A k8s or aws_cloud_map resolver names
// no host the Compose project can show; it routes nowhere known.
func exporterRoutes(kind, typ string, m *yaml.Node) []string {
	if kind != "exporter" || typ != "loadbalancing" {
		return nil
	}
	resolver := resolve(lookupValue(m, "resolver"))
	var out []string
	if list := resolve(dig(resolver, "static", "hostnames")); list != nil && list.Kind == yaml.SequenceNode {
		for _, h := range list.Content {
			if v := scalar(h); v != "" {
				out = append(out, withDefaultPort(v, "4317"))
			}
		}
	}
	dns := resolve(lookupValue(resolver, "dns"))
	if host := scalar(lookupValue(dns, "hostname")); host != "" {
		port := scalar(lookupValue(dns, "port"))
		if port == "" {
			port = "4317"
		}
		out = append(out, net.JoinHostPort(host, port))
	}
	return out
}

func withDefaultPort(hostport, port string) string {
	if _, _, err := net.SplitHostPort(hostport); err == nil || strings.Contains(hostport, "://") {
		return hostport
	}
	return net.JoinHostPort(hostport, port)
}

// ScalarAt is the scalar at a key path of a YAML tree ("" when absent):
// for a rule reading a setting of a component no pipeline uses (the
// model parses the used ones).
func ScalarAt(n *yaml.Node, path ...string) string { return scalar(dig(resolve(n), path...)) }
