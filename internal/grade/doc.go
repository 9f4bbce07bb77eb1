// Package grade grades a submission of the traces lab in the course's own
// format: a rubric (groups of criteria, main or secondary, each tied to what
// proves it), the analysis of the student's report.md, the verdict of each
// criterion from verify's checks and the report's findings, and the
// outputs a teacher or GitHub Classroom reads (the checklist in Markdown,
// JSON, JUnit, Classroom's autograding JSON, class sheets).
//
// It is pure logic: no Docker, no command line. The only I/O is reading
// files a caller names and asking git for a commit date.
package grade
