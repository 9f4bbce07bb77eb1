package msg

// The verify use case's sentences (internal/verify, and the causes it
// reads from the logs).
func init() {
	extend(English, map[string]string{
		"verify.LAB061.dns_service":      "%s is a service of the project, but its name does not resolve: Docker's DNS answers only for a running container on the backend's network, so its container is not running (or not on that network)",
		"verify.LAB061.dns_service_fix":  "start %s: fix what its log says (`labctl logs %s`), then `docker compose up -d`",
		"verify.LAB061.not_from_env":     "the backend exports its spans to %s, not where %s points: its SDK does not take the endpoint from that variable (an endpoint given in the code, as OTLPSpanExporter(endpoint=...), wins over it)",
		"verify.LAB061.not_from_env_fix": "remove the endpoint the backend's code gives its exporter, so that the SDK reads %s",
	})
	extend(French, map[string]string{
		"verify.LAB061.dns_service":      "%s est un service du projet, mais son nom ne se résout pas : le DNS de Docker ne répond que pour un conteneur en marche sur le réseau du backend, donc son conteneur ne tourne pas (ou n'est pas sur ce réseau)",
		"verify.LAB061.dns_service_fix":  "démarrez %s : corrigez ce que dit son journal (`labctl logs %s`), puis `docker compose up -d`",
		"verify.LAB061.not_from_env":     "le backend exporte ses spans vers %s, pas là où pointe %s : son SDK ne prend pas l'endpoint de cette variable (un endpoint donné dans le code, comme OTLPSpanExporter(endpoint=...), l'emporte sur elle)",
		"verify.LAB061.not_from_env_fix": "retirez l'endpoint que le code du backend donne à son exportateur, pour que le SDK lise %s",
	})
}
