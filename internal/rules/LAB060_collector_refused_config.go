package rules

var _ = register(&Rule{
	ID: "LAB060", Slug: "collector-refused-config",
	Title:  "The Collector refused its config and exited",
	Blocks: allChecks,
	Page: `A Collector that cannot read its config exits at once; its log says why on the lines
after "decoding failed due to the following error(s):" — the first line alone says nothing.
Traces and metrics are both lost, and the other containers log that otel-collector does not
resolve (an exited container has no DNS name).`,
})
