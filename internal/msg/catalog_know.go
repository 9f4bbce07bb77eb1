package msg

// Messages of the Collector knowledge generated from upstream
// (internal/collectorknow, rules/upstream.go).
func init() {
	extend(English, map[string]string{
		"know.use.metrics_readers": "service.telemetry.metrics.readers: [{pull: {exporter: {prometheus: {host: 0.0.0.0, port: 8888}}}}]",
		"know.use.jaeger":          "otlp_grpc (otlp before v0.144.0) to jaeger:4317 with tls.insecure: true — Jaeger takes OTLP itself",
		"know.use.jaeger_thrift":   "otlphttp to http://jaeger:4318",
		"know.use.logging":         "debug (same verbosity option)",
		"know.use.memory_ballast":  "the GOMEMLIMIT environment variable",
		"know.use.loki":            "otlphttp (otlp_http since v0.144.0) to Loki's OTLP endpoint (Loki 3+: http://loki:3100/otlp), as the loki exporter's README says",
		"know.use.renamed":         "%s (its new name)",
		"know.use.none":            "another component: %s left the Collector's distributions",
		"know.use.alias":           "%s (%s still works as a deprecated alias)",
		"know.newer":               "%s (labctl knows Collector releases up to %s: the image's %s was checked as %s)",
		"know.latest":              "%s (the image names no release: read as the newest labctl knows, %s, what a pull of latest gives)",
	})
	extend(French, map[string]string{
		"know.use.metrics_readers": "service.telemetry.metrics.readers: [{pull: {exporter: {prometheus: {host: 0.0.0.0, port: 8888}}}}]",
		"know.use.jaeger":          "otlp_grpc (otlp avant v0.144.0) vers jaeger:4317 avec tls.insecure: true — Jaeger reçoit l'OTLP lui-même",
		"know.use.jaeger_thrift":   "otlphttp vers http://jaeger:4318",
		"know.use.logging":         "debug (même option verbosity)",
		"know.use.memory_ballast":  "la variable d'environnement GOMEMLIMIT",
		"know.use.loki":            "otlphttp (otlp_http depuis v0.144.0) vers le point d'entrée OTLP de Loki (Loki 3+ : http://loki:3100/otlp), comme le dit le README de l'exporter loki",
		"know.use.renamed":         "%s (son nouveau nom)",
		"know.use.none":            "un autre composant : %s a quitté les distributions du Collector",
		"know.use.alias":           "%s (%s marche encore comme alias déprécié)",
		"know.newer":               "%s (labctl connaît les versions du Collector jusqu'à %s : la %s de l'image a été vérifiée comme %s)",
		"know.latest":              "%s (l'image ne nomme pas de version : lue comme la plus récente que labctl connaît, %s, ce que donne un pull de latest)",
	})
}
