package msg

// The rules' messages of issue 30's routes: senders by language, routes
// to Jaeger, Compose's own warnings.
func init() {
	extend(English, map[string]string{
		"rule.LAB012.sender_grpc_to_http":       "%s=%s: %s exports over gRPC (%s) to port %s, where the Collector's OTLP receiver speaks HTTP (%s:%s)",
		"rule.LAB012.sender_http_to_grpc":       "%s=%s: %s exports over HTTP (%s) to port %s, where the Collector's OTLP receiver speaks gRPC (%s:%s)",
		"rule.config_not_read.folder_elsewhere": "%s (holding %s) is mounted at %s, but %s reads %s (%s): nothing there is read",
		"rule.config_not_read.folder_fix":       "pass %s=%s in the command, or mount ./%s/%s at %s",
		"rule.LAB078.cause":                     "%s: env_file %s does not exist: docker compose refuses to start the project (env file not found); lint checked the rest without it",
		"rule.LAB078.fix_template":              "create it from its template: cp %s %s",
		"rule.LAB080.cause":                     "%s: %s reaches the host as host.docker.internal, which only Docker Desktop resolves by itself; on Docker Engine (Linux) it is no such host",
		"rule.LAB080.fix":                       "add extra_hosts: [\"host.docker.internal:host-gateway\"] to services.%s",
		"rule.LAB079.says":                      "docker compose warns: %s",
		"rule.LAB017.fix_define":                "if spans are meant for Jaeger, define an exporter to %s (otlp_grpc, port 4317) and add it to service.pipelines.%s.exporters",
	})
	extend(French, map[string]string{
		"rule.LAB080.cause":                     "%s : %s joint l'hôte par host.docker.internal, que seul Docker Desktop résout de lui-même ; sous Docker Engine (Linux) ce nom n'existe pas",
		"rule.LAB080.fix":                       "ajoutez extra_hosts: [\"host.docker.internal:host-gateway\"] à services.%s",
		"rule.LAB078.cause":                     "%s : le env_file %s n'existe pas : docker compose refuse de démarrer le projet (fichier env introuvable) ; lint a vérifié le reste sans lui",
		"rule.LAB078.fix_template":              "créez-le depuis son modèle : cp %s %s",
		"rule.LAB079.says":                      "docker compose avertit : %s",
		"rule.LAB012.sender_grpc_to_http":       "%s=%s : %s exporte en gRPC (%s) vers le port %s, où le receiver OTLP du Collector parle HTTP (%s:%s)",
		"rule.LAB012.sender_http_to_grpc":       "%s=%s : %s exporte en HTTP (%s) vers le port %s, où le receiver OTLP du Collector parle gRPC (%s:%s)",
		"rule.config_not_read.folder_elsewhere": "%s (qui contient %s) est monté sur %s, mais %s lit %s (%s) : rien n'y est lu",
		"rule.config_not_read.folder_fix":       "passez %s=%s dans la commande, ou montez ./%s/%s sur %s",
		"rule.LAB017.fix_define":                "si les spans sont destinés à Jaeger, définissez un exporter vers %s (otlp_grpc, port 4317) et ajoutez-le à service.pipelines.%s.exporters",
	})
}
