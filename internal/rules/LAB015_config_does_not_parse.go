package rules

var _ = register(&Rule{
	ID: "LAB015", Slug: "config-does-not-parse",
	Title:  "A config file is not valid YAML, or not of the expected shape",
	Blocks: allChecks,
})
