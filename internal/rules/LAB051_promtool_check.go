package rules

var _ = register(&Rule{
	ID: "LAB051", Slug: "promtool-check",
	Title:  "promtool check config refuses the Prometheus config",
	Blocks: metricChecks,
	Page: `labctl runs "promtool check config FILE" in a throwaway container of the project's own
Prometheus image (the official images carry /bin/promtool).`,
})
