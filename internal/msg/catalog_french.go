package msg

// What the French terminal said in English after its first pass (issue
// 28): why a sender speaks its protocol (LAB012), Jaeger v2's equivalents
// of v1's variables (LAB031).
func init() {
	extend(English, map[string]string{
		"sender.from.code":            "the exporter class its code imports",
		"sender.from.default":         "%s's default",
		"sender.from.default_shown":   "the default of %s, %s",
		"sender.sdk.python":           "the Python SDK",
		"sender.sdk.java-agent":       "the Java agent",
		"sender.sdk.java":             "the Java SDK",
		"sender.sdk.node":             "the Node.js SDK",
		"sender.sdk.dotnet":           "the .NET SDK",
		"sender.sdk.go":               "the Go SDK",
		"sender.sdk.php":              "the PHP SDK",
		"sender.sdk.erlang":           "the Erlang SDK",
		"sender.sdk.latest":           "%s (latest release)",
		"sender.sdk.version":          "%s %s",
		"sender.clue.in":              "%s in %s",
		"sender.clue.image":           "the image %s",
		"sender.clue.from":            "the Dockerfile's FROM %s",
		"sender.clue.and":             "%s; %s",
		"sender.place.command":        "the service's command",
		"sender.place.environment":    "the service's environment",
		"sender.place.dockerfile":     "the Dockerfile",
		"sender.place.dockerfile_run": "the Dockerfile's CMD/ENTRYPOINT",
		"sender.place.dockerfile_env": "the Dockerfile's ENV",
	})
	extend(French, map[string]string{
		"sender.from.code":            "la classe d'exporter que son code importe",
		"sender.from.default":         "valeur par défaut pour %s",
		"sender.from.default_shown":   "valeur par défaut pour %s, d'après %s",
		"sender.sdk.python":           "le SDK Python",
		"sender.sdk.java-agent":       "l'agent Java",
		"sender.sdk.java":             "le SDK Java",
		"sender.sdk.node":             "le SDK Node.js",
		"sender.sdk.dotnet":           "le SDK .NET",
		"sender.sdk.go":               "le SDK Go",
		"sender.sdk.php":              "le SDK PHP",
		"sender.sdk.erlang":           "le SDK Erlang",
		"sender.sdk.latest":           "%s (dernière version publiée)",
		"sender.sdk.version":          "%s %s",
		"sender.clue.in":              "%s dans %s",
		"sender.clue.image":           "l'image %s",
		"sender.clue.from":            "le FROM %s du Dockerfile",
		"sender.clue.and":             "%s ; %s",
		"sender.place.command":        "la commande du service",
		"sender.place.environment":    "l'environnement du service",
		"sender.place.dockerfile":     "le Dockerfile",
		"sender.place.dockerfile_run": "le CMD/ENTRYPOINT du Dockerfile",
		"sender.place.dockerfile_env": "l'ENV du Dockerfile",
	})
}
