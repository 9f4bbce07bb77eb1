package msg

// The verify use case's sentences (internal/verify, and the causes it
// reads from the logs).
func init() {
	extend(English, map[string]string{
		"verify.LAB061.dns_service": "%s is a service of the project, but its name does not resolve: Docker's DNS answers only for a running container on the backend's network, so its container is not running (or not on that network)",
	})
	extend(French, map[string]string{
		"verify.LAB061.dns_service": "%s est un service du projet, mais son nom ne se résout pas : le DNS de Docker ne répond que pour un conteneur en marche sur le réseau du backend, donc son conteneur ne tourne pas (ou n'est pas sur ce réseau)",
	})
}
