package templates

import _ "embed"

// ReportTemplate is the default template of the block `labctl report`
// manages in report.md (overridable with --template). It is a Go
// text/template; see internal/report for the fields it can use.
//
//go:embed report.md.tmpl
var ReportTemplate string
