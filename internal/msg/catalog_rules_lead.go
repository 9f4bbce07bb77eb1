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

func init() {
	extend(English, map[string]string{
		"rule.LAB068.refused_at_pg.cause": "receivers.%s cannot collect: its endpoint %s names the %s service, which refused the connection in two collections (not running, or not ready yet)",
		"rule.LAB068.refused_at_pg.fix":   "the endpoint is right: check that %s runs and is ready (its log), and start the Collector after it (depends_on with condition: service_healthy)",
	})
	extend(French, map[string]string{
		"rule.LAB068.refused_at_pg.cause": "receivers.%s ne collecte rien : son endpoint %s désigne le service %s, qui a refusé la connexion lors de deux collectes (arrêté, ou pas encore prêt)",
		"rule.LAB068.refused_at_pg.fix":   "l'endpoint est juste : vérifiez que %s tourne et est prêt (son log), et démarrez le Collector après lui (depends_on avec condition: service_healthy)",
	})
}

func init() {
	extend(English, map[string]string{
		"rule.LAB007.not_traces": "%s (used only by pipeline(s) %s: their data is lost, not the spans)",
		"rule.LAB007.fix_other":  "name the service that receives it, or remove %s from those pipelines",
	})
	extend(French, map[string]string{
		"rule.LAB007.not_traces": "%s (utilisé seulement par le(s) pipeline(s) %s : ce sont leurs données qui se perdent, pas les spans)",
		"rule.LAB007.fix_other":  "nommez le service qui les reçoit, ou retirez %s de ces pipelines",
	})
}

func init() {
	extend(English, map[string]string{
		"rule.LAB081.off":   "OTEL_TRACES_SAMPLER=%s: the backend records no span of verify's requests (they carry no sampled parent), so it exports nothing",
		"rule.LAB081.ratio": "OTEL_TRACES_SAMPLER=%s with OTEL_TRACES_SAMPLER_ARG=%s: the backend keeps a share of 0 of its traces, so it exports nothing",
		"rule.LAB081.fix":   "remove OTEL_TRACES_SAMPLER (the default, parentbased_always_on, keeps every span), or give a ratio above 0",
	})
	extend(French, map[string]string{
		"rule.LAB081.off":   "OTEL_TRACES_SAMPLER=%s : le backend n'enregistre aucun span des requêtes de verify (elles n'ont pas de parent échantillonné), il n'exporte donc rien",
		"rule.LAB081.ratio": "OTEL_TRACES_SAMPLER=%s avec OTEL_TRACES_SAMPLER_ARG=%s : le backend garde une part nulle de ses traces, il n'exporte donc rien",
		"rule.LAB081.fix":   "retirez OTEL_TRACES_SAMPLER (le défaut, parentbased_always_on, garde chaque span), ou donnez un ratio supérieur à 0",
	})
}
