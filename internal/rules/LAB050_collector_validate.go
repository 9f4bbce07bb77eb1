package rules

var _ = register(&Rule{
	ID: "LAB050", Slug: "collector-validate",
	Title:  "The Collector image's own validator refuses the config",
	Blocks: allChecks,
	Page: `labctl runs the project's own Collector image with "validate --config FILE" in a
throwaway container (same image, same mounts, no network) and maps what it says back to the
file and line. The cause is on the lines after "decoding failed due to the following
error(s):", e.g.:
  'exporters' unknown type: "jaeger" for id: "jaeger" (valid values: [otlp_grpc otlp debug prometheus])
  'postgresqlreceiver.Config' has invalid keys: databse
  service::pipelines::traces: references exporter "otlp/jager" which is not configured`,
})
