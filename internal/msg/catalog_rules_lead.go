package msg

// The lead's fixes to rules found by the corpus of published projects.
func init() {
	extend(English, map[string]string{
		"rule.LAB041.fix_own": "remove this target, or bind the Collector's own telemetry where Prometheus reaches it (service.telemetry.metrics.readers: pull.exporter.prometheus.host: 0.0.0.0)",
	})
	extend(French, map[string]string{
		"rule.LAB041.fix_own": "retirez cette cible, ou exposez la télémétrie propre du Collector là où Prometheus l'atteint (service.telemetry.metrics.readers : pull.exporter.prometheus.host: 0.0.0.0)",
	})
}
