package rules

var _ = register(&Rule{
	ID: "LAB062", Slug: "collector-export-failed",
	Title:  "The Collector fails to export to Jaeger",
	Blocks: traceChecks,
	Page: `With the default retry the Collector logs "Exporting failed. Will retry the request after
interval." and drops the data only minutes later; the cause is in the error field.`,
})
