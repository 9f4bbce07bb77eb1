package expect

// Aliases are the attribute names that the OpenTelemetry semantic
// conventions renamed: the Python instrumentations write the old name, the
// stable one, or both (by version and OTEL_SEMCONV_STABILITY_OPT_IN). A user
// writes either and labctl reads whichever the span carries. One row per
// attribute, the stable name first; the README's table is this one.
var Aliases = [][]string{
	{"http.request.method", "http.method"},
	{"http.response.status_code", "http.status_code"},
	{"url.full", "http.url"},
	{"url.path", "http.target"},
	{"url.scheme", "http.scheme"},
	{"server.address", "net.peer.name", "net.host.name"},
	{"server.port", "net.peer.port", "net.host.port"},
	{"client.address", "http.client_ip", "net.sock.peer.addr"},
	{"network.protocol.version", "http.flavor"},
	{"user_agent.original", "http.user_agent"},
	{"db.query.text", "db.statement"},
	{"db.namespace", "db.name"},
	{"db.operation.name", "db.operation"},
	{"db.collection.name", "db.sql.table"},
	{"db.system.name", "db.system"},
}

// aliasOf maps every name of the table to its row.
var aliasOf = func() map[string][]string {
	m := map[string][]string{}
	for _, row := range Aliases {
		for _, n := range row {
			m[n] = row
		}
	}
	return m
}()

// Names returns the names an attribute may be written under, name first.
func Names(name string) []string {
	row, ok := aliasOf[name]
	if !ok {
		return []string{name}
	}
	out := []string{name}
	for _, n := range row {
		if n != name {
			out = append(out, n)
		}
	}
	return out
}

// lookup reads an attribute of a span under any of its names: the span's
// own attributes first, then its resource's (service.version lives there).
// It returns the name the span used.
func lookup(tags, resource map[string]string, name string) (value, as string, ok bool) {
	for _, m := range []map[string]string{tags, resource} {
		for _, n := range Names(name) {
			if v, found := m[n]; found {
				return v, n, true
			}
		}
	}
	return "", "", false
}
