package msg

// The rules' messages of issue 30's routes: senders by language, routes
// to Jaeger, Compose's own warnings.
func init() {
	extend(English, map[string]string{
		"rule.LAB012.sender_grpc_to_http": "%s=%s: %s exports over gRPC (%s) to port %s, where the Collector's OTLP receiver speaks HTTP (%s:%s)",
		"rule.LAB012.sender_http_to_grpc": "%s=%s: %s exports over HTTP (%s) to port %s, where the Collector's OTLP receiver speaks gRPC (%s:%s)",
	})
	extend(French, map[string]string{
		"rule.LAB012.sender_grpc_to_http": "%s=%s : %s exporte en gRPC (%s) vers le port %s, où le receiver OTLP du Collector parle HTTP (%s:%s)",
		"rule.LAB012.sender_http_to_grpc": "%s=%s : %s exporte en HTTP (%s) vers le port %s, où le receiver OTLP du Collector parle gRPC (%s:%s)",
	})
}
