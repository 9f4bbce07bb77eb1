package model

// LabctlCollectionInterval is how often the postgresql receiver of
// labctl's own lab pulls statistics: short, so that verify sees
// postgresql_commits_total rise within a couple of seconds of its traffic.
// A handful of statistics queries every 2 s is nothing for a lab database.
// Diagnoses quote it as the value to lower a slower interval to.
const LabctlCollectionInterval = "2s"
