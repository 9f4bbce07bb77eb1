package rules

var _ = register(&Rule{
	ID: "LAB003", Slug: "collector-deprecated-alias", Severity: Note,
	Title: "The Collector config uses a deprecated type alias (works, warns)",
	Page: `Found with LAB001: the Collector still accepts the alias and logs a warning, e.g. at
v0.145.0 '"otlp" alias is deprecated; use "otlp_grpc" instead'. Nothing breaks.`,
})
